"""Mock exams: one running exam per person, answered one question at a time.

An answer is taken only for the question the exam is at (`position`), under the row lock, so
a double click or a click on an old message can never answer twice or skip a question. Each
answer is also a practice answer (kind "exam"), so stats and reviews see it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, union_all, update

from bot.storage import schema as s
from bot.storage.base import must_utc, utc
from bot.storage.reviews import Reschedule, ReviewsMixin
from bot.storage.studyrecords import ExamRow, Seen
from bot.storage.studyschema import exams


class ExamsMixin(ReviewsMixin):
    """Storage for mock exams and the per-question history readiness needs."""

    async def start_exam(self, platform: str, user_id: str, questions: list[str], now: datetime,
                         ends_at: datetime) -> tuple[ExamRow, bool]:
        """Start an exam unless one is running; (the running exam, whether it is new)."""
        stmt = self._insert(exams).values(
            platform=platform, user_id=user_id, running=True, status="running",
            questions=json.dumps(questions), answers="[]", started_at=must_utc(now),
            ends_at=must_utc(ends_at),
        ).on_conflict_do_nothing().returning(exams.c.id)
        async with self._write() as conn:
            created = (await conn.execute(stmt)).first() is not None
        row = await self.running_exam(platform, user_id)
        assert row is not None  # inserted now, or the one that was already running
        return row, created

    async def running_exam(self, platform: str, user_id: str) -> ExamRow | None:
        """The person's running exam, if any."""
        return await self._one((exams.c.platform == platform) & (exams.c.user_id == user_id)
                               & exams.c.running.is_(True))

    async def exam(self, exam_id: int) -> ExamRow | None:
        """One exam by id."""
        return await self._one(exams.c.id == exam_id)

    async def last_exam(self, platform: str, user_id: str) -> ExamRow | None:
        """The person's most recent finished exam."""
        return await self._one((exams.c.platform == platform) & (exams.c.user_id == user_id)
                               & (exams.c.status == "done"), newest=True)

    async def answer_exam(self, exam_id: int, position: int, question_id: str, choice: str,
                          correct: bool, now: datetime, next_card: Reschedule | None = None) -> ExamRow | None:
        """Record `choice` for question `position`; None if the exam is not at that question.

        With `next_card` (old card JSON or None -> new card JSON and due time) the question's
        review card moves on in the same transaction: one write per answer, under load too."""
        async with self._write() as conn:
            row = (await conn.execute(
                select(exams).where(exams.c.id == exam_id).with_for_update()
            )).first()
            if row is None or row.status != "running":
                return None
            answers = json.loads(row.answers)
            if len(answers) != position or json.loads(row.questions)[position] != question_id:
                return None
            answers.append(choice)
            await conn.execute(update(exams).where(exams.c.id == exam_id)
                               .values(answers=json.dumps(answers)))
            await conn.execute(s.practice.insert().values(
                platform=row.platform, user_id=row.user_id, question_id=question_id, kind="exam",
                choice=choice, correct=correct, answered_at=must_utc(now)))
            if next_card is not None:
                await self._reschedule(conn, row.platform, row.user_id, question_id, next_card)
        return replace(_exam(row), answers=tuple(answers))

    async def finish_exam(self, exam_id: int, status: str, now: datetime) -> bool:
        """End a running exam as "done" or "stopped"; True for the one caller that ended it."""
        async with self._write() as conn:
            result = await conn.execute(
                update(exams).where((exams.c.id == exam_id) & exams.c.running.is_(True))
                .values(running=None, status=status, finished_at=must_utc(now)))
            return bool(result.rowcount)

    async def exam_questions_since(self, platform: str, user_id: str, since: datetime) -> set[str]:
        """Every question put in the person's exams started since `since`."""
        query = select(exams.c.questions).where(
            (exams.c.platform == platform) & (exams.c.user_id == user_id)
            & (exams.c.started_at >= must_utc(since)))
        async with self._read() as conn:
            rows = (await conn.execute(query)).scalars().all()
        return {qid for text in rows for qid in json.loads(text)}

    async def answer_history(self, platform: str, user_id: str) -> dict[str, Seen]:
        """For each question the person answered (daily, practice, review, exam): whether the
        latest answer was right, when that was, and when they first answered it."""
        a, p = s.answers, s.practice
        daily = (select(s.posts.c.question_id.label("q"), a.c.correct, a.c.answered_at)
                 .join(s.posts, s.posts.c.id == a.c.post_id)
                 .where((a.c.platform == platform) & (a.c.user_id == user_id)))
        practice = select(p.c.question_id.label("q"), p.c.correct, p.c.answered_at).where(
            (p.c.platform == platform) & (p.c.user_id == user_id))
        async with self._read() as conn:
            rows = (await conn.execute(union_all(daily, practice))).all()
        seen: dict[str, Seen] = {}
        for qid, correct, at in sorted(rows, key=lambda r: utc(r[2]) or r[2]):
            when = utc(at)
            assert when is not None
            if qid:
                first = seen[qid].first_at if qid in seen else when
                seen[str(qid)] = Seen(bool(correct), when, first)
        return seen

    async def all_cards(self, platform: str, user_id: str) -> dict[str, str]:
        """Every review card of the person (question or mix-up id -> card JSON)."""
        r = s.reviews
        async with self._read() as conn:
            rows = (await conn.execute(select(r.c.question_id, r.c.card).where(
                (r.c.platform == platform) & (r.c.user_id == user_id)))).all()
        return {str(q): str(c) for q, c in rows}

    async def _one(self, where: Any, newest: bool = False) -> ExamRow | None:
        query = select(exams).where(where)
        if newest:
            query = query.order_by(exams.c.started_at.desc(), exams.c.id.desc())
        async with self._read() as conn:
            row = (await conn.execute(query.limit(1))).first()
        return None if row is None else _exam(row)


def _exam(row: Any) -> ExamRow:
    started, ends = utc(row.started_at), utc(row.ends_at)
    assert started is not None and ends is not None
    return ExamRow(
        id=int(row.id), platform=row.platform, user_id=row.user_id, status=row.status,
        questions=tuple(json.loads(row.questions)), answers=tuple(json.loads(row.answers)),
        started_at=started, ends_at=ends, finished_at=utc(row.finished_at),
    )
