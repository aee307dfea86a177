"""Graceful shutdown: SIGTERM a real server process mid-load; nothing acknowledged is lost.

The server (shutdown_server.py) is a minimal aiohttp app on adapters/lifecycle.py that acks
each event at once and answers it afterwards, like the Slack HTTP endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from deploy_support import PYTHON, ROOT, clean_env

SERVER = Path(__file__).with_name("shutdown_server.py")


async def start_server(db: Path, work: float, timeout: float) -> tuple[asyncio.subprocess.Process, str]:
    env = clean_env(PYTHONPATH=str(ROOT))
    proc = await asyncio.create_subprocess_exec(
        PYTHON, str(SERVER), str(db), str(work), str(timeout), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
    assert line.startswith("READY"), line
    return proc, f"http://127.0.0.1:{line.split()[1]}/event"


@dataclass
class Load:
    """Events acknowledged so far; `enough` is set once `target` acks arrived."""

    target: int
    acked: set[int] = field(default_factory=set)
    enough: asyncio.Event = field(default_factory=asyncio.Event)

    async def worker(self, url: str, worker: int) -> None:
        """Post events one after another until the server refuses or stops listening."""
        async with aiohttp.ClientSession() as http:
            for i in range(100_000):
                try:
                    async with http.post(url, json={"id": worker * 100_000 + i}) as resp:
                        status = resp.status
                except aiohttp.ClientError:
                    return  # the server stopped listening
                if status != 200:
                    return  # 503: shutting down
                self.acked.add(worker * 100_000 + i)
                if len(self.acked) >= self.target:
                    self.enough.set()


@dataclass
class Outcome:
    code: int | None
    acked_before_signal: set[int]
    acked: set[int]
    answered: set[int]
    logs: list[dict[str, Any]]
    exit_seconds: float


async def sigterm_under_load(db: Path, work: float, timeout: float, workers: int = 8, acks: int = 60) -> Outcome:
    """Load the server from `workers` clients, SIGTERM it after `acks` acks, wait for it to exit."""
    proc, url = await start_server(db, work, timeout)
    load = Load(acks)
    tasks = [asyncio.create_task(load.worker(url, w)) for w in range(workers)]
    await asyncio.wait_for(load.enough.wait(), 30)
    before = set(load.acked)
    proc.send_signal(signal.SIGTERM)
    sent_at = time.monotonic()
    _out, err = await asyncio.wait_for(proc.communicate(), 30)
    exit_seconds = time.monotonic() - sent_at
    await asyncio.gather(*tasks)  # each ends on a refusal or a closed connection
    with contextlib.closing(sqlite3.connect(db)) as conn:
        answered = {row[0] for row in conn.execute("SELECT id FROM answered")}
    logs = [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
    return Outcome(proc.returncode, before, load.acked, answered, logs, exit_seconds)


async def test_sigterm_mid_load_loses_nothing_that_was_acknowledged(tmp_path: Path) -> None:
    run = await sigterm_under_load(tmp_path / "a.db", work=0.5, timeout=20)
    in_flight = next(e["in_flight"] for e in run.logs if "in_flight" in e)
    assert in_flight > 0, "the signal must arrive while answers are still being worked on"
    assert run.acked_before_signal <= run.answered
    assert run.acked - run.answered == set(), "every acknowledged event was answered before exit"
    assert run.answered <= run.acked, "nothing answered that was refused"
    assert run.code == 0
    messages = [e["message"] for e in run.logs]
    assert messages.index("in-flight work finished") < messages.index("database closed")


async def test_shutdown_gives_up_after_the_timeout(tmp_path: Path) -> None:
    run = await sigterm_under_load(tmp_path / "b.db", work=30, timeout=0.5, workers=2, acks=4)
    assert run.code == 3 and run.answered == set()
    abandoned = next(e["abandoned"] for e in run.logs if "abandoned" in e)
    assert abandoned == len(run.acked)
    assert run.exit_seconds < 10, f"exited {run.exit_seconds:.1f}s after SIGTERM, not after the 30 s answers"
    assert "database closed" in [e["message"] for e in run.logs]
