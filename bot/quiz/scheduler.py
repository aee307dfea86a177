"""The daily-question scheduler: claim, post, reveal; exactly once per (channel, local date).

Drive it with `await scheduler.tick(now)` (tests, the terminal) or `await scheduler.run()`.
A post is claimed in storage before it is sent, so restarts and concurrent replicas never post
twice; a crash between claim and send loses that day's post rather than doubling it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.actions import DailyPost
from bot.errors import UserError
from bot.model import Place, Poster, PostError, Reply
from bot.quiz.picker import in_force, in_pool, pick
from bot.quiz.question import Question
from bot.quiz.round import Round
from bot.quiz.timeplan import instant, local_date, utc_now
from bot.storage import ChannelRef, Post, Schedule, Storage

log = logging.getLogger(__name__)


STALE_CLAIM = timedelta(minutes=15)  # far longer than a paced fan-out takes to send a claimed post


@dataclass
class TickReport:
    """What one tick did (for logs, tests and the terminal)."""

    posted: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    revealed: list[int] = field(default_factory=list)


class Ticker(Protocol):
    """Other work the scheduler does on each tick."""

    async def tick(self, now: datetime) -> None: ...


def place_of(ref: ChannelRef) -> Place:
    """The adapter-facing Place of a stored channel."""
    return Place(platform=ref.platform, channel=ref.channel, workspace=ref.workspace)


class Scheduler:
    """Posts each scheduled channel's question of the day and reveals it later."""

    def __init__(
        self, storage: Storage, questions: Sequence[Question], poster: Poster, *,
        reveal_hours: float = 8.0, grace_hours: float = 2.0, rng: random.Random | None = None,
        clock: Callable[[], datetime] = utc_now, concurrency: int = 20, extras: Sequence[Ticker] = (),
    ) -> None:
        self.storage = storage
        self.questions = list(questions)
        self.bank = {q.id: q for q in self.questions}
        self.poster = poster
        self.reveal_after = timedelta(hours=reveal_hours)
        self.grace = timedelta(hours=grace_hours)
        self.rng = rng or random.Random()
        self.clock = clock
        self._limit = asyncio.Semaphore(concurrency)
        self.extras = tuple(extras)  # more work per tick: study reminders and digests
        self.group_questions: frozenset[str] = frozenset()  # ids from a study group's own layers

    def _mine(self, ref: ChannelRef) -> bool:
        """Whether this scheduler's poster can reach the channel: with Slack and Discord on one
        database, each adapter posts and reveals only in its own platform's channels."""
        platform = getattr(self.poster, "platform", None)
        return platform is None or ref.platform == platform

    def use_bank(self, questions: Sequence[Question]) -> None:
        """Post from a new question bank from now on (`reload`); posts already made keep theirs."""
        self.questions = list(questions)
        self.bank = {q.id: q for q in self.questions}

    async def run(self, interval: float = 20.0) -> None:
        """Tick forever (cancel the task to stop). A failing tick is logged, not fatal."""
        while True:
            try:
                await self.tick(self.clock())
            except Exception:
                log.exception("scheduler tick failed; retrying next interval")
            await asyncio.sleep(interval)

    async def tick(self, now: datetime) -> TickReport:
        """Reveal what is due, then post every question of the day that is due at `now`."""
        report = TickReport()
        for stale in await self.storage.stale_claims(now - STALE_CLAIM):
            if self._mine(stale.ref):
                await self._interrupted(stale, report)
        due = [p for p in await self.storage.open_posts()
               if p.reveal_at and p.reveal_at <= now and self._mine(p.ref)]
        await self._gather(self.reveal(p, now, report) for p in due)
        await self._gather(extra.tick(now) for extra in self.extras)
        schedules = [s for s in await self.storage.schedules() if self._mine(s.ref)]
        if not schedules or not self.questions:
            return report
        since = (now - timedelta(days=2)).date().isoformat()
        claimed = await self.storage.claimed_days(since)
        jobs = []
        for sched in schedules:
            for day, at in _candidates(sched, now):
                if (sched.channel_id, day.isoformat()) in claimed or at < sched.updated_at:
                    continue
                if now - at <= self.grace:
                    jobs.append(self._post_day(sched.channel_id, sched.ref, day, now, report))
                else:
                    jobs.append(self._skip(sched, day, at, now, report))
        await self._gather(jobs)
        return report

    async def post_now(self, ref: ChannelRef, now: datetime) -> int:
        """Post today's question in a channel right away (`awstutor quiz post`); the post id."""
        if not self.questions:
            raise UserError("The question bank is empty: add questions under knowledge/quiz/.")
        cid = await self.storage.channel_id(ref)
        sched = await self.storage.schedule(cid)
        day = local_date(now, sched.zone if sched else "UTC")
        if not in_force(self.questions, day):
            raise UserError(f"No question in the bank holds on {day}; check the from/until dates in knowledge/quiz/.")
        report = TickReport()
        await self._post_day(cid, ref, day, now, report)
        if not report.posted:
            raise UserError(await self._already_posted(cid, ref, day, failed=bool(report.failed)))
        return report.posted[0]

    async def _already_posted(self, cid: int, ref: ChannelRef, day: date, failed: bool) -> str:
        """Why nothing was posted: today's question went out already (and which it was)."""
        if failed:
            return f"Posting today's question ({day}) in {ref.channel} failed; the log says why."
        shown = await self.open_question(ref)
        stem = f': "{shown.text.split(chr(10))[0]}"' if shown else ""
        return (f"Today's question ({day}) was already posted in {ref.channel}{stem}. One question a day; "
                "the next one comes tomorrow.")

    async def open_question(self, ref: ChannelRef) -> Reply | None:
        """The channel's newest question still open for answers, as posted (with its buttons)."""
        cid = await self.storage.find_channel(ref)
        posts = await self.storage.open_posts(cid) if cid is not None else []
        question = self.bank.get(posts[-1].question_id or "") if posts else None
        if question is None:
            return None
        return Round(question, DailyPost(posts[-1].id)).post(f"Question of the day · {posts[-1].local_date}",
                                                            private=False)

    async def _gather(self, jobs: Iterable[Awaitable[None]]) -> None:
        async def limited(job: Awaitable[None]) -> None:
            async with self._limit:
                await job

        # One channel's failure must not stop the others' posts and reveals.
        for result in await asyncio.gather(*(limited(job) for job in jobs), return_exceptions=True):
            if isinstance(result, Exception):
                log.error("scheduler job failed", exc_info=result)

    async def _skip(self, sched: Schedule, day: date, at: datetime, now: datetime,
                    report: TickReport) -> None:
        if await self.storage.claim_post(sched.channel_id, day.isoformat(), None, now, "skipped"):
            log.warning("missed the %s post in %s/%s at %s (outside the %s grace window); "
                        "skipped", day, sched.ref.platform, sched.ref.channel, at, self.grace)
            report.skipped.append((sched.channel_id, day.isoformat()))

    async def _post_day(self, cid: int, ref: ChannelRef, day: date, now: datetime,
                        report: TickReport) -> None:
        for previous in await self.storage.open_posts(cid):
            if previous.local_date != day.isoformat():  # a second `post` today must not close today's
                await self.reveal(previous, now, report)  # the next question closes the last one
        # Never a question that no longer (or not yet) holds that day, and only the channel's pool.
        pool = in_pool(in_force(self.questions, day), self.group_questions, await self.storage.channel_pool(cid))
        if not pool:
            log.error("no question in the bank holds on %s; nothing posted in %s/%s", day, ref.platform, ref.channel)
            return
        question = pick(pool, await self.storage.used_questions(cid), self.rng)
        post_id = await self.storage.claim_post(cid, day.isoformat(), question.id, now)
        if post_id is None:
            return  # another replica (or an earlier run) has it
        reply = Round(question, DailyPost(post_id)).post(f"Question of the day · {day}", private=False)
        try:
            message_id = await self.poster.post(place_of(ref), reply)
        except PostError as err:
            await self._failed(post_id, cid, ref, err, report)
            return
        except Exception as err:  # an adapter bug or network failure must not strand the claim silently
            log.exception("daily post crashed in %s/%s", ref.platform, ref.channel)
            await self._failed(post_id, cid, ref, PostError("other", type(err).__name__), report)
            return
        await self.storage.mark_posted(post_id, message_id, now, now + self.reveal_after)
        report.posted.append(post_id)

    async def _failed(self, post_id: int, cid: int, ref: ChannelRef, err: PostError,
                      report: TickReport) -> None:
        await self.storage.mark_failed(post_id, f"{err.reason}: {err.detail}")
        report.failed.append(post_id)
        log.warning("daily post failed in %s/%s: %s", ref.platform, ref.channel, err.reason)
        sched = await self.storage.schedule(cid)
        if sched and sched.admin_user_id:
            if err.reason == "interrupted":
                text = (f"Today's question in channel {ref.channel} was not posted: I stopped while "
                        "posting it. The next one comes at the usual time; `quiz` works meanwhile.")
            else:
                text = (f"Posting in channel {ref.channel} failed ({err.reason}). Check that I am "
                        "in the channel and allowed to post, or run `schedule off` there.")
            await self._notify(sched.admin_user_id, Reply(
                title="I could not post the daily question", tone="error", text=text))

    async def _interrupted(self, post: Post, report: TickReport) -> None:
        """A day claimed but never sent (the bot stopped in between) is flagged, not retried:
        the post may have gone out before the stop, and a double post is worse than a missed one."""
        err = PostError("interrupted", "the bot stopped between claiming and sending the post")
        await self._failed(post.id, post.channel_id, post.ref, err, report)

    async def _notify(self, user_id: str, reply: Reply) -> None:
        try:
            await self.poster.notify(user_id, reply)
        except Exception as err:
            log.warning("could not notify the admin either: %s", getattr(err, "reason", type(err).__name__))

    async def reveal(self, post: Post, now: datetime, report: TickReport) -> None:
        """Close answers on `post` and edit it to show the result (once, across replicas)."""
        if not await self.storage.claim_reveal(post.id, now):
            return
        question = self.bank.get(post.question_id or "")
        if question is None or post.message_id is None:
            return
        reply = Round(question, DailyPost(post.id)).reveal(
            await self.storage.tally(post.id), f"Question of the day · {post.local_date}", today=now.date())
        place = place_of(post.ref)
        try:
            await self.poster.update(place, post.message_id, reply)
        except Exception as err:  # the post may be gone or the edit refused: show the answer anyway
            self._log_failure("reveal edit", post.ref, err)
            try:
                await self.poster.post(place, reply)
            except Exception as again:
                self._log_failure("reveal post", post.ref, again)
                if post.admin_user_id:
                    await self._notify(post.admin_user_id, Reply(
                        title="I could not reveal the daily answer", tone="error",
                        text=f"Showing the answer in channel {post.ref.channel} failed "
                             f"({getattr(again, 'reason', 'other')}).",
                    ))
                return
        report.revealed.append(post.id)

    @staticmethod
    def _log_failure(what: str, ref: ChannelRef, err: Exception) -> None:
        if isinstance(err, PostError):
            log.warning("%s failed in %s/%s: %s", what, ref.platform, ref.channel, err.reason)
        else:
            log.error("%s crashed in %s/%s", what, ref.platform, ref.channel, exc_info=err)


def _candidates(sched: Schedule, now: datetime) -> list[tuple[date, datetime]]:
    """Yesterday's and today's scheduled instants (local dates) that are already due."""
    today = local_date(now, sched.zone)
    out = []
    for day in (today - timedelta(days=1), today):
        if day.weekday() in sched.weekdays:
            at = instant(day, sched.post_time, sched.zone)
            if at <= now:
                out.append((day, at))
    return out
