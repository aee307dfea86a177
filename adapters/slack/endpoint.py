"""The HTTP endpoint: Events API and interactivity at /slack/events, a probe at /healthz.

Each request passes, in order: the connection bounds (`guard.py`: time to send it, number of
connections), the shutdown check (503 once shutdown began), then the signature (`gate.py`)
before bolt parses anything.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from adapters.lifecycle import InFlight
from adapters.slack.gate import EventsHandler, Gate
from adapters.slack.guard import Connections, Limits, QuietParserErrors, ResourceErrors, bounded

log = logging.getLogger(__name__)
SERVER_LOG = logging.getLogger(f"{__name__}.server")  # aiohttp's per-connection errors

EVENTS_PATH = "/slack/events"
LINGER_SECONDS = 2.0  # after an early answer (413, 408), how long the rest of a body is drained


@dataclass
class Serving:
    """A running endpoint: its port, its connections, and how to stop it."""

    port: int
    connections: Connections
    runner: web.AppRunner
    server: asyncio.AbstractServer
    errors: ResourceErrors
    parser_errors: QuietParserErrors

    async def cleanup(self) -> None:
        """Stop listening, let requests being acked finish, close every connection."""
        self.server.close()
        await self.runner.cleanup()
        self.errors.remove()
        SERVER_LOG.removeFilter(self.parser_errors)


async def start_http(bolt: AsyncApp, signing_secret: str, host: str, port: int,
                     inflight: InFlight | None = None, limits: Limits | None = None) -> Serving:
    """Serve `bolt` on host:port (0 for a random port) within `limits` (the defaults, fitted to
    this process's file descriptors, if None). Once `inflight` closes, requests get 503."""
    limits = (limits or Limits()).fitted()
    connections = Connections(limits)
    web_app = web.Application(client_max_size=limits.max_body, middlewares=[bounded(connections)])
    if inflight is not None:
        web_app.middlewares.append(_refuse_when_closing(inflight))
    web_app.router.add_post(EVENTS_PATH, EventsHandler(bolt, Gate(signing_secret)).handle)
    web_app.router.add_get("/healthz", _healthz)
    parser_errors = QuietParserErrors(limits.log_interval)
    SERVER_LOG.addFilter(parser_errors)
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None, logger=SERVER_LOG,
                           keepalive_timeout=limits.idle_timeout, lingering_time=LINGER_SECONDS)
    await runner.setup()
    aiohttp_server = runner.server
    assert aiohttp_server is not None
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: connections.protocol(aiohttp_server()), host, port)
    errors = ResourceErrors(limits.log_interval)
    errors.install(loop)
    bound = server.sockets[0].getsockname()[1]
    return Serving(int(bound), connections, runner, server, errors, parser_errors)


def _refuse_when_closing(inflight: InFlight) -> Any:
    # A load balancer retries a 503 on another replica; Slack retries refused events itself.
    @web.middleware
    async def refuse(request: web.Request, handler: Any) -> web.StreamResponse:
        if inflight.closed:
            return web.json_response({"ok": False, "error": "shutting down"}, status=503)
        return await handler(request)

    return refuse


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@dataclass
class HttpEndpoint:
    """The endpoint as a start/stop pair for the lifecycle."""

    bolt: AsyncApp
    signing_secret: str
    host: str
    port: int
    inflight: InFlight
    serving: Serving | None = None

    async def start(self) -> None:
        self.serving = await start_http(self.bolt, self.signing_secret, self.host, self.port, self.inflight)
        log.info("slack http endpoint ready", extra={"port": self.serving.port, "path": EVENTS_PATH})

    async def stop(self) -> None:
        if self.serving is not None:
            await self.serving.cleanup()  # stops listening; waits for requests being acked
