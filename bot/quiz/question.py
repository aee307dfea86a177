"""A validated question and the constants of the bank format (see docs/knowledge-format.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.actions import MAX_QUESTION_ID
from bot.schema import DOMAINS as DOMAINS_BY_ID

DOMAINS: dict[str, float] = {  # CLF-C02 exam weights
    "cloud-concepts": 0.24,
    "security-compliance": 0.30,
    "cloud-technology": 0.34,
    "billing-support": 0.12,
}
DOMAIN_NAMES = DOMAINS_BY_ID  # one list of the exam's domains, in bot/schema.py
DIFFICULTIES = ("easy", "medium", "hard")
LETTERS = "ABCDE"
REQUIRED = ("id", "domain", "tests", "difficulty", "stem", "options", "answer", "explanation",
            "why_not")
OPTIONAL = ("tasks", "answer_notes", "generated", "from", "until", "changed")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = MAX_QUESTION_ID  # its answer buttons' ids fit Discord (bot.actions)
SAYS_TWO = re.compile(r"\btwo\b", re.IGNORECASE)
CHOOSE_TWO = re.compile(r"\b(choose|select|pick)\s+two\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """One validated multiple-choice question."""

    id: str
    domain: str
    tests: tuple[str, ...]
    difficulty: str
    stem: str
    options: tuple[tuple[str, str], ...]
    answer: tuple[str, ...]
    explanation: str
    why_not: dict[str, str] = field(hash=False)
    answer_notes: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # exam-guide task statements tested, like ("3.3",)
    generated: bool = False
    source: str = ""
    start: date | None = None  # `from`: asked from this day on (inclusive)
    end: date | None = None  # `until`: no longer asked from this day on
    changed: str = ""  # with `until`: what changed that day, shown when an older post is revealed

    def in_force(self, day: date) -> bool:
        """Whether the question holds on `day` (the day it is posted or practised)."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(letter for letter, _ in self.options)

    def option(self, letter: str) -> str:
        """The text of option `letter` ('' if there is none)."""
        return dict(self.options).get(letter, "")

    def answered_notes(self) -> tuple[str, ...]:
        """The notes this question has as its answer: `answer_notes`, else `tests`."""
        return self.answer_notes or self.tests
