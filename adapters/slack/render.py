"""Reply -> Block Kit. Pure: no I/O, no slack_sdk.

Every piece of text is escaped (`&`, `<`, `>`), so `<!channel>` or `<@U123>` typed by a user and
echoed back by the core cannot ping anyone. Slack rejects a whole message that breaks a Block Kit
limit, so long texts are split across sections; past the block limit text sections are dropped
(last first) behind a visible marker, while buttons and context lines are kept.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from bot.model import Button, Field, Reply
from bot.text import valid

log = logging.getLogger(__name__)

Block = dict[str, Any]

SECTION_LIMIT = 3000  # characters of text in one section block
FIELD_LIMIT = 2000  # characters in one section field
FIELDS_PER_SECTION = 10
BUTTONS_PER_ACTIONS = 25
BUTTON_LABEL_LIMIT = 75
ACTION_ID_LIMIT = 255
VALUE_LIMIT = 2000  # a button's value, which carries the full action id
MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100
FALLBACK_LIMIT = 3000  # notification text; Slack allows more but nobody reads it
TRIMMED = "(trimmed)"
_ENTITY_MAX = 5  # len("&amp;")
# Characters of one text read at most: more than a Home tab's 100 sections can show, so anything
# longer is still marked as trimmed, while a 1 MB text costs no more than this to escape and split.
TEXT_READ = HOME_BLOCKS * SECTION_LIMIT + 1
_NON_SPACE = re.compile(r"\S")

_TONE_MARK = {"info": "", "success": ":white_check_mark: ", "warning": ":warning: ", "error": ":x: "}


# An `&` that does not already start one of Slack's three entities. Slack sends user text with
# `&`, `<`, `>` escaped, and the core echoes it as it came: escaping `&amp;` again would show
# people "&amp;" for the "&" they typed.
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")


def escape(text: str) -> str:
    """Escape Slack's three control characters, leaving entities Slack itself wrote as they are;
    everything else is left as written. `<` and `>` are always escaped, so no markup survives;
    a lone surrogate (which Slack's JSON would reject) becomes U+FFFD."""
    return _BARE_AMP.sub("&amp;", valid(text)).replace("<", "&lt;").replace(">", "&gt;")


def blocks(reply: Reply, max_blocks: int = MESSAGE_BLOCKS) -> list[Block]:
    """The reply (and its `extra` replies) as at most `max_blocks` Block Kit blocks."""
    out = _reply_blocks(reply)
    for more in reply.extra:
        out.append({"type": "divider"})
        out.extend(_reply_blocks(more))
    return _fit(out, max_blocks)


def fallback(reply: Reply) -> str:
    """The notification/fallback `text` Slack shows where blocks are not rendered."""
    return _cut(escape(reply.plain()[: FALLBACK_LIMIT + 1]), FALLBACK_LIMIT)[0] or " "


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.update / response_url bodies."""
    return {"text": fallback(reply), "blocks": blocks(reply)}


def home_view(reply: Reply) -> dict[str, Any]:
    """An App Home view built from a reply (Home tabs allow 100 blocks)."""
    return {"type": "home", "blocks": blocks(reply, max_blocks=HOME_BLOCKS)}


def slack_action_id(action_id: str) -> str:
    """The Block Kit action_id for a core action id (Slack allows 255 characters).

    Longer ids are replaced by a stable digest; the full id travels in the button's `value`.
    """
    if len(action_id) <= ACTION_ID_LIMIT:
        return action_id
    return "h:" + hashlib.sha256(action_id.encode()).hexdigest()


def _reply_blocks(reply: Reply) -> list[Block]:
    out: list[Block] = []
    mark = _TONE_MARK.get(reply.tone, "")
    text = escape(reply.text[:TEXT_READ])
    if reply.title:
        title = escape(reply.title[:SECTION_LIMIT])
        out.append(_section(mark + "*" + _marked(title, SECTION_LIMIT - len(mark) - 2) + "*"))
    elif text:
        text = mark + text
    out.extend(_section(part) for part in _split(text, SECTION_LIMIT))
    out.extend(_field_blocks(reply.fields))
    if reply.url:
        out.append(_section(f"<{escape(reply.url)}|Read more>"))
    out.extend(_button_blocks(reply.buttons))
    if reply.footer:
        out.append(_context(_marked(escape(reply.footer[: FIELD_LIMIT + 1]), FIELD_LIMIT)))
    return out


def _field_blocks(fields: tuple[Field, ...]) -> list[Block]:
    out: list[Block] = []
    inline: list[dict[str, str]] = []
    for f in fields:
        text = f"*{escape(f.name[:SECTION_LIMIT])}*\n{escape(f.value[:TEXT_READ])}"
        if f.inline and len(text) <= FIELD_LIMIT:
            inline.append({"type": "mrkdwn", "text": text})
            continue
        out.extend(_section(part) for part in _split(text, SECTION_LIMIT))
    for start in range(0, len(inline), FIELDS_PER_SECTION):
        out.append({"type": "section", "fields": inline[start : start + FIELDS_PER_SECTION]})
    return out


def _fit(out: list[Block], max_blocks: int) -> list[Block]:
    """At most `max_blocks`: drop text sections and dividers from the end, then add the marker
    where the first one was dropped. Buttons (actions) and context lines are what people act on."""
    excess = len(out) - max_blocks + 1  # one place for the marker
    if excess <= 1:
        return out
    droppable = [i for i, b in enumerate(out) if b["type"] in ("section", "divider")]
    if len(droppable) < excess:  # almost all buttons: keep the first ones
        return out[: max_blocks - 1] + [_context(TRIMMED)]
    drop = set(droppable[-excess:])
    kept = [b for i, b in enumerate(out) if i not in drop]
    at = sum(1 for i in range(min(drop)) if i not in drop)
    return kept[:at] + [_context(TRIMMED)] + kept[at:]


def _marked(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending with the marker when it had to be cut."""
    head, rest = _cut(text, limit - len(TRIMMED) - 1) if len(text) > limit else (text, "")
    return f"{head} {TRIMMED}" if rest else head


def _button_blocks(buttons: tuple[Button, ...]) -> list[Block]:
    elements = [_button(b) for b in buttons if _fits(b)]
    return [
        {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS]}
        for start in range(0, len(elements), BUTTONS_PER_ACTIONS)
    ]


