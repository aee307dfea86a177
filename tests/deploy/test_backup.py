"""`awstutor backup` / `restore` on a real, migrated SQLite database, as subprocesses."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from deploy_support import clean_env, run_ops

from bot.storage import open_storage
from bot.storage.migrations import MIGRATIONS


@pytest.fixture
async def database(tmp_path: Path) -> Path:
    """A database migrated by the real storage code, with three channels in it."""
    path = tmp_path / "data" / "awstutor.db"
    storage = await open_storage(f"sqlite+aiosqlite:///{path}")
    await storage.aclose()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for name in ("C1", "C2", "C3"):
            conn.execute("INSERT INTO channels (platform, workspace, channel, enabled) VALUES ('slack', 'T1', ?, 1)",
                         (name,))
    return path


def channels(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT channel FROM channels ORDER BY channel")]


def env(database: Path) -> dict[str, str]:
    return clean_env(DATABASE_URL=f"sqlite+aiosqlite:///{database}")


async def test_backup_while_the_bot_writes_then_restore_after_it_stopped(database: Path, tmp_path: Path) -> None:
    bot = sqlite3.connect(database)  # the running bot: WAL mode, a committed write not yet checkpointed
    bot.execute("INSERT INTO channels (platform, workspace, channel, enabled) VALUES ('slack', 'T1', 'C4', 1)")
    bot.commit()
    backup = tmp_path / "backups" / "monday.db"

    ran = await run_ops("backup", str(backup), env=env(database))
    assert ran.code == 0, ran.output
    assert f"schema version {MIGRATIONS[-1][0]}" in ran.stdout
    assert channels(backup) == ["C1", "C2", "C3", "C4"]  # the WAL content is in the copy
    assert not Path(f"{backup}-wal").exists(), "a backup is one self-contained file"

    bot.execute("DELETE FROM channels WHERE channel IN ('C1', 'C2')")  # a mistake to undo
    bot.commit()
    refused = await run_ops("restore", str(backup), env=env(database))
    assert refused.code == 1 and "is in use (is the bot running?)" in refused.stderr
    assert channels(database) == ["C3", "C4"]

    bot.close()
    ran = await run_ops("restore", str(backup), env=env(database))
    assert ran.code == 0, ran.output
    assert channels(database) == ["C1", "C2", "C3", "C4"]
    kept = list(database.parent.glob("awstutor.db.before-restore-*"))
    assert len(kept) == 1 and channels(kept[0]) == ["C3", "C4"]
    assert f"kept at {kept[0]}" in ran.stdout


async def test_restore_with_force_replaces_a_database_in_use(database: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    assert (await run_ops("backup", str(backup), env=env(database))).code == 0
    with contextlib.closing(sqlite3.connect(database)) as bot:
        bot.execute("DELETE FROM channels")
        bot.commit()
        ran = await run_ops("restore", "--force", str(backup), env=env(database))
        assert ran.code == 0, ran.output
        assert [r[0] for r in bot.execute("SELECT channel FROM channels ORDER BY 1")] == ["C1", "C2", "C3"]


async def test_backup_refuses_to_overwrite_and_restore_refuses_a_bad_file(database: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.db"
    existing.write_text("keep me")
    ran = await run_ops("backup", str(existing), env=env(database))
    assert ran.code == 1 and "already exists: pick another path or pass --force" in ran.stderr
    assert existing.read_text() == "keep me"
    ran = await run_ops("restore", str(existing), env=env(database))
    assert ran.code == 1 and "is not a readable SQLite database" in ran.stderr
    assert channels(database) == ["C1", "C2", "C3"]


async def test_postgres_users_are_pointed_at_pg_dump(tmp_path: Path) -> None:
    ran = await run_ops("backup", str(tmp_path / "x.db"),
                        env=clean_env(DATABASE_URL="postgresql://u:test-pw-7788@db/awstutor"))
    assert ran.code == 1 and "pg_dump --format=custom" in ran.stderr
    assert "test-pw-7788" not in ran.output
