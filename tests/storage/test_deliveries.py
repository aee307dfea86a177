"""Event claims, on SQLite and PostgreSQL (the `storage` fixture): one first delivery per key
across every process sharing the database, for as long as the claim lasts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select

from bot.storage import Storage, open_storage
from bot.storage import schema as s

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)


class Backend(Protocol):
    url: str
    schema: str | None


async def test_a_key_is_delivered_first_once_across_replicas_until_its_claim_expires(
    storage: Storage, backend: Backend
) -> None:
    replica = await open_storage(backend.url, schema=backend.schema)  # a second process
    try:
        both = [storage, replica] * 10
        firsts = await asyncio.gather(*(r.first_delivery("slack", "C1:1.1", NOW, TTL) for r in both))
        assert sum(firsts) == 1
        assert await replica.first_delivery("slack", "C1:1.1", NOW + TTL - timedelta(seconds=1), TTL) is False
        assert await storage.first_delivery("discord", "C1:1.1", NOW, TTL) is True  # per platform
        assert await replica.first_delivery("slack", "C1:1.1", NOW + TTL, TTL) is True  # expired: taken over
        await storage.forget_delivery("slack", "C1:1.1")
        assert await replica.first_delivery("slack", "C1:1.1", NOW + TTL, TTL) is True  # a refused event
        long_key = "C1:" + "9" * 500
        assert await storage.first_delivery("slack", long_key, NOW, TTL) is True
        assert await replica.first_delivery("slack", long_key, NOW, TTL) is False
    finally:
        await replica.aclose()


async def test_expired_claims_are_purged(storage: Storage) -> None:
    for n in range(5):
        await storage.first_delivery("slack", f"C1:{n}", NOW, TTL)
    await storage.first_delivery("slack", "C1:later", NOW + 2 * TTL, TTL)
    async with storage.engine.connect() as conn:
        left = (await conn.execute(select(func.count()).select_from(s.deliveries))).scalar_one()
    assert left == 1
