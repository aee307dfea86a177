"""Engine creation for both backends.

SQLite: WAL journal, a busy timeout, foreign keys on, and transactions begun by us (the
driver's implicit BEGIN is switched off) so write transactions can be `BEGIN IMMEDIATE`: the
write lock is taken up front instead of failing on an upgrade from a read lock.
PostgreSQL: asyncpg, optionally pinned to one schema (tests run each in their own).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# FULL: a committed answer survives power loss, not just a killed process (NORMAL would only
# promise the latter under WAL). `awstutor bench quiz` shows what it costs.
SQLITE_SYNCHRONOUS = "FULL"
SQLITE_BUSY_MS = 30_000


def make_engine(url: str, schema: str | None = None) -> AsyncEngine:
    """An async engine for `url` (sqlite+aiosqlite:// or postgresql+asyncpg://)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = {}
        if schema:
            connect_args["server_settings"] = {"search_path": schema}
        return create_async_engine(
            url, pool_size=10, max_overflow=10, pool_pre_ping=True, connect_args=connect_args
        )
    raise ValueError(f"unsupported database URL scheme {parsed.drivername!r}: use sqlite or postgresql")


def _sqlite_engine(url: str) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, pool_size=5, max_overflow=0, pool_timeout=120)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
