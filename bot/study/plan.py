"""A plan to an exam date, as pure arithmetic: how many new questions a day so the whole bank is
seen, with the last new ones early enough that their first review falls before the exam."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from bot.errors import UserError

# FSRS brings a question answered right the first time back after about 2 days: stop new
# questions this many days before the exam so each gets that first review in time.
REVIEW_BUFFER = 3
DEFAULT_NEW = 5  # new questions a day without an exam date
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str, today: date) -> date:
    """`2027-01-15` -> a date after today; a specific error otherwise."""
    match = _DATE.match(text.strip())
    try:
        day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        day = None
    if day is None:
        raise UserError(f"`{text[:40]}` is not a date: write it as YYYY-MM-DD, e.g. `exam date 2027-01-15`.")
    if day <= today:
        raise UserError(f"{day.isoformat()} is not after today ({today.isoformat()}): give the day of your exam.")
    if (day - today).days > 730:
        raise UserError(f"{day.isoformat()} is more than two years away; set a date closer to your exam.")
    return day


@dataclass(frozen=True)
class Today:
    """Today's share of the plan: `day` of `days`, reviews due, new questions still to do."""

    day: int
    days: int
    reviews: int
    new: int
    days_left: int

    def line(self) -> str:
        """"day 12 of 41: 8 reviews, 5 new"."""
        head = f"Day {self.day} of {self.days}: " if self.days else "Today: "
        return f"{head}{_count(self.reviews, 'review')}, {self.new} new"


def today_plan(exam_day: date | None, start: date | None, today: date, unseen_before_today: int,
               new_today: int, reviews: int) -> Today:
    """Today's plan. New questions a day: those not seen before today spread over the days left
    before the review buffer; without an exam date, `DEFAULT_NEW`."""
    if exam_day is None:
        return Today(0, 0, reviews, max(0, min(DEFAULT_NEW, unseen_before_today) - new_today), 0)
    start = min(start or today, today)
    days_left = (exam_day - today).days
    new_days = days_left - REVIEW_BUFFER  # the last days are for reviews only
    quota = math.ceil(unseen_before_today / new_days) if new_days > 0 else 0
    return Today((today - start).days + 1, (exam_day - start).days, reviews, max(0, quota - new_today), days_left)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
