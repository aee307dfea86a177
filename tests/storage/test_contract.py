"""One contract for every backend: the `storage` fixture runs each test on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.storage import ChannelRef, Storage, open_storage
from bot.storage.migrations import MIGRATIONS, migrate


class Backend(Protocol):
    """What the `backend` fixture (tests/conftest.py) provides."""

    url: str
    schema: str | None

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REF = ChannelRef("slack", "T1", "C1")


async def _open_post(storage: Storage, ref: ChannelRef = REF, day: str = "2026-03-02") -> int:
    cid = await storage.channel_id(ref)
    post_id = await storage.claim_post(cid, day, "q-one", NOW)
    assert post_id is not None
    await storage.mark_posted(post_id, "m1", NOW, NOW + timedelta(hours=8))
    return post_id


async def test_migrations_are_recorded_and_not_reapplied(storage: Storage) -> None:
    from sqlalchemy import select

    from bot.storage import schema

    async with storage.engine.connect() as conn:
        recorded = (await conn.execute(select(schema.schema_migrations.c.version))).scalars().all()
    assert sorted(recorded) == [version for version, _name, _step in MIGRATIONS]
    assert await migrate(storage.engine) == []  # a second start applies nothing


async def test_two_processes_migrating_at_once_both_start(backend: Backend) -> None:
    first, second = await asyncio.gather(
        open_storage(backend.url, backend.schema), open_storage(backend.url, backend.schema)
    )
    try:
        assert await first.channel_id(REF) == await second.channel_id(REF)
    finally:
        await first.aclose()
        await second.aclose()


async def test_channel_ids_are_stable_under_concurrency(storage: Storage) -> None:
    ids = await asyncio.gather(*(storage.channel_id(REF) for _ in range(20)))
    assert len(set(ids)) == 1
    assert await storage.channel_id(ChannelRef("discord", "T1", "C1")) != ids[0]


async def test_times_come_back_as_aware_utc(storage: Storage) -> None:
    post_id = await _open_post(storage)
    post = await storage.post(post_id)
    assert post is not None and post.posted_at == NOW and post.reveal_at == NOW + timedelta(hours=8)
    assert post.ref == REF and post.status == "posted" and post.message_id == "m1"


async def test_schedule_round_trip_and_off(storage: Storage) -> None:
    cid = await storage.channel_id(REF)
    assert await storage.schedule(cid) is None
    await storage.set_schedule(cid, "09:00", "Europe/London", frozenset({0, 1, 4}), "U1", NOW)
    sched = await storage.schedule(cid)
    assert sched is not None and sched.weekdays == frozenset({0, 1, 4}) and sched.enabled
    assert [s.channel_id for s in await storage.schedules()] == [cid]
    assert await storage.disable_schedule(cid, NOW) is True
    assert await storage.disable_schedule(cid, NOW) is False
    assert await storage.schedules() == []


async def test_daily_claim_is_exactly_once_across_two_instances(backend: Backend) -> None:
    stores = [await open_storage(backend.url, backend.schema) for _ in range(2)]
    try:
        cid = await stores[0].channel_id(REF)
        claims = await asyncio.gather(*(
            stores[i % 2].claim_post(cid, "2026-03-02", f"q-{i}", NOW) for i in range(10)
        ))
        assert len([c for c in claims if c is not None]) == 1
        assert await stores[1].claim_post(cid, "2026-03-03", "q-x", NOW) is not None
    finally:
        for store in stores:
            await store.aclose()


async def test_1000_concurrent_answers_are_recorded_once_with_exact_scores(storage: Storage) -> None:
    post_id = await _open_post(storage)
    results = await asyncio.gather(*(
        storage.record_answer(post_id, "slack", f"U{i}", f"user {i}", "AB"[i % 2], i % 2 == 0,
                              1 if i % 2 == 0 else 0, NOW + timedelta(milliseconds=i))
        for i in range(1000)
    ))
    assert all(r is not None and r.recorded for r in results)
    tally = await storage.tally(post_id)
    assert tally.total == 1000 and tally.counts == {"A": 500, "B": 500}
    assert len(tally.winners) == 500
    board = await storage.leaderboard(await storage.channel_id(REF), None, limit=2000)
    assert sum(s.points for s in board) == 500 and len(board) == 1000
    assert board[0].user_id == "U0"  # ties broken by who answered first


async def test_200_concurrent_double_clicks_record_one_answer_each(storage: Storage) -> None:
    post_id = await _open_post(storage)
    clicks = [(f"U{i}", letter) for i in range(200) for letter in ("A", "C")]
    results = await asyncio.gather(*(
        storage.record_answer(post_id, "discord", user, user, letter, letter == "A", 1, NOW)
        for user, letter in clicks
    ))
    recorded = [r for r in results if r is not None and r.recorded]
    assert len(recorded) == 200
    repeats = [r for r in results if r is not None and not r.recorded]
    assert len(repeats) == 200 and all(r.choice in {"A", "C"} for r in repeats)
    assert (await storage.tally(post_id)).total == 200


async def test_answers_close_at_the_reveal_and_the_reveal_is_claimed_once(storage: Storage) -> None:
    post_id = await _open_post(storage)
    await storage.record_answer(post_id, "slack", "U1", "Ann", "B", True, 1, NOW)
    claims = await asyncio.gather(*(storage.claim_reveal(post_id, NOW) for _ in range(5)))
    assert claims.count(True) == 1
    late = await storage.record_answer(post_id, "slack", "U2", "Bob", "A", False, 0, NOW)
    assert late is not None and late.closed and not late.recorded and late.choice is None
    mine = await storage.record_answer(post_id, "slack", "U1", "Ann", "A", False, 0, NOW)
    assert mine is not None and mine.closed and mine.choice == "B" and mine.correct
    assert await storage.record_answer(999_999, "slack", "U1", "Ann", "A", False, 0, NOW) is None
    assert await storage.open_posts() == []


async def test_streak_counts_consecutive_correct_days(storage: Storage) -> None:
    cid = await storage.channel_id(REF)
    days = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    right = [False, True, True, None]  # None: the open post, not answered yet
    for day, ok in zip(days, right, strict=True):
        post_id = await storage.claim_post(cid, day, f"q-{day}", NOW)
        assert post_id is not None
        await storage.mark_posted(post_id, day, NOW, NOW)
        if ok is not None:
            await storage.record_answer(post_id, "slack", "U1", "Ann", "A", ok, int(ok), NOW)
            await storage.claim_reveal(post_id, NOW)
    assert await storage.streak(cid, "slack", "U1") == 2
    assert await storage.streak(cid, "slack", "U2") == 0


async def test_leaderboard_window_and_channel_separation(storage: Storage) -> None:
    old = await _open_post(storage, day="2026-02-01")
    new = await _open_post(storage, day="2026-03-02")
    other = await _open_post(storage, ChannelRef("slack", "T1", "C2"))
    await storage.record_answer(old, "slack", "U1", "Ann", "A", True, 1, NOW - timedelta(days=30))
    await storage.record_answer(new, "slack", "U2", "Bob", "A", True, 1, NOW)
    await storage.record_answer(other, "slack", "U3", "Cy", "A", True, 1, NOW)
    cid = await storage.channel_id(REF)
    assert [s.name for s in await storage.leaderboard(cid, NOW - timedelta(days=7))] == ["Bob"]
    assert {s.name for s in await storage.leaderboard(cid, None)} == {"Ann", "Bob"}


async def test_reviews_practice_forget_and_export(storage: Storage) -> None:
    post_id = await _open_post(storage)
    await storage.record_answer(post_id, "slack", "U1", "Ann", "A", True, 1, NOW)
    hour = timedelta(hours=1)
    assert await storage.record_practice("slack", "U1", "q-two", "quiz", "B", False, NOW, since=NOW - hour) is None
    # A second click on the same practice question inside the window is not recorded again.
    assert await storage.record_practice("slack", "U1", "q-two", "quiz", "A", True, NOW, since=NOW - hour) == "B"
    await storage.save_card("slack", "U1", "q-two", '{"x": 1}', NOW + timedelta(days=1))
    await storage.save_card("slack", "U1", "q-two", '{"x": 2}', NOW)
    assert await storage.card("slack", "U1", "q-two") == '{"x": 2}'
    assert await storage.due_cards("slack", "U1", NOW) == ["q-two"]
    assert await storage.next_due("slack", "U1") == NOW
    assert {(a.question_id, a.kind) for a in await storage.attempts("slack", "U1")} == {
        ("q-one", "daily"), ("q-two", "quiz")}
    rows = await storage.export_rows(await storage.channel_id(REF))
    assert rows == [("2026-03-02", "q-one", "U1", "Ann", "A", True, 1)]
    assert await storage.forget_user("slack", "U1") == 3
    assert await storage.attempts("slack", "U1") == []
    assert await storage.card("slack", "U1", "q-two") is None


async def test_forget_me_also_stops_naming_you_as_a_channel_admin(storage: Storage) -> None:
    cid = await storage.channel_id(REF)
    await storage.set_schedule(cid, "09:00", "UTC", frozenset(range(5)), "U1", NOW)
    await storage.forget_user("slack", "U1")
    sched = await storage.schedule(cid)
    assert sched is not None and sched.enabled and sched.admin_user_id == ""


async def test_reading_a_new_channel_creates_nothing(storage: Storage) -> None:
    assert await storage.find_channel(REF) is None
    cid = await storage.channel_id(REF)
    assert await storage.find_channel(REF) == cid
