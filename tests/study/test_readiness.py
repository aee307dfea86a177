"""Readiness against mock exams, with simulated learners: a learner who knows a known share of
each domain (and guesses the rest) practises part of the bank; its readiness must be close to
the mock exam score that knowledge should give, and to what it scores on actual mock exams."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from itertools import combinations

import pytest
from studyterm import START

from bot.model import Click, Place, Request, User
from bot.quiz.question import DOMAINS, Question
from bot.quiz.service import QuizService
from bot.storage import Storage
from bot.study.exam import scaled
from bot.study.ready import guess
from bot.tutor import Tutor

PLACE = Place(platform="slack", channel="D1", workspace="T1", is_dm=True)
PRACTICE = 150  # about half the bank: readiness must extrapolate to the rest
MOCK_EXAMS = 1


@dataclass
class Learner:
    """Knows `knows` for sure and guesses uniformly at everything else."""

    user: User
    knows: set[str]
    rng: random.Random

    def answer(self, q: Question) -> str:
        if q.id in self.knows:
            return "".join(q.answer)
        return "".join(self.rng.choice(list(combinations(q.letters, len(q.answer)))))


def learner(questions: list[Question], shares: dict[str, float], seed: int) -> tuple[Learner, float]:
    """A learner knowing `shares[domain]` of each domain, and the share right it should score."""
    rng = random.Random(seed * 7919)  # not the service's seed: no correlation with its draws
    knows: set[str] = set()
    expected = 0.0
    for domain, weight in DOMAINS.items():
        mine = [q for q in questions if q.domain == domain]
        known = rng.sample(mine, round(shares[domain] * len(mine)))
        knows |= {q.id for q in known}
        expected += weight * sum(1.0 if q.id in knows else guess(q) for q in mine) / len(mine)
    return Learner(User(f"L{seed}"), knows, random.Random(seed + 100)), expected


async def practise(service: QuizService, who: Learner, count: int) -> None:
    for _ in range(count):
        asked = await service.command(Request(who.user, PLACE, "quiz"), "quiz", "")
        qid = asked.buttons[0].action_id.split(":")[2]
        choice = who.answer(service.bank[qid])
        await service.click(Click(who.user, PLACE, f"quiz:p:{qid}:{choice}"))


async def mock_exam(service: QuizService, who: Learner) -> int:
    reply = await service.command(Request(who.user, PLACE, "exam"), "exam", "")
    while not reply.title.startswith("Mock exam result"):
        exam = await service.storage.running_exam(PLACE.platform, who.user.id)
        assert exam is not None
        question = service.bank[exam.questions[exam.position]]
        reply = await service.click(Click(who.user, PLACE, f"quiz:x:{exam.id}:{exam.position}:{who.answer(question)}"))
    return int(re.search(r"result: (\d+)", reply.title)[1])  # type: ignore[index]


@pytest.mark.parametrize(("shares", "seed"), [
    ({"cloud-concepts": 0.9, "security-compliance": 0.8, "cloud-technology": 0.6, "billing-support": 0.5}, 1),
    ({"cloud-concepts": 0.4, "security-compliance": 0.5, "cloud-technology": 0.5, "billing-support": 0.3}, 2),
])
async def test_readiness_predicts_the_mock_exam_score(memory_disk_sqlite: Storage, tutor: Tutor, questions: list[Question],
                                                      shares: dict[str, float], seed: int) -> None:
    service = QuizService(memory_disk_sqlite, questions, clock=lambda: START, rng=random.Random(seed), notes=tutor.notes.entries)
    who, share = learner(questions, shares, seed)
    await practise(service, who, PRACTICE)
    ready = await service.command(Request(who.user, PLACE, "ready"), "ready", "")
    predicted = int(re.search(r"Readiness: (\d+)", ready.title)[1])  # type: ignore[index]
    mocks = [await mock_exam(service, who) for _ in range(MOCK_EXAMS)]
    expected = scaled(share)
    # Within 60 of 900 points: what 150 answers can tell about 322 questions (the learner's sample
    # of each domain is itself off by some points); one 65-question exam varies by about 50.
    assert abs(predicted - expected) <= 60, (predicted, expected, mocks)
    assert abs(sum(mocks) / len(mocks) - expected) <= 100, (predicted, expected, mocks)
    assert (predicted >= 700) == (expected >= 700)  # pass or not, readiness says it right
