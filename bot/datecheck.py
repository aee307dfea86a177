"""Schema rules for dated summaries, facts and use cases (the format is in bot/dated.py).

`check_dated(entry, add)` reports through `add(field, problem, line)`, the note schema's one way of
phrasing an error, so every problem is one sentence naming file, line, entry and field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.dated import DATED_FIELDS, parse_day
from bot.yamlload import LineDict, LineList

Add = Callable[[str, str, int], None]
KEYS = {"summary": ("text", "from", "until"), "facts": ("text", "from", "until", "id"),
        "use_cases": ("text", "from", "until", "id")}
MAX_SUMMARY = 200


class _Dated:
    """One dated item as read from the file: where it is and the days it covers."""

    def __init__(self, field: str, index: int, data: LineDict, line: int) -> None:
        self.field, self.index, self.data, self.line = field, index, data, line
        self.start, self.end = parse_day(data.get("from")), parse_day(data.get("until"))
        self.id = data.get("id") if isinstance(data.get("id"), str) else ""

    @property
    def where(self) -> str:
        return f"item {self.index + 1}"

    def span(self) -> str:
        return f"from {self.start or 'the start'} until {self.end or 'further notice'}"

    def overlaps(self, other: _Dated) -> bool:
        return (self.start is None or other.end is None or self.start < other.end) and \
               (other.start is None or self.end is None or other.start < self.end)


def check_dated(entry: LineDict, add: Add) -> None:
    """Every dated item of the entry: its keys, text and dates, then overlaps between versions."""
    for field in DATED_FIELDS:
        value = entry.get(field)
        if field == "summary" and not isinstance(value, LineList):
            continue
        if not isinstance(value, LineList):
            continue
        items = [_Dated(field, i, v, value.line_of(i)) for i, v in enumerate(value) if isinstance(v, LineDict)]
        if field == "summary" and len(items) < len(value):
            add(field, "write either one text or a list of {text, from, until} versions, not both", value.line)
        good = [item for item in items if _check_item(item, add)]
        if field == "summary":
            _check_cover(good, add, value.line)
        else:
            _check_overlaps(good, add)


def _check_item(item: _Dated, add: Add) -> bool:
    """Keys, text and dates of one item; False if it has a problem."""
    problems = 0

    def problem(text: str, key: str = "") -> None:
        nonlocal problems
        problems += 1
        add(item.field, f"{item.where}: {text}", item.data.line_of(key) if key else item.line)

    allowed = KEYS[item.field]
    for key in item.data:
        if key not in allowed:
            problem(f"unknown key '{key}' (a dated {item.field} item has {', '.join(allowed)})", key)
    text = item.data.get("text")
    if "text" in item.data.raw_bools:
        problem(f"unquoted '{item.data.raw_bools['text']}' is read by YAML as a boolean; write it in quotes", "text")
    elif not isinstance(text, str) or not text.strip():
        problem("needs 'text', the fact itself")
    elif item.field == "summary" and len(text) > MAX_SUMMARY:
        problem(f"the text is longer than {MAX_SUMMARY} characters", "text")
    for key in ("from", "until"):
        raw = item.data.get(key)
        if raw is not None and parse_day(raw) is None:
            problem(f"'{key}' must be a real date written YYYY-MM-DD in quotes (got '{str(raw)[:20]}')", key)
    if "id" in item.data and not (isinstance(item.data["id"], str) and item.data["id"].strip()):
        problem("'id' must be text naming the fact its versions share", "id")
    if item.start and item.end and item.start >= item.end:
        problem(f"'until' ({item.end}) must be after 'from' ({item.start})", "until")
    if not problems and not (item.start or item.end or item.id):
        problem("a mapping needs 'from' or 'until' (or an 'id' shared with its dated versions); "
                "otherwise write the text alone")
    return not problems


def _check_overlaps(items: list[_Dated], add: Add) -> None:
    """Versions of one fact id may not be in force on the same day."""
    for i, later in enumerate(items):
        for earlier in items[:i]:
            if later.id and later.id == earlier.id and later.overlaps(earlier):
                add(later.field, f"{later.where}: versions of '{later.id}' overlap: this one ({later.span()}) and "
                                 f"{earlier.where} on line {earlier.line} ({earlier.span()}) are both in force "
                                 f"{_first_shared_day(later, earlier)}", later.line)
                break


def _check_cover(items: list[_Dated], add: Add, line: int) -> None:
    """Dated summaries: exactly one in force on every day, so no overlap and no gap."""
    ordered = sorted(items, key=lambda v: v.start or date.min)
    if not ordered:
        return
    if ordered[0].start:
        add("summary", f"no summary is in force before {ordered[0].start}; leave 'from' off the first version", line)
    if ordered[-1].end:
        add("summary", f"no summary is in force from {ordered[-1].end}; leave 'until' off the last version", line)
    for prev, nxt in zip(ordered, ordered[1:]):
        if prev.end is None or nxt.start is None or prev.end > nxt.start:
            add("summary", f"{nxt.where}: it overlaps {prev.where} on line {prev.line}; a day has one summary",
                nxt.line)
        elif nxt.start is not None and prev.end < nxt.start:
            add("summary", f"{nxt.where}: no summary is in force from {prev.end} until {nxt.start}; "
                           f"make 'from' equal the 'until' before it", nxt.line)


def _first_shared_day(a: _Dated, b: _Dated) -> str:
    starts = [d for d in (a.start, b.start) if d]
    return f"on {max(starts)}" if starts else "from the start"
