"""Helpers for the Discord tests: the harness, dependencies and reading recorded messages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import discord
from storedquiz import StoredQuiz

from adapters.discord.bot import AwsBot, AwsShardedBot, Deps
from adapters.discord.commands import Names
from adapters.discord.handlers import Handlers
from adapters.discord.poster import DiscordPoster
from adapters.testing.discord_bench import running
from adapters.testing.discord_fake import Call, FakeDiscord
from bot.app import App
from bot.core import Core
from bot.model import Place
from bot.pipeline import Pipeline
from bot.quiz.scheduler import Scheduler
from bot.ratelimit import RateLimiter
from bot.tutor import Tutor

GUILD = "800000000000000001"
CHANNEL = str(int(GUILD) + 1)
MEMBER, ADMIN, OTHER = "700000000000000001", "700000000000000002", "700000000000000003"
PLACE = Place(platform="discord", channel=CHANNEL, workspace=GUILD)


@dataclass
class Harness:
    """The fake, the running bot and its parts; `interact` dispatches and waits for the answer."""

    fake: FakeDiscord
    bot: AwsBot | AwsShardedBot
    quiz: StoredQuiz
    deps: Deps

    def next_id(self) -> str:
        """A fresh interaction id (unique per fake, so across restarts too)."""
        return self.fake.snowflake()

    async def interact(self, payload: dict[str, Any]) -> Call:
        """Dispatch INTERACTION_CREATE and return the first callback Discord got for it."""
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await asyncio.wait_for(self.fake.callback(payload["id"]), 10)

    @property
    def poster(self) -> DiscordPoster:
        return DiscordPoster(self.bot)


def make_deps(tutor: Tutor, quiz: StoredQuiz, burst: int = 50, defer_after: float = 1.5) -> Deps:
    handlers = Handlers(Pipeline(Core(tutor, quiz), RateLimiter(burst, 6)), defer_after=defer_after)
    return Deps(handlers, Names.from_entries(tutor.notes.entries))


@contextlib.asynccontextmanager
async def harness_for(fake: FakeDiscord, deps: Deps, quiz: StoredQuiz) -> AsyncIterator[Harness]:
    async with running(fake, deps) as bot:
        yield Harness(fake, bot, quiz, deps)


def embeds_of(call: Call) -> list[dict[str, Any]]:
    """The embeds of an interaction callback, a followup/edit or a channel message."""
    data = call.data.get("data", call.data) if "type" in call.data else call.data
    return list(data.get("embeds") or [])


def text_of(call: Call) -> str:
    """All visible text of the embeds in `call`."""
    parts: list[str] = []
    for e in embeds_of(call):
        parts += [e.get("title", ""), e.get("description", ""), (e.get("footer") or {}).get("text", "")]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields", [])]
    return "\n".join(p for p in parts if p)


def body_of(call: Call) -> dict[str, Any]:
    """The message part of a callback (`data`) or the body of any other message request."""
    return call.data["data"] if "type" in call.data and "data" in call.data else call.data


def single_answer(app: App, bot: discord.Client) -> Scheduler:
    """The daily scheduler over the bank's single-answer questions: one click answers them
    (a choose-two question takes toggles and a submit, tested in test_study_discord)."""
    return Scheduler(app.storage, [q for q in app.quiz.questions if len(q.answer) == 1], DiscordPoster(bot))
