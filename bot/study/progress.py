"""A person's progress, read from storage: readiness, today's plan and their mix-ups, with the
replies `ready`, `exam date` and the daily reminder show."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.model import Field, Reply
from bot.notes import Entry
from bot.quiz.question import DOMAIN_NAMES, Question
from bot.quiz.review import Reviewer
from bot.storage import Storage
from bot.storage.studyrecords import Plan
from bot.study.exam import PASS_MARK
from bot.study.mixups import VS, Mixups
from bot.study.plan import Today, today_plan
from bot.study.ready import Readiness, readiness


class Progress:
    """Computes readiness and plans for one person at a time."""

    def __init__(self, storage: Storage, pool: Callable[[datetime], Sequence[Question]],
                 notes: Mapping[str, Entry], reviewer: Reviewer, mixups: Mixups) -> None:
        self.storage, self.pool, self.notes = storage, pool, notes
        self.reviewer, self.mixups = reviewer, mixups

    async def readiness(self, platform: str, user_id: str, now: datetime) -> Readiness:
        """The person's readiness now."""
        history = await self.storage.answer_history(platform, user_id)
        cards = await self.storage.all_cards(platform, user_id)
        last = {q: (seen.correct, seen.last_at) for q, seen in history.items()}

        def recall(qid: str) -> float | None:
            return self.reviewer.recall(cards[qid], now) if qid in cards else None

        return readiness(self.pool(now), last, recall, lambda q: q.answered_notes())

    async def today(self, platform: str, user_id: str, now: datetime, plan: Plan | None) -> Today:
        """Today's share of the person's plan (in their zone, UTC if they have none)."""
        zone = ZoneInfo(plan.zone if plan else "UTC")
        today = now.astimezone(zone).date()
        midnight = datetime.combine(today, time(0), tzinfo=zone)
        history = await self.storage.answer_history(platform, user_id)
        pool = {q.id for q in self.pool(now)}
        seen_before = sum(1 for q, s in history.items() if q in pool and s.first_at < midnight)
        new_today = sum(1 for q, s in history.items() if q in pool and s.first_at >= midnight)
        due = [q for q in await self.storage.due_cards(platform, user_id, now) if q in pool or q.startswith(VS)]
        exam_day = date.fromisoformat(plan.exam_date) if plan and plan.exam_date else None
        start = date.fromisoformat(plan.plan_start) if plan and plan.plan_start else None
        return today_plan(exam_day, start, today, len(pool) - seen_before, new_today, len(due))

    def ready_reply(self, ready: Readiness, today: Today | None) -> Reply:
        """`ready`: the figure, how it was reached, domains, and the three weakest topics."""
        if not ready.seen:
            return Reply(title="Readiness: no answers yet",
                         text="Readiness is worked out from your answers. Try `quiz`, or `exam 20` for a "
                              "short mock exam, then ask again.", footer=today.line() + "." if today else "")
        verdict = "at or above" if ready.score >= PASS_MARK else "below"
        text = (f"If you sat the exam today I would expect about {ready.score} of 1000, {verdict} the "
                f"{PASS_MARK} pass mark. An estimate from your answers to {ready.seen} of {ready.total} "
                "questions and how well you are likely to remember them now (FSRS); the fewer you have "
                "answered, the rougher it is. A mock exam (`exam`) checks it.")
        fields = [Field(DOMAIN_NAMES[d], f"{p:.0%}", inline=True) for d, p in ready.domains.items()]
        study = [self._study_line(note, ready.topics[note]) for note in ready.weakest()]
        if study:
            fields.append(Field("Study these next", "\n".join(study)))
        return Reply(title=f"Readiness: {ready.score} (estimated)", text=text, fields=tuple(fields),
                     footer=today.line() + "." if today else "")

    def _study_line(self, note_id: str, topic: tuple[float, int]) -> str:
        entry = self.notes.get(note_id)
        chance, answered = topic
        if entry is None:
            return f"{note_id}: about {chance:.0%} now"
        first = entry.summary.split(". ")[0].rstrip(".")
        return f"{entry.label} (about {chance:.0%} now, {answered} answered): `lookup {entry.label}`: {first}."

    async def mixup_lines(self, platform: str, user_id: str) -> list[str]:
        """The person's most frequent mix-ups, as lines for `stats`."""
        return [f"{self.mixups.label(m.picked)} picked for {self.mixups.label(m.right)} ({_times(m.count)})"
                for m in await self.storage.top_mixups(platform, user_id)]


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"
