"""Running the Discord process: settings first, then the core, the bot and the quiz scheduler.

The core, storage and quiz scheduler come from `bot.app.build_app` (adapters never build
storage); the scheduler runs inside this process and posts through the bot's own HTTP client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.discord.bot import Deps, SchedulerFactory, make_bot
from adapters.discord.commands import Names
from adapters.discord.endpoint import point_rest_at, use_gateway_of_api
from adapters.discord.handlers import Handlers
from adapters.discord.poster import DiscordPoster
from adapters.lifecycle import InFlight, Stopped, Ticker, TrackedScheduler, run_until_stopped
from bot.config import Settings
from bot.core import Core
from bot.model import Poster
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)


@dataclass
class Parts:
    """The core, the names for autocomplete, the scheduler factory and how to close them."""

    core: Core
    names: Names
    scheduler: Callable[[Poster], Ticker] | None
    app: Any = None

    async def aclose(self) -> None:
        if self.app is not None:
            await self.app.aclose()


async def build_parts(settings: Settings) -> Parts:
    """The core, autocomplete names and scheduler factory from `bot.app.build_app`."""
    from bot.app import build_app

    app = await build_app(settings)
    return Parts(app.core, Names(lambda: app.tutor.notes.entries), app.scheduler, app)


def deps_for(settings: Settings, parts: Parts, inflight: InFlight | None = None) -> Deps:
    """The bot's dependencies, with the per-user question limit from settings; with `inflight`,
    handlers and scheduler ticks are in-flight work for graceful shutdown."""
    limiter = RateLimiter(settings.rate_limit_burst, settings.rate_limit_per_minute)
    inflight = inflight or InFlight()
    scheduler = parts.scheduler
    tracked: SchedulerFactory | None = None
    if scheduler is not None:
        def tracked(poster: Poster) -> TrackedScheduler:
            return TrackedScheduler(scheduler(poster), inflight)
    return Deps(
        handlers=Handlers(Pipeline(parts.core, limiter), inflight=inflight), names=parts.names,
        guild_ids=settings.discord_guild_ids, scheduler=tracked, poster=DiscordPoster,
    )


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> Stopped:
    """Run until SIGTERM/SIGINT (or `stop`), or until the bot disconnects for good; then refuse
    new interactions, finish those in flight, disconnect and close the database.
    Raises ConfigError before any network; a login failure or fatal gateway close is re-raised."""
    settings.require("discord_token")
    parts = await build_parts(settings)
    inflight = InFlight()
    bot = make_bot(deps_for(settings, parts, inflight), settings.discord_shards)
    stopping = stop or asyncio.Event()
    runner: list[asyncio.Task[None]] = []

    async def start() -> None:
        await bot.__aenter__()
        task = asyncio.create_task(_login_and_connect(bot, settings), name="discord")
        task.add_done_callback(lambda _: stopping.set())  # the gateway gave up: stop too
        runner.append(task)

    async def nothing() -> None:
        # The gateway stays connected while answers drain: they need its HTTP session.
        # Handlers refuse new interactions and the scheduler stops ticking once `inflight` closes.
        return None

    async def close() -> None:
        await bot.close()
        for task in runner:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await parts.aclose()

    heartbeat = Path(settings.heartbeat_file) if settings.heartbeat_file else None
    stopped = await run_until_stopped(start, nothing, inflight=inflight, close=close,
                                      timeout=settings.shutdown_timeout, heartbeat=heartbeat, stop_event=stopping,
                                      reload=getattr(parts.app, "reload", None))
    for task in runner:
        if task.done() and not task.cancelled():
            task.result()  # a login failure or a fatal gateway close surfaces here
    return stopped


async def _login_and_connect(bot: Any, settings: Settings) -> None:
    """`bot.start`, honouring DISCORD_API_URL for REST and the gateway (adapters/discord/endpoint.py)."""
    custom = point_rest_at(settings.discord_api_url)
    await bot.login(settings.discord_token)
    if custom:
        log.info("using the Discord API at %s", settings.discord_api_url, extra={"gateway": await use_gateway_of_api(bot)})
    await bot.connect()
