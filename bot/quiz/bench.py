"""`awstutor bench quiz`: answers/s with 50 concurrent writers (SQLite and PostgreSQL), time to
plan and post a day's questions to 1,000 channels through a fake poster, bytes per 100,000 answers,
and 200 people taking a mock exam at once (answers/s, p50 and p99 per answer).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.model import Place, Reply
from bot.quiz.question import Question
from bot.quiz.scheduler import Scheduler
from bot.storage import ChannelRef, Storage, open_storage
from bot.storage import schema as s
from bot.storage.engine import make_engine
from bot.study.bench import mock_exams

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class _NullPoster:
    async def post(self, place: Place, reply: Reply) -> str:
        return f"m-{place.channel}"

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        return None

    async def notify(self, user_id: str, reply: Reply) -> None:
        return None


def _questions(n: int = 50) -> list[Question]:
    return [Question(
        id=f"q-bench-{i}", domain="cloud-technology", tests=("ec2",), difficulty="easy",
        stem=f"Bench question {i}?", options=tuple((c, f"option {c}{i}") for c in "ABCD"),
        answer=("A",), explanation="Because.", why_not={c: "No." for c in "BCD"},
    ) for i in range(n)]


async def _answers_per_second(store: Storage, answers: int, writers: int) -> float:
    cid = await store.channel_id(ChannelRef("bench", "w", "answers"))
    post_id = await store.claim_post(cid, "2026-03-02", "q-bench-0", NOW)
    assert post_id is not None
    await store.mark_posted(post_id, "m", NOW, NOW + timedelta(hours=8))

    async def writer(w: int) -> None:
        for i in range(w, answers, writers):
            await store.record_answer(post_id, "bench", f"U{i}", f"user {i}", "A", True, 1, NOW)

    start = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return answers / (time.perf_counter() - start)


async def _plan_and_post(store: Storage, channels: int) -> float:
    for i in range(channels):
        cid = await store.channel_id(ChannelRef("bench", "w", f"C{i}"))
        await store.set_schedule(cid, "09:00", "UTC", frozenset(range(7)), "admin", NOW - timedelta(minutes=1))
    scheduler = Scheduler(store, _questions(), _NullPoster())
    start = time.perf_counter()
    report = await scheduler.tick(NOW)
    elapsed = time.perf_counter() - start
    assert len(report.posted) == channels, f"posted {len(report.posted)} of {channels}"
    return elapsed


async def _bytes_per_100k(store: Storage, size: Callable[[], Any], count: int) -> float:
    cid = await store.channel_id(ChannelRef("bench", "w", "size"))
    post_id = await store.claim_post(cid, "2026-03-03", "q-bench-1", NOW)
    before = await size()
    rows = [dict(post_id=post_id, platform="slack", user_id=f"U{i:09d}", user_name=f"user {i}",
                 choice="B", correct=False, points=0, answered_at=NOW) for i in range(count)]
    async with store.engine.begin() as conn:
        for chunk in range(0, count, 5000):
            await conn.execute(s.answers.insert(), rows[chunk:chunk + 5000])
    return (await size() - before) * 100_000 / count


async def _measure(name: str, store: Storage, size: Callable[[], Any], cfg: dict[str, int]) -> dict[str, float]:
    result = {
        "answers_per_s": await _answers_per_second(store, cfg["answers"], cfg["writers"]),
        "post_1000_channels_s": await _plan_and_post(store, cfg["channels"]),
        "bytes_per_100k_answers": await _bytes_per_100k(store, size, cfg["size_answers"]),
    }
    print(f"{name}: {result['answers_per_s']:.0f} answers/s with {cfg['writers']} writers; "
          f"plan+post {cfg['channels']} channels in {result['post_1000_channels_s']:.2f} s; "
          f"{result['bytes_per_100k_answers'] / 1e6:.1f} MB per 100,000 answers")
    exams = await mock_exams(store, people=cfg["exam_people"])
    print(f"{name}: {exams['exam_people']} people in a mock exam at once: {exams['exam_answers_per_s']:.0f} "
          f"answers/s, per answer p50 {exams['exam_answer_p50_ms']:.0f} ms, p99 {exams['exam_answer_p99_ms']:.0f} ms")
    return {**result, **exams}


async def bench_quiz(database_url: str | None = None, *, answers: int = 5000, writers: int = 50,
                     channels: int = 1000, size_answers: int = 100_000, sqlite: bool = True,
                     exam_people: int = 200) -> dict[str, Any]:
    """Run the quiz benchmark on a temporary SQLite file and, if `database_url` is a PostgreSQL
    URL, in a temporary schema there (dropped afterwards, also when interrupted). Prints and
    returns the numbers."""
    cfg = {"answers": answers, "writers": writers, "channels": channels, "size_answers": size_answers,
           "exam_people": exam_people}
    results: dict[str, Any] = {}
    if sqlite:
        results["sqlite"] = await _bench_sqlite(cfg)
    if database_url and database_url.startswith("postgresql"):
        results["postgresql"] = await _bench_pg(database_url, cfg)
    return results


async def _bench_sqlite(cfg: dict[str, int]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = await open_storage(f"sqlite+aiosqlite:///{path}")

        async def sqlite_size() -> int:
            async with store.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return path.stat().st_size

        try:
            return await _measure("SQLite", store, sqlite_size, cfg)
        finally:
            await store.aclose()


async def _bench_pg(url: str, cfg: dict[str, int]) -> dict[str, float]:
    """In a schema of its own, created and dropped on a plain connection (nothing is migrated in the
    database's own schema). Everything after CREATE SCHEMA is inside the try: a failure or a
    cancellation (SIGINT/SIGTERM, see bot/quiz/cli.py) at any point still drops it."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    await _admin(url, f'CREATE SCHEMA "{schema}"')
    print(f"PostgreSQL: measuring in the temporary schema {schema}", flush=True)
    store: Storage | None = None
    try:
        store = await open_storage(url, schema=schema)
        measured = store

        async def pg_size() -> int:
            async with measured.engine.connect() as conn:
                return int((await conn.execute(text("SELECT pg_total_relation_size('answers')"))).scalar_one())

        return await _measure("PostgreSQL", store, pg_size, cfg)
    finally:
        if store is not None:
            await store.aclose()
        await _admin(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        print(f"PostgreSQL: dropped the temporary schema {schema}", flush=True)


async def _admin(url: str, sql: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()
