"""The small, platform-neutral vocabulary that crosses the adapter boundary.

Adapters build `Request` and `Click` from platform events, hand them to `bot.core.Core`,
and render the `Reply` they get back (Block Kit, embeds, terminal text). Nothing here knows
about any chat platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Tone = Literal["info", "success", "warning", "error"]
ButtonStyle = Literal["default", "primary", "danger"]
# How a request reached the bot: a command (slash command, terminal line), a mention or DM, the
# Slack App Home. The request pipeline (bot/pipeline.py) reads it to decide who sees the reply.
Via = Literal["command", "mention", "home"]
# Who sees a reply, decided by the pipeline: the asker alone, the channel, a reply in the thread
# of the message that asked, or nobody (a repeated rate-limit notice to a mention is dropped).
Visibility = Literal["private", "channel", "thread", "nobody"]


@dataclass(frozen=True)
class User:
    """Who acted. `is_admin` is decided by the adapter from the platform's own permissions."""

    id: str
    name: str = ""
    is_admin: bool = False


@dataclass(frozen=True)
class Place:
    """Where it happened. `channel` is the platform's channel (or DM) id."""

    platform: str
    channel: str
    workspace: str = ""
    thread: str | None = None
    is_dm: bool = False


@dataclass(frozen=True)
class Request:
    """A person's text addressed to the bot (slash command, mention, DM or terminal line)."""

    user: User
    place: Place
    text: str
    via: Via = "command"


@dataclass(frozen=True)
class Click:
    """A button press. `action_id` is the id the core put on the `Button`."""

    user: User
    place: Place
    action_id: str


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Button:
    """`toggle`: one option of a multiple-response question; clicking it changes the selection
    (the reply redraws the question), and the question's one non-toggle button submits it."""

    label: str
    action_id: str
    style: ButtonStyle = "default"
    toggle: bool = False


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply (an export). Adapters upload it; the terminal saves it."""

    filename: str  # its extension tells the platform what it is
    content: bytes


@dataclass(frozen=True)
class Reply:
    """What the core answers. `private`: a typed command's reply stays the asker's (False for
    `share`, the leaderboard); `personal`: about the asker alone. The request pipeline turns them
    into `visibility`, which is what adapters render (bot/pipeline.py).

    `replace`: the answer to a click that redraws the clicked message (a toggled selection, the
    next exam question). Adapters replace that message when only the clicker sees it (ephemeral,
    DM, terminal) and send a new private message when it is public (the daily post)."""

    text: str = ""
    title: str = ""
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    private: bool = True
    url: str = ""
    footer: str = ""
    tone: Tone = "info"
    replace: bool = False
    # About the asker alone (their stats, a practice question, a confirmation they pressed by
    # typing "yes"): never shown in a channel, even when the bot was mentioned there.
    personal: bool = False
    visibility: Visibility = "private"  # set by the request pipeline; adapters render it
    outcome: str = "ok"  # for the request log: "rate_limited" when the pipeline refused
    extra: tuple[Reply, ...] = field(default=(), repr=False)
    attachment: Attachment | None = field(default=None, repr=False)

    def plain(self) -> str:
        """The reply as plain text (terminal, logs in tests, `--json` output)."""
        parts = [self.title] if self.title else []
        if self.text:
            parts.append(self.text)
        parts.extend(f"{f.name}: {f.value}" for f in self.fields)
        if self.buttons:
            parts.append("  ".join(f"[{b.label}]" for b in self.buttons))
        if self.url:
            parts.append(self.url)
        if self.footer:
            parts.append(self.footer)
        if self.attachment:
            parts.append(f"[attached: {self.attachment.filename}, {len(self.attachment.content):,} bytes]")
        parts.extend(r.plain() for r in self.extra)
        return "\n".join(parts)


class PostError(Exception):
    """An adapter could not post or edit. `reason` is short and stable ("not_in_channel",
    "forbidden", "channel_not_found", "missing_scope", "rate_limited", "other")."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


class Poster(Protocol):
    """What the quiz scheduler needs from an adapter to post on its own (no request to reply to)."""

    async def post(self, place: Place, reply: Reply) -> str:
        """Post `reply` in `place`; return the platform's message id. Raise `PostError`."""
        ...

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        """Replace the message `message_id` with `reply`. Raise `PostError`."""
        ...

    async def notify(self, user_id: str, reply: Reply) -> None:
        """Tell one person something privately (a DM), e.g. an admin about a failed post."""
        ...
