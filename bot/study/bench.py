"""`awstutor bench quiz`, mock exams: many people taking a mock exam at once, each answering
through the real exam desk (answer, review card, mix-ups); answers per second and latency."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime

from bot.actions import Answer, ExamStep, encode
from bot.model import Click, Place, Request, User
from bot.quiz.question import DOMAINS, Question
from bot.quiz.review import Reviewer
from bot.storage import Storage
from bot.study.service import StudyService

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def exam_bank(per_domain: int = 100) -> list[Question]:
    """A synthetic bank with every domain and a sixth of it multiple response."""
    out = []
    for domain in DOMAINS:
        for i in range(per_domain):
            multi = i % 6 == 0
            out.append(Question(
                id=f"q-bench-{domain}-{i}", domain=domain, tests=("ec2",), difficulty="easy",
                stem=f"Bench question {i}?" + (" (Choose two.)" if multi else ""),
                options=tuple((c, f"option {c}{i}") for c in "ABCDE"), answer=("A", "B") if multi else ("A",),
                explanation="Because.", why_not={c: "No." for c in ("CDE" if multi else "BCDE")},
            ))
    return out


async def mock_exams(store: Storage, people: int = 200, size: int = 65) -> dict[str, float]:
    """`people` start an exam of `size` at once and answer every question; answers/s and the
    median and p99 latency of one answer (seconds)."""
    clock = [START]
    study = StudyService(store, exam_bank(), {}, Reviewer(), lambda: clock[0], random.Random(1))
    rng = random.Random(2)
    latencies: list[float] = []

    async def take(n: int) -> None:
        user, place = User(f"B{n}"), Place("bench", f"D{n}", is_dm=True)
        await study.exams.command(Request(user, place, "exam"), str(size))
        exam = await store.running_exam("bench", user.id)
        assert exam is not None
        for position, qid in enumerate(exam.questions):
            question = study.bank[qid]
            choice = "".join(question.answer) if rng.random() < 0.7 else question.letters[-1]
            if len(choice) != len(question.answer):
                choice = "CD" if len(question.answer) == 2 else "E"
            began = time.perf_counter()
            step = ExamStep(exam.id, position)
            await study.exams.click(Click(user, place, encode(Answer(step, choice))), step, choice)
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(take(n) for n in range(people)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "exam_answers_per_s": len(latencies) / elapsed,
        "exam_answer_p50_ms": latencies[len(latencies) // 2] * 1000,
        "exam_answer_p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "exam_people": people,
    }

