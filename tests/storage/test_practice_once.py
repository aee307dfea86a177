"""Practice answers count once per person, question and window on every backend, and an answer is
never stored without its review card (both decided inside the database, not by read-then-write)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.storage import ChannelRef, Storage, open_storage
from bot.storage import schema as s
from bot.storage.migrations import migrate

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(hours=12)


async def _count(storage: Storage, table: Any) -> int:
    async with storage.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


def _card(old: str | None) -> tuple[str, datetime]:
    """A stand-in card: how many answers it has seen."""
    seen = json.loads(old)["n"] if old else 0
    return json.dumps({"n": seen + 1}), NOW + timedelta(days=1)


async def test_100_concurrent_clicks_from_two_replicas_count_one_practice_answer(backend: Any) -> None:
    replicas = [await open_storage(backend.url, backend.schema) for _ in range(2)]
    try:
        results = await asyncio.gather(*(
            replicas[i % 2].record_practice("slack", "U1", "q-one", "quiz", "AB"[i % 2], i % 2 == 0,
                                            NOW, since=NOW - WINDOW)
            for i in range(100)
        ))
        counted = [i for i, r in enumerate(results) if r is None]
        assert len(counted) == 1, f"{len(counted)} clicks were counted"
        first = "AB"[counted[0] % 2]
        assert all(r == first for r in results if r is not None), "every repeat names the counted answer"
        assert await _count(replicas[0], s.practice) == 1
    finally:
        for replica in replicas:
            await replica.aclose()


async def test_a_practice_answer_counts_again_after_the_window(storage: Storage) -> None:
    assert await storage.record_practice("slack", "U1", "q-one", "quiz", "A", True, NOW, NOW - WINDOW) is None
    later = NOW + WINDOW - timedelta(seconds=1)
    assert await storage.record_practice("slack", "U1", "q-one", "quiz", "B", False, later, later - WINDOW) == "A"
    later = NOW + WINDOW + timedelta(seconds=1)
    assert await storage.record_practice("slack", "U1", "q-one", "review", "B", False, later, later - WINDOW) is None
    assert await storage.record_practice("slack", "U1", "q-one", "quiz", "C", True, later, later - WINDOW) == "B"
    assert await storage.record_practice("slack", "U2", "q-one", "quiz", "C", True, later, later - WINDOW) is None
    assert [(a.question_id, a.kind) for a in await storage.attempts("slack", "U1")] == [
        ("q-one", "quiz"), ("q-one", "review")]


def _broken_reviewer(old: str | None) -> tuple[str, datetime]:
    raise RuntimeError("the process died while scheduling the card")


async def test_no_practice_answer_is_stored_without_its_card(storage: Storage) -> None:
    with pytest.raises(RuntimeError):
        await storage.record_practice("slack", "U1", "q-one", "quiz", "A", True, NOW, NOW - WINDOW,
                                      reschedule=_broken_reviewer)
    assert await _count(storage, s.practice) == 0 and await storage.attempts("slack", "U1") == []
    # The click was not counted, so trying again counts it, card and all.
    assert await storage.record_practice("slack", "U1", "q-one", "quiz", "A", True, NOW, NOW - WINDOW,
                                         reschedule=_card) is None
    assert await storage.card("slack", "U1", "q-one") == '{"n": 1}'
    # Repeats inside the window leave the card alone.
    await asyncio.gather(*(storage.record_practice("slack", "U1", "q-one", "quiz", "B", False, NOW, NOW - WINDOW,
                                                   reschedule=_card) for _ in range(20)))
    assert await storage.card("slack", "U1", "q-one") == '{"n": 1}'


async def test_no_daily_answer_is_stored_without_its_card(storage: Storage) -> None:
    cid = await storage.channel_id(ChannelRef("slack", "T1", "C1"))
    post_id = await storage.claim_post(cid, "2026-03-02", "q-one", NOW)
    assert post_id is not None
    await storage.mark_posted(post_id, "m1", NOW, NOW + timedelta(hours=8))
    with pytest.raises(RuntimeError):
        await storage.record_answer(post_id, "slack", "U1", "Ann", "A", True, 1, NOW, reschedule=_broken_reviewer)
    assert (await storage.tally(post_id)).total == 0
    result = await storage.record_answer(post_id, "slack", "U1", "Ann", "A", True, 1, NOW, reschedule=_card)
    assert result is not None and result.recorded
    assert await storage.card("slack", "U1", "q-one") == '{"n": 1}'


async def test_migration_2_keeps_the_latest_practice_answer_of_a_version_1_database(backend: Any) -> None:
    store = await open_storage(backend.url, backend.schema)
    try:
        async with store.engine.begin() as conn:
            await conn.execute(s.practice_latest.delete())
            await conn.execute(s.schema_migrations.delete().where(s.schema_migrations.c.version == 2))
            await conn.run_sync(lambda sync: s.practice_latest.drop(sync))
            # Rows as version 1 wrote them, racing clicks included.
            await conn.execute(s.practice.insert(), [
                dict(platform="slack", user_id="U1", question_id="q-one", kind="quiz", choice=c,
                     correct=False, answered_at=NOW + timedelta(minutes=m))
                for c, m in (("A", 0), ("B", 5), ("C", 5), ("D", 1))
            ])
        assert await migrate(store.engine) == [2]
        later = NOW + timedelta(hours=1)
        assert await store.record_practice("slack", "U1", "q-one", "quiz", "A", True, later, later - WINDOW) == "C"
    finally:
        await store.aclose()
