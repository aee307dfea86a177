"""Readiness: the mock exam score the person's memory state predicts, from FSRS, per domain.

For each question in the bank, the chance the person answers it right today:
- answered, and right the last time: FSRS's recall probability for its card now;
- answered, and wrong the last time: a guess (1 in the number of possible answers);
- never answered: what the person scores on the questions of that domain they did answer,
  pulled towards a guess by `PRIOR_WEIGHT` imaginary guessed questions (little evidence, little
  confidence).
The domain's chance is the mean over its questions; the exam's is the mean of the domains
weighted 24/30/34/12, put on the 100-1000 scale the mock exam uses (`bot.study.exam.scaled`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import comb

from bot.quiz.question import DOMAINS, Question
from bot.study.exam import scaled

PRIOR_WEIGHT = 2.0
RECALL_WITHOUT_CARD = 0.9  # answered right but no card (removed by hand): assume fresh memory


@dataclass(frozen=True)
class Readiness:
    """The predicted share right and score, per domain, and how much of the bank it rests on."""

    share: float
    domains: dict[str, float]
    seen: int
    total: int
    topics: dict[str, tuple[float, int]]  # note id -> (mean chance, questions answered)

    @property
    def score(self) -> int:
        return scaled(self.share)

    def weakest(self, count: int = 3, below: float = 0.85) -> list[str]:
        """The topics (note ids) with the lowest chance among those answered, weakest first."""
        ranked = sorted((chance, -n, note) for note, (chance, n) in self.topics.items() if chance < below)
        return [note for _, _, note in ranked[:count]]


def guess(question: Question) -> float:
    """The chance of a blind guess: 1 in 4 or 5 options, 1 in 6 or 10 pairs."""
    return 1 / comb(len(question.options), len(question.answer))


def readiness(pool: Sequence[Question], last: Mapping[str, tuple[bool, datetime]],
              recall: Callable[[str], float | None], topics_of: Callable[[Question], Sequence[str]]) -> Readiness:
    """Readiness over `pool` from the person's last answers and `recall(question id)` (FSRS's
    probability now, None without a card); `topics_of` says which notes a question counts for."""
    known: dict[str, float] = {}
    for q in pool:
        if q.id in last:
            right = last[q.id][0]
            chance = recall(q.id) if right else None
            known[q.id] = guess(q) if not right else (RECALL_WITHOUT_CARD if chance is None else chance)
    domains: dict[str, float] = {}
    for domain in DOMAINS:
        mine = [q for q in pool if q.domain == domain]
        seen = [known[q.id] for q in mine if q.id in known]
        prior_guess = sum(guess(q) for q in mine) / len(mine) if mine else 0.25
        prior = (sum(seen) + PRIOR_WEIGHT * prior_guess) / (len(seen) + PRIOR_WEIGHT)
        domains[domain] = sum(known.get(q.id, prior) for q in mine) / len(mine) if mine else prior
    share = sum(DOMAINS[d] * p for d, p in domains.items())
    return Readiness(share, domains, len(known), len(pool), _topics(pool, known, topics_of))


def _topics(pool: Sequence[Question], known: Mapping[str, float],
            topics_of: Callable[[Question], Sequence[str]]) -> dict[str, tuple[float, int]]:
    sums: dict[str, list[float]] = {}
    for q in pool:
        if q.id in known:
            for note in topics_of(q):
                sums.setdefault(note, []).append(known[q.id])
    return {note: (sum(v) / len(v), len(v)) for note, v in sums.items()}
