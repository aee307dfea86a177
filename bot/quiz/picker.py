"""Choosing questions: no repeat in a channel until the bank is used up, domains weighted by the
exam mix (among the domains that still have questions to give)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.quiz.question import DOMAINS, Question


def pick(questions: Sequence[Question], used: Mapping[str, int], rng: random.Random) -> Question:
    """A question among the least-used ones, its domain drawn by exam weight."""
    if not questions:
        raise ValueError("the question bank is empty")
    fewest = min(used.get(q.id, 0) for q in questions)
    fresh = [q for q in questions if used.get(q.id, 0) == fewest]
    domains = sorted({q.domain for q in fresh})
    domain = rng.choices(domains, weights=[DOMAINS.get(d, 0.01) for d in domains])[0]
    return rng.choice([q for q in fresh if q.domain == domain])


def in_force(questions: Sequence[Question], when: datetime) -> list[Question]:
    """The questions that may be asked at `when`: every question the bank holds, for now. The
    mock exam and readiness take their questions through here, so a filter by date goes here."""
    return list(questions)
