"""Readiness: the mock exam score the person's memory state predicts, per domain, from FSRS.

Per domain, first how much of it the person knows: their share right on its questions they
answered, `r`, less what guessing explains (`g`, the chance of a blind guess), `k = (r - g) / (1 - g)`.
Little evidence means little confidence: `r` counts `PRIOR_WEIGHT` more answers at the person's
share right over all domains, and that share counts one more answer at a guess. Then the chance
of answering each question of the domain right today:
- last answered right: FSRS's recall probability for its card now (`R`), except for the part
  of such answers that were lucky guesses, which only a guess repeats:
  `(1 - luck) * R + luck * g` with `luck = (1 - k) * g / (k + (1 - k) * g)`;
- last answered wrong: a guess, `g`;
- never answered: known with chance `k`, else guessed: `k + (1 - k) * g`.
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

PRIOR_WEIGHT = 3.0
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
    chances: dict[str, float] = {}
    domains: dict[str, float] = {}
    answered = [q for q in pool if q.id in last]
    overall = (sum(last[q.id][0] for q in answered) + _mean_guess(pool)) / (len(answered) + 1)
    for domain in DOMAINS:
        mine = [q for q in pool if q.domain == domain]
        if not mine:
            continue
        known = _known_share(mine, last, overall)
        for q in mine:
            chances[q.id] = _chance(q, last.get(q.id), known, recall)
        domains[domain] = sum(chances[q.id] for q in mine) / len(mine)
    weight = sum(DOMAINS[d] for d in domains) or 1.0
    share = sum(DOMAINS[d] * p for d, p in domains.items()) / weight
    seen = {q.id: chances[q.id] for q in pool if q.id in last}
    return Readiness(share, domains, len(seen), len(pool), _topics(pool, seen, topics_of))


def _mean_guess(questions: Sequence[Question]) -> float:
    return sum(guess(q) for q in questions) / len(questions) if questions else 0.25


def _known_share(questions: Sequence[Question], last: Mapping[str, tuple[bool, datetime]], prior: float) -> float:
    """How much of these questions the person knows, from their answers (see the module)."""
    answered = [q for q in questions if q.id in last]
    g = _mean_guess(questions)
    share = (sum(last[q.id][0] for q in answered) + PRIOR_WEIGHT * prior) / (len(answered) + PRIOR_WEIGHT)
    return min(1.0, max(0.0, (share - g) / (1 - g)))


def _chance(q: Question, seen: tuple[bool, datetime] | None, known: float,
            recall: Callable[[str], float | None]) -> float:
    g = guess(q)
    if seen is None:
        return known + (1 - known) * g
    if not seen[0]:
        return g
    memory = recall(q.id)
    luck = (1 - known) * g / (known + (1 - known) * g)
    return (1 - luck) * (RECALL_WITHOUT_CARD if memory is None else memory) + luck * g


def _topics(pool: Sequence[Question], seen: Mapping[str, float],
            topics_of: Callable[[Question], Sequence[str]]) -> dict[str, tuple[float, int]]:
    sums: dict[str, list[float]] = {}
    for q in pool:
        if q.id in seen:
            for note in topics_of(q):
                sums.setdefault(note, []).append(seen[q.id])
    return {note: (sum(v) / len(v), len(v)) for note, v in sums.items()}
