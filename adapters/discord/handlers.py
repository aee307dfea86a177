"""What happens on a slash command, a button or a message: translate, check, ask the core, reply.

Each interaction is answered exactly once: the core's reply is sent directly when it comes back
within `DEFER_AFTER` seconds, otherwise the interaction is deferred (Discord allows 3 s) and the
reply follows as the deferred message. Visibility is decided before any deferral: slash-command
answers are ephemeral except `share`. A mention whose answer is personal (`stats`, `quiz`,
`forget me`, ...) is answered by DM with a short note in the channel. No tutoring logic lives here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import discord

from adapters.discord import render, translate
from adapters.lifecycle import InFlight, ShuttingDown
from bot.actions import Ask, decode
from bot.commands import ADMIN_COMMANDS, is_for_channel, is_personal, split_command
from bot.core import SORRY, Core
from bot.logs import click_kind, handled, request_kind
from bot.model import Reply, Request
from bot.ratelimit import RateLimiter, user_key

log = logging.getLogger(__name__)

DEFER_AFTER = 1.5  # seconds; well inside Discord's 3 s window, including the callback's own trip
NOTICE_EVERY = 60.0  # seconds; a flooding person hears "too fast" at most once per window
DM_SENT = Reply(text="That answer is just for you: I sent it to you by DM.")


def slash_for(text: str) -> str:
    """The slash command that answers `text` privately, e.g. `/aws stats`."""
    word, rest = split_command(text)
    if (word, rest.lower()) == ("export", "me"):
        return "/aws my-data"
    word = word or "ask"
    return f"/aws-admin {word}" if word in ADMIN_COMMANDS else f"/aws {word}"


class Handlers:
    """The adapter's listeners, holding their dependencies (no globals).

    Each one is in-flight work (`inflight.track()`): on SIGTERM new interactions are refused
    and those already being answered finish before the bot disconnects.
    """

    def __init__(self, core: Core, limiter: RateLimiter, clock: Callable[[], float] = time.monotonic,
                 defer_after: float = DEFER_AFTER, inflight: InFlight | None = None) -> None:
        self.core = core
        self.limiter = limiter
        self.clock = clock
        self.defer_after = defer_after
        self.inflight = inflight or InFlight()
        self.noticed: dict[str, float] = {}  # rate-limit key -> until when not to repeat the notice

    async def command(self, interaction: discord.Interaction, text: str) -> None:
        """A `/aws` subcommand, given as the text the terminal would take."""
        request = translate.request_of(interaction, text)
        async with self.inflight.track():
            with handled(log, "discord", request_kind(text), "slash") as entry:
                refused = self._limited(request.place.platform, request.user.id)
                if refused is not None:
                    entry.outcome = "rate_limited"
                    await interaction.response.send_message(ephemeral=True, **render.message(refused))
                    return
                public = is_for_channel(text)
                await respond(interaction, self.core.handle(request), self.defer_after, private=not public)

    async def button(self, interaction: discord.Interaction, custom_id: str) -> None:
        """A persistent button: the core's reply goes to the clicker alone."""
        click = translate.click_of(interaction, custom_id)
        async with self.inflight.track():
            with handled(log, "discord", click_kind(custom_id), "click") as entry:
                # "ask about X" runs the tutor like a question does; quiz answers are not questions.
                refused = self._limited(click.place.platform, click.user.id) if isinstance(decode(custom_id), Ask) else None
                if refused is not None:
                    entry.outcome = "rate_limited"
                    await interaction.response.send_message(ephemeral=True, **render.message(refused))
                    return
                await respond(interaction, self.core.click(click), self.defer_after, private=True,
                              redraw=_seen_by_clicker_alone(interaction))

    async def message(self, message: discord.Message, bot_id: int) -> None:
        """A mention or a DM: reply to the message. Other messages are ignored."""
        request = translate.message_request(message, bot_id)
        if request is None:
            return
        try:
            async with self.inflight.track():
                await self._reply(message, request)
        except ShuttingDown:
            log.info("ignored a message: shutting down")

    async def _reply(self, message: discord.Message, request: Request) -> None:
        via = "dm" if request.place.is_dm else "mention"
        with handled(log, "discord", request_kind(request.text), via) as entry:
            refused = self._limited(request.place.platform, request.user.id)
            if refused is not None:
                entry.outcome = "rate_limited"
                await self._notice(message, request, refused)
                return
            reply = await self.core.handle(request)
            if not request.place.is_dm and (reply.personal or is_personal(request.text)):
                reply = await self._by_dm(message, reply, request)
            if not await _send(message.reply(mention_author=False, **render.message(reply)), request):
                entry.outcome = "undeliverable"

    async def _by_dm(self, message: discord.Message, reply: Reply, request: Request) -> Reply:
        """DM a personal answer to the author; the public note to leave in the channel instead."""
        try:
            await message.author.send(**render.message(reply))
        except discord.HTTPException:  # DMs closed to the bot (50007) or blocked
            return Reply(text=f"That answer is just for you, and I can't DM you. Use `{slash_for(request.text)}` "
                              "instead: only you will see its answer.", tone="warning")
        return DM_SENT

    async def _notice(self, message: discord.Message, request: Request, refused: Reply) -> None:
        """Tell a flooding person to slow down, privately and once per `NOTICE_EVERY` (a public
        reply to every refused mention would amplify the flood)."""
        key, now = user_key(request.place.platform, request.user.id), self.clock()
        if self.noticed.get(key, 0.0) > now:
            return
        if len(self.noticed) > self.limiter.max_keys:
            self.noticed = {k: until for k, until in self.noticed.items() if until > now}
        self.noticed[key] = now + NOTICE_EVERY
        await _send(message.author.send(**render.message(refused)), request)

    def _limited(self, platform: str, user_id: str) -> Reply | None:
        """None if the person may go ahead (a token is taken), else the "too fast" reply."""
        return self.limiter.check(platform, user_id, self.clock())


