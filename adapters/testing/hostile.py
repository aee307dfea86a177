"""Hostile inputs: a fixed set of 1 MB texts of the kinds that make parsers slow or replies unsafe
(mention and link markup, markdown, control characters, lone surrogates, huge words and lines),
and the worst answer time over them. `awstutor bench hostile` reports it; the tests use the set.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

SIZE = 1_000_000  # characters: about what a signed 1 MB Slack form can carry
TARGET_MS = 50.0  # the worst input must be answered within this, at SIZE


def fill(unit: str, size: int = SIZE) -> str:
    """`unit` repeated to exactly `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def inputs(size: int = SIZE) -> dict[str, str]:
    """Name -> hostile text of `size` characters."""
    question = "Which service gives temporary credentials?\nA. AWS STS\nB. Amazon S3\nC. IAM\nD. "
    return {
        "mention openers <@": fill("<@", size),
        "unclosed mention <@U1|": fill("<@U1|", size),
        "leading bot mentions": fill("<@U0BOT> ", size),
        "slack mass mentions": fill("<!channel> <!here> ", size),
        "discord mass mentions": fill("@everyone @here <@&123456789012345678> ", size),
        "masked links": fill("[Verify your AWS account](https://evil.example/login) ", size),
        "link brackets [](": fill("[](", size),
        "backticks": fill("`", size),
        "markdown runs": fill("**__~~||> # -", size),
        "html entities": fill("&amp;&lt;&gt;&", size),
        "one long word": fill("a", size),
        "blank lines": fill("\n", size),
        "spaces": fill(" ", size),
        "command word then flood": "share " + fill("sts vs ", size - 6),
        "prefix flood /aws": fill("/aws ", size),
        "exam options flood": fill("A. x\n", size),
        "pasted question, huge option": question + fill("S3 ", size - len(question)),
        "zero-width characters": fill("\u200b\u200d\ufeff", size),
        "combining marks": "a" + fill("\u0301", size - 1),
        "NFKC expansion": fill("\ufdfa", size),  # one character that NFKC turns into 18
        "control characters": fill("\x00\x1b[31m\r\x7f", size),
        "right-to-left override": fill("\u202e", size),
        "lone surrogates": fill("\ud800x\udfff", size),
    }


@dataclass(frozen=True)
class Timing:
    """The median of a few answers to one input, in milliseconds (the machine may be shared:
    a median is what the input costs, a maximum is mostly what the neighbours did)."""

    name: str
    ms: float


async def measure(answer: Callable[[str], Awaitable[object]], texts: dict[str, str],
                  repeat: int = 5) -> list[Timing]:
    """Time `answer` on each text (after one warm-up answer); slowest input first."""
    await answer("warm up: which service gives temporary credentials?")
    timings = []
    for name, text in texts.items():
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            await answer(text)
            runs.append(time.perf_counter() - started)
        timings.append(Timing(name, round(statistics.median(runs) * 1000, 2)))
    return sorted(timings, key=lambda t: -t.ms)
