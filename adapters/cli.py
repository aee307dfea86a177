"""The `awstutor` command: the composition root that wires the core to each adapter."""

from __future__ import annotations

import argparse
import sys

from bot import cli as core_cli
from bot.config import ConfigError, Settings
from bot.notes import KnowledgeError


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the terminal conversation."""
    from adapters.terminal import chat
    from bot.core import Core
    from bot.tutor import Tutor

    settings = Settings.from_env()
    tutor = Tutor.load(args.knowledge or settings.knowledge_dir)
    return chat(Core(tutor))


def cmd_bench(args: argparse.Namespace) -> int:
    """`awstutor bench [core|quiz|slack|discord]`."""
    return core_cli.cmd_bench(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awstutor", description="AWS Cloud Practitioner (CLF-C02) study companion."
    )
    parser.add_argument("--knowledge", type=_path, help="knowledge folder (default: AWSTUTOR_KNOWLEDGE or the shipped one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("chat", help="talk to the tutor in this terminal (the default)")
    p.set_defaults(func=cmd_chat)
    core_cli.register(sub)
    p = sub.add_parser("bench", help="measure answering speed, start-up time and memory")
    p.add_argument("target", nargs="?", default="core", choices=["core"], help="what to measure")
    core_cli.add_bench_args(p)
    p.set_defaults(func=cmd_bench)
    return parser


def _path(text: str):  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(text)


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
