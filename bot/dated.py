"""Knowledge with dates: summaries, facts and use cases in force from one day until another.

A note's summary, facts and use cases may be plain text (in force always) or versions such as
`{text: ..., from: "2027-01-01", id: retirement}` (see docs/knowledge-format.md). Notes load with
every version kept in `Entry.versions`; `view_entry(entry, day)` gives the entry as it stands on
`day` (its plain `summary`, `facts` and `use_cases` are what the matcher and cards read) plus the
changes coming soon after it. Nothing here reads files or the clock.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.notes import Entry

DATED_FIELDS = ("summary", "facts", "use_cases")
SOON = timedelta(days=90)  # how far ahead a card looks for changes
CARD_CHANGES = 3  # change lines shown on a card; the rest are counted


@dataclass(frozen=True)
class Version:
    """One summary, fact or use case, in force from `start` (inclusive) until `end` (exclusive)."""

    field: str
    text: str
    start: date | None = None
    end: date | None = None
    id: str = ""

    def in_force(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def same_line(self, other: Version) -> bool:
        """Versions of one thing: the summary, or facts (use cases) sharing an id."""
        return self.field == other.field and (self.field == "summary" or bool(self.id and self.id == other.id))


@dataclass(frozen=True)
class Change:
    """Something that changes on `day`: a new version replaces an old one, a new item starts, or one ends."""

    day: date
    field: str
    text: str
    kind: str  # "changes" | "new" | "ends"

    def line(self) -> str:
        if self.kind == "ends":
            return f"Until {self.day} only: {self.text}"
        if self.kind == "new":
            return f"From {self.day}: {self.text}"
        return f"Changes on {self.day}: {self.text}"


def parse_day(value: Any) -> date | None:
    """A `YYYY-MM-DD` string as a date; None for anything else (the schema reports it)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        return None


def read_versions(item: Mapping[str, Any]) -> tuple[Version, ...]:
    """Every summary, fact and use case of one note entry, plain or dated, in file order."""
    found: list[Version] = []
    for field in DATED_FIELDS:
        value = item.get(field)
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and one.strip():
                found.append(Version(field, one.strip()))
            elif isinstance(one, Mapping) and isinstance(one.get("text"), str) and one["text"].strip():
                found.append(Version(field, one["text"].strip(), parse_day(one.get("from")),
                                     parse_day(one.get("until")), str(one.get("id") or "")))
    return tuple(found)


def first_view(entry: Entry, versions: tuple[Version, ...], day: date) -> Entry:
    """A freshly built entry as it stands on `day`; it keeps `versions` only if some are dated."""
    viewed = view_entry(replace(entry, versions=versions), day)
    return viewed if any(v.start or v.end for v in versions) else replace(viewed, versions=())


def view_entry(entry: Entry, day: date, horizon: timedelta = SOON) -> Entry:
    """The entry on `day`: versions in force that day, plus changes due within `horizon`.

    Texts a study group's overlay added (not among the versions) are kept as they are."""
    if not entry.versions:
        return entry
    known = {f: {v.text for v in entry.versions if v.field == f} for f in DATED_FIELDS}
    now = {f: [v.text for v in entry.versions if v.field == f and v.in_force(day)] for f in DATED_FIELDS}
    summary = entry.summary if entry.summary and entry.summary not in known["summary"] else (now["summary"] or [""])[0]
    return replace(
        entry,
        summary=summary,
        facts=tuple(now["facts"]) + tuple(t for t in entry.facts if t not in known["facts"]),
        use_cases=tuple(now["use_cases"]) + tuple(t for t in entry.use_cases if t not in known["use_cases"]),
        changes=tuple(upcoming(entry.versions, day, day + horizon)),
    )


def upcoming(versions: tuple[Version, ...], after: date, until: date) -> list[Change]:
    """What changes on a day in (`after`, `until`], earliest first, summary before facts."""
    found: list[Change] = []
    for v in versions:
        if v.start and after < v.start <= until:
            replaces = any(o.end == v.start and o.same_line(v) for o in versions if o is not v)
            found.append(Change(v.start, v.field, v.text, "changes" if replaces else "new"))
        if v.end and after < v.end <= until and not any(o.start == v.end and o.same_line(v) for o in versions):
            found.append(Change(v.end, v.field, v.text, "ends"))
    return sorted(found, key=lambda c: (c.day, DATED_FIELDS.index(c.field)))


def card_lines(changes: tuple[Change, ...], name: str, limit: int = CARD_CHANGES) -> list[str]:
    """The change lines a card shows: summary and facts (use cases are how people ask, not facts),
    the rest counted with the question that shows them."""
    shown = [c for c in changes if c.field != "use_cases"]
    lines = [c.line() for c in shown[:limit]]
    if len(shown) > limit:
        lines.append(f"and {len(shown) - limit} more: ask `as of {shown[limit].day} {name}`")
    return lines


def view_key(bounds: tuple[date, ...], day: date, horizon: timedelta = SOON) -> tuple[int, tuple[date, ...]]:
    """Days with the same key see the same notes: the same versions in force, the same changes ahead."""
    return bisect_right(bounds, day), tuple(b for b in bounds if day < b <= day + horizon)
