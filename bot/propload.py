"""Load and check `knowledge/properties/*.yaml`. Every error is one sentence naming the file,
line, entry id and field, like the notes' errors."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

from bot.dated import parse_day
from bot.properties import ACTORS, Ordering, Properties, Property, Responsibility, Span
from bot.schema import DATE_RE, ID_RE
from bot.text import name_key
from bot.yamlload import LineDict, LineList, read_checked

# kind (top-level list) -> (singular word in errors, required fields, optional fields)
KINDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "properties": ("property", ("id", "name", "phrases", "members", "why", "as_of"), ("non_members", "from", "until")),
    "orderings": ("ordering", ("id", "name", "order", "why", "as_of"), ("low", "high", "from", "until")),
    "responsibilities": ("responsibility", ("id", "task", "phrases", "why", "as_of"), (*ACTORS, "default", "from", "until")),
}
ID_LISTS = ("members", "non_members", *ACTORS)
PHRASE_LISTS = ("phrases", "low", "high")


class _Item:
    """One entry of a property file and the errors about it, phrased one way."""

    def __init__(self, path: Path, word: str, data: LineDict, errors: list[str]) -> None:
        self.path, self.word, self.data, self.errors = path, word, data, errors
        self.problems = 0
        raw = data.get("id")
        self.id = raw if isinstance(raw, str) and raw else f"#{data.line}"

    def add(self, key: str, problem: str, line: int | None = None) -> None:
        where = line if line is not None else self.data.line_of(key)
        self.problems += 1
        self.errors.append(f"{self.path}:{where}: {self.word} '{self.id}', field '{key}': {problem}.")

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(key, "expected a list of non-empty text (quote yes/no/on/off)")
            return []
        return [v.strip() for v in value]


def check_properties(folder: Path, note_ids: Collection[str], today: date | None = None) -> tuple[Properties, list[str]]:
    """Every property file in `folder`; the entries in force on `today` (all kept for
    `Properties.on(another day)`) and all errors found."""
    today = today or date.today()
    errors: list[str] = []
    items: list[_Item] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        items.extend(_read(path, errors))
    ids: dict[str, str] = {}
    phrases: dict[str, str] = {}
    spans: list[Span] = []
    for item in items:
        _check_fields(item)
        _check_unique(item, "id", [item.id], ids)
        for key in PHRASE_LISTS:
            _check_unique(item, key, [name_key(p) for p in item.texts(key)], phrases)
        _check_refs(item, note_ids)
        if not item.problems:
            spans.append((_build(item), parse_day(item.data.get("from")), parse_day(item.data.get("until"))))
    return Properties(spans=tuple(spans)).on(today), errors


def _read(path: Path, errors: list[str]) -> list[_Item]:
    parsed, data = read_checked(path, errors)
    if not parsed:
        return []
    if not isinstance(data, LineDict) or not data or any(k not in KINDS for k in data):
        errors.append(f"{path}:1: file: expected top-level lists named {', '.join(KINDS)} and nothing else.")
        return []
    found = []
    for kind, entries in data.items():
        word = KINDS[kind][0]
        if not isinstance(entries, LineList):
            errors.append(f"{path}:{data.line_of(kind)}: file: '{kind}' should be a list of {word} entries.")
            continue
        for i, entry in enumerate(entries):
            if isinstance(entry, LineDict):
                found.append(_Item(path, word, entry, errors))
            else:
                errors.append(f"{path}:{entries.line_of(i)}: {word} #{i + 1}: expected a mapping of fields.")
    return found


def _kind_of(item: _Item) -> str:
    return next(kind for kind, (word, _, _) in KINDS.items() if word == item.word)


def _check_fields(item: _Item) -> None:
    _, required, optional = KINDS[_kind_of(item)]
    for key in item.data:
        if key not in required + optional:
            item.add(key, f"unknown field (known fields: {', '.join(sorted(required + optional))})")
    for key in required:
        if item.data.get(key) in (None, "", []):
            item.add(key, "is required", item.data.line)
    for key in ("id", "name", "task", "why", "as_of", "from", "until", "default"):
        value = item.data.get(key)
        if key in item.data.raw_bools:
            item.add(key, f"unquoted '{item.data.raw_bools[key]}' is read by YAML as a boolean; write it in quotes")
        elif value is not None and not (isinstance(value, str) and value.strip()):
            item.add(key, "expected text")
    if isinstance(item.data.get("id"), str) and not ID_RE.match(item.data["id"]):
        item.add("id", "must be lower-case letters, digits and hyphens")
    for key in ("as_of", "from", "until"):
        value = item.data.get(key)
        if isinstance(value, str) and not DATE_RE.match(value):
            item.add(key, f"must be a date written YYYY-MM-DD (got '{value[:20]}')")
    start, end = item.data.get("from"), item.data.get("until")
    if isinstance(start, str) and isinstance(end, str) and DATE_RE.match(start) and DATE_RE.match(end) and start >= end:
        item.add("until", f"must be after 'from' ({start})")
    if item.word == "ordering" and not (item.data.get("low") or item.data.get("high")):
        item.add("low", "an ordering needs 'low' or 'high' phrases (or both)", item.data.line)
    default = item.data.get("default")
    if default is not None and default not in ACTORS:
        item.add("default", f"must be one of {', '.join(ACTORS)}")
    if item.word == "responsibility" and not (default or any(item.data.get(a) for a in ACTORS)):
        item.add("default", "say who does it: a default actor, or services under customer, aws or shared", item.data.line)


def _check_unique(item: _Item, key: str, values: list[str], seen: dict[str, str]) -> None:
    for value in values:
        if not value:
            continue
        owner = seen.setdefault(value, f"{item.word} '{item.id}'")
        if owner != f"{item.word} '{item.id}'" or (key != "id" and values.count(value) > 1):
            what = "id" if key == "id" else f"phrase '{value}'"
            item.add(key, f"{what} is already used by {owner}")
            return


def _order_ids(item: _Item) -> list[str]:
    order = item.data.get("order")
    if order is None:
        return []
    ids: list[str] = []
    ok = isinstance(order, LineList)
    for rank in order if ok else []:
        tied = rank if isinstance(rank, list) else [rank]
        ok = ok and all(isinstance(t, str) for t in tied)
        ids.extend(t for t in tied if isinstance(t, str))
    if not ok:
        item.add("order", "expected a list of note ids (an inner list for a tie)")
    if len(ids) < 2:
        item.add("order", "needs at least two notes")
    return ids


def _check_refs(item: _Item, note_ids: Collection[str]) -> None:
    owner: dict[str, str] = {}
    lists = [(key, item.texts(key)) for key in ID_LISTS] + [("order", _order_ids(item))]
    for key, ids in lists:
        seen: set[str] = set()
        for ref in ids:
            if ref not in note_ids:
                item.add(key, f"unknown note id '{ref}'")
            first = owner.setdefault(ref, key)
            if first != key:
                item.add(key, f"note '{ref}' is listed twice (also in '{first}')")
            elif ref in seen:
                item.add(key, f"note '{ref}' is listed twice")
            seen.add(ref)


def _build(item: _Item) -> Property | Ordering | Responsibility:
    d, src = item.data, item.path.name
    if item.word == "property":
        return Property(d["id"], d["name"].strip(), tuple(item.texts("phrases")), frozenset(item.texts("members")),
                        d["why"].strip(), frozenset(item.texts("non_members")), src)
    if item.word == "ordering":
        ranks = tuple(tuple(r) if isinstance(r, list) else (r,) for r in d["order"])
        return Ordering(d["id"], d["name"].strip(), ranks, tuple(item.texts("low")), tuple(item.texts("high")),
                        d["why"].strip(), src)
    actors = {who: frozenset(item.texts(who)) for who in ACTORS}
    default = d.get("default") if d.get("default") in ACTORS else None
    return Responsibility(d["id"], d["task"].strip(), tuple(item.texts("phrases")), actors, d["why"].strip(), src,
                          default)
