"""`awstutor bench quiz`: answers/s, fan-out time and storage size (wired in adapters/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from bot.config import Settings


def add_args(p: argparse.ArgumentParser) -> None:
    """The bench's own options (defaults: the figures quoted in the README)."""
    p.add_argument("--answers", type=int, default=5000, help="answers written by the concurrent writers")
    p.add_argument("--channels", type=int, default=1000, help="channels to plan and post a daily question to")
    p.add_argument("--size-answers", type=int, default=100_000, help="answers inserted to measure storage size")
    p.add_argument("--exam-people", type=int, default=200, help="people taking a 65-question mock exam at once")
    p.add_argument("--postgresql-only", action="store_true", help="skip SQLite (needs a PostgreSQL DATABASE_URL)")


def bench_quiz(args: argparse.Namespace) -> int:
    """SQLite always (unless --postgresql-only); PostgreSQL too when DATABASE_URL points at one.
    SIGINT or SIGTERM stops it after cleaning up (exit 130 or 143)."""
    from bot.quiz.bench import bench_quiz as run

    url = Settings.from_env().database_url
    work = run(url if url.startswith("postgresql") else None, answers=args.answers, channels=args.channels,
               size_answers=args.size_answers, sqlite=not args.postgresql_only, exam_people=args.exam_people)
    stopped: list[int] = []
    try:
        results = asyncio.run(_stoppable(work, stopped))
    except (asyncio.CancelledError, KeyboardInterrupt):
        print("bench quiz: interrupted; its temporary database and schema are removed", file=sys.stderr)
        return 128 + (stopped[0] if stopped else signal.SIGINT)
    if getattr(args, "json", False):
        print(json.dumps(results, indent=2))
    return 0


async def _stoppable(work: Coroutine[Any, Any, dict[str, Any]], stopped: list[int]) -> dict[str, Any]:
    """Run `work`; the first SIGTERM or SIGINT cancels it so its `finally` blocks clean up (the
    default SIGTERM would end the process at once and leave a PostgreSQL schema behind)."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()

    def stop(signum: int) -> None:
        stopped.append(signum)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)  # a second signal ends the process the usual way
        task.cancel()

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop, sig)
    return await task
