"""What changes soon in the knowledge: dated note versions, quiz questions and property entries
that start or end.

`awstutor knowledge changes [--within 90d]` prints it for maintainers; `as of DATE` on its own
shows a student what differs on that day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from bot.dated import Change, upcoming
from bot.notes import Entry
from bot.properties import Properties
from bot.quiz.question import Question

_WITHIN = re.compile(r"^(\d{1,4})\s*([dw]?)$", re.IGNORECASE)


def parse_within(text: str) -> timedelta:
    """'90d', '12w' or '90' (days) as a timedelta; ValueError with a usable message otherwise."""
    match = _WITHIN.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a period: write days or weeks, e.g. 90d or 12w")
    number = int(match[1])
    return timedelta(weeks=number) if match[2].lower() == "w" else timedelta(days=number)


def note_changes(entries: Iterable[Entry], after: date, until: date) -> list[tuple[Entry, Change]]:
    """Every change to a note's summary, facts or use cases on a day in (`after`, `until`]."""
    found = [(e, c) for e in entries for c in upcoming(e.versions, after, until)]
    return sorted(found, key=lambda ec: (ec[1].day, ec[0].id))


def question_changes(questions: Sequence[Question], after: date, until: date) -> list[tuple[date, str]]:
    """Quiz questions that come into force or leave it on a day in (`after`, `until`]."""
    found: list[tuple[date, str]] = []
    for q in questions:
        if q.start and after < q.start <= until:
            found.append((q.start, f"question {q.id} comes into force"))
        if q.end and after < q.end <= until:
            found.append((q.end, f"question {q.id} is no longer asked ({q.changed})"))
    return sorted(found)


def property_changes(properties: Properties, after: date, until: date) -> list[tuple[date, str]]:
    """Property, ordering and responsibility entries that come into force or leave it in (`after`, `until`]."""
    found: list[tuple[date, str]] = []
    for entry, start, end in properties.spans:
        kind = type(entry).__name__.lower()
        if start and after < start <= until:
            found.append((start, f"{kind} {entry.id} comes into force"))
        if end and after < end <= until:
            found.append((end, f"{kind} {entry.id} is no longer used"))
    return found


def change_lines(entries: Iterable[Entry], questions: Sequence[Question], after: date, until: date,
                 properties: Properties | None = None) -> list[str]:
    """One line per change, earliest first: `2027-01-01  support-developer  facts: Changes on ...`."""
    lines = [(c.day, f"{c.day}  {e.id}  {c.field}: {c.line()}") for e, c in note_changes(entries, after, until)]
    lines += [(day, f"{day}  {text}") for day, text in question_changes(questions, after, until)]
    lines += [(day, f"{day}  {text}") for day, text in property_changes(properties or Properties(), after, until)]
    return [line for _, line in sorted(lines, key=lambda dl: dl[0])]


def run_changes(layers: Sequence[Path], within: timedelta, today: date) -> int:
    """Print what changes between `today` and `today + within`; 1 if the knowledge is broken."""
    from bot.validate import check_all

    notes, questions, errors = check_all(layers)
    if errors:
        print(f"{len(errors)} problem(s) in the knowledge; run `awstutor validate` first.")
        return 1
    lines = change_lines(notes.entries.values(), questions, today, today + within, notes.properties)
    print(f"Changes after {today} until {today + within} ({within.days} days): {len(lines) or 'none'}")
    for line in lines:
        print(line)
    return 0
