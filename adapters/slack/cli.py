"""`awstutor slack [--http --port N]`: Socket Mode by default, the HTTP endpoint with --http."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from bot.config import ConfigError, Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `slack` to the `awstutor` parser."""
    p = sub.add_parser(
        "slack",
        help="run the Slack bot (Socket Mode; --http for the Events API endpoint)",
        description=(
            "Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN and no public URL. "
            "--http serves /slack/events and /healthz and needs SLACK_BOT_TOKEN and "
            "SLACK_SIGNING_SECRET. See docs/slack.md."
        ),
    )
    p.add_argument("--http", action="store_true", help="serve the HTTP endpoint instead of Socket Mode")
    p.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    p.add_argument("--host", default="0.0.0.0", help="HTTP bind address (default 0.0.0.0)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run the Slack process until SIGINT/SIGTERM; 2 on configuration errors."""
    try:
        settings = Settings.from_env()
        asyncio.run(_run(settings, args))
    except ConfigError as err:
        print(f"awstutor slack cannot start:\n{err}", file=sys.stderr)
        return 2
    return 0


async def _run(settings: Settings, args: argparse.Namespace) -> None:
    from adapters.slack.run import check, serve

    check(settings, args.http)  # before opening storage or touching the network
    from bot.app import build_app

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await serve(settings, build_app, stop, http=args.http, host=args.host, port=args.port)
