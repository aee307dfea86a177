"""`awstutor bench quiz`: answers/s, fan-out time and storage size (wired in adapters/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import json

from bot.config import Settings


def bench_quiz(args: argparse.Namespace) -> int:
    """SQLite always; PostgreSQL too when DATABASE_URL points at one."""
    from bot.quiz.bench import bench_quiz as run

    url = Settings.from_env().database_url
    results = asyncio.run(run(url if url.startswith("postgresql") else None))
    if getattr(args, "json", False):
        print(json.dumps(results, indent=2))
    return 0
