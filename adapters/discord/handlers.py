"""What happens on a slash command, a button or a message: translate, ask the request pipeline
(rate limit, admin check and visibility are decided there, bot/pipeline.py), render, reply.

Each interaction is answered exactly once: the reply is sent directly when it comes back within
`DEFER_AFTER` seconds, otherwise the interaction is deferred (Discord allows 3 s) and the reply
follows as the deferred message; a deferral fixes the visibility the pipeline planned. A mention
whose reply is private is answered by DM with a short note in the channel. No tutoring logic and
no policy lives here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import discord

from adapters.discord import render, translate
from adapters.lifecycle import InFlight, ShuttingDown
from bot.commands import ADMIN_COMMANDS, split_command
from bot.core import SORRY
from bot.logs import Handled, click_kind, handled, request_kind
from bot.model import Reply, Request
from bot.pipeline import Pipeline, planned

log = logging.getLogger(__name__)

DEFER_AFTER = 1.5  # seconds; well inside Discord's 3 s window, including the callback's own trip
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

    def __init__(self, pipeline: Pipeline, defer_after: float = DEFER_AFTER,
                 inflight: InFlight | None = None) -> None:
        self.pipeline = pipeline
        self.defer_after = defer_after
        self.inflight = inflight or InFlight()

    async def command(self, interaction: discord.Interaction, text: str) -> None:
        """A `/aws` subcommand, given as the text the terminal would take."""
        request = translate.request_of(interaction, text)
        async with self.inflight.track():
            with handled(log, "discord", request_kind(text), "slash") as entry:
                await respond(interaction, self._answer(self.pipeline.handle(request), entry), self.defer_after,
                              private=planned(request) == "private")

    async def button(self, interaction: discord.Interaction, custom_id: str) -> None:
        """A persistent button: the reply goes to the clicker alone."""
        click = translate.click_of(interaction, custom_id)
        async with self.inflight.track():
            with handled(log, "discord", click_kind(custom_id), "click") as entry:
                await respond(interaction, self._answer(self.pipeline.click(click), entry), self.defer_after,
                              private=True, redraw=_seen_by_clicker_alone(interaction))

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
            reply = await self._answer(self.pipeline.handle(request), entry)
            if reply.visibility == "nobody":
                return
            if reply.visibility == "private":
                if reply.outcome == "rate_limited":  # a notice: by DM alone, no note in the channel
                    await _send(message.author.send(**render.message(reply)), request)
                    return
                reply = await self._by_dm(message, reply, request)
            if not await _send(message.reply(mention_author=False, **render.message(reply)), request):
                entry.outcome = "undeliverable"

    @staticmethod
    async def _answer(work: Awaitable[Reply], entry: Handled) -> Reply:
        reply = await work
        entry.outcome = reply.outcome
        return reply

    async def _by_dm(self, message: discord.Message, reply: Reply, request: Request) -> Reply:
        """DM a private answer to the author; the public note to leave in the channel instead."""
        try:
            await message.author.send(**render.message(reply))
        except discord.HTTPException:  # DMs closed to the bot (50007) or blocked
            return Reply(text=f"That answer is just for you, and I can't DM you. Use `{slash_for(request.text)}` "
                              "instead: only you will see its answer.", tone="warning")
        return DM_SENT


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

    `private` is promised before the work runs (a deferral fixes the visibility); a reply the
    pipeline did not make public is never shown publicly. With `redraw`, a reply marked `replace` edits
    the clicked message (type 7) instead of adding one."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if task in done:
        reply = task.result()
        if redraw and reply.replace:
            await interaction.response.edit_message(**render.message(reply, edit=True))
            return
        await interaction.response.send_message(ephemeral=private or reply.visibility != "channel",
                                                **render.message(reply))
        return
    await interaction.response.defer(ephemeral=private, thinking=True)
    reply = await task
    if reply.visibility != "channel" and not private:
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

