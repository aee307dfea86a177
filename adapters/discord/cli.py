"""`awstutor discord [--invite-url]`: run the Discord bot, or print its invite link."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import ConfigError, Settings

# The least the bot needs: see channels, send, embed (answers are embeds), send in threads,
# read history (to reply to a message). No admin, no manage, no mention-everyone.
PERMISSIONS = {
    "view_channel": 1 << 10,
    "send_messages": 1 << 11,
    "embed_links": 1 << 14,
    "read_message_history": 1 << 16,
    "send_messages_in_threads": 1 << 38,
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add `discord` to the `awstutor` parser."""
    p = sub.add_parser(
        "discord",
        help="run the Discord bot (--invite-url prints the link to add it to a server)",
        description=(
            "Needs DISCORD_TOKEN; DISCORD_GUILD_IDS syncs commands to test servers at once; "
            "DISCORD_SHARDS=auto (or a number) shards large bots. --invite-url needs only "
            "DISCORD_APPLICATION_ID. See docs/discord.md."
        ),
    )
    p.add_argument("--invite-url", action="store_true", help="print the OAuth2 invite URL and exit")
    p.set_defaults(func=main)


def invite_url(application_id: str) -> str:
    """The OAuth2 URL that adds the bot and its slash commands with the minimal permissions."""
    if not application_id.isdigit():
        raise ConfigError([f"DISCORD_APPLICATION_ID must be the numeric application id, got {application_id!r}"])
    bits = sum(PERMISSIONS.values())
    return (f"https://discord.com/oauth2/authorize?client_id={application_id}"
            f"&scope=bot+applications.commands&permissions={bits}")


def main(args: argparse.Namespace) -> int:
    """Print the invite URL, or run until SIGINT/SIGTERM (0 after a graceful stop, 3 if answers
    were still running at SHUTDOWN_TIMEOUT); 2 on configuration errors, a rejected token or a
    privileged intent Discord refused (one line saying what to fix, no traceback)."""
    try:
        settings = Settings.from_env()
        if args.invite_url:
            settings.require("discord_application_id")
            print(invite_url(settings.discord_application_id))
            return 0
        settings.require("discord_token")  # before importing discord.py or touching the network
    except ConfigError as err:
        return _refuse(f"\n{err}")
    return _run(settings)


def _refuse(why: str) -> int:
    print(f"awstutor discord cannot start:{why}", file=sys.stderr)
    return 2


def _run(settings: Settings) -> int:
    import discord

    from adapters.discord.run import serve

    try:
        stopped = asyncio.run(serve(settings))  # SIGTERM/SIGINT: graceful stop (adapters/lifecycle.py)
    except ConfigError as err:  # e.g. the database settings, checked when the app is built
        return _refuse(f"\n{err}")
    except discord.LoginFailure:
        return _refuse(" Discord rejected DISCORD_TOKEN (401). Copy a fresh token from the Developer "
                       "Portal (your application → Bot → Reset Token) into DISCORD_TOKEN.")
    except discord.PrivilegedIntentsRequired:
        return _refuse(" Discord refused a privileged intent (close code 4014). Switch it on in the "
                       "Developer Portal (your application → Bot → Privileged Gateway Intents), or run "
                       "a build that does not ask for it.")
    return stopped.exit_code