def _button(button: Button) -> Block:
    # plain_text is not parsed for mentions, so labels are not escaped (that would show "&lt;").
    label = valid(button.label if len(button.label) <= BUTTON_LABEL_LIMIT else button.label[:72] + "...")
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label or "?", "emoji": True},
        "action_id": slack_action_id(button.action_id),
        "value": button.action_id,
    }
    if button.style != "default":
        element["style"] = button.style
    return element


def _fits(button: Button) -> bool:
    # A cut id would do something else when clicked: leave the button out, and say so in the log.
    if len(button.action_id) <= VALUE_LIMIT:
        return True
    log.warning("dropped a button whose id is too long for Slack",
                extra={"length": len(button.action_id), "label": button.label[:40]})
    return False


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _split(text: str, limit: int) -> list[str]:
    """Split already-escaped text into chunks of at most `limit`, at line or word breaks.
    Walks by offset: copying the rest of the text at each chunk would be quadratic."""
    parts: list[str] = []
    start = 0
    while (found := _NON_SPACE.search(text, start)) is not None:
        end = _cut_at(text, found.start(), limit)
        parts.append(text[found.start():end].rstrip())
        start = end
    return parts


def _cut(text: str, limit: int) -> tuple[str, str]:
    """Return (head, rest) with len(head) <= limit, never cutting inside an `&...;` entity."""
    cut = _cut_at(text, 0, limit)
    return text[:cut].rstrip(), text[cut:].lstrip()


def _cut_at(text: str, start: int, limit: int) -> int:
    """Where a chunk starting at `start` ends: at most `limit` on, at a line or word break in its
    second half if there is one, never inside an `&...;` entity."""
    if len(text) - start <= limit:
        return len(text)
    cut = start + limit
    for sep in ("\n", " "):
        at = text.rfind(sep, start + limit // 2, start + limit)
        if at > 0:
            cut = at
            break
    amp = text.rfind("&", max(start, cut - _ENTITY_MAX + 1), cut)
    if amp > start and ";" not in text[amp:cut]:
        cut = amp
    return cut
