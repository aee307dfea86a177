"""What happens on a slash command, a button or a message: translate, check, ask the core, reply.

Each interaction is answered exactly once: the core's reply is sent directly when it comes back
within `DEFER_AFTER` seconds, otherwise the interaction is deferred (Discord allows 3 s) and the
reply follows as the deferred message. No tutoring logic lives here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import discord

from adapters.discord import render, translate
from adapters.lifecycle import InFlight, ShuttingDown
from bot.core import SORRY, Core
from bot.logs import click_kind, handled, request_kind
from bot.model import Reply, Request
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

DEFER_AFTER = 1.5  # seconds; well inside Discord's 3 s window, including the callback's own trip


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

    async def command(self, interaction: discord.Interaction, text: str) -> None:
        """A `/aws` subcommand, given as the text the terminal would take."""
        request = translate.request_of(interaction, text)
        async with self.inflight.track():
            with handled(log, "discord", request_kind(text), "slash") as entry:
                if not self._allowed(request):
                    entry.outcome = "rate_limited"
                    await interaction.response.send_message(ephemeral=True, **render.message(self._too_fast(request)))
                    return
                await respond(interaction, self.core.handle(request), self.defer_after)

    async def button(self, interaction: discord.Interaction, custom_id: str) -> None:
        """A persistent button: the core's reply goes to the clicker alone."""
        click = translate.click_of(interaction, custom_id)
        async with self.inflight.track():
            with handled(log, "discord", click_kind(custom_id), "click"):
                await respond(interaction, self.core.click(click), self.defer_after, private=True)

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
            if self._allowed(request):
                reply = await self.core.handle(request)
            else:
                entry.outcome, reply = "rate_limited", self._too_fast(request)
            try:
                await message.reply(mention_author=False, **render.message(reply))
            except discord.HTTPException as err:
                # The bot may read a channel it cannot write to (403): nothing to tell the user there.
                entry.outcome = "undeliverable"
                log.warning("discord reply failed", extra={"status": err.status, "code": err.code,
                                                           "channel": request.place.channel})

    def _allowed(self, request: Request) -> bool:
        return self.limiter.allow(_key(request), self.clock())

    def _too_fast(self, request: Request) -> Reply:
        wait = max(1, round(self.limiter.retry_after(_key(request), self.clock())))
        return Reply(
            text=(f"You're asking faster than I can keep up. Try again in {wait} s "
                  f"(up to {self.limiter.burst} questions at once, {round(self.limiter.rate * 60)} a minute)."),
            tone="warning",
        )


async def respond(interaction: discord.Interaction, work: Awaitable[Reply], defer_after: float,
                  private: bool | None = None) -> None:
    """Answer `interaction` once with the reply `work` produces, deferring if it is slow."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if task in done:
        reply = task.result()
        hidden = reply.private if private is None else private
        await interaction.response.send_message(ephemeral=hidden, **render.message(reply))
        return
    # A deferred reply keeps the visibility chosen now; personal results are the common case.
    await interaction.response.defer(ephemeral=True, thinking=True)
    reply = await task
    await interaction.edit_original_response(**render.message(reply, edit=True))


async def on_error(interaction: discord.Interaction, error: Exception) -> None:
    """The one error hook: log the failure; tell the user generically, never the exception text."""
    if isinstance(getattr(error, "original", error), ShuttingDown):
        log.info("refused an interaction: shutting down")  # answering would be new work
        return
    log.error("discord interaction failed: %s", type(error).__name__, exc_info=error)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=True, **render.message(SORRY))
        else:
            await interaction.response.send_message(ephemeral=True, **render.message(SORRY))
    except discord.HTTPException:  # the user cannot be told; the failure is already logged
        log.warning("could not tell the user about a failure")


def _key(request: Request) -> str:
    return f"{request.place.workspace}:{request.user.id}"
