"""`awstutor doctor` checks: settings, database and migrations, knowledge; platforms are injected.

Each check returns `Check`s that say what is wrong and what to do about it. Nothing here
changes anything: no migrations are applied and no database file is created.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.config import ConfigError, Settings, variables
from knowledge import shipped_dir

DB_TIMEOUT = 10.0


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report. `status` is ok, warn, fail or skip."""

    name: str
    status: str
    detail: str
    fix: str = ""


PlatformChecks = Callable[[Settings], Awaitable[list[Check]]]


def check_settings(env: Mapping[str, str] | None = None) -> tuple[Settings | None, list[Check]]:
    """Build the settings; one failing check per malformed variable."""
    try:
        settings = Settings.from_env(env)
    except ConfigError as err:
        return None, [Check("settings", "fail", p, "fix the variable in .env (see .env.example)") for p in err.problems]
    platforms = [
        name for name, needed in (
            ("Slack Socket Mode", ("slack_bot_token", "slack_app_token")),
            ("Slack HTTP", ("slack_bot_token", "slack_signing_secret")),
            ("Discord", ("discord_token",)),
        ) if all(getattr(settings, n) for n in needed)
    ]
    detail = (
        f"{len(variables())} variables known; database {settings.database_display}; "
        f"ready for: {', '.join(platforms) or 'the terminal only (no platform tokens set)'}"
    )
    later = [Check("settings", "fail", p, f"fix the variable in .env before starting {group.capitalize()}")
             for group, problems in sorted(settings.adapter_problems.items()) for p in problems]
    return settings, [Check("settings", "ok", detail), *later]


async def check_database(settings: Settings) -> Check:
    """Connect, read the migration ledger and compare it with this version's migrations."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from bot.storage.migrations import MIGRATIONS

    url = settings.database_url
    if url.startswith("sqlite"):
        missing = _missing_sqlite(url)
        if missing:
            return missing
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with asyncio.timeout(DB_TIMEOUT), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            try:
                rows = await conn.execute(text("SELECT version FROM schema_migrations"))
                applied = {int(v) for v in rows.scalars()}
            except Exception:  # no ledger yet: a fresh database
                applied = set()
    except Exception as err:
        return Check("database", "fail", f"cannot reach {settings.database_display}: {_reason(err)}",
                     "check DATABASE_URL, that the database is up, and the network between them")
    finally:
        await engine.dispose()
    return _compare_migrations(settings, applied, {v for v, _name, _step in MIGRATIONS})


def _compare_migrations(settings: Settings, applied: set[int], known: set[int]) -> Check:
    unknown = applied - known
    if unknown:
        return Check("database", "fail",
                     f"the database has migrations this version does not know: {sorted(unknown)}",
                     "run the newer awstutor image that wrote them (downgrades are not supported)")
    pending = sorted(known - applied)
    if pending:
        return Check("database", "warn", f"reachable; {len(pending)} migration(s) pending: {pending}",
                     "nothing to do: they are applied at start-up")
    return Check("database", "ok", f"reachable ({settings.database_display}); schema at version {max(known)}")


def _missing_sqlite(url: str) -> Check | None:
    from bot.backup import sqlite_path

    path = sqlite_path(url)
    if path.exists():
        return None
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
    if not folder.is_dir() or not _writable(folder):
        return Check("database", "fail", f"{path} does not exist and {folder} is not writable",
                     "mount a writable volume there or point DATABASE_URL elsewhere")
    return Check("database", "warn", f"{path} does not exist yet", "nothing to do: it is created at start-up")


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def check_knowledge(settings: Settings) -> Check:
    """Validate the notes and the quiz bank in AWSTUTOR_KNOWLEDGE."""
    from bot.validate import validate

    missing = [folder for folder in settings.knowledge if not folder.is_dir()]
    if missing:
        fix = "set AWSTUTOR_KNOWLEDGE to folders with notes/ (and quiz/), e.g. shipped:/data/our-notes"
        if missing[0] == shipped_dir():  # not something the person chose: nothing to unset or change
            fix = "the shipped knowledge is missing from this installation: reinstall awstutor"
        return Check("knowledge", "fail", f"{missing[0]} is not a folder", fix)
    errors = validate(settings.knowledge)
    spec = ":".join(str(folder) for folder in settings.knowledge)
    if errors:
        shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        return Check("knowledge", "fail", f"{len(errors)} problem(s): {shown}",
                     f"run `awstutor validate {spec}` for the full list")
    notes = sum(len(list((folder / "notes").glob("*.yaml"))) for folder in settings.knowledge)
    quiz = sum(len(list((folder / "quiz").glob("*.yaml"))) for folder in settings.knowledge)
    return Check("knowledge", "ok", f"{spec}: {notes} note files, {quiz} quiz files, no problems")


async def run_checks(env: Mapping[str, str] | None, platforms: PlatformChecks | None) -> list[Check]:
    """Every check, in order; later checks are skipped when the settings are unusable."""
    settings, checks = check_settings(env)
    if settings is None:
        return checks
    checks.append(await check_database(settings))
    checks.append(check_knowledge(settings))
    if platforms is not None:
        checks.extend(await platforms(settings))
    return list(dict.fromkeys(checks))  # two tokens failing the same way (Slack unreachable) say it once


def _reason(err: BaseException) -> str:
    if isinstance(err, TimeoutError):
        return f"no answer within {DB_TIMEOUT:.0f}s"
    return f"{type(err).__name__}: {err}".strip().splitlines()[0][:300]