async def _send(sending: Awaitable[object], request: Request) -> bool:
    """Await a message send; False (logged) if Discord refused it."""
    try:
        await sending
    except discord.HTTPException as err:
        # The bot may read a channel it cannot write to (403), or DMs may be closed: nobody to tell.
        log.warning("discord reply failed", extra={"status": err.status, "code": err.code,
                                                   "channel": request.place.channel})
        return False
    return True


def _seen_by_clicker_alone(interaction: discord.Interaction) -> bool:
    """Whether the clicked message is the clicker's own (ephemeral, or in a DM with the bot)."""
    message = interaction.message
    return message is not None and (message.flags.ephemeral or interaction.guild_id is None)


async def respond(interaction: discord.Interaction, work: Awaitable[Reply], defer_after: float,
                  private: bool = True, redraw: bool = False) -> None:
    """Answer `interaction` once with the reply `work` produces, deferring if it is slow.

    `private` is decided before the work runs (a deferral fixes the visibility); a reply the
    core marks private is never shown publicly. With `redraw`, a reply marked `replace` edits
    the clicked message (type 7) instead of adding one."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if task in done:
        reply = task.result()
        if redraw and reply.replace:
            await interaction.response.edit_message(**render.message(reply, edit=True))
            return
        await interaction.response.send_message(ephemeral=private or reply.private, **render.message(reply))
        return
    await interaction.response.defer(ephemeral=private, thinking=True)
    reply = await task
    if reply.private and not private:
        # A public "thinking..." cannot turn private: remove it and answer the person alone.
        await interaction.delete_original_response()
        await interaction.followup.send(ephemeral=True, **render.message(reply))
        return
    await interaction.edit_original_response(**render.message(reply, edit=True))


async def on_error(interaction: discord.Interaction, error: Exception) -> None:
    """The one error hook: log the failure; tell the user generically, never the exception text.

    After a deferral the "thinking..." message is replaced by the generic message."""
    if isinstance(getattr(error, "original", error), ShuttingDown):
        log.info("refused an interaction: shutting down")  # answering would be new work
        return
    log.error("discord interaction failed: %s", type(error).__name__, exc_info=error)
    try:
        if interaction.response.is_done():
            await interaction.edit_original_response(**render.message(SORRY, edit=True))
        else:
            await interaction.response.send_message(ephemeral=True, **render.message(SORRY))
    except discord.HTTPException:  # the user cannot be told; the failure is already logged
        log.warning("could not tell the user about a failure")

