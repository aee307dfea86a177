"""`awstutor bench discord`: button clicks through the fake gateway into the real discord.py bot.

2,000 clicks from 500 users on one daily quiz post made by the real scheduler through the
Discord poster (each user clicks four times): interactions handled per second, latency from
dispatch to the interaction callback (p50/p99), and a check that every person's answer is
recorded exactly once (the real app from `bot.app.build_app`, SQLite in a temporary folder).

`StoredQuiz` is a small stand-in quiz recording in real storage, for the adapter tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import yarl

from adapters.discord.bot import AwsBot, AwsShardedBot, Deps, make_bot
from adapters.discord.fake import TOKEN, FakeDiscord
from adapters.discord.fakepayloads import button
from adapters.discord.poster import DiscordPoster
from bot.config import Settings
from bot.errors import UserError
from bot.model import Button, Click, Field, Place, Reply, Request
from bot.storage import ChannelRef, Storage

RIGHT = "B"


class EchoTutor:
    """Quotes the question back, so escaping and trimming are visible."""

    def reply(self, text: str) -> Reply:
        return Reply(title="Answer", text=f"You asked: {text}")


@dataclass
class StoredQuiz:
    """One fixed question whose daily answers go through `Storage.record_answer`."""

    storage: Storage

    async def command(self, request: Request, name: str, args: str) -> Reply:
        if name == "schedule":
            if not request.user.is_admin:
                raise UserError("Only people with Manage Server can change the schedule. Ask one of them.")
            return Reply(text=f"Scheduled: {args}", tone="success")
        if name == "stats":
            return Reply(title="Your stats", fields=(Field("Streak", "3 days", inline=True),))
        return self.question("quiz:p:demo", private=True)

    def question(self, prefix: str, private: bool = False) -> Reply:
        """The question with one button per option."""
        return Reply(title="Which service issues temporary credentials?", private=private,
                     buttons=tuple(Button(label=o, action_id=f"{prefix}:{o}") for o in "ABCD"))

    async def open_post(self, place: Place) -> tuple[int, Reply]:
        """Claim a daily post in `place`; its id and the reply to post."""
        channel = await self.storage.channel_id(ChannelRef(place.platform, place.workspace, place.channel))
        post_id = await self.storage.claim_post(channel, datetime.now(UTC).date().isoformat(), "demo", _now())
        assert post_id is not None
        return post_id, self.question(f"quiz:{post_id}")

    async def click(self, click: Click) -> Reply:
        _, post, choice = click.action_id.rsplit(":", 2)
        if not post.isdigit():
            return Reply(text="Correct!" if choice == RIGHT else f"Not quite: {RIGHT} is right.")
        result = await self.storage.record_answer(int(post), click.place.platform, click.user.id,
                                                  click.user.name, choice, choice == RIGHT, 1, _now())
        if result is None:
            return Reply(text="That question is no longer available.", tone="warning")
        if result.recorded:
            return Reply(text="Correct!" if result.correct else f"Not quite: {RIGHT} is right.")
        if result.closed and result.choice is None:
            return Reply(text="Answers are closed for this question.", tone="warning")
        return Reply(text=f"You already answered {result.choice}; one answer per question.", tone="warning")

    async def reveal(self, post_id: int) -> Reply:
        """Close answers and build the edited post."""
        await self.storage.claim_reveal(post_id, _now())
        tally = await self.storage.tally(post_id)
        return Reply(title="Answer: B (answers closed)", private=False,
                     fields=(Field(f"Answers ({tally.total})", str(tally.counts)),))


def _now() -> datetime:
    return datetime.now(UTC)


def point_at(fake: FakeDiscord) -> None:
    """Send discord.py's REST and gateway traffic to the fake (process-wide; tests use monkeypatch)."""
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, deps: Deps, shards: str = "") -> AsyncIterator[AwsBot | AwsShardedBot]:
    """A logged-in bot connected to `fake` and ready; closed afterwards."""
    bot = make_bot(deps, shards, guild_ready_timeout=0.05)
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect(reconnect=False))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
            await task


async def bench(clicks: int = 2000, users: int = 500, concurrency: int = 50) -> dict[str, Any]:
    """Run the click benchmark on the real app (`build_app`: quiz service, storage) over SQLite."""
    from adapters.discord.run import build_parts, deps_for

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
                            rate_limit_burst=1000, rate_limit_per_minute=60000)
        parts = await build_parts(settings)
        fake = FakeDiscord()
        await fake.start()
        point_at(fake)
        try:
            async with running(fake, deps_for(settings, parts)) as bot:
                return await _clicks(fake, bot, parts.app, clicks, users, concurrency)
        finally:
            await fake.close()
            await parts.aclose()


async def _clicks(fake: FakeDiscord, bot: discord.Client, app: Any,
                  clicks: int, users: int, concurrency: int) -> dict[str, Any]:
    guild = fake.guilds[0]
    ref = ChannelRef("discord", guild, str(int(guild) + 1))
    post_id = await app.scheduler(DiscordPoster(bot)).post_now(ref, _now())
    post = await app.storage.post(post_id)
    message = fake.messages[post.message_id]
    buttons = [b["custom_id"] for row in message["components"] for b in row["components"]]
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        async with gate:
            iid = str(10**17 + n)
            started = time.perf_counter()
            await fake.dispatch("INTERACTION_CREATE", button(
                iid, buttons[n % len(buttons)], message, str(10**15 + n % users), guild))
            await asyncio.wait_for(fake.callback(iid), 30)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(clicks)))
    elapsed = time.perf_counter() - started
    tally = await app.storage.tally(post_id)
    callbacks = len(fake.of(r"POST /interactions/\d+/"))
    latencies.sort()
    return {
        "clicks": clicks, "users": users, "seconds": round(elapsed, 2),
        "per_second": round(clicks / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "callbacks": callbacks, "answers_recorded": tally.total,
        "every_answer_once": tally.total == users and callbacks == clicks,
    }


def main() -> int:
    """Print the measurements (the lead wires this as `awstutor bench discord`)."""
    result = asyncio.run(bench())
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if result["every_answer_once"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
