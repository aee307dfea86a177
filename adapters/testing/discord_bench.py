"""`awstutor bench discord`: button clicks through the fake gateway into the real discord.py bot.

2,000 clicks from 500 users on one daily quiz post made by the real scheduler through the
Discord poster (each user clicks four times): interactions handled per second, latency from
dispatch to the interaction callback (p50/p99), and a check that every person's answer is
recorded exactly once (the real app from `bot.app.build_app`, SQLite in a temporary folder).
`running` (a bot connected to the fake and ready) is shared with the adapter tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import yarl

from adapters.discord.bot import AwsBot, AwsShardedBot, Deps, make_bot
from adapters.discord.poster import DiscordPoster
from adapters.testing.discord_fake import TOKEN, FakeDiscord
from adapters.testing.discord_payloads import button
from bot.config import Settings
from bot.storage import ChannelRef


def _now() -> datetime:
    return datetime.now(UTC)


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """discord.py's REST and gateway traffic goes to the fake inside the block, and back to what it
    was after: the URLs are class attributes (discord.py has no per-client setting), so setting
    them for good would send any later bot in the process to a fake that is gone."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


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
        try:
            with pointed_at(fake):
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
    """Print the measurements (`awstutor bench discord`)."""
    result = asyncio.run(bench())
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if result["every_answer_once"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
