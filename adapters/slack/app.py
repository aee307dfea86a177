"""Wiring: a slack-bolt AsyncApp whose listeners ack at once, then ask the core and answer.

Listeners only route: translate the payload, decide who is an admin and whether the person is
over their question rate, call the core, render, send. No tutoring logic lives here.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncApp

from adapters.lifecycle import InFlight, ShuttingDown
from adapters.slack import render, translate
from adapters.slack.poster import SlackApi
from bot.core import SORRY, Core
from bot.logs import Handled, click_kind, handled, request_kind
from bot.model import Click, Place, PostError, Reply, Request, User
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)
Asker = TypeVar("Asker", Request, Click)
Work = Callable[[Handled], Awaitable[None]]

ADMIN_TTL = 300.0  # seconds a users.info answer is trusted; a demoted admin loses rights within it


class Admins:
    """Who is an admin: workspace admins/owners (users.info, cached briefly) and configured ids."""

    def __init__(
        self,
        api: SlackApi,
        configured: frozenset[str] = frozenset(),
        ttl: float = ADMIN_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api = api
        self.configured = configured
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[bool, float]] = {}
        self._pending: dict[str, asyncio.Future[bool]] = {}

    async def is_admin(self, user_id: str) -> bool:
        """True for configured ids and workspace admins/owners; False if Slack cannot say."""
        if user_id in self.configured:
            return True
        hit = self._cache.get(user_id)
        if hit and hit[1] > self.clock():
            return hit[0]
        # Answers run concurrently: requests from one person share one users.info call.
        pending = self._pending.get(user_id)
        if pending is None:
            pending = asyncio.ensure_future(self._look_up(user_id))
            self._pending[user_id] = pending
            pending.add_done_callback(lambda _: self._pending.pop(user_id, None))
        return await asyncio.shield(pending)

    async def _look_up(self, user_id: str) -> bool:
        try:
            data = await self.api.call("users.info", user=user_id)
        except PostError as err:
            log.warning("users.info failed; treating as non-admin", extra={"reason": err.reason})
            return False
        profile = data.get("user") or {}
        admin = bool(profile.get("is_admin") or profile.get("is_owner"))
        self._cache[user_id] = (admin, self.clock() + self.ttl)
        return admin


class Listeners:
    """The bolt listeners, holding their dependencies (no globals).

    Each listener only translates the payload and hands the answer to `inflight.start_soon`
    before bolt acknowledges, so every acknowledged event is in-flight work that shutdown
    waits for; once shutdown began, `ShuttingDown` makes bolt refuse the event instead.
    """

    def __init__(
        self,
        core: Core,
        api: SlackApi,
        admins: Admins,
        limiter: RateLimiter,
        clock: Callable[[], float] = time.monotonic,
        inflight: InFlight | None = None,
    ) -> None:
        self.core = core
        self.api = api
        self.admins = admins
        self.limiter = limiter
        self.clock = clock
        self.inflight = inflight or InFlight()

    async def command(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        """`/aws <text>`: ephemeral unless the core says the reply is public (`share`)."""
        request = translate.inbound("slash_command", body)
        if isinstance(request, Request):
            self._accept(request_kind(request.text), "slash", partial(self._command, request, respond), respond)
        await ack()

    async def mention(self, body: dict[str, Any]) -> None:
        """A mention in a channel or a DM: answer in a thread (events are acked by bolt)."""
        kind = str(body.get("event", {}).get("type", ""))
        request = translate.inbound(kind, body)
        if isinstance(request, Request):
            via = "dm" if request.place.is_dm else "mention"
            self._accept(request_kind(request.text), via, partial(self._mention, request), None)

    async def action(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        """A button: the core's reply goes to the clicker alone."""
        click = translate.inbound("block_actions", body)
        if isinstance(click, Click):
            reply_to = respond if body.get("response_url") else None
            self._accept(click_kind(click.action_id), "click", partial(self._action, click, reply_to), reply_to)
        await ack()

    async def home(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """App Home: publish the person's stats (streak, accuracy per domain, reviews due)."""
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self._accept("stats", "home", partial(self._home, translate.team_id(body), event), None)

    def _accept(self, kind: str, via: str, work: Work, respond: Any) -> None:
        # Raises ShuttingDown before the ack: bolt then answers with an error and Slack retries
        # (events) or shows the failure (commands), instead of an ack whose answer never comes.
        self.inflight.start_soon(self._guard(kind, via, work, respond), name=f"slack {via} {kind}")

    async def _guard(self, kind: str, via: str, work: Work, respond: Any) -> None:
        with handled(log, "slack", kind, via) as entry:
            try:
                await work(entry)
            except Exception as err:
                entry.outcome = "error"
                await tell_failure(err, respond)

    async def _command(self, request: Request, respond: Any, entry: Handled) -> None:
        reply = await self._answer(request, entry)
        kind = "ephemeral" if reply.private else "in_channel"
        await respond(response_type=kind, **render.message(reply))

    async def _mention(self, request: Request, entry: Handled) -> None:
        if not self._allowed(request):
            entry.outcome = "rate_limited"
            await self.api.call(
                "chat.postEphemeral",
                channel=request.place.channel,
                user=request.user.id,
                **render.message(self._too_fast(request)),
            )
            return
        reply = await self.core.handle(await self._with_admin(request))
        await self.api.call(
            "chat.postMessage",
            channel=request.place.channel,
            thread_ts=request.place.thread,
            **render.message(reply),
        )

    async def _action(self, click: Click, respond: Any, _entry: Handled) -> None:
        reply = await self.core.click(await self._with_admin(click))
        if respond is not None:
            await respond(response_type="ephemeral", replace_original=False, **render.message(reply))
        elif click.place.channel:
            await self.api.call(
                "chat.postEphemeral", channel=click.place.channel, user=click.user.id,
                **render.message(reply),
            )

    async def _home(self, workspace: str, event: dict[str, Any], _entry: Handled) -> None:
        user_id = str(event["user"])
        place = Place(platform="slack", channel=str(event.get("channel") or user_id), workspace=workspace,
                      is_dm=True)
        user = User(id=user_id, is_admin=await self.admins.is_admin(user_id))
        reply = await self.core.handle(Request(user=user, place=place, text="stats"))
        await self.api.call("views.publish", user_id=user_id, view=render.home_view(reply))

    async def _answer(self, request: Request, entry: Handled) -> Reply:
        if not self._allowed(request):
            entry.outcome = "rate_limited"
            return self._too_fast(request)
        return await self.core.handle(await self._with_admin(request))

    def _allowed(self, request: Request) -> bool:
        return self.limiter.allow(_key(request), self.clock())

    def _too_fast(self, request: Request) -> Reply:
        wait = max(1, round(self.limiter.retry_after(_key(request), self.clock())))
        return Reply(
            text=(
                f"You're asking faster than I can keep up. Try again in {wait} s "
                f"(up to {self.limiter.burst} questions at once, "
                f"{round(self.limiter.rate * 60)} a minute)."
            ),
            tone="warning",
        )

    async def _with_admin(self, item: Asker) -> Asker:
        admin = await self.admins.is_admin(item.user.id)
        return replace(item, user=replace(item.user, is_admin=admin))


def _key(request: Request) -> str:
    return f"{request.place.workspace}:{request.user.id}"


async def on_error(error: Exception, body: dict[str, Any], respond: Any) -> None:
    """The one error hook for failures before the answer started (bolt's own, or a refusal)."""
    if isinstance(error, ShuttingDown):
        log.info("refused an event: shutting down")
        return
    await tell_failure(error, respond if isinstance(body, dict) and body.get("response_url") else None)


async def tell_failure(error: Exception, respond: Any) -> None:
    """Log the failure; tell the user generically (never the exception) if there is a way to."""
    reason = error.reason if isinstance(error, PostError) else type(error).__name__
    log.error("slack listener failed: %s", reason, exc_info=not isinstance(error, PostError))
    if respond is None:
        return
    try:
        await respond(response_type="ephemeral", replace_original=False, **render.message(SORRY))
    except Exception:  # the user cannot be told; the failure is already logged
        log.warning("could not tell the user about a failure")


def build_bolt_app(
    listeners: Listeners, signing_secret: str = "", verify: bool = True
) -> AsyncApp:
    """An AsyncApp with every listener registered. `verify=False` only for Socket Mode."""
    app = AsyncApp(
        client=listeners.api.client,
        signing_secret=signing_secret or None,
        request_verification_enabled=verify,
        raise_error_for_unhandled_request=False,
        # Listeners return as soon as the answer is handed to `inflight`, so the ack is still
        # immediate; bolt's own background tasks would be invisible to graceful shutdown.
        process_before_response=True,
    )
    app.command("/aws")(listeners.command)
    app.event("app_mention")(listeners.mention)
    app.event("message")(listeners.mention)
    app.event("app_home_opened")(listeners.home)
    app.action(re.compile(".+"))(listeners.action)
    app.error(on_error)
    return app
