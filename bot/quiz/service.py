"""QuizService: the quiz commands and button clicks, as `bot.core.Core` routes them.

`command(request, name, args)` answers quiz, review, stats, leaderboard, schedule, forget and
export; `click(click)` answers `quiz:...` buttons. Storage does the I/O, `Round` the wording.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.actions import Answer, DailyPost, ExamPage, ForgetMe, MixupRating, Practice, decode, encode, question_of
from bot.asof import split_as_of
from bot.dated import parse_day
from bot.errors import UserError
from bot.model import Attachment, Button, Click, Place, Reply, Request
from bot.notes import Entry
from bot.quiz import stats
from bot.quiz.picker import in_pool, pick
from bot.quiz.question import Question
from bot.quiz.review import Reviewer
from bot.quiz.round import POINTS, Round
from bot.quiz.schedcmd import channel_ref, schedule_command
from bot.quiz.timeplan import utc_now
from bot.quiz.toggles import is_toggle
from bot.quiz.topics import questions_on
from bot.storage import Storage
from bot.storage.reviews import Reschedule
from bot.study.mixups import VS
from bot.study.service import STUDY_COMMANDS, StudyService

log = logging.getLogger(__name__)


_POOL_TEXT = {
    "shipped": "The daily question and practice here use the questions that come with awstutor.",
    "own": "The daily question and practice here use only your group's own questions.",
    "both": "The daily question and practice here use the shipped questions and your group's own.",
}
PRACTICE_REPEAT = timedelta(hours=12)  # one counted answer per practice question in this window


class QuizService:
    """The quiz's commands and clicks, on top of storage and a validated question bank."""

    def __init__(
        self, storage: Storage, questions: Sequence[Question], *,
        clock: Callable[[], datetime] = utc_now, rng: random.Random | None = None,
        reviewer: Reviewer | None = None, topic_names: Mapping[str, str] | None = None,
        resolve_topic: Callable[[str], str | None] | None = None,
        notes: Mapping[str, Entry] | None = None, group_questions: frozenset[str] = frozenset(),
    ) -> None:
        self.group_questions = group_questions  # ids from a study group's own knowledge layers
        self.topic_names = dict(topic_names or {})
        self.resolve_topic = resolve_topic  # a note's name or alias -> its id, for `quiz s3`
        self.storage = storage
        self.questions = list(questions)
        self.bank = {q.id: q for q in self.questions}
        self.clock = clock
        self.rng = rng or random.Random()
        self.reviewer = reviewer or Reviewer()
        self.study = StudyService(storage, self.questions, notes or {}, self.reviewer, clock, self.rng)
        self._commands: dict[str, Callable[[Request, str], Awaitable[Reply]]] = {
            "quiz": self._practice, "review": self._review, "stats": self._stats,
            "leaderboard": self._leaderboard, "schedule": self._schedule,
            "forget": self._forget, "export": self._export, "pool": self._pool,
        }

    async def command(self, request: Request, name: str, args: str) -> Reply:
        """Answer one quiz command word."""
        if name in STUDY_COMMANDS:
            return await self.study.command(request, name, args.strip())
        handler = self._commands.get(name)
        if handler is None:
            raise UserError(f"`{name}` is not a quiz command; try `help`.")
        return await handler(request, args.strip())

    async def click(self, click: Click) -> Reply:
        """Answer a `quiz:` button: a daily answer, a practice/review answer, or forget-me."""
        action = decode(click.action_id)
        if isinstance(action, ForgetMe):
            removed = await self.storage.forget_user(click.place.platform, click.user.id)
            log.info("forgot a user", extra={"platform": click.place.platform, "rows": removed})
            return Reply(title="Done: I have forgotten you",
                         text=f"Deleted your answers, scores, review state, mock exams, study plan and "
                              f"mix-ups ({removed} records).",
                         tone="success")
        if isinstance(action, ExamPage | MixupRating):
            return await self.study.click(click, action)
        if isinstance(action, Answer):
            if isinstance(action.asked, Practice):
                return await self._practice_click(click, action.asked, action.choice)
            if isinstance(action.asked, DailyPost):
                return await self._daily_click(click, action.asked, action.choice)
            return await self.study.click(click, action)
        raise UserError("That button is no longer active; ask for a new question with `quiz`.")

    async def _daily_click(self, click: Click, asked: DailyPost, choice: str) -> Reply:
        post_id = asked.post
        post = await self.storage.post(post_id)
        question = self.bank.get(post.question_id or "") if post else None
        if post is None or question is None:
            raise UserError("That question is no longer available; try `quiz` for a new one.")
        rnd = Round(question, asked)
        if is_toggle(choice):
            return rnd.toggled(choice, f"Question of the day · {post.local_date}")
        if not rnd.is_choice(choice):
            raise UserError("That button is no longer active; try `quiz` for a new question.")
        now, correct = self.clock(), rnd.judge(choice)
        result = await self.storage.record_answer(
            post_id, click.place.platform, click.user.id, click.user.name or click.user.id,
            choice, correct, POINTS if correct else 0, now, reschedule=self._reschedule(correct, now),
        )
        if result is None:
            raise UserError("That question is no longer available; try `quiz` for a new one.")
        today = now.date()
        if result.recorded:
            await self.study.learning.answered(click.place.platform, click.user.id, question, choice, correct, now,
                                               rated=True)
            return rnd.answer_reply(choice, today=today)
        if result.choice is None:
            return rnd.closed_reply(today)
        return rnd.answer_reply(result.choice, repeat=not result.closed, closed=result.closed, today=today)

    async def _practice_click(self, click: Click, asked: Practice, choice: str) -> Reply:
        qid, kind = asked.question, "r" if asked.review else "p"
        question = self.bank.get(qid)
        if question is None:
            raise UserError("That question was removed from the bank; try `quiz` for a new one.")
        rnd = Round(question, asked)
        if is_toggle(choice):
            return rnd.toggled(choice, "Review" if kind == "r" else "Practice question")
        if not rnd.is_choice(choice):
            raise UserError("That button is no longer active; try `quiz` for a new question.")
        now, correct = self.clock(), rnd.judge(choice)
        platform = click.place.platform
        earlier = await self.storage.record_practice(
            platform, click.user.id, qid, "review" if kind == "r" else "quiz", choice, correct, now,
            since=await self._counts_since(platform, click.user.id, qid, kind, now),
            reschedule=self._reschedule(correct, now),
        )
        if earlier is not None:
            return rnd.answer_reply(earlier, repeat=True, today=now.date())
        await self.study.learning.answered(platform, click.user.id, question, choice, correct, now, rated=True)
        return replace(rnd.answer_reply(choice, today=now.date()), footer="Next: `review` or `quiz`. Practice is not on the leaderboard.")

    def _reschedule(self, correct: bool, now: datetime) -> Reschedule:
        """The card update storage applies in the transaction that records the answer."""
        return lambda old: self.reviewer.next_card(old, correct, now)

    async def _counts_since(self, platform: str, user_id: str, qid: str, kind: str, now: datetime) -> datetime:
        """Answers since this time make a click a repeat. A review counts once each time its
        card comes due (a miss is due again 10 minutes later); practice once per 12 hours."""
        card = await self.storage.card(platform, user_id, qid) if kind == "r" else None
        return self.reviewer.counts_since(card, now) if card else now - PRACTICE_REPEAT

    async def as_of(self, request: Request) -> date:
        """The day whose questions a person practises and reviews: their exam day while it is
        ahead (`exam date ...`), else today."""
        today = self.clock().date()
        plan = await self.storage.plan(request.place.platform, request.user.id)
        exam = parse_day(plan.exam_date) if plan and plan.exam_date else None
        return exam if exam and exam > today else today

    async def _practice(self, request: Request, args: str) -> Reply:
        if not self.questions:
            raise UserError("The question bank is empty, so there is nothing to practise yet.")
        named, subject = split_as_of(args)
        day = named or await self.as_of(request)
        seen = await self.storage.attempts(request.place.platform, request.user.id)
        used: dict[str, int] = {}
        for attempt in seen:
            used[attempt.question_id] = used.get(attempt.question_id, 0) + 1
        pool, title = self.questions, "Practice question"
        if not request.place.is_dm:
            cid = await self.storage.find_channel(channel_ref(request.place))
            pool = in_pool(pool, self.group_questions, await self.storage.channel_pool(cid))
        if subject:
            pool, label = questions_on(self.questions, subject, self.resolve_topic, self.topic_names)
            title = f"Practice question: {label}"
        try:
            question = pick(pool, used, self.rng, as_of=day)
        except ValueError:
            raise UserError(f"No question {'on that topic ' if subject else ''}in the bank holds on {day}; "
                            "try another day.") from None
        if named:
            title += f" (as of {day})"
        post = Round(question, Practice(question.id)).post(title, private=True)
        today = await self.study.plan_line(request.place.platform, request.user.id)
        return replace(post, footer=f"{post.footer} · {today}") if today else post

    async def _due(self, platform: str, user_id: str, day: date | None = None) -> list[str]:
        """Due questions that still hold on `day` (today, or the exam day) and mix-up cards
        ("A vs B") whose notes still exist, most overdue first."""
        day = day or self.clock().date()
        due = await self.storage.due_cards(platform, user_id, self.clock())
        return [q for q in due if (q in self.bank and self.bank[q].in_force(day))
                or (q.startswith(VS) and self.study.mixups.card(q, 0))]

    async def _review(self, request: Request, args: str) -> Reply:
        platform, user_id = request.place.platform, request.user.id
        due = await self._due(platform, user_id, await self.as_of(request))
        if not due:
            nxt = await self.storage.next_due(platform, user_id)
            when = f" The next one is due {stats.until(nxt, self.clock())}." if nxt else ""
            return Reply(title="Nothing to review right now",
                         text=f"Answer questions with `quiz` and they come back here.{when}")
        if due[0].startswith(VS):
            card = self.study.mixups.card(due[0], len(due))
            assert card is not None  # `_due` kept only cards it can show
            return card
        question = self.bank[due[0]]
        return Round(question, Practice(question.id, review=True)).post(f"Review ({len(due)} due)", private=True)

    async def _stats(self, request: Request, args: str) -> Reply:
        platform, user_id = request.place.platform, request.user.id
        attempts = await self.storage.attempts(platform, user_id)
        streak: int | None = None  # streaks belong to a channel's daily question, not to a DM
        if not request.place.is_dm:
            cid = await self.storage.find_channel(channel_ref(request.place))
            streak = await self.storage.streak(cid, platform, user_id) if cid is not None else 0
        due = len(await self._due(platform, user_id))
        reply = stats.stats_reply(attempts, self.bank, streak, self.topic_names, reviews_due=due)
        if not attempts:
            return reply
        return replace(reply, fields=reply.fields + await self.study.stats_fields(platform, user_id))

    async def _leaderboard(self, request: Request, args: str) -> Reply:
        if request.place.is_dm:
            raise UserError("Leaderboards are per channel: run `leaderboard` in a quiz channel.")
        period = (args or "week").lower()
        cid = await self.storage.find_channel(channel_ref(request.place))
        if cid is None:
            return stats.leaderboard_reply(period, [])
        sched = await self.storage.schedule(cid)
        since = stats.period_start(period, self.clock(), sched.zone if sched else "UTC")
        return stats.leaderboard_reply(period, await self.storage.leaderboard(cid, since))

    async def _schedule(self, request: Request, args: str) -> Reply:
        return await schedule_command(self.storage, request, args, self.clock())

    async def _forget(self, request: Request, args: str) -> Reply:
        if args.lower() != "me":
            raise UserError("To delete your answers, scores and review state, say `forget me`.")
        return Reply(
            title="Forget you?",
            text="This deletes your answers, scores, streaks and review state on this platform. "
                 "It cannot be undone.",
            buttons=(Button("Yes, forget me", encode(ForgetMe()), style="danger"),),
        )

    async def _export(self, request: Request, args: str) -> Reply:
        if args.lower() == "me":
            return await self.study.export_me(request)
        if args.startswith("anki"):
            return await self._anki(request, args)
        if not request.user.is_admin:
            raise UserError("Only channel admins can export results.")
        cid = await self.storage.find_channel(channel_ref(request.place))
        rows = await self.storage.export_rows(cid) if cid is not None else []
        return stats.export_reply(rows, request.place.channel)

    async def _pool(self, request: Request, args: str) -> Reply:
        """`pool shipped|own|both`: which questions this channel's daily quiz and practice use."""
        if not request.user.is_admin:
            raise UserError("Only channel admins can choose the question pool.")
        ref = channel_ref(request.place)
        if not args:
            pool = await self.storage.channel_pool(await self.storage.find_channel(ref))
            return Reply(title=f"Question pool: {pool}", text=_POOL_TEXT[pool] + " Change it with `pool shipped|own|both`.")
        if args == "own" and not self.group_questions:
            raise UserError("This bot has no questions of your group's own yet: add quiz files to a knowledge layer "
                            "(AWSTUTOR_KNOWLEDGE=shipped:/data/our-notes) first.")
        await self.storage.set_channel_pool(await self.storage.channel_id(ref), args)
        return Reply(title=f"Question pool: {args}", text=_POOL_TEXT[args])

    async def _anki(self, request: Request, args: str) -> Reply:
        """An Anki deck: the asker's missed and due questions, or (admins) the bank or the group's own."""
        from bot.anki import deck_bytes  # genanki is only needed when someone asks for a deck

        if args in ("anki all", "anki ours"):
            if not request.user.is_admin:
                raise UserError("Only admins can export the whole question bank; `export anki` gives you your own deck.")
            chosen = [q for q in self.questions if args == "anki all" or q.id in self.group_questions]
            title = "awstutor: " + ("the whole bank" if args == "anki all" else "our group's questions")
        else:
            platform, user = request.place.platform, request.user.id
            missed = {a.question_id for a in await self.storage.attempts(platform, user) if not a.correct}
            due = set(await self.storage.due_cards(platform, user, self.clock()))
            chosen = [q for q in self.questions if q.id in missed | due]
            title = "awstutor: my missed and due questions"
        day = await self.as_of(request)
        chosen = [q for q in chosen if q.in_force(day)]  # one day's lineup (today or the exam day), not both sides
        if not chosen:
            raise UserError("Nothing to put in a deck yet: answer a few questions with `quiz` first."
                            if args == "anki" else "There are no questions of your group's own to export.")
        return Reply(title=f"{title} ({len(chosen)} cards)",
                     text="Import the file in Anki (File > Import). Importing a newer deck updates these cards.",
                     attachment=Attachment("awstutor.apkg", deck_bytes(chosen, title)))

    # -- what follow-ups ("why not B?") need ---------------------------------------------
    def question(self, question_id: str) -> Question | None:
        """A question of the bank by id."""
        return self.bank.get(question_id)

    async def question_of_click(self, action_id: str) -> str | None:
        """The question a `quiz:` button answered (practice, review or a daily post)."""
        action = decode(action_id)
        if isinstance(action, Answer) and isinstance(action.asked, DailyPost):
            post = await self.storage.post(action.asked.post)
            return post.question_id if post else None
        return question_of(action)

    async def thread_question(self, place: Place) -> tuple[str, bool] | None:
        """(question id, revealed) of the daily post whose thread `place` is in, if it is one."""
        if not place.thread:
            return None
        post = await self.storage.post_by_message(channel_ref(place), place.thread)
        if post is None or post.question_id is None:
            return None
        return post.question_id, post.revealed_at is not None
