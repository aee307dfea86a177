"""Bounds on the HTTP endpoint's connections: time to send a request, how many are open, and
how much gets logged about the ones that misbehave.

aiohttp waits forever for a request head that never ends and has no limit on open
connections: 1,100 slow connections exhausted 1,024 file descriptors, and then /healthz could not
be reached while asyncio logged "accept() out of system resource" 128 times per attempt. Here:

- a request head must arrive within `head_timeout` of connecting (or of its first byte on a
  keep-alive connection), its body within `body_timeout` of the head; else the connection closes;
- at most `max_connections` are open (at most half the process's file descriptors). When full,
  a new connection pushes out the oldest one that is not running a request: a slow or idle
  connection never blocks a real request or /healthz; only when all are running is it refused;
- misbehaviour is counted and logged at most once per `log_interval` (see `tally.py`).
"""

from __future__ import annotations

import asyncio
import logging
import resource
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from adapters.slack.tally import Tally

log = logging.getLogger(__name__)

# What a connection is doing. Only RUNNING (a whole request arrived and is being answered) is
# never pushed out; HEAD covers both idle and a head on its way.
HEAD, BODY, RUNNING = "head", "body", "running"


@dataclass(frozen=True)
class Limits:
    """Every bound on the endpoint; the defaults are what production uses."""

    head_timeout: float = 10.0
    body_timeout: float = 10.0
    # Keep-alive between requests: longer than the idle timeout of a proxy in front (Caddy 2 min,
    # an ALB 60 s), so the proxy closes first and never sends a request into a closing connection.
    # Idle connections cost little: they are the first pushed out when the endpoint is full.
    idle_timeout: float = 3630.0
    max_connections: int = 512
    max_body: int = 1024 * 1024  # Slack's requests are a few kB; a message with all blocks < 200 kB
    log_interval: float = 60.0

    def fitted(self) -> Limits:
        """These limits with `max_connections` lowered to half the file descriptors this process
        may open, leaving the rest for the database, Slack's API and the logs."""
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self
        return replace(self, max_connections=max(1, min(self.max_connections, soft // 2)))


class Connections:
    """The open connections, oldest first, and the tallies of what was cut short."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._open: dict[asyncio.Transport, Guarded] = {}  # insertion order: oldest first
        every = limits.log_interval
        self.slow = Tally(log, logging.INFO, "closed connections that sent no request in time", every)
        self.pushed_out = Tally(log, logging.INFO, "closed idle or slow connections to make room", every)
        self.refused = Tally(log, logging.WARNING, "refused connections: every slot is running a request", every)

    def __len__(self) -> int:
        return len(self._open)

    def protocol(self, inner: asyncio.Protocol) -> asyncio.Protocol:
        """Wrap one of aiohttp's per-connection protocols."""
        return Guarded(self, inner)

    def of(self, request: web.BaseRequest) -> Guarded | None:
        """The connection `request` arrived on."""
        return self._open.get(request.transport) if request.transport is not None else None

    def admit(self, conn: Guarded, transport: asyncio.Transport) -> bool:
        """Register `conn`, pushing out the oldest waiting connection if full; False if all run."""
        if len(self._open) >= self.limits.max_connections:
            victim = next((c for c in self._open.values() if c.phase != RUNNING), None)
            if victim is None:
                self.refused.note()
                return False
            self.pushed_out.note()
            victim.close()
        self._open[transport] = conn
        return True

    def forget(self, transport: asyncio.Transport | None) -> None:
        if transport is not None:
            self._open.pop(transport, None)


class Guarded(asyncio.Protocol):
    """Passes everything through to aiohttp's protocol, plus a deadline for the request head."""

    def __init__(self, connections: Connections, inner: asyncio.Protocol) -> None:
        self.connections = connections
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self.phase = HEAD
        self._admitted = False
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # a TCP server's connections always are
        self.transport = transport
        if not self.connections.admit(self, transport):
            transport.abort()
            return
        self._admitted = True
        self.inner.connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.phase == HEAD:  # the first byte of a request
            self._arm()
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.connections.forget(self.transport)
        if self._admitted:
            self.inner.connection_lost(exc)

    def head_received(self) -> None:
        """The request head is in; its body has `body_timeout` (see `bounded`)."""
        self.phase = BODY
        self._disarm()

    def close(self) -> None:
        """Close at once (nothing is owed to a connection that sent no whole request)."""
        self._disarm()
        self.connections.forget(self.transport)
        if self.transport is not None:
            self.transport.abort()

    def _arm(self) -> None:
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(self.connections.limits.head_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.phase == HEAD:
            self.connections.slow.note()
            self.close()


def bounded(connections: Connections) -> Any:
    """aiohttp middleware: the body within `body_timeout`, then the request counts as running."""
    slow_bodies = Tally(log, logging.INFO, "answered 408 to request bodies that came too slowly",
                        connections.limits.log_interval)

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        conn = connections.of(request)
        if conn is not None:
            conn.head_received()
        try:
            async with asyncio.timeout(connections.limits.body_timeout):
                await request.read()  # kept by aiohttp for the handler; over max_body: 413
        except TimeoutError:
            slow_bodies.note()
            response = web.json_response({"error": "request body too slow"}, status=408)
            response.force_close()
            return response
        except ConnectionError:  # pushed out or gone while sending: nobody to answer
            return web.Response(status=400)
        if conn is not None:
            conn.phase = RUNNING
        try:
            return await handler(request)
        finally:
            if conn is not None:
                conn.phase = HEAD  # idle until the next request's first byte

    return middleware


class QuietParserErrors(logging.Filter):
    """For aiohttp's server logger: a request aiohttp cannot parse (a header too long, bytes that
    are not HTTP) is the sender's problem and is only counted; anything else still logs."""

    def __init__(self, interval: float) -> None:
        super().__init__()
        self.tally = Tally(log, logging.INFO, "answered 400 to requests that are not valid HTTP", interval)

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            self.tally.note(type(error).__name__)
            return False
        return True


class ResourceErrors:
    """The event loop's exception handler while serving: asyncio reports "accept() out of system
    resource" once per queued connection, with a traceback each; here it is one line per interval.
    Everything else goes to the handler that was there before."""

    MESSAGE = "socket.accept() out of system resource"

    def __init__(self, interval: float) -> None:
        self.tally = Tally(log, logging.ERROR, "cannot accept connections: out of file descriptors or memory",
                           interval)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: Any = None

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop, self._previous = loop, loop.get_exception_handler()
        loop.set_exception_handler(self.handle)

    def remove(self) -> None:
        if self._loop is not None:
            self._loop.set_exception_handler(self._previous)
            self._loop = None

    def handle(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") == self.MESSAGE:
            error = context.get("exception")
            self.tally.note(getattr(error, "strerror", "") or type(error).__name__)
            return
        if self._previous is not None:
            self._previous(loop, context)
        else:
            loop.default_exception_handler(context)
