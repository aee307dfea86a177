"""What the scheduler does for studying on each tick: the daily private reminders at each
person's own local time, and each opted-in channel's weekly digest on Monday at its post time.

Each is claimed in storage before it is sent (one a day per person, one a week per channel), so
restarts and replicas never send twice; a failed send is logged and not retried that day.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.model import Place, Poster, Reply
from bot.quiz.timeplan import instant
from bot.storage.studyrecords import DigestChannel, Plan
from bot.study.digestcmd import monday_of
from bot.study.service import StudyService

log = logging.getLogger(__name__)


class StudyTicker:
    """Sends due reminders and digests through a poster (only for `platform` when given)."""

    def __init__(self, study: StudyService, poster: Poster, platform: str | None = None) -> None:
        self.study, self.poster, self.platform = study, poster, platform
        self.storage = study.storage

    async def tick(self, now: datetime) -> None:
        """Send whatever is due at `now`."""
        for plan in await self.storage.reminder_plans():
            if self.platform in (None, plan.platform):
                await self._guard(self._remind(plan, now), f"reminder to {plan.platform}")
        for channel in await self.storage.digest_channels():
            if self.platform in (None, channel.ref.platform):
                await self._guard(self._digest(channel, now), f"digest in {channel.ref.platform}")

    async def _remind(self, plan: Plan, now: datetime) -> None:
        today = now.astimezone(ZoneInfo(plan.zone)).date()
        if now < instant(today, plan.remind_time, plan.zone):
            return
        if plan.exam_date and date.fromisoformat(plan.exam_date) < today:
            await self.storage.save_plan(plan.platform, plan.user_id, now, remind=False)
            return  # the exam is over: no more study reminders
        if not await self.storage.claim_reminder(plan.platform, plan.user_id, today.isoformat()):
            return
        plan_today = await self.study.progress.today(plan.platform, plan.user_id, now, plan)
        if plan.exam_date and plan_today.days_left == 0:
            text = "Exam day! Trust what you practised. Good luck."
        else:
            text = f"{plan_today.line()}. Start with `review`, then `quiz` for new questions."
        await self.poster.notify(plan.user_id, Reply(title="Your study for today", text=text,
                                                     footer="`remind off` stops these reminders."))

    async def _digest(self, channel: DigestChannel, now: datetime) -> None:
        this_monday = monday_of(now.astimezone(ZoneInfo(channel.zone)).date())
        if now < instant(this_monday, channel.post_time, channel.zone):
            return
        last_week = this_monday - timedelta(days=7)
        if not await self.storage.claim_digest(channel.channel_id, last_week.isoformat()):
            return
        reply = await self.study.digests.compose(channel.channel_id, channel.ref.platform, last_week)
        place = Place(platform=channel.ref.platform, channel=channel.ref.channel, workspace=channel.ref.workspace)
        await self.poster.post(place, replace(reply, private=False))

    @staticmethod
    async def _guard(work: Awaitable[None], what: str) -> None:
        try:
            await work
        except Exception:  # one person's or channel's failure must not stop the others
            log.exception("study %s failed", what)
