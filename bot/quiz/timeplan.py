"""Local times for schedules: parsing `schedule 09:00 Europe/London mon-fri`, and turning a
channel's local date and time into a UTC instant that is right across daylight-saving changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UserError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_WORDS = {"daily": range(7), "everyday": range(7), "weekdays": range(5), "weekends": range(5, 7)}
EXAMPLE = "e.g. `schedule 09:00 Europe/London mon-fri`"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_time(text: str) -> str:
    """'9:00' -> '09:00'; a specific error for anything else."""
    match = _TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise UserError(f"`{text[:40]}` is not a time of day: use 24-hour HH:MM, {EXAMPLE}.")
    return f"{int(match[1]):02d}:{match[2]}"


def parse_zone(text: str) -> str:
    """An IANA zone name, case-insensitively; a specific error (with suggestions) otherwise."""
    try:
        ZoneInfo(text)
        return text
    except (ZoneInfoNotFoundError, ValueError):
        pass
    names = available_timezones()
    exact = [n for n in names if n.lower() == text.lower()]
    if exact:
        return exact[0]
    near = sorted(n for n in names if text.lower() in n.lower())[:3]
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    raise UserError(f"`{text[:60]}` is not a time zone I know: use an IANA name such as "
                    f"Europe/London or America/New_York.{hint}")


def parse_days(text: str) -> frozenset[int]:
    """'mon-fri', 'mon,wed,fri', 'sat-sun', 'daily', 'weekdays' -> weekday numbers (Monday 0)."""
    days: set[int] = set()
    for part in filter(None, re.split(r"[,\s]+", text.lower())):
        if part in DAY_WORDS:
            days.update(DAY_WORDS[part])
            continue
        ends = [_day(word) for word in part.split("-")]
        if len(ends) > 2 or None in ends:
            raise UserError(f"`{part[:40]}` is not a weekday or range: use mon, tue, wed, thu, fri, "
                            f"sat, sun, a range like mon-fri, or daily, {EXAMPLE}.")
        first, last = ends[0] or 0, ends[-1] or 0
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    if not days:
        raise UserError(f"Say which days, {EXAMPLE}.")
    return frozenset(days)


def _day(word: str) -> int | None:
    matches = [i for i, name in enumerate(FULL_DAYS) if len(word) >= 3 and name.startswith(word)]
    return matches[0] if matches else None


def describe_days(days: frozenset[int]) -> str:
    """Weekday numbers back to words ('mon-fri', 'every day', 'mon, wed')."""
    if len(days) == 7:
        return "every day"
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{DAYS[ordered[0]]}-{DAYS[ordered[-1]]}"
    return ", ".join(DAYS[d] for d in ordered)


def utc_now() -> datetime:
    """The real clock of the quiz and its scheduler (tests inject their own)."""
    return datetime.now(UTC)


def local_date(now: datetime, zone: str) -> date:
    """The calendar date in `zone` at the instant `now`."""
    return now.astimezone(ZoneInfo(zone)).date()


def instant(day: date, post_time: str, zone: str) -> datetime:
    """The UTC instant of `post_time` on `day` in `zone`.

    A time skipped by a spring-forward change lands after the gap (01:30 becomes 02:30 BST); a
    time repeated by a fall-back change is its first occurrence (zoneinfo's fold=0)."""
    hour, minute = (int(x) for x in post_time.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)
