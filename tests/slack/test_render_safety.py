"""Block Kit from any text: within Slack's limits, no markup of the user's (no pings, no links), no
double escaping of what Slack already escaped, fast on 1 MB (property-based and the hostile set)."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings

from adapters.slack import render
from bot.model import Reply
from tests.hostiletext import render_every_hostile_megabyte, replies

MARKUP = ["<!channel>", "<!here>", "<@U123>", "<#C1|general>", "<https://evil.example|Verify>", "<", ">", "&",
          "&amp;", "&lt;", "&gt;", "&amp;amp;", "*", "_", "~", "`", "\n", "\ud800", "\x00", "@channel"]


def mrkdwn_texts(blocks: list[dict]) -> list[str]:  # type: ignore[type-arg]
    """Every mrkdwn string Slack would parse in the blocks."""
    found = []
    for block in blocks:
        parts = [block.get("text")] + block.get("fields", []) + block.get("elements", [])
        found += [p["text"] for p in parts if isinstance(p, dict) and p.get("type") == "mrkdwn"]
    return found


def assert_safe_and_within_limits(message: dict) -> None:  # type: ignore[type-arg]
    blocks = message["blocks"]
    assert len(blocks) <= render.MESSAGE_BLOCKS and len(message["text"]) <= render.FALLBACK_LIMIT
    for block in blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= render.SECTION_LIMIT
        assert all(len(f["text"]) <= render.FIELD_LIMIT for f in block.get("fields", []))
    for text in [*mrkdwn_texts(blocks), message["text"]]:
        assert "<" not in text and ">" not in text, f"markup in {text[:80]!r}"
        assert not re.search(r"&(?!(?:amp|lt|gt);)", text), "a bare & would start an entity"
    json.dumps(message, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate


def test_text_slack_already_escaped_is_not_escaped_again() -> None:
    # Slack sends "S3 & EC2 <b>" as below; people must see what they typed, not "&amp;".
    shown = render.blocks(Reply(text="S3 &amp; EC2 &lt;b&gt; & <!channel>"))[0]["text"]["text"]
    assert shown == "S3 &amp; EC2 &lt;b&gt; &amp; &lt;!channel&gt;"
    assert render.fallback(Reply(text="R&amp;D")) == "R&amp;D"


def test_every_hostile_megabyte_renders_fast_and_safely() -> None:
    render_every_hostile_megabyte(render.message, assert_safe_and_within_limits)


@settings(max_examples=40, deadline=None)
@given(reply=replies(MARKUP))
def test_any_reply_renders_within_slacks_limits_with_no_markup_of_the_users(reply: Reply) -> None:
    assert_safe_and_within_limits(render.message(reply))
