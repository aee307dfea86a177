"""Choosing questions: only those in force on the day asked, no repeat in a channel until the bank
is used up, domains weighted by the exam mix (among the domains that still have questions to give)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from bot.quiz.question import DOMAINS, Question


def in_force(questions: Sequence[Question], as_of: date) -> list[Question]:
    """The questions that hold on `as_of` (the day of a post, today, or a person's exam day; a
    datetime counts as its date). The mock exam and readiness take their questions through here."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    return [q for q in questions if q.in_force(day)]


def pick(questions: Sequence[Question], used: Mapping[str, int], rng: random.Random,
         as_of: date | None = None) -> Question:
    """A question in force on `as_of` (when given) among the least-used ones, its domain drawn by exam weight."""
    if as_of is not None:
        questions = in_force(questions, as_of)
    if not questions:
        raise ValueError(f"no question in the bank is in force on {as_of}" if as_of else "the question bank is empty")
    fewest = min(used.get(q.id, 0) for q in questions)
    fresh = [q for q in questions if used.get(q.id, 0) == fewest]
    domains = sorted({q.domain for q in fresh})
    domain = rng.choices(domains, weights=[DOMAINS.get(d, 0.01) for d in domains])[0]
    return rng.choice([q for q in fresh if q.domain == domain])


def in_pool(questions: Sequence[Question], group: frozenset[str], pool: str) -> list[Question]:
    """The questions of a channel's pool: "shipped", "own" (the group's layers) or "both"."""
    if pool == "own":
        return [q for q in questions if q.id in group]
    if pool == "shipped":
        return [q for q in questions if q.id not in group]
    return list(questions)
