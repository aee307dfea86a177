"""Inbound: Discord interactions and messages -> the core's `Request` and `Click`.

Pure: reads attributes of discord.py objects, does no I/O. Unknown or foreign input gives None.
"""

from __future__ import annotations

import re
from dataclasses import replace

import discord

from bot.model import Click, Place, Request, User

PLATFORM = "discord"


def place_of(guild_id: int | None, channel_id: int | None) -> Place:
    """Where it happened; DMs have no guild and use the workspace "dm"."""
    return Place(
        platform=PLATFORM,
        workspace=str(guild_id) if guild_id else "dm",
        channel=str(channel_id or ""),
        is_dm=guild_id is None,
    )


def user_of(interaction: discord.Interaction) -> User:
    """The person, an admin when they hold Manage Server in this guild (never in DMs)."""
    who = interaction.user
    admin = interaction.guild_id is not None and interaction.permissions.manage_guild
    return User(id=str(who.id), name=who.display_name, is_admin=bool(admin))


# Discord's markup: <@123> and <@!123> (users, the bot among them), <@&123> (roles), <#123>
# (channels), @everyone and @here. None of it is part of the question; the core never sees it.
_MARKUP = re.compile(r"<(?:@[!&]?|#)\d{1,25}>|(?<!\w)@(?:everyone|here)\b", re.IGNORECASE)


def text_of(raw: str | None) -> str:
    """What the person typed, as the core reads it: mention markup gone."""
    return _MARKUP.sub(" ", raw or "").strip()


def request_of(interaction: discord.Interaction, text: str) -> Request:
    """A slash command as the text the terminal would take (`lookup sts`, `quiz`, ...)."""
    return Request(user=user_of(interaction), place=place_of(interaction.guild_id, interaction.channel_id),
                   text=text_of(text))


def click_of(interaction: discord.Interaction, custom_id: str) -> Click:
    """A button press; the action id says which post or question it answers."""
    return Click(user=user_of(interaction), place=place_of(interaction.guild_id, interaction.channel_id),
                 action_id=custom_id)


def message_request(message: discord.Message, bot_id: int) -> Request | None:
    """A DM, or a guild message that mentions the bot, as a request; anything else is None.

    Mentions and DMs carry their content even without the privileged message-content intent.
    """
    if message.author.bot or message.webhook_id is not None:
        return None
    in_dm = message.guild is None
    if not in_dm and bot_id not in message.raw_mentions:
        return None
    text = text_of(message.content)
    author = message.author
    place = place_of(message.guild.id if message.guild else None, message.channel.id)
    return Request(
        user=User(id=str(author.id), name=author.display_name, is_admin=_admin(author)),
        place=replace(place, thread=thread_of(message, bot_id)),
        text=text, via="mention",
    )


def thread_of(message: discord.Message, bot_id: int) -> str:
    """The conversation a message belongs to, as the core's `Place.thread`: a reply to the bot's
    answer belongs to the question that answer replied to, a reply to anything else (the daily
    question, say) to that message, and a message that replies to nothing starts its own."""
    ref = message.reference
    if ref is None or ref.message_id is None:
        return str(message.id)
    replied = ref.resolved
    if isinstance(replied, discord.Message) and replied.author.id == bot_id and replied.reference is not None \
            and replied.reference.message_id is not None:
        return str(replied.reference.message_id)
    return str(ref.message_id)


def _admin(author: discord.User | discord.Member) -> bool:
    # Message authors carry guild permissions only through the member cache; without the members
    # intent that is partial, so admin commands are meant for the slash commands.
    if isinstance(author, discord.Member):
        return author.guild_permissions.manage_guild
    return False
