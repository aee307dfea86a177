"""`awstutor quiz post --channel NAME` and the `awstutor bench quiz` entry the lead wires."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.config import Settings
from bot.model import Place, Reply
from bot.storage import ChannelRef


class PrintPoster:
    """A Poster for the terminal: prints what would be posted."""

    async def post(self, place: Place, reply: Reply) -> str:
        print(f"[#{place.channel}]\n{reply.plain()}")
        return f"terminal-{place.channel}"

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        print(f"[#{place.channel}, edited]\n{reply.plain()}")

    async def notify(self, user_id: str, reply: Reply) -> None:
        print(f"[to {user_id}]\n{reply.plain()}", file=sys.stderr)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `quiz post --channel NAME`."""
    quiz = subparsers.add_parser("quiz", help="daily quiz tools")
    sub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    post = sub.add_parser("post", help="post today's question in a terminal channel now")
    post.add_argument("--channel", required=True, help="channel name, e.g. general")
    post.set_defaults(func=cmd_quiz_post)


def cmd_quiz_post(args: argparse.Namespace) -> int:
    """Post today's question in the simulated terminal channel `--channel`."""
    return asyncio.run(_post(Settings.from_env(), args.channel))


async def _post(settings: Settings, channel: str) -> int:
    from bot.app import build_app
    from bot.errors import UserError

    app = await build_app(settings)
    try:
        scheduler = app.scheduler(PrintPoster())
        await scheduler.post_now(ChannelRef("terminal", "", channel), scheduler.clock())
        return 0
    except UserError as err:
        print(f"awstutor: {err.text}", file=sys.stderr)
        return 1
    finally:
        await app.aclose()


def bench_quiz(args: argparse.Namespace) -> int:
    """`awstutor bench quiz`: SQLite always; PostgreSQL when DATABASE_URL points at one."""
    from bot.quiz.bench import bench_quiz as run

    url = Settings.from_env().database_url
    results = asyncio.run(run(url if url.startswith("postgresql") else None))
    if getattr(args, "json", False):
        print(json.dumps(results, indent=2))
    return 0
