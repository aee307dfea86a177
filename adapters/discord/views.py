"""Persistent buttons: the custom_id carries all the state, so clicks survive restarts.

`QuizButton` matches `quiz:<post or question>:<choice>`, `ConfirmButton` the quiz's fixed
`quiz:forget:confirm`, and `ActionButton` other core action ids (`ask:<text>`). All are registered
once in `setup_hook` with `bot.add_dynamic_items` (`ITEMS`) and hand the click to the bot's
`on_button` (the bot owns the core; these hold nothing). A core button that none of them can carry
is dropped with a warning, never silently.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

import discord

# The last part is an answer (A, AC), a multiple-response toggle (~AC, ~ for none), a mock exam's
# page or a review card's rating (Y/N).
QUIZ_TEMPLATE = r"quiz:(?P<post>[a-z0-9][a-z0-9:-]{0,90}):(?P<choice>~?[A-E]{0,5}|[YN]|\d{1,3})"
CONFIRM_TEMPLATE = r"quiz:forget:confirm"
ACTION_TEMPLATE = r"(?P<action>ask:.{1,96})"
MAX_CUSTOM_ID = 100

log = logging.getLogger(__name__)


class ClickHandler(Protocol):
    async def on_button(self, interaction: discord.Interaction, custom_id: str) -> None: ...


STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}


def _button(label: str, custom_id: str, style: str) -> discord.ui.Button[Any]:
    return discord.ui.Button(label=label[:80] or "?", custom_id=custom_id,
                             style=STYLES.get(style, discord.ButtonStyle.secondary))


async def _dispatch(interaction: discord.Interaction, custom_id: str) -> None:
    client: Any = interaction.client
    handler: ClickHandler = client
    await handler.on_button(interaction, custom_id)


class QuizButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=QUIZ_TEMPLATE):
    """One answer option of a quiz post."""

    def __init__(self, label: str, custom_id: str, style: str = "default") -> None:
        super().__init__(_button(label, custom_id, style))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        """Rebuild the button from the id Discord sent back (works after a restart)."""
        label = getattr(item, "label", None) or match["choice"] or "?"
        return cls(label, match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _dispatch(interaction, self.custom_id)


class ConfirmButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CONFIRM_TEMPLATE):
    """The quiz's "Yes, forget me" confirmation (one fixed id)."""

    def __init__(self, label: str, custom_id: str = CONFIRM_TEMPLATE, style: str = "danger") -> None:
        super().__init__(_button(label, custom_id, style))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ConfirmButton:
        """Rebuild the button from the id Discord sent back."""
        return cls(getattr(item, "label", None) or "?", match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _dispatch(interaction, self.custom_id)


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ACTION_TEMPLATE):
    """A follow-up button such as "ask about X"."""

    def __init__(self, label: str, custom_id: str, style: str = "default") -> None:
        super().__init__(_button(label, custom_id, style))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionButton:
        """Rebuild the button from the id Discord sent back."""
        return cls(getattr(item, "label", None) or "?", match.group(0))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _dispatch(interaction, self.custom_id)


_KINDS: tuple[tuple[str, type[QuizButton | ConfirmButton | ActionButton]], ...] = (
    (QUIZ_TEMPLATE, QuizButton), (CONFIRM_TEMPLATE, ConfirmButton), (ACTION_TEMPLATE, ActionButton),
)
ITEMS = tuple(kind for _template, kind in _KINDS)  # what `setup_hook` registers


def dynamic_button(label: str, action_id: str, style: str) -> discord.ui.Item[Any] | None:
    """The persistent button for a core action id, or None (logged) if Discord could not carry it."""
    if len(action_id) <= MAX_CUSTOM_ID:
        for template, kind in _KINDS:
            if re.fullmatch(template, action_id):
                return kind(label, action_id, style)
    # A dropped button is a feature that silently disappears for users: say which one.
    log.warning("discord dropped a button: no persistent item carries %r (%d characters)",
                action_id[:60], len(action_id))
    return None
