"""Hypothesis strategies for hostile text and replies, shared by the core and renderer tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from adapters.testing.hostile import SIZE, fill, inputs
from bot.model import Button, Field, Reply

# Any code point, with surrogates and control characters drawn far more often than by chance.
ANY_CHAR = st.characters(exclude_categories=()) | st.characters(categories=["Cs", "Cc", "Cf"])


def texts(markup: list[str], sizes: tuple[int, ...] = (5000, SIZE)) -> st.SearchStrategy[str]:
    """Any text, text made of `markup` pieces, or one piece repeated to each of `sizes`."""
    return st.one_of(
        st.text(ANY_CHAR, max_size=300),
        st.lists(st.sampled_from(markup) | st.text(max_size=12), max_size=80).map("".join),
        st.builds(fill, st.sampled_from(markup), st.sampled_from(sizes)),
    )


def replies(markup: list[str]) -> st.SearchStrategy[Reply]:
    """Replies whose every text (title, text, fields, footer, button labels) is hostile."""
    text = texts(markup)
    return st.builds(
        Reply, text=text, title=text, footer=text,
        fields=st.lists(st.builds(Field, name=text, value=text, inline=st.booleans()), max_size=30).map(tuple),
        buttons=st.lists(st.builds(Button, label=text, action_id=st.just("ask:sts")), max_size=3).map(tuple),
    )


def render_every_hostile_megabyte(message: Callable[[Reply], Any], check: Callable[[Any], None],
                                  bound_s: float = 0.5) -> None:
    """Render each fixed hostile input as every part of a reply, within `bound_s`, and `check` it."""
    for name, text in inputs().items():
        started = time.perf_counter()
        rendered = message(Reply(title=text, text=text, footer=text, fields=(Field(text, text),)))
        assert time.perf_counter() - started < bound_s, name
        check(rendered)
