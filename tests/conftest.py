"""Shared fixtures: a `storage` fixture that runs every contract test on SQLite and PostgreSQL.

PostgreSQL: `AWSTUTOR_TEST_DATABASE_URL` (default postgresql://postgres@127.0.0.1:5432/test).
Each test gets its own schema, dropped afterwards. With `CI=true` an unreachable server fails
the tests; elsewhere they are skipped with a reason saying how to enable them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest
import pytest_asyncio

from bot.storage import Storage, open_storage

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Backend:
    """A database for one test: SQLAlchemy URL plus (PostgreSQL) the schema to use."""

    name: str
    url: str
    schema: str | None = None


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


async def _pg(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(dsn), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The reachable PostgreSQL URL, or skip (fail in CI) saying how to enable the tests."""
    url = os.environ.get("AWSTUTOR_TEST_DATABASE_URL", DEFAULT_PG)
    try:
        # A thread of its own: this may be first requested from inside a running event loop.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _pg(url, "SELECT 1")).result()
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as err:
        reason = (
            f"PostgreSQL not reachable at {url} ({err.__class__.__name__}: {err}); set "
            "AWSTUTOR_TEST_DATABASE_URL=postgresql://user@host:port/db to run these tests"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return _sqlalchemy_url(url)


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """A fresh, empty database on each backend; cleaned up afterwards."""
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'awstutor.db'}")
        return
    url = request.getfixturevalue("pg_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    await _pg(url, f'CREATE SCHEMA "{schema}"')
    try:
        yield Backend("postgresql", url, schema)
    finally:
        await _pg(url, f'DROP SCHEMA "{schema}" CASCADE')


@pytest_asyncio.fixture
async def storage(backend: Backend) -> AsyncIterator[Storage]:
    """Migrated storage on the parametrised backend."""
    store = await open_storage(backend.url, schema=backend.schema)
    try:
        yield store
    finally:
        await store.aclose()


# Longest first: the deploy tests start real processes and build the wheel. Handed out first,
# they run while the many short tests fill the other worker, instead of ending the run alone.
_SLOW_FIRST = ("tests/deploy/", "tests/storage/test_kill.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(_SLOW_FIRST))
