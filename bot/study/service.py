"""The study commands (`exam`, `exam date`, `ready`, `remind`, `digest`, `export me`) and their
buttons (mock exam answers and pages, mix-up ratings; `bot.actions`), as `QuizService` hands them over."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.actions import Answer, ExamPage, ExamStep, MixupRating
from bot.errors import UserError
from bot.model import Attachment, Click, Field, Reply, Request
from bot.notes import Entry
from bot.quiz.picker import in_force
from bot.quiz.question import Question
from bot.quiz.review import Reviewer
from bot.quiz.timeplan import parse_time, parse_zone
from bot.storage import Storage
from bot.study.digestcmd import Digests
from bot.study.exam import PASS_MARK
from bot.study.examdesk import ExamDesk
from bot.study.learning import Learning
from bot.study.mixups import Mixups, item_id
from bot.study.plan import parse_date
from bot.study.progress import Progress

STUDY_COMMANDS = ("exam", "ready", "remind", "digest")
REMIND_USAGE = "Say `remind on 08:00 Europe/London` (your time and zone), or `remind off`."


class StudyService:
    """Mock exams, readiness, plans, reminders, mix-up cards and the digest switch."""

    def __init__(self, storage: Storage, questions: Sequence[Question], notes: Mapping[str, Entry],
                 reviewer: Reviewer, clock: Callable[[], datetime], rng: random.Random) -> None:
        self.storage, self.clock = storage, clock
        self.questions = list(questions)
        self.bank = {q.id: q for q in self.questions}
        self.mixups = Mixups(notes)
        self.learning = Learning(storage, reviewer, self.mixups)
        self.progress = Progress(storage, self.pool, notes, reviewer, self.mixups)
        self.digests = Digests(storage, self.bank)
        self.exams = ExamDesk(storage, self.bank, self.pool, self.learning, clock, rng)

    def pool(self, when: datetime) -> list[Question]:
        """The questions that may be asked at `when` (the one way study features reach the bank)."""
        return in_force(self.questions, when)

    async def command(self, request: Request, name: str, args: str) -> Reply:
        """One study command word."""
        if name == "exam":
            if args.lower().split()[:1] == ["date"]:
                return await self._exam_date(request, args[4:].strip())
            return await self.exams.command(request, args)
        if name == "ready":
            return await self._ready(request)
        if name == "remind":
            return await self._remind(request, args)
        if name == "digest":
            return await self.digests.command(request, args, self.clock())
        raise UserError(f"`{name}` is not a study command; try `help`.")

    async def click(self, click: Click, action: Answer | ExamPage | MixupRating) -> Reply:
        """A mock exam's answer or page, or a mix-up card's rating."""
        if isinstance(action, ExamPage):
            return await self.exams.click(click, action)
        if isinstance(action, Answer) and isinstance(action.asked, ExamStep):
            return await self.exams.click(click, action.asked, action.choice)
        if isinstance(action, MixupRating):
            item = item_id(action.right, action.picked)
            await self.learning.rate(click.place.platform, click.user.id, item, action.got_it, self.clock())
            return Reply(title="Noted", text="Next: `review` for what else is due.", tone="success", replace=True)
        raise UserError("That button is no longer active; try `review` or `exam`.")

    async def stats_fields(self, platform: str, user_id: str) -> tuple[Field, ...]:
        """What `stats` adds: the readiness figure and the most frequent mix-ups."""
        ready = await self.progress.readiness(platform, user_id, self.clock())
        fields = [Field("Readiness", f"{ready.score} of 1000, estimated (pass mark {PASS_MARK}); `ready` explains")]
        mixups = await self.progress.mixup_lines(platform, user_id)
        if mixups:
            fields.append(Field("Your most frequent mix-ups", "\n".join(mixups)))
        return tuple(fields)

    async def plan_line(self, platform: str, user_id: str) -> str:
        """Today's plan ("Day 3 of 39: 2 reviews, 4 new") for a person with an exam date, else ''."""
        plan = await self.storage.plan(platform, user_id)
        if plan is None or not plan.exam_date:
            return ""
        return (await self.progress.today(platform, user_id, self.clock(), plan)).line()

    async def _ready(self, request: Request) -> Reply:
        platform, user_id, now = request.place.platform, request.user.id, self.clock()
        plan = await self.storage.plan(platform, user_id)
        today = await self.progress.today(platform, user_id, now, plan) if plan and plan.exam_date else None
        return self.progress.ready_reply(await self.progress.readiness(platform, user_id, now), today)

    async def _exam_date(self, request: Request, args: str) -> Reply:
        platform, user_id, now = request.place.platform, request.user.id, self.clock()
        plan = await self.storage.plan(platform, user_id)
        if not args:
            if plan is None or not plan.exam_date:
                return Reply(title="No exam date set", text="Set one with `exam date 2027-01-15`: I then pace "
                             "your daily practice so the whole bank is seen and reviewed before it.")
            today = await self.progress.today(platform, user_id, now, plan)
            return Reply(title=f"Your exam: {plan.exam_date}", text=f"{today.line()}.")
        if args.lower() == "off":
            await self.storage.save_plan(platform, user_id, now, exam_date=None, plan_start=None)
            return Reply(title="Exam date cleared", text="Practice is no longer paced to a date.")
        local_today = now.astimezone(ZoneInfo(plan.zone if plan else "UTC")).date()
        day = parse_date(args, local_today)
        await self.storage.save_plan(platform, user_id, now, exam_date=day.isoformat(),
                                     plan_start=local_today.isoformat())
        today = await self.progress.today(platform, user_id, now, await self.storage.plan(platform, user_id))
        return Reply(title=f"Exam date set: {day.isoformat()}", tone="success",
                     text=f"{today.days_left} days to go. {today.line()}: `review` first, then `quiz` for new "
                          "questions. `remind on 08:00 Europe/London` sends you this every day.")

    async def _remind(self, request: Request, args: str) -> Reply:
        platform, user_id, now = request.place.platform, request.user.id, self.clock()
        words = args.split()
        plan = await self.storage.plan(platform, user_id)
        if not words:
            if plan is None or not plan.remind:
                return Reply(title="Daily reminder is off", text=REMIND_USAGE)
            return Reply(title="Daily reminder is on", text=f"Every day at {plan.remind_time} {plan.zone}.")
        if words[0].lower() == "off" and len(words) == 1:
            await self.storage.save_plan(platform, user_id, now, remind=False)
            return Reply(title="Daily reminder off", text="No more reminders. `remind on` brings them back.")
        if words[0].lower() != "on" or len(words) > 3:
            raise UserError(REMIND_USAGE)
        at = parse_time(words[1]) if len(words) > 1 else (plan.remind_time if plan else "09:00")
        zone = parse_zone(words[2]) if len(words) > 2 else (plan.zone if plan else "UTC")
        await self.storage.save_plan(platform, user_id, now, remind=True, remind_time=at, zone=zone)
        return Reply(title="Daily reminder on", tone="success",
                     text=f"Every day at {at} {zone} I send you, privately, what is due and how many new "
                          f"questions to do. {REMIND_USAGE if len(words) < 3 else ''}".strip())

    async def export_me(self, request: Request) -> Reply:
        """Everything stored about the asker, as an attached JSON file."""
        data = await self.storage.person_export(request.place.platform, request.user.id)
        rows = sum(len(v) for v in data.values())
        body = json.dumps({"platform": request.place.platform, "user_id": request.user.id, **data}, indent=1)
        return Reply(title=f"Your data ({rows} records)",
                     text="Your answers, review cards, mock exams, study plan and mix-ups, as JSON.",
                     attachment=Attachment("awstutor-my-data.json", body.encode()))

