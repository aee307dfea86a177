"""Any text a person can send gets a reply in bounded time and size: markup floods, control
characters, lone surrogates and 1 MB inputs included (the fixed set is `adapters.testing.hostile`)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings

from adapters.testing.hostile import SIZE, inputs
from bot.commands import split_command, strip_prefix
from bot.core import SORRY, Core
from bot.model import Place, Request, User
from bot.text import MAX_INPUT
from tests.hostiletext import texts

ASKER, PLACE = User("U1", "Ann"), Place("slack", "C1", "T1")
HOSTILE = inputs()
BOUND_S = 0.5  # ten times the bench target: a linear parser is far under it, a quadratic one far over
MARKUP = ["<@U0BOT>", "<@", "<!channel>", "<!here|here>", "<#C1|general>", "@everyone", "@here", "|", ">",
          "[Verify](https://evil.example)", "**", "`", "```", "\\", "/aws ", "aws:", "share ", "quiz",
          "sts", " vs ", "compare ", "\nA. ", "\nB. ", "&amp;", "\x00", "\r", "\u202e", "\u200b", "\ufdfa",
          "\ud800", "\udfff", "\u0301"]
any_text = texts(MARKUP, sizes=(MAX_INPUT + 1, 100_000, SIZE))


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError once `seconds` have passed, even inside a regex match (the `re`
    engine checks for signals), so a quadratic parser fails this test instead of hanging it."""
    def late(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"not done within {seconds} s")

    previous = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_megabyte_of_mention_openers_is_cut_before_it_is_parsed() -> None:
    flood = "<@" * (SIZE // 2)  # 14 s for a third of this before the cut, about 6 minutes for all of it
    for parse in (strip_prefix, split_command):
        with within(BOUND_S):
            parse(flood)


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_every_hostile_megabyte_is_answered_in_bounded_time(core: Core, name: str) -> None:
    text = HOSTILE[name]
    await core.handle(Request(ASKER, PLACE, "sts"))  # warm caches: time the input, not the first call
    with within(BOUND_S):
        reply = await core.handle(Request(ASKER, PLACE, text))
    assert reply is not SORRY and len(reply.plain()) < 20_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=any_text)
@example(text="zzqx \ud800 frobnicate")  # echoed by "I don't know that one": must not carry the surrogate
async def test_any_text_gets_a_bounded_encodable_reply(core: Core, text: str) -> None:
    with within(BOUND_S):
        reply = await core.handle(Request(ASKER, PLACE, text))
    assert reply is not SORRY, "no text may make the core fail"
    shown = reply.plain()
    shown.encode("utf-8")  # raises on a lone surrogate: it could not be sent anywhere
    assert len(shown) < 20_000


@pytest.fixture(scope="module")
def core(tutor) -> Core:  # type: ignore[no-untyped-def]
    return Core(tutor)
