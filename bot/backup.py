"""Online backup and restore of the SQLite database, with sqlite3's backup API.

The backup API copies a consistent snapshot page by page while the bot keeps running (WAL
content included), so no downtime is needed to back up. PostgreSQL has its own tools:
`pg_dump` / `pg_restore` (see docs/deploy.md).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import UserError

PG_HINT = (
    "DATABASE_URL points at PostgreSQL: back up with "
    "`pg_dump --format=custom --file=awstutor.dump \"$DATABASE_URL\"` and restore with "
    "`pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" awstutor.dump` (see docs/deploy.md)."
)


@dataclass(frozen=True)
class Copied:
    """What a backup or restore wrote."""

    path: Path
    pages: int
    bytes: int
    schema_version: int | None
    saved_previous: Path | None = None


def sqlite_path(database_url: str) -> Path:
    """The file behind a sqlite URL; `UserError` for PostgreSQL or in-memory URLs."""
    if database_url.startswith("postgresql"):
        raise UserError(PG_HINT)
    database = database_url.split(":///", 1)[1] if ":///" in database_url else ""
    database = database.split("?", 1)[0]
    if not database or database == ":memory:":
        raise UserError("DATABASE_URL is an in-memory SQLite database: there is nothing to back up.")
    return Path(database)


def backup(database: Path, target: Path, force: bool = False) -> Copied:
    """Copy the live database to `target` (atomically: a temp file renamed into place)."""
    if not database.is_file():
        raise UserError(f"{database}: no database there yet. Check DATABASE_URL, or start the bot once.")
    if target.exists() and not force:
        raise UserError(f"{target} already exists: pick another path or pass --force to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as src, \
            contextlib.closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    _check_file(partial)
    os.replace(partial, target)
    return Copied(target, pages, target.stat().st_size, schema_version(target))


def restore(source: Path, database: Path, force: bool = False) -> Copied:
    """Replace the database with `source`; the previous one is kept next to it.

    Refuses while another process has the database open (the bot, usually) unless `force`.
    """
    if not source.is_file():
        raise UserError(f"{source}: no such backup file.")
    _check_file(source)
    saved: Path | None = None
    if database.exists():
        if not force and in_use(database):
            raise UserError(
                f"{database} is in use (is the bot running?). Stop it first "
                "(`docker compose stop`), or pass --force to restore under it."
            )
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        saved = backup(database, database.with_name(f"{database.name}.before-restore-{stamp}")).path
    database.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(database, timeout=30)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")  # what the bot uses
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    return Copied(database, pages, database.stat().st_size, schema_version(database), saved)


def in_use(database: Path) -> bool:
    """True if another connection holds the database open.

    Every open WAL connection holds a shared lock, and leaving WAL mode needs the database to
    itself, so a switch that fails with "locked" means someone else has it open.
    """
    with contextlib.closing(sqlite3.connect(database, timeout=0)) as conn:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                return False
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                return True
            raise
    return False


def schema_version(database: Path) -> int | None:
    """The newest applied migration, or None if the file has no migration ledger."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.DatabaseError:
            return None
    return int(row[0]) if row and row[0] is not None else None


def _check_file(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as err:
        raise UserError(f"{path} is not a readable SQLite database ({err}).") from None
    if result != "ok":
        raise UserError(f"{path} failed SQLite's integrity check: {result}")
