"""`awstutor slack [--http --port N]`: Socket Mode by default, the HTTP endpoint with --http."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import ConfigError, Settings


def register(sub: argparse._SubParsersAction) -> None:
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
    """Run the Slack process until SIGINT/SIGTERM: 0 after a graceful stop, 3 if answers were
    still running at SHUTDOWN_TIMEOUT, 2 on configuration errors."""
    try:
        settings = Settings.from_env()
        return asyncio.run(_run(settings, args))
    except ConfigError as err:
        print(f"awstutor slack cannot start:\n{err}", file=sys.stderr)
        return 2


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.slack.run import check, serve

    check(settings, args.http)  # before opening storage or touching the network
    from bot.app import build_app

    stopped = await serve(settings, build_app, http=args.http, host=args.host, port=args.port)
    return stopped.exit_code
