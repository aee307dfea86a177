"""The mock-exam part of `awstutor bench quiz` runs on both backends (a few people, short exams)."""

from __future__ import annotations

from bot.storage import Storage
from bot.study.bench import mock_exams


async def test_mock_exam_bench_answers_every_question_once(storage: Storage) -> None:
    result = await mock_exams(storage, people=3, size=5)
    assert result["exam_people"] == 3 and result["exam_answers_per_s"] > 0
    assert 0 < result["exam_answer_p50_ms"] <= result["exam_answer_p99_ms"]
    for n in range(3):
        done = await storage.last_exam("bench", f"B{n}")
        assert done is not None and len(done.answers) == 5
