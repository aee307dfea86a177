"""Outbound: a core `Reply` -> Discord embeds and a persistent view, within Discord's limits.

Limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): title
256, description 4,096, 25 fields, field name 256, field value 1,024, footer 2,048, 6,000
characters over all embeds of a message, 10 embeds. Anything longer is cut with a visible marker,
never silently. Every message goes out with mentions disabled, and the text that Discord renders as
markdown (descriptions and field values) is escaped, so text a user typed and the core echoes (a
masked link `[Verify](https://evil.example)`, `**`, `<@id>`) is shown as typed, never as markup.
"""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from adapters.discord.views import dynamic_button
from bot.model import Attachment, Field, Reply
from bot.text import valid

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
TOTAL, EMBEDS, BUTTONS = 6000, 10, 25
MARK = "… (trimmed)"
COLOURS = {"info": 0x232F3E, "success": 0x1E8E3E, "warning": 0xFF9900, "error": 0xD13212}
NO_MENTIONS = discord.AllowedMentions.none()


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, ending in the trim marker when it was longer."""
    if len(text) <= limit:
        return text
    if limit <= len(MARK):
        return text[:max(limit, 0)]
    return text[: limit - len(MARK)] + MARK


def defuse(text: str) -> str:
    """Break `@everyone`/`@here` visually too (allowed_mentions already stops the ping); a lone
    surrogate (a display name can carry one) becomes U+FFFD so the JSON body is valid."""
    return valid(text).replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")


# What stays as written: the core's `code` spans (nothing renders inside one) and bare URLs (a
# backslash inside a URL would break it), which stop at a bracket, `<`, backtick or backslash so
# no markup can ride inside one; the end is discord.py's (no trailing punctuation).
_KEEP = re.compile(r"`[^`\n]+`|(?:https?|steam)://[^\s<>\[\]`\\]*[^\s<>\[\]`\\.,:;\"')]")
_INLINE = re.compile(r"[\\*_~|`\[\]<>]")
_LINE_START = re.compile(r"^([ \t]*)([-#+>])", re.MULTILINE)


def escape(text: str) -> str:
    """Markdown-escape everything but code spans and bare URLs. Linear in the length of `text`:
    `discord.utils.escape_markdown` is not (its link pattern took 1.4 s on 4,096 characters)."""
    out: list[str] = []
    at = 0
    for keep in _KEEP.finditer(text):
        out.append(_escape_plain(text[at:keep.start()]))
        out.append(keep.group())
        at = keep.end()
    out.append(_escape_plain(text[at:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = discord.utils.escape_mentions(text)
    return _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\g<0>", text))


def shown(text: str, limit: int) -> str:
    """Text Discord renders as markdown, escaped and within `limit`. Sliced first (escaping a 1 MB
    text would be wasted work) to one character more than fits, so `cut` still marks a long text."""
    return cut(escape(defuse(text[: limit + 1])), limit)


def message(reply: Reply, *, edit: bool = False) -> dict[str, Any]:
    """Keyword arguments for `send`/`edit`/`send_message`: embeds, view, no mentions.

    `edit=True` always passes `view` so an edit without buttons removes the old ones. A reply's
    attachment goes along as a file (`attachments` when editing: that is what edits take)."""
    kwargs: dict[str, Any] = {"embeds": embeds(reply), "allowed_mentions": NO_MENTIONS}
    built = view(reply)
    if built is not None or edit:
        kwargs["view"] = built
    if reply.attachment is not None:
        kwargs["attachments" if edit else "files"] = [file(reply.attachment)]
    return kwargs


def file(attachment: Attachment) -> discord.File:
    """A fresh upload for `attachment` (a `discord.File` is read once, so never reuse one)."""
    return discord.File(io.BytesIO(attachment.content), filename=attachment.filename)


def embeds(reply: Reply) -> list[discord.Embed]:
    """One embed per reply (the main one, then `extra`), sharing the 6,000-character budget."""
    out: list[discord.Embed] = []
    budget = TOTAL
    parts = [reply, *reply.extra][:EMBEDS]
    for part in parts:
        if budget <= len(MARK) * 4:
            break
        # Keep room for the marker the last embed gets when later parts do not fit.
        embed = _embed(part, budget - len(MARK) - 1)
        budget -= len(embed)
        out.append(embed)
    if len(out) < len(reply.extra) + 1:
        last = out[-1]
        last.set_footer(text=f"{last.footer.text or ''} {MARK}".strip())
    return out


def _embed(reply: Reply, budget: int) -> discord.Embed:
    title = cut(defuse(reply.title), min(TITLE, budget // 2))
    footer = cut(defuse(reply.footer), min(FOOTER, budget // 4))
    fields = [_field(f) for f in reply.fields[:FIELDS]]
    dropped = len(reply.fields) - len(fields)
    reserve = len(title) + len(footer) + 60  # room for the "N more not shown" note
    while fields and reserve + sum(len(n) + len(v) for n, v, _ in fields) > budget:
        fields.pop()
        dropped += 1
    if dropped:
        footer = f"{footer} · {dropped} more not shown {MARK}".strip(" ·")
    embed = discord.Embed(title=title or None, colour=COLOURS.get(reply.tone, COLOURS["info"]),
                          url=reply.url or None)
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    room = max(0, min(DESCRIPTION, budget - len(embed)))
    embed.description = shown(reply.text, room) or None
    return embed


def _field(f: Field) -> tuple[str, str, bool]:
    # Discord rejects empty field names and values; a zero-width space keeps the layout.
    return cut(defuse(f.name), FIELD_NAME) or "\u200b", shown(f.value, FIELD_VALUE) or "\u200b", f.inline


def view(reply: Reply) -> discord.ui.View | None:
    """A persistent view (timeout=None) with one button per core button, or None if none."""
    items = [dynamic_button(valid(b.label[:80]), b.action_id, b.style) for b in reply.buttons[:BUTTONS]]
    kept = [item for item in items if item is not None]
    if not kept:
        return None
    built = discord.ui.View(timeout=None)
    for item in kept:
        built.add_item(item)
    return built

