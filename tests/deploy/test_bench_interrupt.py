"""`awstutor bench quiz` on PostgreSQL, stopped by a real signal mid-run, leaves no schema behind."""

from __future__ import annotations

import asyncio
import signal

import asyncpg  # type: ignore[import-untyped]
import pytest
from deploy_support import PYTHON, ROOT, clean_env


async def _schema_exists(url: str, schema: str) -> bool:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1), timeout=5)
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema))
    finally:
        await conn.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
async def test_an_interrupted_postgresql_bench_drops_its_schema(pg_url: str, sig: signal.Signals) -> None:
    proc = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "adapters.cli", "bench", "quiz", "--postgresql-only", "--answers", "10000000",
        "--channels", "1", "--size-answers", "10", cwd=ROOT, env=clean_env(DATABASE_URL=pg_url),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert "temporary schema" in line, line
        schema = line.split()[-1]
        assert await _schema_exists(pg_url, schema)
        proc.send_signal(sig)  # the writers are busy: 10 million answers take minutes
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 128 + sig, err.decode()
    assert not await _schema_exists(pg_url, schema), "the bench left its schema behind"
    assert "Traceback" not in err.decode() and "interrupted" in err.decode()
