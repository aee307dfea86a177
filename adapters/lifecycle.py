"""Graceful shutdown for the long-running adapters.

On SIGTERM (what `docker stop` sends; the image's STOPSIGNAL) or SIGINT: refuse new work at
once, stop listening, let work already accepted finish within a timeout, then close the
database. A second signal skips the wait. While running, a heartbeat file is touched so the
container HEALTHCHECK (`awstutor health`) can tell a live event loop from a stuck one.

Adapters wrap each event they accept in `async with inflight.track():` (or hand the work
after an ack to `inflight.start_soon(...)`) and call
`run_until_stopped(start, stop, inflight=..., close=app.aclose)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
TICK_SECONDS = 20.0  # how often the quiz scheduler looks for due posts and reveals
EXIT_ABANDONED = 3  # exit status when in-flight work was still running at the shutdown timeout
Step = Callable[[], Awaitable[None]]


class ShuttingDown(Exception):
    """Raised by `InFlight.track()` once shutdown began: the event must not be accepted."""


class InFlight:
    """Counts work in progress and refuses new work once closed."""

    def __init__(self) -> None:
        self.closed = False
        self._closing = asyncio.Event()
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def count(self) -> int:
        """How many pieces of work are running now."""
        return self._count

    def close(self) -> None:
        """Refuse new work from now on."""
        self.closed = True
        self._closing.set()

    async def wait_closed(self, timeout: float) -> None:
        """Return after `timeout` seconds, or at once when shutdown begins."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), timeout)

    @contextlib.asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Run the block as one piece of in-flight work; raise `ShuttingDown` if closed."""
        self._enter()
        try:
            yield
        finally:
            self._leave()

    def start_soon(self, work: Coroutine[Any, Any, None], name: str = "event") -> asyncio.Task[None]:
        """Run `work` in the background as in-flight work (for "ack first, answer after").

        Counted at once, so an event acknowledged before the signal is always waited for;
        raises `ShuttingDown` (and closes `work`) once shutdown began.
        """
        try:
            self._enter()
        except ShuttingDown:
            work.close()  # never awaited: close it so Python does not warn
            raise
        task = asyncio.create_task(work, name=name)
        task.add_done_callback(self._done)
        return task

    def _enter(self) -> None:
        if self.closed:
            raise ShuttingDown("shutting down: not accepting new work")
        self._count += 1
        self._idle.clear()

    def _leave(self) -> None:
        self._count -= 1
        if self._count == 0:
            self._idle.set()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._leave()
        if not task.cancelled() and task.exception() is not None:
            log.error("in-flight %s failed", task.get_name(), exc_info=task.exception())

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is in flight; False if `timeout` seconds passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


@dataclass(frozen=True)
class Stopped:
    """How the shutdown went: whether in-flight work drained, and how much was abandoned."""

    drained: bool
    abandoned: int
    signal: str

    @property
    def exit_code(self) -> int:
        """0 after a clean drain, `EXIT_ABANDONED` if the timeout cut in-flight work short."""
        return 0 if self.drained else EXIT_ABANDONED


class Ticker(Protocol):
    """The quiz scheduler as the lifecycle drives it (`bot.quiz.scheduler.Scheduler`)."""

    clock: Callable[[], datetime]

    async def tick(self, now: datetime) -> object: ...


@dataclass(frozen=True)
class TrackedScheduler:
    """A scheduler whose every tick is in-flight work: shutdown lets a tick in progress finish
    (a claimed daily post is sent, not lost) and starts no new one."""

    scheduler: Ticker
    inflight: InFlight
    interval: float = TICK_SECONDS

    async def run(self) -> None:
        """Tick every `interval` seconds until shutdown begins; a failing tick is logged."""
        while True:
            try:
                async with self.inflight.track():
                    await self.scheduler.tick(self.scheduler.clock())
            except ShuttingDown:
                return
            except Exception:
                log.exception("scheduler tick failed; retrying next interval")
            await self.inflight.wait_closed(self.interval)


async def run_until_stopped(
    start: Step,
    stop: Step,
    *,
    inflight: InFlight | None = None,
    close: Step | None = None,
    timeout: float = 20.0,
    heartbeat: Path | None = None,
    stop_event: asyncio.Event | None = None,
    reload: Callable[[], list[str]] | None = None,
) -> Stopped:
    """`start()`, serve until SIGTERM/SIGINT (or `stop_event`), then shut down in order:
    refuse new work, `stop()` listening, drain in-flight work (up to `timeout` s), `close()`."""
    inflight = inflight or InFlight()
    first = stop_event or asyncio.Event()
    again = asyncio.Event()
    received: list[str] = []
    _install_signals(first, again, received, reload)
    beat = asyncio.create_task(_heartbeat(heartbeat), name="heartbeat") if heartbeat else None
    try:
        await start()
        log.info("running; send SIGTERM to stop")
        await first.wait()
        return await _shut_down(stop, inflight, timeout, again, received[0] if received else "stop_event")
    finally:
        _remove_signals()
        if beat is not None:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            with contextlib.suppress(FileNotFoundError):
                heartbeat.unlink()  # type: ignore[union-attr]
        if close is not None:
            await close()
            log.info("database closed")


async def _shut_down(stop: Step, inflight: InFlight, timeout: float, again: asyncio.Event, why: str) -> Stopped:
    inflight.close()
    log.info("%s received: no new events; %d in flight", why, inflight.count, extra={"in_flight": inflight.count})
    await stop()
    forced = asyncio.create_task(again.wait())
    drain = asyncio.create_task(inflight.wait_idle(timeout))
    await asyncio.wait({forced, drain}, return_when=asyncio.FIRST_COMPLETED)
    forced.cancel()
    drain.cancel()
    drained = inflight.count == 0
    if not drained:
        log.warning(
            "gave up on %d in-flight events after %.0fs (raise SHUTDOWN_TIMEOUT)", inflight.count, timeout,
            extra={"abandoned": inflight.count},
        )
    else:
        log.info("in-flight work finished")
    return Stopped(drained=drained, abandoned=inflight.count, signal=why)


def _install_signals(first: asyncio.Event, again: asyncio.Event, received: list[str],
                     reload: Callable[[], list[str]] | None = None) -> None:
    loop = asyncio.get_running_loop()

    def on_hangup() -> None:
        # SIGHUP re-reads the knowledge, as `reload` does; the old stays in use if the new has errors.
        assert reload is not None
        for problem in reload():
            log.warning("reload: %s", problem)

    def on_signal(sig: signal.Signals) -> None:
        if first.is_set():
            log.warning("second %s: not waiting for in-flight work", sig.name)
            again.set()
            return
        received.append(sig.name)
        first.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # Windows event loops
            loop.add_signal_handler(sig, on_signal, sig)
    if reload is not None and hasattr(signal, "SIGHUP"):
        loop.add_signal_handler(signal.SIGHUP, on_hangup)


def _remove_signals() -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])):
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(sig)


async def _heartbeat(path: Path) -> None:
    # Written from the event loop itself: a blocked loop stops the beat and fails the healthcheck.
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path.touch()
        await asyncio.sleep(HEARTBEAT_SECONDS)
