"""The study features on Discord, on the real app against the protocol fake: `/aws exam` with its
answers redrawing the ephemeral message (callback type 7), choose-two toggles on the public daily
post (an ephemeral copy first), `/aws ready`, and the digest's chart sent as a file."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest_asyncio
from dchelpers import GUILD, MEMBER, OTHER, body_of, text_of

from adapters.discord.poster import DiscordPoster
from adapters.discord.run import Parts, build_parts, deps_for
from adapters.testing.discord_bench import running
from adapters.testing.discord_payloads import button, slash
from bot.config import Settings
from bot.model import Place
from bot.quiz.scheduler import Scheduler
from bot.storage import ChannelRef

EPHEMERAL, REPLY, REDRAW = 64, 4, 7
CHANNEL = str(int(GUILD) + 1)


@pytest_asyncio.fixture
async def real(tmp_path: Path) -> AsyncIterator[tuple[Settings, Parts]]:
    """Settings and the real app's parts (tutor, bank, SQLite), closed afterwards."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    parts = await build_parts(settings)
    try:
        yield settings, parts
    finally:
        await parts.aclose()


async def _call(fake, payload: dict):
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await asyncio.wait_for(fake.callback(payload["id"]), 10)


def _ids(message: dict) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for row in message["components"] for b in row["components"]}


async def test_exam_answers_redraw_the_ephemeral_question_and_ready_answers(fake, real):
    settings, parts = real
    async with running(fake, deps_for(settings, parts)):
        first = await _call(fake, slash(fake.snowflake(), "exam", {"what": "5"}, MEMBER, GUILD))
        assert first.data["type"] == REPLY and first.data["data"]["flags"] & EPHEMERAL
        assert "Mock exam · question 1 of 5" in text_of(first)
        shown = fake.messages[next(reversed(fake.messages))]
        answer = _ids(body_of(first))["A"]
        assert re.fullmatch(r"quiz:x:\d+:0:A", answer)
        shown = {**shown, "flags": EPHEMERAL}  # as Discord sends an ephemeral message back
        second = await _call(fake, button(fake.snowflake(), answer, shown, MEMBER, GUILD))
        assert second.data["type"] == REDRAW and "question 2 of 5" in text_of(second)
        foreign = await _call(fake, button(fake.snowflake(), answer, shown, OTHER, GUILD))
        assert "not yours" in text_of(foreign)
        ready = await _call(fake, slash(fake.snowflake(), "ready", {}, MEMBER, GUILD))
        assert "Readiness:" in text_of(ready) and ready.data["data"]["flags"] & EPHEMERAL


async def test_choose_two_on_the_daily_post_toggles_in_a_private_copy(fake, real):
    settings, parts = real
    async with running(fake, deps_for(settings, parts)) as bot:
        question = next(q for q in parts.app.quiz.questions if len(q.answer) == 2)
        scheduler = Scheduler(parts.app.storage, [question], DiscordPoster(bot))
        post_id = await scheduler.post_now(ChannelRef("discord", GUILD, CHANNEL), datetime.now(UTC))
        post = fake.messages[(await parts.app.storage.post(post_id)).message_id]  # type: ignore[union-attr]
        assert list(_ids(post)) == list(question.letters)
        first, second = question.answer
        copy = await _call(fake, button(fake.snowflake(), _ids(post)[first], post, MEMBER, GUILD))
        assert copy.data["type"] == REPLY and copy.data["data"]["flags"] & EPHEMERAL  # the post stays
        mine = {**fake.messages[next(reversed(fake.messages))], "flags": EPHEMERAL}
        toggled = await _call(fake, button(fake.snowflake(), _ids(body_of(copy))[second], mine, MEMBER, GUILD))
        assert toggled.data["type"] == REDRAW and f"Selected {first} and {second}" in text_of(toggled)
        submit = _ids(body_of(toggled))[f"Submit {first}+{second}"]
        redrawn = {**fake.messages[next(reversed(fake.messages))], "flags": EPHEMERAL}  # as edited
        done = await _call(fake, button(fake.snowflake(), submit, redrawn, MEMBER, GUILD))
        assert text_of(done).startswith("Correct!")
    assert (await parts.app.storage.tally(post_id)).counts == {"".join(question.answer): 1}


async def test_the_digest_goes_out_with_its_chart_as_a_file(fake, real):
    settings, parts = real
    async with running(fake, deps_for(settings, parts)) as bot:
        storage = parts.app.storage
        cid = await storage.channel_id(ChannelRef("discord", GUILD, CHANNEL))
        post_id = await storage.claim_post(cid, "2026-12-01", parts.app.quiz.questions[0].id, datetime.now(UTC))
        assert post_id is not None
        await storage.record_answer(post_id, "discord", MEMBER, "Ann", "A", True, 1, datetime.now(UTC))
        digest = await parts.app.quiz.study.digests.compose(cid, "discord", date(2026, 11, 30))
        await DiscordPoster(bot).post(Place("discord", CHANNEL, GUILD), digest)
    [sent] = fake.of(rf"POST /channels/{CHANNEL}/messages")
    [chart] = sent.files
    assert chart.filename == "awstutor-digest-2026-11-30.png" and chart.content.startswith(b"\x89PNG")
    assert "Weekly digest" in text_of(sent)
