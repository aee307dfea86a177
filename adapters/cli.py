"""The `awstutor` command: the composition root that wires the core to each adapter."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from bot import cli as core_cli
from bot.config import ConfigError, Settings
from bot.notes import KnowledgeError


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "knowledge", None):
        settings = replace(settings, knowledge_dir=args.knowledge)
    return settings


def _ensure_data_dir(settings: Settings) -> None:
    """SQLite needs its folder; create ./data on first run so `make run` just works."""
    if settings.database_url.startswith("sqlite") and ":///" in settings.database_url:
        path = Path(settings.database_url.split(":///", 1)[1])
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the terminal conversation, with the quiz on the configured database."""
    from adapters.terminal import Session, TerminalPoster, chat
    from bot.app import build_app

    settings = _settings(args)
    _ensure_data_dir(settings)
    loop = asyncio.new_event_loop()
    try:
        app = loop.run_until_complete(build_app(settings))
        try:
            poster = TerminalPoster(sys.stdout)
            return chat(Session(app.core, app.scheduler(poster), poster), loop)
        finally:
            loop.run_until_complete(app.aclose())
    finally:
        loop.close()


def cmd_quiz_post(args: argparse.Namespace) -> int:
    """`awstutor quiz post --channel NAME`: post today's question in a terminal channel now."""
    from adapters.terminal import TerminalPoster
    from bot.app import build_app
    from bot.errors import UserError
    from bot.storage import ChannelRef

    async def post() -> int:
        app = await build_app(settings)
        try:
            scheduler = app.scheduler(TerminalPoster(sys.stdout))
            await scheduler.post_now(ChannelRef("terminal", "local", args.channel), scheduler.clock())
            return 0
        except UserError as err:
            print(f"awstutor: {err.text}", file=sys.stderr)
            return 1
        finally:
            await app.aclose()

    settings = _settings(args)
    _ensure_data_dir(settings)
    return asyncio.run(post())


def cmd_bench(args: argparse.Namespace) -> int:
    """`awstutor bench [core|quiz]`."""
    if args.target == "quiz":
        from bot.quiz.cli import bench_quiz

        return bench_quiz(args)
    return core_cli.cmd_bench(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awstutor", description="AWS Cloud Practitioner (CLF-C02) study companion."
    )
    parser.add_argument("--knowledge", type=Path, help="knowledge folder (default: AWSTUTOR_KNOWLEDGE or the shipped one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("chat", help="talk to the tutor in this terminal (the default)")
    p.set_defaults(func=cmd_chat)
    core_cli.register(sub)
    p = sub.add_parser("quiz", help="daily quiz tools")
    quiz = p.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    p = quiz.add_parser("post", help="post today's question in a terminal channel now")
    p.add_argument("--channel", required=True, help="channel name, e.g. general")
    p.set_defaults(func=cmd_quiz_post)
    p = sub.add_parser("bench", help="measure speed: the tutor (default) or the quiz storage")
    p.add_argument("target", nargs="?", default="core", choices=["core", "quiz"], help="what to measure")
    core_cli.add_bench_args(p)
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `awstutor` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["chat", *(argv or [])])
    try:
        return int(args.func(args))
    except (ConfigError, KnowledgeError) as err:
        print(f"awstutor: cannot start:\n{err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
