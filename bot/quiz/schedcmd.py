"""The `schedule` command: show, set or switch off a channel's daily question (admins only)."""

from __future__ import annotations

from datetime import datetime

from bot.errors import UserError
from bot.model import Place, Reply, Request
from bot.quiz.timeplan import EXAMPLE, describe_days
from bot.quiz.when import read_schedule
from bot.storage import ChannelRef, Storage


def channel_ref(place: Place) -> ChannelRef:
    """A Place as the storage's channel key."""
    return ChannelRef(place.platform, place.workspace, place.channel)


async def schedule_command(storage: Storage, request: Request, args: str, now: datetime) -> Reply:
    """`schedule` shows, `schedule off` stops, `schedule 09:00 Europe/London mon-fri` (or
    `schedule 9am London weekdays`) sets."""
    if not request.user.is_admin:
        raise UserError("Only admins can see or change the daily question schedule; ask one "
                        "of your workspace or server admins.")
    if request.place.is_dm:
        raise UserError("Run `schedule` in the channel where the daily question should appear.")
    cid = await storage.channel_id(channel_ref(request.place))
    if not args:
        sched = await storage.schedule(cid)
        if sched is None or not sched.enabled:
            return Reply(title="No daily question here",
                         text=f"Switch it on with a time, zone and days, {EXAMPLE}.")
        return Reply(title="Daily question schedule",
                     text=f"{sched.post_time} {sched.zone}, {describe_days(sched.weekdays)}.")
    if args.lower() == "off":
        was_on = await storage.disable_schedule(cid, now)
        return Reply(title="Daily question off" if was_on else "It was already off",
                     text="No more daily questions here. Answers and scores are kept.")
    post_time, zone, days = read_schedule(args)
    await storage.set_schedule(cid, post_time, zone, days, request.user.id, now)
    return Reply(title="Daily question scheduled", tone="success",
                 text=f"I will post here at {post_time} {zone}, {describe_days(days)}. "
                      "Failed posts are reported to you.")
