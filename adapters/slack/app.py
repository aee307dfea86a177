"""Wiring: a slack-bolt AsyncApp whose listeners ack at once, then ask the core and answer.

Listeners only route: translate the payload, decide whether the person is over their question
rate (and, for admin commands only, whether they are an admin), call the core, render, send.
No tutoring logic lives here.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.lifecycle import InFlight, ShuttingDown
from adapters.slack import files, render, translate
from adapters.slack.admins import Admins, needs_admin
from adapters.slack.deliveries import Deliveries, LocalDeliveries
from adapters.slack.poster import SlackApi
from bot.actions import Ask, decode
from bot.commands import is_personal
from bot.core import SORRY, Core
from bot.logs import Handled, click_kind, handled, request_kind
from bot.model import Click, Place, PostError, Reply, Request, User
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)
Work = Callable[[Handled], Awaitable[None]]

PLATFORM = "slack"
# Command words whose reply is not personal: `share` is for the channel, `help` is the same for all.


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
        deliveries: Deliveries | None = None,
    ) -> None:
        self.core = core
        self.api = api
        self.admins = admins
        self.limiter = limiter
        self.clock = clock
        self.inflight = inflight or InFlight()
        self.deliveries = deliveries or LocalDeliveries()

    async def command(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        """`/aws <text>`: ephemeral unless the core says the reply is public (`share`)."""
        request = translate.inbound("slash_command", body)
        if isinstance(request, Request):
            self._accept(request_kind(request.text), "slash", partial(self._command, request, respond), respond)
        await ack()

    async def mention(self, body: dict[str, Any]) -> None:
        """A mention in a channel or a DM: answer in a thread (events are acked by bolt).

        Each message is answered once: a mention inside a DM also arrives as message.im (only
        that one is answered), and a retried delivery of the same message is dropped.
        """
        event = body.get("event", {})
        kind = str(event.get("type", ""))
        if kind == "app_mention" and _in_dm(event):
            return
        request = translate.inbound(kind, body)
        if not isinstance(request, Request):
            return
        key = f"{request.place.channel}:{event.get('ts', '')}"
        if not await self.deliveries.first(key):
            log.info("dropped a repeated delivery of one message", extra={"event_type": kind})
            return
        via = "dm" if request.place.is_dm else "mention"
        try:
            self._accept(request_kind(request.text), via, partial(self._mention, request), None)
        except ShuttingDown:
            await self.deliveries.forget(key)  # refused: Slack's retry must still be answered
            raise

    async def action(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        """A button: the core's reply goes to the clicker alone."""
        click = translate.inbound("block_actions", body)
        if isinstance(click, Click):
            reply_to = respond if body.get("response_url") else None
            redraw = bool((body.get("container") or {}).get("is_ephemeral")) or click.place.is_dm
            self._accept(click_kind(click.action_id), "click", partial(self._action, click, reply_to, redraw),
                         reply_to)
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
        reply = await files.deliver(self.api, await self._answer(request, entry), request.place, request.user.id)
        kind = "ephemeral" if reply.private else "in_channel"
        await send(respond, response_type=kind, **render.message(reply))

    async def _mention(self, request: Request, entry: Handled) -> None:
        place = request.place
        limited = self.limiter.check(PLATFORM, request.user.id, self.clock())
        if limited is not None:
            entry.outcome = "rate_limited"
            await self._ephemeral(request.user.id, place, limited)
            return
        reply = await self.core.handle(await self._with_admin(request))
        reply = await files.deliver(self.api, reply, place, request.user.id)
        if _personal(request, reply):
            await self._ephemeral(request.user.id, place, reply)
            return
        await self.api.call("chat.postMessage", channel=place.channel, thread_ts=place.thread,
                            **render.message(reply))

    async def _ephemeral(self, user_id: str, place: Place, reply: Reply) -> None:
        extra = {"thread_ts": place.thread} if place.thread else {}
        await self.api.call("chat.postEphemeral", channel=place.channel, user=user_id,
                            **render.message(reply), **extra)

    async def _action(self, click: Click, respond: Any, redraw: bool, entry: Handled) -> None:
        # Quiz answers are one per question and need no limit; `ask:` buttons are questions.
        limited = None
        if isinstance(decode(click.action_id), Ask):
            limited = self.limiter.check(PLATFORM, click.user.id, self.clock())
        if limited is not None:
            entry.outcome = "rate_limited"
        reply = limited or await self.core.click(click)  # no click needs to know about admins
        reply = await files.deliver(self.api, reply, click.place, click.user.id)
        if respond is not None:
            # A redrawn question (a toggled selection, the next exam question) replaces the
            # clicked message when only the clicker sees it; a public post is never replaced.
            await send(respond, response_type="ephemeral", replace_original=reply.replace and redraw,
                       **render.message(reply))
        elif click.place.channel:
            await self.api.call(
                "chat.postEphemeral", channel=click.place.channel, user=click.user.id,
                **render.message(reply),
            )

    async def _home(self, workspace: str, event: dict[str, Any], _entry: Handled) -> None:
        user_id = str(event["user"])
        place = Place(platform="slack", channel=str(event.get("channel") or user_id), workspace=workspace,
                      is_dm=True)
        reply = await self.core.handle(Request(user=User(id=user_id), place=place, text="stats"))
        await self.api.call("views.publish", user_id=user_id, view=render.home_view(reply))

    async def _answer(self, request: Request, entry: Handled) -> Reply:
        limited = self.limiter.check(PLATFORM, request.user.id, self.clock())
        if limited is not None:
            entry.outcome = "rate_limited"
            return limited
        return await self.core.handle(await self._with_admin(request))

    async def _with_admin(self, request: Request) -> Request:
        if not needs_admin(request.text):
            return request
        admin = await self.admins.is_admin(request.user.id)
        return replace(request, user=replace(request.user, is_admin=admin))


def _in_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def _personal(request: Request, reply: Reply) -> bool:
    """A personal reply to a mention in a channel (stats, a practice quiz, `forget me`, an
    export, a refusal) goes to the asker alone; answers to questions stay in the public thread,
    since they were asked in public, and so do replies the core made public (`share`, the
    leaderboard)."""
    if request.place.is_dm or not reply.private:
        return False
    return reply.personal or is_personal(request.text)


async def send(respond: Any, **message: Any) -> None:
    """Post through a response_url; raise PostError if Slack did not take it (bolt does not)."""
    response = await respond(**message)
    status = getattr(response, "status_code", 200)
    if status != 200:
        raise PostError("other", f"response_url: HTTP {status}")


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


def build_bolt_app(listeners: Listeners) -> AsyncApp:
    """An AsyncApp with every listener registered.

    bolt's own signature check is off: over HTTP, `gate.py` verifies each request before bolt
    parses it (bolt's check comes after parsing and logs the bodies it refuses); Socket Mode
    arrives over a connection opened with the app token and needs none."""
    app = AsyncApp(
        client=listeners.api.client,
        request_verification_enabled=False,
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
