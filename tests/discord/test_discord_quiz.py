"""The daily quiz post: persistent buttons, clicks (first, repeated, after reveal, after a restart),
the reveal edit, and the poster's handling of 403 and 429 from REST."""

from __future__ import annotations

import pytest
from dchelpers import GUILD, MEMBER, OTHER, PLACE, harness_for, make_deps, text_of

from adapters.testing.discord_payloads import button, slash
from bot.model import Place, PostError, Reply

EPHEMERAL = 64


async def _post(dc) -> tuple[int, str]:
    post_id, reply = await dc.quiz.open_post(PLACE)
    return post_id, await dc.poster.post(PLACE, reply)


async def _click(dc, message_id: str, custom_id: str, user: str, seen: dict | None = None) -> str:
    """Click on the message as the user's client shows it (`seen`, default: as it is now)."""
    message = seen or dc.fake.messages[message_id]
    call = await dc.interact(button(dc.next_id(), custom_id, message, user, GUILD))
    assert call.data["type"] == 4 and call.data["data"]["flags"] & EPHEMERAL
    return text_of(call)


async def test_post_carries_one_persistent_button_per_option(dc):
    post_id, message_id = await _post(dc)
    [row] = dc.fake.messages[message_id]["components"]
    assert [b["custom_id"] for b in row["components"]] == [f"quiz:{post_id}:{o}" for o in "ABCD"]
    [sent] = dc.fake.of(r"POST /channels/\d+/messages")
    assert sent.data["allowed_mentions"]["parse"] == []


async def test_first_click_counts_repeats_do_not_and_reveal_closes(dc):
    post_id, message_id = await _post(dc)
    assert await _click(dc, message_id, f"quiz:{post_id}:B", MEMBER) == "Correct!"
    assert "already answered B" in await _click(dc, message_id, f"quiz:{post_id}:C", MEMBER)
    assert (await dc.quiz.storage.tally(post_id)).counts == {"B": 1}

    before = dict(dc.fake.messages[message_id])  # a client that has not redrawn yet
    await dc.poster.update(PLACE, message_id, await dc.quiz.reveal(post_id))
    [edit] = dc.fake.of(rf"PATCH /channels/\d+/messages/{message_id}")
    assert edit.data["components"] == [] and "answers closed" in text_of(edit)
    assert "closed" in await _click(dc, message_id, f"quiz:{post_id}:A", OTHER, seen=before)
    assert (await dc.quiz.storage.tally(post_id)).total == 1


async def test_clicks_keep_working_after_a_restart(dc, fake, tutor):
    post_id, message_id = await _post(dc)
    assert await _click(dc, message_id, f"quiz:{post_id}:A", MEMBER) == "Not quite: B is right."
    await dc.bot.close()
    async with harness_for(fake, make_deps(tutor, dc.quiz), dc.quiz) as again:  # new bot, same storage
        assert again.bot is not dc.bot
        assert "already answered A" in await _click(again, message_id, f"quiz:{post_id}:B", MEMBER)
        assert await _click(again, message_id, f"quiz:{post_id}:B", OTHER) == "Correct!"
    assert (await dc.quiz.storage.tally(post_id)).counts == {"A": 1, "B": 1}


async def test_practice_question_from_a_command_is_clickable(dc):
    await dc.interact(slash(dc.next_id(), "quiz", {}, MEMBER, GUILD))
    [shown] = [m for m in dc.fake.messages.values() if "quiz:p:demo:B" in str(m["components"])]
    assert await _click(dc, shown["id"], "quiz:p:demo:B", MEMBER) == "Correct!"


async def test_a_channel_the_bot_cannot_post_in_is_a_forbidden_post_error(dc):
    dc.fake.fail(r"POST /channels/\d+/messages", 403, {"message": "Missing Access", "code": 50001})
    with pytest.raises(PostError) as err:
        await dc.poster.post(PLACE, Reply(text="daily question"))
    assert err.value.reason == "forbidden" and "Missing Access" not in err.value.detail


async def test_unknown_channel_is_channel_not_found(dc):
    dc.fake.fail(r"GET /channels/\d+", 404, {"message": "Unknown Channel", "code": 10003})
    with pytest.raises(PostError) as err:
        await dc.poster.post(Place("discord", "123456789012345678", GUILD), Reply(text="hi"))
    assert err.value.reason == "channel_not_found"


async def test_a_429_is_waited_out_and_the_post_still_goes_out(dc):
    dc.fake.fail(r"POST /channels/\d+/messages", 429,
                 {"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
                 headers={"Retry-After": "0.01", "X-RateLimit-Scope": "user"})
    message_id = await dc.poster.post(PLACE, Reply(text="daily question"))
    assert message_id in dc.fake.messages
    assert len(dc.fake.of(r"POST /channels/\d+/messages")) == 2


async def test_a_click_answered_during_a_429_keeps_the_answer(dc):
    post_id, message_id = await _post(dc)
    dc.fake.fail(r"POST /interactions/", 429, {"message": "rate limited", "retry_after": 0.01, "global": False},
                 headers={"Retry-After": "0.01"})
    iid = dc.next_id()
    await dc.fake.dispatch("INTERACTION_CREATE", button(iid, f"quiz:{post_id}:B", dc.fake.messages[message_id],
                                                        MEMBER, GUILD))
    calls = await dc.fake.wait_for(rf"POST /interactions/{iid}/", count=2)
    assert text_of(calls[-1]) == "Correct!"
    assert (await dc.quiz.storage.tally(post_id)).counts == {"B": 1}


async def test_notify_dms_the_admin(dc):
    await dc.poster.notify(OTHER, Reply(text="I could not post in #study: missing access."))
    [sent] = await dc.fake.wait_for(r"POST /channels/\d+/messages")
    assert sent.path == f"/channels/{int(OTHER) + 1}/messages" and "missing access" in text_of(sent)
