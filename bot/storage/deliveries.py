"""Platform events already taken by some process: one claim per event, shared by every replica.

Slack redelivers an event it thinks went unanswered (after about 1 and 5 minutes); with several
replicas the retry may reach another process, so a per-process memory would answer it twice. The
primary key makes the claim atomic on both backends; a claim lasts `ttl`, after which the row may
be taken over (an expired row is reclaimed in the same statement) and is later purged.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(minutes=1)
KEY_LENGTH = 200  # the column's size; longer keys are stored as their SHA-256


class DeliveriesMixin(StorageBase):
    """Storage for event claims (see the module docstring)."""

    _deliveries_purged_at: datetime | None = None

    async def first_delivery(self, platform: str, key: str, now: datetime, ttl: timedelta) -> bool:
        """Claim `key` until `now + ttl`: True for the first claim by any process sharing this
        database, False while an earlier claim lasts."""
        now = must_utc(now)
        d = s.deliveries
        stmt = self._insert(d).values(platform=platform, key=_stored(key), expires_at=now + ttl)
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "key"], set_={"expires_at": stmt.excluded.expires_at},
            where=d.c.expires_at <= now,  # only an expired claim is taken over
        ).returning(d.c.key)
        async with self._write() as conn:
            claimed = (await conn.execute(stmt)).first() is not None
        await self._purge_deliveries(now)
        return claimed

    async def forget_delivery(self, platform: str, key: str) -> None:
        """Drop a claim, so the next delivery of `key` is a first one (for an event refused
        after it was claimed)."""
        d = s.deliveries
        async with self._write() as conn:
            await conn.execute(delete(d).where((d.c.platform == platform) & (d.c.key == _stored(key))))

    async def _purge_deliveries(self, now: datetime) -> None:
        # Housekeeping at most once a minute per process, in its own transaction: a failure
        # here must not undo or fail the claim that was just made.
        if self._deliveries_purged_at is not None and now - self._deliveries_purged_at < PURGE_EVERY:
            return
        self._deliveries_purged_at = now
        try:
            async with self._write() as conn:
                await conn.execute(delete(s.deliveries).where(s.deliveries.c.expires_at <= now))
        except DBAPIError as err:
            log.warning("could not purge expired event claims: %s", type(err.orig).__name__)


def _stored(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
