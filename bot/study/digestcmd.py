"""The `digest` command (admins switch a channel's weekly digest on or off, or post it now) and
composing a channel's digest from storage."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UserError
from bot.model import Reply, Request
from bot.quiz.question import Question
from bot.quiz.schedcmd import channel_ref
from bot.storage import Storage
from bot.study.digest import build, digest_reply

HISTORY_WEEKS = 4  # "most improved" compares the week with the four before it
MAX_STREAK_LOOKUPS = 50


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Digests:
    """Switches digests on and off and composes them."""

    def __init__(self, storage: Storage, bank: Mapping[str, Question]) -> None:
        self.storage, self.bank = storage, bank

    async def command(self, request: Request, args: str, now: datetime) -> Reply:
        """`digest`, `digest on`, `digest off`, `digest now`."""
        if not request.user.is_admin:
            raise UserError("Only admins can switch the weekly digest on or off; ask one of your admins.")
        if request.place.is_dm:
            raise UserError("Run `digest` in the channel the digest is for.")
        cid = await self.storage.channel_id(channel_ref(request.place))
        word = args.lower()
        if word == "on":
            await self.storage.set_digest(cid, True, request.user.id, now)
            [channel] = await self.storage.digest_channels(cid)
            this_monday = monday_of(now.astimezone(ZoneInfo(channel.zone)).date())
            # The first digest is next Monday's, about a whole week: not last week's, at once.
            await self.storage.claim_digest(cid, (this_monday - timedelta(days=7)).isoformat())
            return Reply(title="Weekly digest on", tone="success",
                         text=f"Every Monday at {channel.post_time} {channel.zone} I post last week's hardest "
                              "question, most improved member, accuracy by domain (a chart) and streak leaders "
                              "here. `digest now` shows this week's so far.")
        if word == "off":
            await self.storage.set_digest(cid, False, request.user.id, now)
            return Reply(title="Weekly digest off", text="No more digests here.")
        found = await self.storage.digest_channels(cid)
        zone = found[0].zone if found else "UTC"
        if word == "now":
            return await self.compose(cid, request.place.platform, monday_of(now.astimezone(ZoneInfo(zone)).date()))
        if word:
            raise UserError("Say `digest on`, `digest off`, or `digest now` for this week's so far.")
        state = "on" if found and found[0].enabled else "off"
        return Reply(title=f"Weekly digest is {state}", text="`digest on` or `digest off` (admins); "
                     "`digest now` shows this week's so far.")

    async def compose(self, channel_id: int, platform: str, week: date) -> Reply:
        """The digest of the week starting on Monday `week` in the channel."""
        start, end = week.isoformat(), (week + timedelta(days=7)).isoformat()
        this_week = await self.storage.channel_answers(channel_id, start, end)
        earlier = (week - timedelta(weeks=HISTORY_WEEKS)).isoformat()
        before = await self.storage.channel_answers(channel_id, earlier, start)
        members = {a.user_id: a.name for a in [*before, *this_week]}
        streaks = {user_id: (name, await self.storage.streak(channel_id, platform, user_id))
                   for user_id, name in list(members.items())[:MAX_STREAK_LOOKUPS]}
        return digest_reply(build(week, this_week, before, self.bank, streaks))
