"""The core's own commands (`validate`, `ask`, `eval`, `bench`); `adapters/cli.py` adds the rest.

Runnable on its own as `python -m bot.cli validate knowledge`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.validate import run_validate


def _default_knowledge() -> Path:
    from bot.config import Settings

    return Settings.from_env().knowledge_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the core's subcommands to the `awstutor` parser."""
    p = sub.add_parser("validate", help="check the knowledge files and print every problem")
    p.add_argument("dir", nargs="?", type=Path, help="knowledge folder (default: the shipped one)")
    p.set_defaults(func=lambda a: run_validate(a.dir or _default_knowledge()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
