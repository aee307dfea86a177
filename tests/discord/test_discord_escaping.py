"""Text a person typed and the bot echoes is shown as typed on Discord: no masked link, markdown or
mention markup of theirs renders, whatever the text (property-based), within Discord's limits."""

from __future__ import annotations

import json
import re

from dchelpers import GUILD, MEMBER, body_of, embeds_of
from hypothesis import given, settings

from adapters.discord import render
from adapters.testing.discord_payloads import slash
from bot.model import Reply
from tests.hostiletext import render_every_hostile_megabyte, replies

PHISH = "[Verify your AWS account](https://evil.example/login)"
CODE_SPAN = re.compile(r"`[^`\n]+`")
MARKUP = ["[", "](", ")", PHISH, "**", "__", "~~", "||", "`", "```", "\\", "<@123456789012345678>", "<@&1>",
          "<#1>", "@everyone", "@here", "\n# ", "\n-# ", "\n> ", "\n- ", "https://a.example/x_y", "\ud800", "\x00"]


def unescaped_link_openers(text: str) -> list[int]:
    """Where a `[` outside a code span is not escaped by an odd run of backslashes."""
    plain = CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    found = []
    for at in (m.start() for m in re.finditer(r"\[", plain)):
        slashes = len(plain[:at]) - len(plain[:at].rstrip("\\"))
        if slashes % 2 == 0:
            found.append(at)
    return found


def assert_safe_and_within_limits(kwargs: dict) -> None:  # type: ignore[type-arg]
    embeds = [e.to_dict() for e in kwargs["embeds"]]
    assert 1 <= len(embeds) <= render.EMBEDS and kwargs["allowed_mentions"].to_dict()["parse"] == []
    total = 0
    for e in embeds:
        fields = e.get("fields", [])
        assert len(fields) <= render.FIELDS
        parts = [(e.get("title", ""), render.TITLE), (e.get("description", ""), render.DESCRIPTION),
                 ((e.get("footer") or {}).get("text", ""), render.FOOTER)]
        parts += [(f["name"], render.FIELD_NAME) for f in fields] + [(f["value"], render.FIELD_VALUE) for f in fields]
        for text, limit in parts:
            assert len(text) <= limit
            assert "@everyone" not in text and "@here" not in text
            total += len(text)
        for text in [e.get("description", "")] + [f["value"] for f in fields]:
            assert unescaped_link_openers(text) == [], f"a masked link could render in {text[:80]!r}"
    assert total <= render.TOTAL
    view = kwargs.get("view")
    components = view.to_components() if view is not None else []
    json.dumps([embeds, components], ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate


async def test_a_shared_masked_link_is_shown_as_typed_not_as_a_link(dc):
    call = await dc.interact(slash(dc.next_id(), "share", {"text": PHISH}, MEMBER, GUILD))
    assert call.data["type"] == 4 and not call.data["data"].get("flags", 0) & 64  # public, as share is
    [embed] = embeds_of(call)
    assert "\\[Verify your AWS account\\]" in embed["description"]
    assert unescaped_link_openers(embed["description"]) == []
    assert body_of(call)["allowed_mentions"]["parse"] == []


def test_escaping_keeps_our_code_spans_and_bare_links() -> None:
    shown = render.escape("Type `help`; see https://docs.aws.amazon.com/a_b/ or **bold** <@123456789012345678>")
    assert shown.startswith("Type `help`; see https://docs.aws.amazon.com/a_b/ or \\*\\*bold\\*\\* \\<@")


def test_every_hostile_megabyte_renders_fast_and_safely() -> None:
    render_every_hostile_megabyte(render.message, assert_safe_and_within_limits)


@settings(max_examples=40, deadline=None)
@given(reply=replies(MARKUP))
def test_any_reply_renders_within_discords_limits_with_no_markup_of_the_users(reply: Reply) -> None:
    assert_safe_and_within_limits(render.message(reply))
