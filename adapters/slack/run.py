"""Running the Slack process: Socket Mode or the HTTP endpoint, plus the quiz scheduler.

Settings are checked before any network, then Slack is asked whether it accepts the tokens
(a revoked token stops start-up with one line naming it); the core and storage come from
`bot.app.build_app` (adapters never build storage); the scheduler posts through the same API
client as the listeners (sharing its 429 pause) but only its posts are paced. `adapters.lifecycle` runs it: on SIGTERM no new events, acknowledged answers
and a scheduler tick in progress finish, then the database closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.doctor import slack_call
from adapters.lifecycle import InFlight, Stopped, TrackedScheduler, run_until_stopped
from adapters.slack.admins import Admins
from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.deliveries import ClaimStore, Deliveries, SharedDeliveries
from adapters.slack.endpoint import HttpEndpoint
from adapters.slack.poster import SlackApi, SlackPoster
from bot.config import ConfigError, Settings
from bot.core import Core
from bot.model import Poster
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Slack allows about one message per second per channel and a few hundred a minute per
# workspace; pacing below that keeps a 500-channel fan-out from living on 429s.
POST_BURST = 50
POSTS_PER_MINUTE = 300


class Scheduler(Protocol):
    clock: Callable[[], datetime]

    async def tick(self, now: datetime) -> object: ...


class BotApp(Protocol):
    """What `bot.app.build_app(settings)` returns (owned by the quiz/storage area)."""

    core: Core

    @property
    def storage(self) -> ClaimStore: ...

    def scheduler(self, poster: Poster) -> Scheduler: ...

    async def aclose(self) -> None: ...


BuildApp = Callable[[Settings], Awaitable[BotApp]]


def required(http: bool) -> tuple[str, ...]:
    """The settings a mode cannot start without."""
    return ("slack_bot_token", "slack_signing_secret" if http else "slack_app_token")


# A swapped or mistyped token is the most common set-up mistake; say which one, never its value.
_PREFIXES = {"slack_bot_token": ("xoxb-", "the Bot User OAuth Token"),
             "slack_app_token": ("xapp-", "an App-Level Token with connections:write")}


def check(settings: Settings, http: bool) -> None:
    """Raise one ConfigError naming every missing or malformed variable the mode needs."""
    names = required(http)
    problems: list[str] = []
    try:
        settings.require(*names)
    except ConfigError as err:
        problems.extend(err.problems)
    for name in names:
        value: str = getattr(settings, name)
        prefix, what = _PREFIXES.get(name, ("", ""))
        if value and prefix and not value.startswith(prefix):
            problems.append(f"{name.upper()} should start with {prefix} ({what}); see docs/slack.md")
    if problems:
        raise ConfigError(problems)


# The setting, its variable and the Web API method that proves Slack accepts it.
_TOKEN_CHECKS = {"slack_bot_token": ("SLACK_BOT_TOKEN", "auth.test"),
                 "slack_app_token": ("SLACK_APP_TOKEN", "apps.connections.open")}


async def verify_tokens(settings: Settings, http: bool) -> None:
    """Ask Slack whether it accepts the tokens the mode needs; raise one ConfigError naming
    each rejected variable and where to get a fresh one (never the token itself)."""
    problems: list[str] = []
    for name in required(http):
        if name in _TOKEN_CHECKS:
            variable, method = _TOKEN_CHECKS[name]
            result = await slack_call(settings, variable, getattr(settings, name), method)
            if result.status != "ok":
                problems.append(f"{result.detail}: {result.fix}")
    if problems:
        raise ConfigError(problems)


def make_api(settings: Settings) -> SlackApi:
    """The one Web API client of the process (base URL from SLACK_API_URL)."""
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    return SlackApi(client)


def make_poster(api: SlackApi) -> SlackPoster:
    """The scheduler's poster: paced, so a fan-out to many channels stays under Slack's limits."""
    return SlackPoster(api, pace=RateLimiter(POST_BURST, POSTS_PER_MINUTE))


def make_bolt(core: Core, api: SlackApi, settings: Settings, inflight: InFlight | None = None,
              deliveries: Deliveries | None = None) -> AsyncApp:
    """The bolt app for `core`, with admins and the per-user question limit from settings;
    `deliveries` remembers answered events (this process's memory if None)."""
    limiter = RateLimiter(settings.rate_limit_burst, settings.rate_limit_per_minute)
    admins = Admins(api, settings.slack_admin_user_ids)
    listeners = Listeners(Pipeline(core, limiter, admins=admins.is_admin), api, inflight=inflight,
                          deliveries=deliveries)
    return build_bolt_app(listeners)


class Listening(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class SocketMode:
    """The Socket Mode connection as a start/stop pair for the lifecycle."""

    bolt: AsyncApp
    app_token: str
    handler: AsyncSocketModeHandler | None = None

    async def start(self) -> None:
        self.handler = AsyncSocketModeHandler(self.bolt, self.app_token)
        await self.handler.connect_async()
        log.info("slack socket mode connected")

    async def stop(self) -> None:
        if self.handler is not None:
            await self.handler.close_async()


async def serve(
    settings: Settings, build_app: BuildApp, stop: asyncio.Event | None = None,
    http: bool = False, host: str = "0.0.0.0", port: int = 3000,
) -> Stopped:
    """Run until SIGTERM/SIGINT (or `stop` is set), then shut down gracefully (see
    adapters/lifecycle.py). Raises ConfigError naming every missing or rejected variable first."""
    check(settings, http)
    await verify_tokens(settings, http)  # before storage opens: a revoked token is the common case
    app = await build_app(settings)
    inflight = InFlight()
    api = make_api(settings)
    bolt = make_bolt(app.core, api, settings, inflight, SharedDeliveries(app.storage))
    listening: Listening = (HttpEndpoint(bolt, settings.slack_signing_secret, host, port, inflight) if http
                            else SocketMode(bolt, settings.slack_app_token))
    ticks = TrackedScheduler(app.scheduler(make_poster(api)), inflight)
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        await listening.start()
        tasks.append(asyncio.create_task(ticks.run(), name="quiz-scheduler"))

    async def close() -> None:
        for task in tasks:  # ends by itself after its tick; cancelled only after a timeout
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await app.aclose()

    heartbeat = Path(settings.heartbeat_file) if settings.heartbeat_file else None
    return await run_until_stopped(start, listening.stop, inflight=inflight, close=close,
                                   timeout=settings.shutdown_timeout, heartbeat=heartbeat, stop_event=stop,
                                   reload=getattr(app, "reload", None))
