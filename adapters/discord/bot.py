"""The Discord bot: a `commands.Bot` (or `AutoShardedBot`) that gets its dependencies in `__init__`
and does its async set-up in `setup_hook`: persistent buttons, the command groups, a command sync
only when the definitions changed, and the quiz scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from adapters.discord import handlers as handling
from adapters.discord.commands import Names, groups
from adapters.discord.handlers import Handlers
from adapters.discord.views import ITEMS
from bot.model import Poster

log = logging.getLogger(__name__)


class Scheduler(Protocol):
    async def run(self) -> None: ...


SchedulerFactory = Callable[[Poster], Scheduler]


@dataclass(frozen=True)
class Deps:
    """What the bot needs, built by the composition root (`adapters.discord.run`)."""

    handlers: Handlers
    names: Names
    guild_ids: tuple[int, ...] = ()
    scheduler: SchedulerFactory | None = None
    poster: Callable[[discord.Client], Poster] | None = field(default=None)


def intents() -> discord.Intents:
    """Guilds and guild/DM messages, never a privileged intent: mentions and DMs carry their
    text without message content, and asking for an intent the app lacks closes with 4014."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    return wanted


class _AwsMixin:
    """Behaviour shared by the plain and the auto-sharded bot."""

    deps: Deps
    scheduler_task: asyncio.Task[None] | None
    tree: app_commands.CommandTree[Any]

    def _init_aws(self, deps: Deps) -> None:
        self.deps = deps
        self.scheduler_task = None
        self.synced = False

    async def setup_hook(self) -> None:
        """Register buttons and commands, sync if changed, start the scheduler."""
        client: Any = self
        client.add_dynamic_items(*ITEMS)
        for group in groups(self.deps.handlers, self.deps.names):
            self.tree.add_command(group)
        self.tree.on_error = handling.on_error  # type: ignore[method-assign]
        self.synced = await sync_if_changed(self.tree, client.application_id, self.deps.guild_ids)
        if self.deps.scheduler is not None and self.deps.poster is not None:
            scheduler = self.deps.scheduler(self.deps.poster(client))
            self.scheduler_task = asyncio.create_task(scheduler.run(), name="quiz-scheduler")
            self.scheduler_task.add_done_callback(_scheduler_done)

    async def on_message(self, message: discord.Message) -> None:
        """Mentions and DMs go to the core; everything else is ignored."""
        me: Any = self
        if me.user is not None:
            await self.deps.handlers.message(message, me.user.id)

    async def on_button(self, interaction: discord.Interaction, custom_id: str) -> None:
        """Called by the persistent buttons (`adapters.discord.views`)."""
        try:
            await self.deps.handlers.button(interaction, custom_id)
        except Exception as err:  # the same single error path as app commands
            await handling.on_error(interaction, err)

    async def close(self) -> None:
        """Stop the scheduler, then disconnect."""
        if self.scheduler_task is not None:
            self.scheduler_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.scheduler_task
        await super().close()  # type: ignore[misc]


class AwsBot(_AwsMixin, commands.Bot):
    """One gateway connection (fine below ~1,000 guilds)."""

    def __init__(self, deps: Deps, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents(), help_command=None,
                         allowed_mentions=discord.AllowedMentions.none(), **options)
        self._init_aws(deps)


class AwsShardedBot(_AwsMixin, commands.AutoShardedBot):
    """Several shards in one process; `shard_count=None` asks Discord how many."""

    def __init__(self, deps: Deps, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents(), help_command=None,
                         allowed_mentions=discord.AllowedMentions.none(), **options)
        self._init_aws(deps)


def make_bot(deps: Deps, shards: str = "", **options: Any) -> AwsBot | AwsShardedBot:
    """The plain bot, or the auto-sharded one for DISCORD_SHARDS=auto or a number."""
    # A text-only bot: discord.py's start-up warnings about missing voice libraries are noise.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    if not shards:
        return AwsBot(deps, **options)
    count = None if shards == "auto" else int(shards)
    return AwsShardedBot(deps, shard_count=count, **options)


async def sync_if_changed(tree: app_commands.CommandTree[Any], app_id: int | None,
                          guild_ids: tuple[int, ...]) -> bool:
    """Upload the commands (to each test guild, else globally) only if Discord has others.

    Global syncs are rate limited and take a while to reach clients, so an unchanged set is
    never re-sent. Returns True if anything was uploaded."""
    if app_id is None:
        return False
    targets: list[discord.Object | None] = [discord.Object(g) for g in guild_ids] or [None]
    uploaded = False
    for guild in targets:
        if guild is not None:
            tree.copy_global_to(guild=guild)
        local = [c.to_dict(tree) for c in tree.get_commands(guild=guild)]
        http = tree.client.http
        remote = await (http.get_guild_commands(app_id, guild.id) if guild else http.get_global_commands(app_id))
        if fingerprint(local) != fingerprint(remote):
            await tree.sync(guild=guild)
            log.info("discord commands synced", extra={"guild": guild.id if guild else "global"})
            uploaded = True
    return uploaded


_KEYS = frozenset({"name", "description", "type", "options", "required", "choices", "value",
                   "autocomplete", "default_member_permissions", "min_length", "max_length",
                   "contexts", "integration_types", "nsfw", "dm_permission"})
# What Discord fills in on a top-level command that the local payload leaves null: without these
# every start would see a difference and re-upload (spending the command-update rate limit).
_DEFAULTS: dict[str, Any] = {"integration_types": [0], "dm_permission": True, "nsfw": False}


def fingerprint(commands_: Any) -> str:
    """A canonical form of command definitions, ignoring ids and server-side defaults."""
    def norm(obj: Any) -> Any:
        if isinstance(obj, list):
            return sorted((norm(o) for o in obj), key=lambda o: json.dumps(o, sort_keys=True))
        if isinstance(obj, dict):
            kept = {k: norm(v) for k, v in obj.items() if k in _KEYS and v not in (None, False, [], "")}
            if "default_member_permissions" in kept:
                kept["default_member_permissions"] = str(kept["default_member_permissions"])
            return kept
        return obj

    top = [{**_DEFAULTS, **{k: v for k, v in c.items() if v is not None}} for c in commands_]
    return json.dumps(norm(top), sort_keys=True)


def _scheduler_done(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the quiz scheduler stopped", exc_info=task.exception())
