"""Running the Discord process: settings first, then the core, the bot and the quiz scheduler.

The core, storage and quiz scheduler come from `bot.app.build_app` (adapters never build
storage); the scheduler runs inside this process and posts through the bot's own HTTP client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from adapters.discord.bot import Deps, SchedulerFactory, make_bot
from adapters.discord.commands import Names
from adapters.discord.handlers import Handlers
from adapters.discord.poster import DiscordPoster
from bot.config import Settings
from bot.core import Core
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)


@dataclass
class Parts:
    """The core, the names for autocomplete, the scheduler factory and how to close them."""

    core: Core
    names: Names
    scheduler: SchedulerFactory | None
    app: Any = None

    async def aclose(self) -> None:
        if self.app is not None:
            await self.app.aclose()


async def build_parts(settings: Settings) -> Parts:
    """The core, autocomplete names and scheduler factory from `bot.app.build_app`."""
    from bot.app import build_app

    app = await build_app(settings)
    return Parts(app.core, Names.from_entries(app.tutor.notes.entries), app.scheduler, app)


def deps_for(settings: Settings, parts: Parts) -> Deps:
    """The bot's dependencies, with the per-user question limit from settings."""
    limiter = RateLimiter(settings.rate_limit_burst, settings.rate_limit_per_minute)
    return Deps(
        handlers=Handlers(parts.core, limiter), names=parts.names, guild_ids=settings.discord_guild_ids,
        scheduler=parts.scheduler, poster=DiscordPoster,
    )


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until `stop` is set or the bot disconnects. Raises ConfigError before any network."""
    settings.require("discord_token")
    parts = await build_parts(settings)
    bot = make_bot(deps_for(settings, parts), settings.discord_shards)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(settings.discord_token), name="discord")
            stopped = asyncio.create_task(stop.wait())
            await asyncio.wait({runner, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if runner.done():
                runner.result()  # a login failure or a fatal gateway close surfaces here
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
    finally:
        await parts.aclose()
