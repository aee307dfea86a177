"""Wiring: a slack-bolt AsyncApp whose listeners ack at once, then ask the core and answer.

Listeners only route: translate the payload, hand it to the request pipeline (rate limit, admin
check and visibility are decided there, bot/pipeline.py), render the reply where its visibility
says, send. No tutoring logic and no policy lives here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.lifecycle import InFlight, ShuttingDown
from adapters.slack import files, render, translate
from adapters.slack.deliveries import Deliveries, LocalDeliveries
from adapters.slack.poster import SlackApi
from bot.core import SORRY
from bot.logs import Handled, click_kind, handled, request_kind
from bot.model import Click, Place, PostError, Reply, Request, User
from bot.pipeline import Pipeline

log = logging.getLogger(__name__)
Work = Callable[[Handled], Awaitable[None]]

PLATFORM = "slack"


class Listeners:
    """The bolt listeners, holding their dependencies (no globals).

    Each listener only translates the payload and hands the answer to `inflight.start_soon`
    before bolt acknowledges, so every acknowledged event is in-flight work that shutdown
    waits for; once shutdown began, `ShuttingDown` makes bolt refuse the event instead.
    """

    def __init__(self, pipeline: Pipeline, api: SlackApi, inflight: InFlight | None = None,
                 deliveries: Deliveries | None = None) -> None:
        self.pipeline = pipeline
        self.api = api
        self.inflight = inflight or InFlight()
        self.deliveries = deliveries or LocalDeliveries()

    async def command(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        """`/aws <text>`: ephemeral unless the pipeline says the reply is for the channel."""
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
        reply = await self.pipeline.handle(request)
        entry.outcome = reply.outcome
        reply = await files.deliver(self.api, reply, request.place, request.user.id)
        kind = "in_channel" if reply.visibility == "channel" else "ephemeral"
        await send(respond, response_type=kind, **render.message(reply))

    async def _mention(self, request: Request, entry: Handled) -> None:
        reply = await self.pipeline.handle(request)
        entry.outcome = reply.outcome
        if reply.visibility == "nobody":
            return
        place = request.place
        reply = await files.deliver(self.api, reply, place, request.user.id)
        if reply.visibility == "private":
            await self._ephemeral(request.user.id, place, reply)
            return
        await self.api.call("chat.postMessage", channel=place.channel, thread_ts=place.thread,
                            **render.message(reply))

    async def _ephemeral(self, user_id: str, place: Place, reply: Reply) -> None:
        extra = {"thread_ts": place.thread} if place.thread else {}
        await self.api.call("chat.postEphemeral", channel=place.channel, user=user_id,
                            **render.message(reply), **extra)

    async def _action(self, click: Click, respond: Any, redraw: bool, entry: Handled) -> None:
        reply = await self.pipeline.click(click)
        entry.outcome = reply.outcome
        reply = await files.deliver(self.api, reply, click.place, click.user.id)
        if respond is not None:
            # A redrawn question (a toggled selection, the next exam question) replaces the
            # clicked message when only the clicker sees it; a public post is never replaced.
            await send(respond, response_type="ephemeral", replace_original=reply.replace and redraw,
                       **render.message(reply))
        elif click.place.channel:
            await self.api.call("chat.postEphemeral", channel=click.place.channel, user=click.user.id,
                                **render.message(reply))

    async def _home(self, workspace: str, event: dict[str, Any], _entry: Handled) -> None:
        user_id = str(event["user"])
        place = Place(platform=PLATFORM, channel=str(event.get("channel") or user_id), workspace=workspace,
                      is_dm=True)
        reply = await self.pipeline.handle(Request(user=User(id=user_id), place=place, text="stats", via="home"))
        await self.api.call("views.publish", user_id=user_id, view=render.home_view(reply))


def _in_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


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
