"""Really kill a process in the middle of an answer storm; every acknowledged answer survives."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.storage import ChannelRef, Storage

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_sigkill_during_an_answer_storm_loses_no_acknowledged_answer(
    storage: Storage, backend: Any
) -> None:
    cid = await storage.channel_id(ChannelRef("slack", "T1", "C1"))
    post_id = await storage.claim_post(cid, "2026-03-02", "q-one", NOW)
    assert post_id is not None
    await storage.mark_posted(post_id, "m1", NOW, NOW + timedelta(hours=8))
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "tests" / "storage" / "storm_child.py"),
        backend.url, backend.schema or "", str(post_id),
        stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    acked: set[str] = set()
    while len(acked) < 300:
        line = await asyncio.wait_for(child.stdout.readline(), timeout=30)
        assert line, "the child exited before answering"
        acked.add(line.decode().strip())
    child.send_signal(signal.SIGKILL)  # mid-storm: 20 writers are inside transactions
    rest, _ = await child.communicate()
    acked.update(line for line in rest.decode().split() if line)
    assert child.returncode == -signal.SIGKILL
    tally = await storage.tally(post_id)
    stored = {e[2] for e in await storage.export_rows(cid)}
    assert acked <= stored, f"lost {len(acked - stored)} acknowledged answers"
    assert tally.total == len(stored) == tally.counts["A"]
    if backend.url.startswith("sqlite"):
        async with storage.engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA integrity_check")).scalar() == "ok"
