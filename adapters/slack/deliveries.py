"""Which Slack events were already answered, so a redelivery is not answered again.

Slack redelivers an event it thinks went unanswered (after about 1 and 5 minutes, with
X-Slack-Retry-Num). With several replicas the retry may reach another process, so the record is
kept in the database (`Storage.first_delivery`), shared by all of them. If the database cannot
be reached the process falls back to its own memory: a rare double answer beats no answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from adapters.slack.recent import Recent
from adapters.slack.tally import Tally

log = logging.getLogger(__name__)

PLATFORM = "slack"
TTL = timedelta(minutes=10)  # longer than Slack's last retry (about 5 minutes after the first)


class Deliveries(Protocol):
    """Claims on event keys."""

    async def first(self, key: str) -> bool:
        """True the first time `key` is seen (within the TTL), False for a repeat."""
        ...

    async def forget(self, key: str) -> None:
        """Drop the claim on `key`: its next delivery counts as a first one."""
        ...


class ClaimStore(Protocol):
    """What `SharedDeliveries` needs from `bot.storage.Storage`."""

    async def first_delivery(self, platform: str, key: str, now: datetime, ttl: timedelta) -> bool: ...

    async def forget_delivery(self, platform: str, key: str) -> None: ...


class LocalDeliveries:
    """Claims in this process's memory (one process only: tests, a single Socket Mode bot)."""

    def __init__(self, ttl: timedelta = TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self._recent = Recent(ttl.total_seconds(), clock=clock)

    async def first(self, key: str) -> bool:
        if self._recent.seen(key):
            return False
        self._recent.add(key)
        return True

    async def forget(self, key: str) -> None:
        self._recent.forget(key)


class SharedDeliveries:
    """Claims in the database, shared by every replica; this process's memory if it is down."""

    def __init__(self, store: ClaimStore, ttl: timedelta = TTL,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.ttl = ttl
        self.now = now
        self.local = LocalDeliveries(ttl)
        self.failures = Tally(log, logging.WARNING, "event claims fell back to this process's memory")

    async def first(self, key: str) -> bool:
        try:
            return await self.store.first_delivery(PLATFORM, key, self.now(), self.ttl)
        except Exception as err:  # any database failure: answering beats staying silent
            self.failures.note(type(err).__name__)
            return await self.local.first(key)

    async def forget(self, key: str) -> None:
        await self.local.forget(key)
        try:
            await self.store.forget_delivery(PLATFORM, key)
        except Exception as err:
            self.failures.note(type(err).__name__)
