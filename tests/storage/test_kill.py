"""Really kill a process in the middle of an answer storm; every acknowledged answer survives,
and no answer is left without its review card."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.storage import ChannelRef, Storage
from bot.storage import schema as s

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def kill_mid_storm(script: str, acks: int, *args: str) -> set[str]:
    """Run tests/storage/`script` until it acknowledged `acks` answers (one user id per line),
    SIGKILL it while its 20 writers are inside transactions; every user id it acknowledged."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "tests" / "storage" / script), *args,
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    acked: set[str] = set()
    while len(acked) < acks:
        line = await asyncio.wait_for(child.stdout.readline(), timeout=30)
        assert line, "the child exited before answering"
        acked.add(line.decode().strip())
    child.send_signal(signal.SIGKILL)
    rest, _ = await child.communicate()
    assert child.returncode == -signal.SIGKILL
    return acked | {line for line in rest.decode().split() if line}


async def test_sigkill_during_an_answer_storm_loses_no_acknowledged_answer(
    storage: Storage, backend: Any
) -> None:
    cid = await storage.channel_id(ChannelRef("slack", "T1", "C1"))
    post_id = await storage.claim_post(cid, "2026-03-02", "q-one", NOW)
    assert post_id is not None
    await storage.mark_posted(post_id, "m1", NOW, NOW + timedelta(hours=8))
    acked = await kill_mid_storm("storm_child.py", 300, backend.url, backend.schema or "", str(post_id))
    tally = await storage.tally(post_id)
    stored = {e[2] for e in await storage.export_rows(cid)}
    assert acked <= stored, f"lost {len(acked - stored)} acknowledged answers"
    assert tally.total == len(stored) == tally.counts["A"]
    if backend.url.startswith("sqlite"):
        async with storage.engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA integrity_check")).scalar() == "ok"


async def test_sigkill_during_practice_clicks_leaves_no_answer_without_its_card(
    storage: Storage, backend: Any
) -> None:
    answered = await kill_mid_storm("practice_child.py", 200, backend.url, backend.schema or "")
    p, r = s.practice, s.reviews
    async with storage.engine.connect() as conn:
        stored = {tuple(row) for row in await conn.execute(p.select().with_only_columns(p.c.user_id, p.c.question_id))}
        carded = {tuple(row) for row in await conn.execute(r.select().with_only_columns(r.c.user_id, r.c.question_id))}
    assert answered <= {user for user, _q in stored}, "an answered click is missing"
    assert stored - carded == set(), f"{len(stored - carded)} answers have no review card"
