"""Persistent buttons: the custom_id carries all the state, so clicks survive restarts.

One dynamic item, registered once in `setup_hook` with `bot.add_dynamic_items` (`ITEMS`), takes
every id the core's codec (`bot.actions`) reads and hands the click to the bot's `on_button`
(the bot owns the core; the item holds nothing). A core button Discord cannot carry (not an
action id, or over Discord's 100-character limit) is dropped with a warning, never silently.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

import discord

from bot import actions

# Every id the codec writes starts so; the codec decides the rest when the click comes back.
TEMPLATE = r"(?:quiz|ask):.{1,96}"
MAX_CUSTOM_ID = actions.MAX_LENGTH

log = logging.getLogger(__name__)


class ClickHandler(Protocol):
    async def on_button(self, interaction: discord.Interaction, custom_id: str) -> None: ...


STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}


class CoreButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """A button the core made: an answer, a toggle, a note to open, a confirmation."""

    def __init__(self, label: str, custom_id: str, style: str = "default") -> None:
        super().__init__(discord.ui.Button(label=label[:80] or "?", custom_id=custom_id,
                                           style=STYLES.get(style, discord.ButtonStyle.secondary)))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CoreButton:
        """Rebuild the button from the id Discord sent back (works after a restart)."""
        return cls(getattr(item, "label", None) or "?", match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        client: Any = interaction.client
        handler: ClickHandler = client
        await handler.on_button(interaction, self.custom_id)


ITEMS = (CoreButton,)  # what `setup_hook` registers


def dynamic_button(label: str, action_id: str, style: str) -> discord.ui.Item[Any] | None:
    """The persistent button for a core action id, or None (logged) if Discord could not carry it."""
    if len(action_id) <= MAX_CUSTOM_ID and actions.decode(action_id) is not None:
        return CoreButton(label, action_id, style)
    # A dropped button is a feature that silently disappears for users: say which one.
    log.warning("discord dropped a button: no persistent item carries %r (%d characters)",
                action_id[:60], len(action_id))
    return None
