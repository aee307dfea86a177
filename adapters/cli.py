"""The `awstutor` command: the composition root that wires the core to each adapter."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot import cli as core_cli
from bot.config import ConfigError, Settings
from bot.layers import parse_layers
from bot.notes import KnowledgeError
from bot.quiz.cli import add_args as add_quiz_bench_args
from knowledge import shipped_dir


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "knowledge", None):
        settings = replace(settings, knowledge=parse_layers(args.knowledge, shipped_dir()))
    return settings


def _ensure_data_dir(settings: Settings) -> None:
    """SQLite needs its folder; create ./data on first run so `make run` just works."""
    if settings.database_url.startswith("sqlite") and ":///" in settings.database_url:
        path = Path(settings.database_url.split(":///", 1)[1])
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the terminal conversation, with the quiz on the configured database."""
    from adapters.terminal import Session, TerminalPoster, chat, completion_words
    from bot.app import build_app

    settings = _settings(args)
    _ensure_data_dir(settings)
    loop = asyncio.new_event_loop()
    try:
        app = loop.run_until_complete(build_app(settings))
        try:
            poster = TerminalPoster(sys.stdout)
            words = completion_words(app.tutor.notes.entries.values())
            return chat(Session(app.core, app.scheduler(poster), poster), loop, words=words)
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


def cmd_quiz_check(args: argparse.Namespace) -> int:
    """`awstutor quiz check`: report the bank's shape and coverage; exit 1 on any gap."""
    from bot.validate import run_bank_check

    return run_bank_check(_settings(args).knowledge)


def cmd_bench_quiz(args: argparse.Namespace) -> int:
    from bot.quiz.cli import bench_quiz

    return bench_quiz(args)


def _testing(name: str) -> Any:
    """A bench from adapters.testing, which ships with a checkout but not with the wheel or image."""
    try:
        return importlib.import_module(f"adapters.testing.{name}")
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith("adapters.testing"):
            raise SystemExit("the platform benches come with a checkout of the repository, not with the "
                             "installed package: clone it and run `make bench` there") from None
        raise


def cmd_bench_slack(args: argparse.Namespace) -> int:
    """Slack's own options live with its bench (imported only when asked for: it loads slack-bolt)."""
    bench = _testing("slack_bench")

    parser = argparse.ArgumentParser(prog="awstutor bench slack")
    bench.add_args(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per measurement")
    own = parser.parse_args(args.rest)
    own.knowledge = parse_layers(args.knowledge, shipped_dir()) if args.knowledge else None
    return bench.main(own)


def cmd_bench_discord(args: argparse.Namespace) -> int:
    return int(_testing("discord_bench").main())


def cmd_bench_hostile(args: argparse.Namespace) -> int:
    return int(_testing("hostile_bench").main(args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awstutor", description="AWS Cloud Practitioner (CLF-C02) study companion."
    )
    parser.add_argument("--knowledge", help="knowledge folder or layers, e.g. shipped:DIR (default: AWSTUTOR_KNOWLEDGE or shipped)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("chat", help="talk to the tutor in this terminal (the default)")
    p.set_defaults(func=cmd_chat)
    core_cli.register(sub)
    p = sub.add_parser("quiz", help="daily quiz tools")
    quiz = p.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    p = quiz.add_parser("post", help="post today's question in a terminal channel now")
    p.add_argument("--channel", required=True, help="channel name, e.g. general")
    p.set_defaults(func=cmd_quiz_post)
    p = quiz.add_parser("check", help="the bank's exam-domain mix, multiple-response share, coverage of every "
                                      "exam task and service note, near duplicates (exit 1 on any gap)")
    p.set_defaults(func=cmd_quiz_check)
    _add_bench(sub)
    _add_platforms(sub)
    return parser


def _add_bench(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench", help="measure speed: the tutor (default), or `bench quiz|slack|discord|hostile`",
        description="Without a target: answering latency, start-up time and peak memory of the tutor.",
    )
    core_cli.add_bench_args(bench)
    bench.set_defaults(func=core_cli.cmd_bench)
    targets = bench.add_subparsers(dest="target", metavar="TARGET")
    p = targets.add_parser("quiz", help="answers/s on SQLite (and PostgreSQL via DATABASE_URL), fan-out, storage size")
    p.add_argument("--json", action="store_true")
    add_quiz_bench_args(p)
    p.set_defaults(func=cmd_bench_quiz)
    p = targets.add_parser(
        "slack", add_help=False, help="signed slash commands per second and quiz fan-out, against a fake Slack"
    )
    p.set_defaults(func=cmd_bench_slack)
    p = targets.add_parser("discord", help="button clicks per second through a fake Discord gateway")
    p.set_defaults(func=cmd_bench_discord)
    p = targets.add_parser("hostile", help="worst answer time over hostile 1 MB inputs (markup floods, "
                                          "control characters, surrogates), core and renderers")
    p.add_argument("--size", type=int, default=1_000_000, help="characters per input")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_hostile)


def _add_platforms(sub: argparse._SubParsersAction) -> None:
    """Platform commands register themselves; their SDKs load only when the command runs."""
    from adapters.discord.cli import register as register_discord
    from adapters.slack.cli import register as register_slack
    from bot.ops import register as register_ops

    register_slack(sub)
    register_discord(sub)
    register_ops(sub, platform_checks=_platform_checks)


def _platform_checks(settings: Settings):
    from adapters.doctor import check_platforms

    return check_platforms(settings)


LONG_RUNNING = {"slack", "discord"}
# Optional dependencies by the module that is missing when they are not installed.
EXTRAS = {"slack_bolt": "slack", "slack_sdk": "slack", "discord": "discord", "aiohttp": "slack", "asyncpg": "postgres"}


def _logging(args: argparse.Namespace) -> None:
    """Configured, redacting logs for the bots; the chat and one-shot commands stay quiet."""
    from bot.logs import setup_logging

    try:
        settings = Settings.from_env()
    except ConfigError:
        if args.command != "doctor":
            raise
        settings = Settings()  # the doctor reports the malformed variable as a FAIL line
    if args.command not in LONG_RUNNING:
        settings = replace(settings, log_level="warning")
    setup_logging(settings)


def read_env_file(path: Path = Path(".env")) -> None:
    """Put the variables of `./.env` into the environment, as the docs promise outside Docker too.

    Variables already set win (the shell, Docker's `--env-file`), so `.env` only fills gaps."""
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `awstutor` console script."""
    read_env_file()
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest and getattr(args, "func", None) is not cmd_bench_slack:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest  # the Slack bench's own options (`awstutor bench slack --help` lists them)
    if not getattr(args, "func", None):
        args = parser.parse_args(["chat", *(argv or [])])
    try:
        _logging(args)
        return int(args.func(args))
    except (ConfigError, KnowledgeError) as err:
        print(f"awstutor: cannot start:\n{err}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as err:
        extra = EXTRAS.get((err.name or "").split(".")[0])
        if extra is None:
            raise
        print(f"awstutor: this command needs the {extra} extra: pip install 'awstutor[{extra}]'", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
