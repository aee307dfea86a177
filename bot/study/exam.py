"""The mock exam as pure functions: drawing questions the way CLF-C02 mixes them, the clock,
grading and the estimated scaled score. No I/O (the desk in `bot.study.examdesk` does that).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from bot.quiz.question import DOMAINS, Question

FULL_SIZE = 65  # questions on the real exam (50 scored, 15 unscored; all count here)
FULL_TIME = timedelta(minutes=90)
MULTI_SHARE = 0.15  # about this share of an exam's questions are multiple response
PASS_MARK = 700
SCALE_MIN, SCALE_MAX = 100, 1000
# AWS does not publish how raw answers become the scaled score. This estimate puts 70% right on
# the pass mark and maps linearly on either side (0% -> 100, 70% -> 700, 100% -> 1000).
PASS_SHARE = 0.70


def domain_counts(size: int) -> dict[str, int]:
    """How many questions of `size` each domain gets by the exam weights (largest remainder)."""
    exact = {d: size * w for d, w in DOMAINS.items()}
    counts = {d: int(x) for d, x in exact.items()}
    for d in sorted(exact, key=lambda d: exact[d] - counts[d], reverse=True)[: size - sum(counts.values())]:
        counts[d] += 1
    return counts


def draw(pool: Sequence[Question], size: int, recent: Collection[str], rng: random.Random) -> list[Question]:
    """`size` questions by domain weight, about 15% multiple response, questions not seen
    recently first. A domain short of multiple-response questions gives single ones instead; a
    domain short of questions altogether is made up from the others."""
    size = min(size, len(pool))
    chosen: list[Question] = []
    for domain, count in domain_counts(size).items():
        mine = [q for q in pool if q.domain == domain]
        multi = _fresh_first([q for q in mine if len(q.answer) > 1], recent, rng)[: round(count * MULTI_SHARE)]
        single = _fresh_first([q for q in mine if len(q.answer) == 1], recent, rng)[: count - len(multi)]
        picked = multi + single
        rest = _fresh_first([q for q in mine if q not in picked], recent, rng)
        chosen += picked + rest[: count - len(picked)]
    if len(chosen) < size:
        chosen += _fresh_first([q for q in pool if q not in chosen], recent, rng)[: size - len(chosen)]
    rng.shuffle(chosen)
    return chosen


def _fresh_first(questions: list[Question], recent: Collection[str], rng: random.Random) -> list[Question]:
    shuffled = list(questions)
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda q: q.id in recent)  # stable: random order within each part


def time_for(size: int) -> timedelta:
    """The real exam's 90 minutes, scaled to `size` questions (whole minutes, at least one)."""
    return timedelta(minutes=max(1, round(FULL_TIME.total_seconds() / 60 * size / FULL_SIZE)))


def scaled(share: float) -> int:
    """An estimated score on the exam's 100-1000 scale for a share of answers right."""
    share = min(1.0, max(0.0, share))
    if share <= PASS_SHARE:
        value = SCALE_MIN + (PASS_MARK - SCALE_MIN) * share / PASS_SHARE
    else:
        value = PASS_MARK + (SCALE_MAX - PASS_MARK) * (share - PASS_SHARE) / (1 - PASS_SHARE)
    return round(value)


def is_right(question: Question, choice: str) -> bool:
    """All or nothing, as on the exam: every right option and no other."""
    return sorted(choice) == sorted(question.answer)


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly (or not at all: `choice` is '')."""

    number: int  # 1-based position in the exam
    question: Question
    choice: str


@dataclass(frozen=True)
class Grade:
    """An exam's result: right/total overall and per domain, and the misses in exam order."""

    right: int
    total: int
    domains: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: tuple[Miss, ...] = ()

    @property
    def score(self) -> int:
        return scaled(self.right / self.total) if self.total else SCALE_MIN

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


def grade(questions: Sequence[Question], answers: Sequence[str]) -> Grade:
    """Grade `answers` (in order; missing ones count as wrong) against `questions`."""
    domains: dict[str, list[int]] = {}
    misses: list[Miss] = []
    for number, question in enumerate(questions, 1):
        choice = answers[number - 1] if number <= len(answers) else ""
        right = is_right(question, choice)
        tally = domains.setdefault(question.domain, [0, 0])
        tally[0] += int(right)
        tally[1] += 1
        if not right:
            misses.append(Miss(number, question, choice))
    total = len(questions)
    return Grade(total - len(misses), total, {d: (r, n) for d, (r, n) in domains.items()}, tuple(misses))
