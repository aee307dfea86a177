"""Mentions and DMs: replies to the message, hostile and oversized text, messages to ignore."""

from __future__ import annotations

import pytest
from dchelpers import CHANNEL, GUILD, MEMBER, OTHER, text_of

from adapters.discord import render
from adapters.testing.discord_fake import BOT_ID
from adapters.testing.discord_payloads import channel_message
from bot.model import Field, Reply


async def _say(dc, content: str, guild: str | None = GUILD, mention: bool = True, author: str = MEMBER) -> str:
    channel = CHANNEL if guild else str(int(author) + 1)
    message_id = dc.fake.snowflake()
    await dc.fake.dispatch("MESSAGE_CREATE", channel_message(message_id, channel, author, content, guild, mention))
    return message_id


async def test_a_mention_is_answered_as_a_reply_without_pings(dc):
    asked = await _say(dc, f"<@{BOT_ID}> what is sts?")
    [sent] = await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages")
    assert str(sent.data["message_reference"]["message_id"]) == asked
    assert sent.data["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "Security Token Service" in text_of(sent)


async def test_a_dm_is_answered_in_the_dm(dc):
    await _say(dc, "sts vs cognito", guild=None)
    dm = str(int(MEMBER) + 1)
    [sent] = await dc.fake.wait_for(rf"POST /channels/{dm}/messages")
    assert "Cognito" in text_of(sent)


async def test_messages_not_for_the_bot_are_ignored(dc):
    await _say(dc, "talking among ourselves about sts", mention=False)
    await _say(dc, f"<@{BOT_ID}> sts", author=BOT_ID)  # its own message: never answered
    await _say(dc, f"<@{BOT_ID}> cognito", author=OTHER)
    [sent] = await dc.fake.wait_for(r"POST /channels/\d+/messages")
    assert "Cognito" in text_of(sent)
    assert len(dc.fake.of(r"POST /channels/\d+/messages")) == 1


async def test_hostile_text_never_pings(dc):
    await _say(dc, f"<@{BOT_ID}> @everyone @here <@&123456> <@{OTHER}> which service gives temporary credentials?")
    [sent] = await dc.fake.wait_for(r"POST /channels/\d+/messages")
    assert sent.data["allowed_mentions"]["parse"] == []
    assert "@everyone" not in text_of(sent) and "@here" not in text_of(sent)


async def test_forty_thousand_characters_get_an_answer_within_limits(dc):
    await _say(dc, "temporary credentials " * 1820, guild=None)  # about 40,000 characters
    [sent] = await dc.fake.wait_for(r"POST /channels/\d+/messages")
    embeds = sent.data["embeds"]
    assert sum(len(e.get("title", "")) + len(e.get("description", "")) for e in embeds) <= render.TOTAL
    assert "read the first" in text_of(sent)  # the tutor says it only read part of it


def test_oversized_reply_is_trimmed_with_a_visible_marker():
    huge = Reply(title="T" * 400, text="x" * 40_000, footer="f",
                 fields=tuple(Field(f"n{i}", "v" * 2000) for i in range(40)),
                 extra=(Reply(text="y" * 5000),))
    embeds = render.embeds(huge)
    first = embeds[0].to_dict()
    assert len(first["title"]) == 256 and first["title"].endswith(render.MARK)
    assert len(first.get("fields", [])) <= 25
    assert all(len(f["value"]) <= 1024 for f in first.get("fields", []))
    assert sum(len(e) for e in embeds) <= render.TOTAL
    assert "more not shown" in first["footer"]["text"]


def test_text_within_limits_is_left_alone():
    reply = Reply(title="STS", text="Temporary credentials.", fields=(Field("Use", "Federation"),))
    [embed] = render.embeds(reply)
    assert embed.title == "STS" and embed.description == "Temporary credentials."
    assert render.MARK not in str(embed.to_dict())


DM = str(int(MEMBER) + 1)  # the fake's DM channel with MEMBER


async def test_a_personal_command_in_a_mention_is_answered_by_dm(dc):
    await _say(dc, f"<@{BOT_ID}> stats")
    [dm] = await dc.fake.wait_for(rf"POST /channels/{DM}/messages")
    [note] = await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages")
    assert "Your stats" in text_of(dm)
    assert "by DM" in text_of(note) and "Your stats" not in text_of(note)


async def test_closed_dms_get_a_public_pointer_to_the_private_slash_command(dc):
    dc.fake.fail(rf"POST /channels/{DM}/messages", 403, {"message": "Cannot send messages to this user",
                                                          "code": 50007})
    await _say(dc, f"<@{BOT_ID}> forget me")
    [note] = await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages")
    assert "`/aws forget`" in text_of(note) and "Forget you?" not in text_of(note)
    assert not note.data.get("components")  # the confirm button never lands in the channel


async def test_share_and_help_in_a_mention_stay_in_the_channel(dc):
    await _say(dc, f"<@{BOT_ID}> share sts vs cognito")
    await _say(dc, f"<@{BOT_ID}> help")
    shared, helped = await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages", count=2)
    assert {"Cognito" in text_of(shared), "Cognito" in text_of(helped)} == {True, False}
    assert not dc.fake.of(rf"POST /channels/{DM}/messages")


@pytest.mark.parametrize("dc", [2], indirect=True)
async def test_a_flood_of_mentions_gets_one_private_notice(dc):
    for _ in range(5):
        await _say(dc, f"<@{BOT_ID}> what is sts?")
    await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages", count=2)
    [notice] = await dc.fake.wait_for(rf"POST /channels/{DM}/messages")
    await _say(dc, f"<@{BOT_ID}> cognito", author=OTHER)  # someone else is still answered
    public = await dc.fake.wait_for(rf"POST /channels/{CHANNEL}/messages", count=3)
    assert "faster than I can keep up" in text_of(notice)
    assert len(public) == 3 and not any("faster" in text_of(c) for c in public)
    assert len(dc.fake.of(rf"POST /channels/{DM}/messages")) == 1
