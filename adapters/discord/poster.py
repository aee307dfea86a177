"""`bot.model.Poster` for Discord: the quiz scheduler posts, reveals and notifies through the bot.

discord.py already waits out 429s (it sleeps for `retry_after` and retries, sharing buckets
across the process); what reaches us is mapped to `PostError` reasons the core understands.
"""

from __future__ import annotations

import discord

from adapters.discord import render
from bot.model import Place, PostError, Reply

# Discord JSON error codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
NOT_FOUND_CODES = {10003: "channel_not_found", 10008: "other", 10013: "other"}
FORBIDDEN_CODES = {50001: "forbidden", 50013: "forbidden", 50007: "forbidden"}


def post_error(err: discord.HTTPException | discord.RateLimited, what: str) -> PostError:
    """The stable `PostError` for a discord.py failure (never carries a token or user text)."""
    if isinstance(err, discord.RateLimited):
        return PostError("rate_limited", f"{what}: retry after {err.retry_after:.1f} s")
    if isinstance(err, discord.Forbidden):
        return PostError(FORBIDDEN_CODES.get(err.code, "forbidden"), f"{what}: 403 code {err.code}")
    if isinstance(err, discord.NotFound):
        return PostError(NOT_FOUND_CODES.get(err.code, "channel_not_found"), f"{what}: 404 code {err.code}")
    if err.status == 429:
        return PostError("rate_limited", f"{what}: 429")
    return PostError("other", f"{what}: HTTP {err.status} code {err.code}")


class DiscordPoster:
    """Posts into channels by id through the bot's own HTTP client (shared rate limits)."""

    platform = "discord"  # the scheduler sends reminders and digests of this platform only

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, place: Place, reply: Reply) -> str:
        """Send `reply` to the channel `place.channel`; return the new message id."""
        try:
            channel = await self._channel(place.channel)
            sent = await channel.send(**render.message(reply))
        except (discord.HTTPException, discord.RateLimited) as err:
            raise post_error(err, f"post to {place.channel}") from None
        return str(sent.id)

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        """Edit the message (e.g. the quiz reveal); an edit without buttons removes them."""
        try:
            channel = await self._channel(place.channel)
            await channel.get_partial_message(int(message_id)).edit(**render.message(reply, edit=True))
        except (discord.HTTPException, discord.RateLimited) as err:
            raise post_error(err, f"edit {message_id} in {place.channel}") from None

    async def notify(self, user_id: str, reply: Reply) -> None:
        """DM one person (e.g. the admin who scheduled a post the bot could not make)."""
        try:
            user = self.client.get_user(int(user_id)) or await self.client.fetch_user(int(user_id))
            await user.send(**render.message(reply))
        except (discord.HTTPException, discord.RateLimited) as err:
            raise post_error(err, f"DM {user_id}") from None

    async def _channel(self, channel_id: str) -> discord.TextChannel | discord.Thread | discord.DMChannel:
        if not channel_id.isdigit():
            raise PostError("channel_not_found", f"not a Discord channel id: {channel_id[:30]!r}")
        found = self.client.get_channel(int(channel_id))
        if found is None:
            found = await self.client.fetch_channel(int(channel_id))
        if not isinstance(found, discord.TextChannel | discord.Thread | discord.DMChannel):
            raise PostError("channel_not_found", f"{channel_id} is not a text channel")
        return found
