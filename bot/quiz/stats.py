"""Rendering a person's stats, a channel's leaderboard and its CSV export."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UserError
from bot.model import Attachment, Field, Reply
from bot.quiz.question import DOMAIN_NAMES, Question
from bot.storage import Attempt, Score

PERIODS = ("week", "month", "all")


def period_start(period: str, now: datetime, zone: str) -> datetime | None:
    """Start of this week (Monday) or month in the channel's zone, as UTC; None for all time."""
    if period not in PERIODS:
        raise UserError(f"`{period[:40]}` is not a period: use `leaderboard week`, `leaderboard month` "
                        "or `leaderboard all`.")
    if period == "all":
        return None
    local = now.astimezone(ZoneInfo(zone))
    day = local.date() - timedelta(days=local.weekday()) if period == "week" else local.date().replace(day=1)
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def leaderboard_reply(period: str, scores: list[Score]) -> Reply:
    """The top scorers, or an encouraging note when nobody has scored yet."""
    label = {"week": "this week", "month": "this month", "all": "all time"}[period]
    if not scores:
        return Reply(title=f"Leaderboard, {label}", private=False,
                     text="No answers yet. Answer the daily question to get on the board.")
    lines = [f"{i}. {s.name}: {s.points} point{'s' if s.points != 1 else ''} "
             f"({s.answered} answered)" for i, s in enumerate(scores, 1)]
    return Reply(title=f"Leaderboard, {label}", text="\n".join(lines), private=False)


def _ratio(pair: list[int]) -> str:
    return f"{pair[0]} of {pair[1]} right ({pair[0] / pair[1]:.0%})"


def until(when: datetime, now: datetime) -> str:
    """A due time in words: "now", "in 9 minutes", "in 3 hours", "on 2026-03-05 at 09:00 UTC"."""
    minutes = max(0, round((when - now).total_seconds() / 60))
    if minutes == 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    if minutes < 24 * 60:
        hours = round(minutes / 60)
        return f"in {hours} hour{'s' if hours != 1 else ''} ({when:%H:%M} UTC)"
    return f"on {when:%Y-%m-%d} at {when:%H:%M} UTC"


def stats_reply(
    attempts: list[Attempt], bank: Mapping[str, Question], streak: int | None,
    names: Mapping[str, str] | None = None,
    reviews_due: int = 0,
) -> Reply:
    """Accuracy per exam domain and per topic, the streak, the weakest topics and reviews due."""
    if not attempts:
        return Reply(title="Your stats", text="No answers yet: try `quiz` for a practice question.")
    domains: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    topics: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for attempt in attempts:
        question = bank.get(attempt.question_id)
        if question is None:
            continue  # removed from the bank since
        # Topics are the notes of the right answer: what the question asks you to know. The other
        # notes it mentions are options, and an option never chosen is no weakness.
        for bucket in [domains[question.domain]] + [topics[t] for t in question.answered_notes()]:
            bucket[0] += int(attempt.correct)
            bucket[1] += 1
    right = sum(int(a.correct) for a in attempts)
    fields = [Field(DOMAIN_NAMES.get(d, d), _ratio(p), inline=True) for d, p in sorted(domains.items())]
    weakest = sorted((p[0] / p[1], -p[1], t) for t, p in topics.items() if p[0] < p[1])[:5]
    if weakest:
        fields.append(Field("Weakest topics", "\n".join(
            f"{(names or {}).get(t, t)}: {topics[t][0]} of {topics[t][1]} right" for _, _, t in weakest)))
    return Reply(
        title="Your stats",
        text=f"{right} of {len(attempts)} right ({right / len(attempts):.0%})."
             + ("" if streak is None else f" Streak here: {streak} day{'s' if streak != 1 else ''}."),
        fields=tuple(fields),
        footer=(f"Reviews due: {reviews_due}. Type `review` to go through them." if reviews_due
                else "No reviews due. `review` brings back what you missed when it is time."),
    )


# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Defuse spreadsheet formulas in user-controlled text (names like `=HYPERLINK(...)`)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_reply(rows: list[tuple[str, str, str, str, str, bool, int]], channel: str = "") -> Reply:
    """The channel's results as an attached CSV file (a message would cut a real channel's export)."""
    out = io.StringIO()
    # RFC 4180 line ends: the csv module quotes a field holding any character of the line
    # terminator, so with "\r\n" a CR inside a name is quoted too (with "\n" it was not).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "question", "user_id", "name", "choice", "correct", "points"])
    writer.writerows([_cell(v) for v in row] for row in rows)
    days = sorted({row[0] for row in rows})
    span = f" from {days[0]} to {days[-1]}" if days else ""
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in channel)[:40] or "channel"
    return Reply(
        title=f"Results export ({len(rows)} answer{'' if len(rows) == 1 else 's'}{span})",
        text="The CSV file is attached: one row per answer to the daily question.",
        attachment=Attachment(f"awstutor-{name}-results.csv", out.getvalue().encode("utf-8")),
    )
