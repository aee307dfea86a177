"""Connection handling shared by the storage parts: read and write transactions, UTC times."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.schema import Table


def utc(value: datetime | None) -> datetime | None:
    """Normalise a stored or given time to aware UTC (SQLite hands back naive UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def must_utc(value: datetime) -> datetime:
    """Like `utc` for values that cannot be None; rejects naive input to catch local-time bugs."""
    if value.tzinfo is None:
        raise ValueError("times passed to storage must be timezone-aware")
    return value.astimezone(UTC)


class StorageBase:
    """Owns the engine. SQLite writes are serialised in-process (SQLite has one writer anyway;
    queueing here is cheaper than its busy-wait); across processes `BEGIN IMMEDIATE` and the busy
    timeout take over. PostgreSQL writes run concurrently and rely on constraints and row locks."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._write_lock = asyncio.Lock() if self.dialect == "sqlite" else None

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn, conn.begin():
            yield conn

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        if self._write_lock is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self._write_lock, self.engine.connect() as conn:
            conn = await conn.execution_options(sqlite_immediate=True)
            async with conn.begin():
                yield conn

    def _insert(self, table: Table) -> Any:
        """A dialect insert that supports `on_conflict_do_nothing/do_update`."""
        module: Any = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
