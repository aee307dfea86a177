"""Mentions and DMs: replies to the message, hostile and oversized text, messages to ignore."""

from __future__ import annotations

from dchelpers import CHANNEL, GUILD, MEMBER, OTHER, text_of

from adapters.discord import render
from adapters.discord.fake import BOT_ID
from adapters.discord.fakepayloads import channel_message
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
