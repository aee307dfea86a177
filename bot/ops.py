"""Operations commands: `awstutor doctor`, `backup PATH`, `restore PATH`, `health`.

`register(subparsers, platform_checks=...)` adds them to the `awstutor` parser; the
composition root passes `adapters.doctor.check_platforms` so the core never imports an SDK.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path

from bot.config import SECRET_NAMES, ConfigError, Settings, password_of
from bot.doctor import Check, PlatformChecks, run_checks
from bot.errors import UserError
from bot.logs import RedactSecrets, setup_logging

MARKS = {"ok": "ok  ", "warn": "warn", "fail": "FAIL", "skip": "skip"}


def register(sub: argparse._SubParsersAction, platform_checks: PlatformChecks | None = None) -> None:
    """Add doctor, backup, restore and health to the `awstutor` parser."""
    p = sub.add_parser("doctor", help="check settings, database, knowledge and platform tokens; say what to fix")
    p.set_defaults(func=lambda a: cmd_doctor(a, platform_checks))

    p = sub.add_parser("backup", help="copy the SQLite database to PATH while the bot runs (online backup)")
    p.add_argument("path", type=Path)
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the SQLite database with the backup at PATH")
    p.add_argument("path", type=Path)
    p.add_argument("--force", action="store_true", help="restore even while another process has the database open")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("health", help="exit 0 if the running bot is alive (the container HEALTHCHECK)")
    p.add_argument("--url", help="probe this HTTP URL (e.g. http://127.0.0.1:3000/healthz) instead of the heartbeat")
    p.add_argument("--max-age", type=float, default=60.0, help="heartbeat older than this many seconds is unhealthy")
    p.set_defaults(func=cmd_health)


def cmd_doctor(_args: argparse.Namespace, platform_checks: PlatformChecks | None) -> int:
    """Print one line per check (and what to fix); 1 if any check failed."""
    redact = RedactSecrets(_secrets_of(os.environ)).redact
    with contextlib.suppress(ConfigError):  # reported by the settings check below
        setup_logging(Settings.from_env())
    checks = asyncio.run(run_checks(None, platform_checks))
    print("awstutor doctor")
    for check in checks:
        print(redact(_line(check)))
    failed = [c for c in checks if c.status == "fail"]
    print(f"\n{len(failed)} problem(s) to fix." if failed else "\nAll good.")
    return 1 if failed else 0


def _line(check: Check) -> str:
    line = f"  {MARKS.get(check.status, check.status)}  {check.name:<10} {check.detail}"
    return line + (f"\n{'':18}fix: {check.fix}" if check.fix and check.status != "ok" else "")


def _secrets_of(env: os._Environ[str] | dict[str, str]) -> list[str]:
    try:
        return list(Settings.from_env(env).secret_values())
    except ConfigError:  # a malformed variable elsewhere must not un-hide the tokens
        return [env[name] for name in SECRET_NAMES if env.get(name)] + password_of(env.get("DATABASE_URL", ""))


def cmd_backup(args: argparse.Namespace) -> int:
    """`awstutor backup PATH`."""
    from bot.backup import backup, sqlite_path

    try:
        database = sqlite_path(Settings.from_env().database_url)
        copied = backup(database, args.path, force=args.force)
    except UserError as err:
        print(f"awstutor backup: {err}", file=sys.stderr)
        return 1
    print(f"backed up {database} to {copied.path}: {copied.pages} pages, {copied.bytes} bytes, "
          f"schema version {copied.schema_version}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """`awstutor restore PATH`."""
    from bot.backup import restore, sqlite_path

    try:
        database = sqlite_path(Settings.from_env().database_url)
        copied = restore(args.path, database, force=args.force)
    except UserError as err:
        print(f"awstutor restore: {err}", file=sys.stderr)
        return 1
    print(f"restored {args.path} into {database}: {copied.pages} pages, schema version {copied.schema_version}")
    if copied.saved_previous:
        print(f"the database it replaced is kept at {copied.saved_previous}")
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """0 if the HTTP probe answers 200 or the heartbeat file is fresh; 1 with the reason otherwise."""
    if args.url:
        return _probe(args.url)
    heartbeat = Settings.from_env().heartbeat_file
    if not heartbeat:
        print("unhealthy: HEARTBEAT_FILE is not set and no --url given", file=sys.stderr)
        return 1
    try:
        age = time.time() - Path(heartbeat).stat().st_mtime
    except FileNotFoundError:
        print(f"unhealthy: no heartbeat at {heartbeat} (starting, or stopped)", file=sys.stderr)
        return 1
    if age > args.max_age:
        print(f"unhealthy: last heartbeat {age:.0f}s ago (event loop stuck?)", file=sys.stderr)
        return 1
    return 0


def _probe(url: str) -> int:
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=5) as resp:  # noqa: S310 - a local probe URL from the operator
            ok = resp.status == 200
    except OSError as err:
        print(f"unhealthy: {url}: {err}", file=sys.stderr)
        return 1
    return 0 if ok else 1


def main(argv: list[str] | None = None, platform_checks: PlatformChecks | None = None) -> int:
    """Run one operations command (for `python -m adapters.doctor ...` before CLI wiring)."""
    parser = argparse.ArgumentParser(prog="awstutor")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub, platform_checks)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as err:
        print(f"awstutor: cannot start:\n{err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
