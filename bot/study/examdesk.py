"""The `exam` command and its buttons: start, resume, answer, stop, time out, report.

State lives in storage (`exams`), so an exam survives restarts and any replica can take the next
answer. Buttons carry the exam, the question's index and the choice (`bot.actions.ExamStep`); an answer for any question
but the current one (an old message, a double click) only shows the current question again.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from bot.actions import ExamPage, ExamStep
from bot.errors import UserError
from bot.model import Click, Reply, Request
from bot.quiz.question import Question
from bot.quiz.toggles import is_answer, is_toggle, selection
from bot.storage import Storage
from bot.storage.studyrecords import ExamRow
from bot.study.exam import FULL_SIZE, draw, grade, is_right, time_for
from bot.study.examreply import clock, question_reply, report
from bot.study.learning import Learning

RECENT = timedelta(days=14)  # questions seen in this window come last in a new exam
USAGE = ("`exam` starts a 65-question mock exam (90 minutes), `exam 20` a shorter one, `exam stop` "
         "abandons it, `exam result` shows your last result, `exam date 2027-01-15` sets your exam date.")


class ExamDesk:
    """Runs people's mock exams on top of storage and the question bank."""

    def __init__(self, storage: Storage, bank: Mapping[str, Question],
                 pool: Callable[[datetime], Sequence[Question]], learning: Learning,
                 clock: Callable[[], datetime], rng: random.Random) -> None:
        self.storage, self.bank, self.pool = storage, bank, pool
        self.learning, self.clock, self.rng = learning, clock, rng

    async def command(self, request: Request, args: str) -> Reply:
        """`exam`, `exam N`, `exam stop`, `exam result`."""
        platform, user_id = request.place.platform, request.user.id
        word = args.lower()
        if word == "stop":
            return await self._stop(platform, user_id)
        if word == "result":
            last = await self.storage.last_exam(platform, user_id)
            if last is None:
                raise UserError("You have no finished mock exam yet: `exam` starts one.")
            return self._report(last)
        if word and not (word.isdigit() and 1 <= int(word) <= FULL_SIZE):
            raise UserError(f"`exam {args[:20]}` is not something I can do. {USAGE}")
        return await self._start(platform, user_id, int(word) if word else None)

    async def click(self, click: Click, step: ExamStep | ExamPage, choice: str = "") -> Reply:
        """An answer or a toggle (`step` and `choice`), or a page of the report."""
        exam = await self.storage.exam(step.exam)
        if exam is None or (exam.platform, exam.user_id) != (click.place.platform, click.user.id):
            raise UserError("That mock exam is not yours; start your own with `exam`.")
        if isinstance(step, ExamPage) and exam.status == "done":
            return self._report(exam, page=step.page)
        if exam.status != "running":
            raise UserError("That mock exam has ended: `exam result` shows the result, `exam` starts a new one.")
        now = self.clock()
        if now >= exam.ends_at:
            return await self._time_up(exam, now)
        if not isinstance(step, ExamStep) or step.position != exam.position:
            return self._current(exam, now, f"You already answered that one; here is question {exam.position + 1}.")
        question = self._question(exam)
        if is_toggle(choice):
            return question_reply(exam, question, now, selected=selection(choice, question))
        if not is_answer(choice, question):
            raise UserError("That button is no longer active; type `exam` to see your current question.")
        return await self._answer(exam, question, choice, now, click)

    async def _answer(self, exam: ExamRow, question: Question, choice: str, now: datetime, click: Click) -> Reply:
        correct = is_right(question, choice)
        after = await self.storage.answer_exam(exam.id, exam.position, question.id, choice, correct, now,
                                               next_card=self.learning.card_mover(correct, now))
        if after is None:  # a second click raced this one: show where the exam is now
            again = await self.storage.exam(exam.id)
            if again is None or again.status != "running":
                raise UserError("That mock exam has ended: `exam result` shows the result.")
            return self._current(again, now, "")
        await self.learning.answered(click.place.platform, click.user.id, question, choice, correct, now, rated=True)
        if after.position < len(after.questions):
            return self._current(after, now, "")
        await self.storage.finish_exam(after.id, "done", now)
        done = await self.storage.exam(after.id)
        assert done is not None
        return self._report(done)

    async def _start(self, platform: str, user_id: str, size: int | None) -> Reply:
        now = self.clock()
        running = await self.storage.running_exam(platform, user_id)
        if running is not None:
            if now >= running.ends_at:
                return await self._time_up(running, now)
            note = f"Resuming your mock exam ({running.position} of {len(running.questions)} answered)."
            if size is not None and size != len(running.questions):
                note += " Finish it or `exam stop` before starting another."
            return self._current(running, now, note)
        questions = draw(self.pool(now), size or FULL_SIZE, await self._recent(platform, user_id, now), self.rng)
        if not questions:
            raise UserError("The question bank is empty, so there is no exam to take yet.")
        exam, _created = await self.storage.start_exam(platform, user_id, [q.id for q in questions], now,
                                                       now + time_for(len(questions)))
        note = (f"Mock exam: {len(exam.questions)} questions in {clock(exam.ends_at - exam.started_at)}, "
                "mixed by the exam's domain weights. No feedback until the end, as on the real exam.")
        return self._current(exam, now, note)

    async def _recent(self, platform: str, user_id: str, now: datetime) -> set[str]:
        since = now - RECENT
        history = await self.storage.answer_history(platform, user_id)
        answered = {q for q, seen in history.items() if seen.last_at >= since}
        return answered | await self.storage.exam_questions_since(platform, user_id, since)

    async def _stop(self, platform: str, user_id: str) -> Reply:
        running = await self.storage.running_exam(platform, user_id)
        if running is None or not await self.storage.finish_exam(running.id, "stopped", self.clock()):
            raise UserError("You have no mock exam running: `exam` starts one.")
        return Reply(title="Mock exam stopped",
                     text=f"Stopped after {running.position} of {len(running.questions)} answers. "
                          "Those answers stay in your stats and reviews; `exam` starts a new one.")

    async def _time_up(self, exam: ExamRow, now: datetime) -> Reply:
        await self.storage.finish_exam(exam.id, "done", exam.ends_at)
        done = await self.storage.exam(exam.id) or exam
        return self._report(done, timed_out=len(done.answers) < len(done.questions))

    def _current(self, exam: ExamRow, now: datetime, note: str) -> Reply:
        return question_reply(exam, self._question(exam), now, note)

    def _question(self, exam: ExamRow) -> Question:
        question = self.bank.get(exam.questions[exam.position])
        if question is None:
            raise UserError("This exam's next question was removed from the bank since; `exam stop` and "
                            "start a new one.")
        return question

    def _report(self, exam: ExamRow, page: int = 0, timed_out: bool = False) -> Reply:
        kept = [(self.bank[q], exam.answers[i] if i < len(exam.answers) else "")
                for i, q in enumerate(exam.questions) if q in self.bank]
        result = grade([q for q, _ in kept], [a for _, a in kept])
        return report(exam, result, page, timed_out)
