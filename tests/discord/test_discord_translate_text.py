"""Discord markup is the Discord adapter's to remove: the core only ever sees what the person typed."""

import pytest

from adapters.discord.translate import text_of


@pytest.mark.parametrize(("raw", "typed"), [
    ("<@123> stats", "stats"),
    ("<@!123> @everyone which service gives temporary credentials?", "which service gives temporary credentials?"),
    ("sts vs cognito <@&55> <#77> @here", "sts vs cognito"),
    ("email@here.example stays", "email@here.example stays"),
])
def test_text_of_removes_mention_markup(raw, typed):
    assert " ".join(text_of(raw).split()) == typed
