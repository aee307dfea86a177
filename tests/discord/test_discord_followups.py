"""Follow-ups on Discord, on the real app: a reply to the bot's answer, or to the daily question,
refers to it ("compare it with cognito", "why not B?")."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dchelpers import CHANNEL, GUILD, MEMBER, OTHER

from adapters.discord.poster import DiscordPoster
from adapters.discord.run import build_parts, deps_for
from adapters.testing.discord_bench import running
from adapters.testing.discord_fake import BOT_ID, FakeDiscord
from adapters.testing.discord_payloads import channel_message
from bot.config import Settings
from bot.quiz.scheduler import TickReport
from bot.storage import ChannelRef


async def _say(fake: FakeDiscord, author: str, text: str, replying_to: str | None = None) -> str:
    """A mention in the channel, optionally as a Discord reply to message `replying_to`."""
    message_id = fake.snowflake()
    data: dict[str, Any] = channel_message(message_id, CHANNEL, author, f"<@{BOT_ID}> {text}", GUILD, mentions_bot=True)
    if replying_to:
        data.update(type=19, referenced_message=fake.messages[replying_to],
                    message_reference={"message_id": replying_to, "channel_id": CHANNEL, "guild_id": GUILD})
    await fake.dispatch("MESSAGE_CREATE", data)
    return message_id


async def _answer_to(fake: FakeDiscord, message_id: str) -> dict[str, Any]:
    """The bot's reply to `message_id` (waits for it)."""
    def replies() -> list[dict[str, Any]]:
        return [m for m in fake.messages.values()
                if (m.get("message_reference") or {}).get("message_id") in (message_id, int(message_id))]
    for sent in itertools.count(1):  # every answer is a message sent to the channel
        await fake.wait_for(rf"POST /channels/{CHANNEL}/messages", count=sent)
        if replies():
            return replies()[-1]
    raise AssertionError("unreachable")


def _text(message: dict[str, Any]) -> str:
    return "\n".join(f"{e.get('title', '')}\n{e.get('description', '')}" for e in message.get("embeds", []))


async def test_a_reply_to_an_answer_is_a_follow_up(fake: FakeDiscord, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)):
            asked = await _say(fake, MEMBER, "what is sts?")
            answer = await _answer_to(fake, asked)
            assert _text(answer).startswith("AWS Security Token Service")
            # Someone else replies to the bot's answer: it follows up on that answer.
            followed = await _say(fake, OTHER, "compare it with cognito", replying_to=answer["id"])
            assert _text(await _answer_to(fake, followed)).startswith("AWS STS vs Amazon Cognito")
            # A new message that replies to nothing is about the person's own last answer.
            more = await _say(fake, MEMBER, "more")
            card = await _answer_to(fake, more)
            assert _text(card).startswith("More on AWS STS")
    finally:
        await parts.aclose()


async def test_why_not_in_reply_to_the_daily_question(fake: FakeDiscord, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)) as bot:
            poster, now = DiscordPoster(bot), datetime.now(UTC)
            post_id = await parts.app.scheduler(poster).post_now(ChannelRef("discord", GUILD, CHANNEL), now)
            post = await parts.app.storage.post(post_id)
            assert post is not None and post.message_id and post.question_id
            early = await _say(fake, MEMBER, "why not B?", replying_to=post.message_id)
            assert _text(await _answer_to(fake, early)).startswith("Answers are still open")
            await parts.app.scheduler(poster).reveal(post, now, TickReport())
            late = await _say(fake, MEMBER, "why not B?", replying_to=post.message_id)
            right = "B" in parts.app.quiz.bank[post.question_id].answer
            assert _text(await _answer_to(fake, late)).startswith("B is right" if right else "Why not B: ")
    finally:
        await parts.aclose()
