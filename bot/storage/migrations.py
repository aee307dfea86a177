"""Versioned schema migrations, applied in order at start-up.

Each migration runs in its own transaction together with the row recording it, under a lock
(PostgreSQL advisory lock; SQLite `BEGIN IMMEDIATE`), so two processes starting at once apply
each version exactly once. Never edit a released migration: add the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import schema as s
from bot.storage import studyschema

log = logging.getLogger(__name__)

_ADVISORY_KEY = 0x61777374  # "awst": serialises migrations across PostgreSQL clients


def _v1_initial(conn: Connection) -> None:
    s.metadata.create_all(conn, tables=[s.channels, s.posts, s.answers, s.practice, s.reviews])


def _v2_practice_latest(conn: Connection) -> None:
    """The latest practice answer per person and question, filled from the history."""
    s.metadata.create_all(conn, tables=[s.practice_latest])
    p = s.practice
    ranked = select(
        p.c.platform, p.c.user_id, p.c.question_id, p.c.choice, p.c.answered_at,
        func.row_number().over(
            partition_by=(p.c.platform, p.c.user_id, p.c.question_id),
            order_by=(p.c.answered_at.desc(), p.c.id.desc()),
        ).label("rank"),
    ).subquery()
    latest = select(ranked.c.platform, ranked.c.user_id, ranked.c.question_id, ranked.c.choice,
                    ranked.c.answered_at).where(ranked.c.rank == 1)
    conn.execute(s.practice_latest.insert().from_select(
        ["platform", "user_id", "question_id", "choice", "answered_at"], latest))


def _v3_deliveries(conn: Connection) -> None:
    s.metadata.create_all(conn, tables=[s.deliveries])


def _v4_study(conn: Connection) -> None:
    s.metadata.create_all(conn, tables=studyschema.STUDY_TABLES)


def _v5_channel_pools(conn: Connection) -> None:
    s.channel_pools.create(conn)


# In version order. Each version is applied once, on its own, so a gap (a number assigned to work
# not merged yet) is harmless: that migration runs whenever it arrives.
MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial: channels, posts, answers, practice answers, reviews", _v1_initial),
    (2, "practice_latest: one counted practice answer per person, question and window", _v2_practice_latest),
    (3, "deliveries: platform events already answered, shared by replicas", _v3_deliveries),
    (4, "study: mock exams, study plans, mix-ups, weekly digests", _v4_study),
    (5, "channel_pools: shipped, own or both questions per channel", _v5_channel_pools),
]


async def migrate(engine: AsyncEngine) -> list[int]:
    """Apply every migration not applied yet; return the versions applied now."""
    applied_now: list[int] = []
    async with engine.connect() as conn:
        conn = await conn.execution_options(sqlite_immediate=True)
        async with conn.begin():
            await conn.run_sync(_lock_and_create_ledger)
            done = set((await conn.execute(select(s.schema_migrations.c.version))).scalars())
            for version, name, step in MIGRATIONS:
                if version in done:
                    continue
                await conn.run_sync(step)
                await conn.execute(
                    s.schema_migrations.insert().values(
                        version=version, name=name, applied_at=datetime.now(UTC)
                    )
                )
                log.info("applied schema migration %d (%s)", version, name)
                applied_now.append(version)
    return applied_now


def _lock_and_create_ledger(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_KEY})")
    if not inspect(conn).has_table("schema_migrations"):
        s.schema_migrations.create(conn)
