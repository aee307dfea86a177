"""Running the Slack process: Socket Mode or the HTTP endpoint, plus the quiz scheduler.

Settings are checked before any network; the core and storage come from `bot.app.build_app`
(adapters never build storage); the scheduler posts through the same rate-limited API client
as the listeners.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import Admins, Listeners, build_bolt_app
from adapters.slack.poster import SlackApi, SlackPoster
from bot.config import ConfigError, Settings
from bot.core import Core
from bot.model import Poster
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Slack allows about one message per second per channel and a few hundred a minute per
# workspace; pacing below that keeps a 500-channel fan-out from living on 429s.
POST_BURST = 50
POSTS_PER_MINUTE = 300
EVENTS_PATH = "/slack/events"


class Scheduler(Protocol):
    async def run(self) -> None: ...


class BotApp(Protocol):
    """What `bot.app.build_app(settings)` returns (owned by the quiz/storage area)."""

    core: Core

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


def make_api(settings: Settings, pace: RateLimiter | None = None) -> SlackApi:
    """The one Web API client of the process (base URL from SLACK_API_URL)."""
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    return SlackApi(client, pace=pace or RateLimiter(POST_BURST, POSTS_PER_MINUTE))


def make_bolt(core: Core, api: SlackApi, settings: Settings, http: bool) -> AsyncApp:
    """The bolt app for `core`, with admins and the per-user question limit from settings."""
    limiter = RateLimiter(settings.rate_limit_burst, settings.rate_limit_per_minute)
    admins = Admins(api, settings.slack_admin_user_ids)
    listeners = Listeners(core, api, admins, limiter)
    return build_bolt_app(listeners, settings.slack_signing_secret, verify=http)


async def start_http(bolt: AsyncApp, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve Events/Interactivity at /slack/events and a /healthz probe; return the runner and
    the bound port (pass port 0 for a random one)."""
    web_app = bolt.web_app(path=EVENTS_PATH)
    web_app.router.add_get("/healthz", _healthz)
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, int(bound)


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def serve(
    settings: Settings, build_app: BuildApp, stop: asyncio.Event,
    http: bool = False, host: str = "0.0.0.0", port: int = 3000,
) -> None:
    """Run until `stop` is set. Raises ConfigError naming every missing variable first."""
    check(settings, http)
    app = await build_app(settings)
    api = make_api(settings)
    scheduler = asyncio.create_task(app.scheduler(SlackPoster(api)).run(), name="quiz-scheduler")
    try:
        bolt = make_bolt(app.core, api, settings, http)
        if http:
            runner, bound = await start_http(bolt, host, port)
            log.info("slack http endpoint ready", extra={"port": bound, "path": EVENTS_PATH})
            await _until(stop, scheduler)
            await runner.cleanup()
        else:
            handler = AsyncSocketModeHandler(bolt, settings.slack_app_token)
            await handler.connect_async()
            log.info("slack socket mode connected")
            await _until(stop, scheduler)
            await handler.close_async()
    finally:
        scheduler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await scheduler
        await app.aclose()


async def _until(stop: asyncio.Event, scheduler: asyncio.Task[None]) -> None:
    # A scheduler that dies must not leave a bot that silently never posts: stop with it.
    stopped = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({stopped, scheduler}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if scheduler in done and not scheduler.cancelled() and scheduler.exception():
        raise RuntimeError("the quiz scheduler stopped unexpectedly") from scheduler.exception()
    await stop.wait()
