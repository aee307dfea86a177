"""Study notes: typed entries loaded from `knowledge/notes/*.yaml` and checked across files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.dated import Change, Version, first_view, read_versions, view_entry
from bot.properties import Properties
from bot.propload import check_properties
from bot.schema import DOMAINS, check_entry
from bot.text import name_key
from bot.yamlload import LineDict, LineList, read_checked


@dataclass(frozen=True)
class Confusion:
    id: str
    how: str


@dataclass(frozen=True)
class Trap:
    """A false statement learners fall for, and the correction."""

    wrong: str
    right: str


@dataclass(frozen=True)
class Entry:
    """One note: a service, a feature of a service, or a concept."""

    id: str
    kind: str
    name: str
    category: str
    domain: str
    summary: str
    as_of: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    use_cases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    confused_with: tuple[Confusion, ...] = ()
    traps: tuple[Trap, ...] = ()
    links: tuple[str, ...] = ()  # extra links a study group's notes added
    from_notes: tuple[str, ...] = ()  # facts, use cases and links that came from a group's notes
    related: tuple[str, ...] = ()
    docs: str = ""
    status: str = ""  # "" (available), closed-to-new-customers or retired
    source: str = ""
    versions: tuple[Version, ...] = ()  # all dated and plain summaries, facts, use cases, if any is dated
    changes: tuple[Change, ...] = ()  # what changes soon after the day these notes are viewed for

    @property
    def label(self) -> str:
        """The short display name (falls back to the full name)."""
        return self.short or self.name

    @property
    def domain_name(self) -> str:
        return DOMAINS.get(self.domain, self.domain)


@dataclass(frozen=True)
class Notes:
    entries: dict[str, Entry]
    properties: Properties = field(default_factory=Properties)

    def __len__(self) -> int:
        return len(self.entries)

    def view(self, as_of: date) -> Notes:
        """The notes as they stand on `as_of`: the summaries, facts and use cases in force that day.
        Cheap: notes without dated versions are shared, not copied."""
        return Notes({k: view_entry(e, as_of) for k, e in self.entries.items()}, self.properties.on(as_of))

    def change_days(self) -> tuple[date, ...]:
        """Every day on which a dated version or property entry starts or ends, sorted."""
        spans = [(s, e) for _, s, e in self.properties.spans] + [(v.start, v.end) for n in self.entries.values()
                                                                  for v in n.versions]
        return tuple(sorted({d for span in spans for d in span if d}))


class KnowledgeError(Exception):
    """The notes are broken; `errors` lists every problem found, one sentence each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the knowledge files:\n" + "\n".join(errors))
        self.errors = errors


def note_files(knowledge_dir: Path) -> list[Path]:
    """The note files under `knowledge_dir/notes` (or `knowledge_dir` itself), sorted."""
    folder = knowledge_dir / "notes" if (knowledge_dir / "notes").is_dir() else knowledge_dir
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def check_notes(knowledge_dir: Path) -> tuple[Notes, list[str]]:
    """Load every note file; return the usable notes and all errors found."""
    errors: list[str] = []
    files = note_files(knowledge_dir)
    if not files:
        errors.append(f"{knowledge_dir}: no note files (*.yaml) found in {knowledge_dir / 'notes'}.")
    raw: list[tuple[Path, LineDict]] = []
    for path in files:
        raw.extend(_read_file(path, errors))
    entries = _unique_entries(raw, errors)
    _check_aliases(raw, entries, errors)
    check_references(raw, entries, errors)
    properties, property_errors = check_properties(knowledge_dir / "properties", entries)
    errors.extend(property_errors)
    return Notes(entries, properties), errors


def load_notes(knowledge_dir: Path) -> Notes:
    """Load the notes or raise `KnowledgeError` listing every problem."""
    notes, errors = check_notes(knowledge_dir)
    if errors:
        raise KnowledgeError(errors)
    return notes


def _read_file(path: Path, errors: list[str]) -> list[tuple[Path, LineDict]]:
    parsed, data = read_checked(path, errors)
    if not parsed:
        return []
    if not isinstance(data, LineDict) or not isinstance(data.get("entries"), LineList):
        errors.append(f"{path}:1: file: expected a top-level 'entries:' list.")
        return []
    extra = set(data) - {"entries"}
    if extra:
        errors.append(f"{path}:1: file: unknown top-level key(s) {', '.join(sorted(extra))}.")
    items = data["entries"]
    found = []
    for i, item in enumerate(items):
        if check_entry(path, item, items.line_of(i), errors):
            found.append((path, item))
    return found


def _unique_entries(raw: list[tuple[Path, LineDict]], errors: list[str]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    where: dict[str, str] = {}
    for path, item in raw:
        entry_id = item.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in entries:
            errors.append(
                f"{path}:{item.line_of('id')}: entry '{entry_id}', field 'id': duplicate id "
                f"(first defined at {where[entry_id]})."
            )
            continue
        where[entry_id] = f"{path}:{item.line_of('id')}"
        entries[entry_id] = build_entry(path, item)
    return entries


def _check_aliases(raw: list[tuple[Path, LineDict]], entries: dict[str, Entry], errors: list[str]) -> None:
    """Names, short names, aliases and old names must not name two entries, compared the way
    the matcher compares them (`name_key`: "Simple-AD" and "simple ad" are one name)."""
    owner = {name_key(entry_id.replace("-", " ")): entry_id for entry_id in entries}
    for path, item in raw:
        entry_id = str(item.get("id"))
        for key, values, line_of in _name_fields(item):
            for i, alias in enumerate(values):
                norm = name_key(alias) if isinstance(alias, str) else ""
                clash = owner.setdefault(norm, entry_id) if norm else entry_id
                if clash != entry_id:
                    errors.append(
                        f"{path}:{line_of(i)}: entry '{entry_id}', field '{key}': "
                        f"'{alias}' is already used by entry '{clash}'."
                    )


def _name_fields(item: LineDict) -> list[tuple[str, list[Any], Any]]:
    fields: list[tuple[str, list[Any], Any]] = []
    for key in ("name", "short"):
        if isinstance(item.get(key), str):
            fields.append((key, [item[key]], lambda _i, k=key: item.line_of(k)))
    for key in ("aliases", "formerly"):
        values = item.get(key)
        if isinstance(values, LineList):
            fields.append((key, list(values), values.line_of))
    return fields


def check_references(raw: list[tuple[Path, LineDict]], entries: dict[str, Entry], errors: list[str]) -> None:
    for path, item in raw:
        entry_id = item.get("id")
        related = item.get("related")
        if isinstance(related, LineList):
            for i, ref in enumerate(related):
                if isinstance(ref, str) and ref not in entries:
                    errors.append(
                        f"{path}:{related.line_of(i)}: entry '{entry_id}', field 'related': "
                        f"unknown id '{ref}'."
                    )
        confused = item.get("confused_with")
        if isinstance(confused, LineList):
            for c in confused:
                if isinstance(c, LineDict) and isinstance(c.get("id"), str) and c["id"] not in entries:
                    errors.append(
                        f"{path}:{c.line_of('id')}: entry '{entry_id}', field 'confused_with': "
                        f"unknown id '{c['id']}'."
                    )


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _pairs(value: Any, a: str, b: str) -> list[tuple[str, str]]:
    """The well-formed {a, b} mappings of a list (the schema reports the others)."""
    items = value if isinstance(value, list) else []
    return [(c[a].strip(), c[b].strip()) for c in items
            if isinstance(c, dict) and isinstance(c.get(a), str) and isinstance(c.get(b), str)]


def build_entry(path: Path, item: LineDict, as_of: date | None = None) -> Entry:
    """The entry as it stands on `as_of` (today by default), keeping every dated version."""
    entry = Entry(
        id=item["id"],
        kind=_text(item.get("kind")),
        name=_text(item.get("name")),
        category=_text(item.get("category")),
        domain=_text(item.get("domain")),
        summary=_text(item.get("summary")),
        as_of=_text(item.get("as_of")),
        short=_text(item.get("short")),
        aliases=_texts(item.get("aliases")),
        formerly=_texts(item.get("formerly")),
        use_cases=_texts(item.get("use_cases")),
        keywords=_texts(item.get("keywords")),
        facts=_texts(item.get("facts")),
        confused_with=tuple(Confusion(*p) for p in _pairs(item.get("confused_with"), "id", "how")),
        traps=tuple(Trap(*p) for p in _pairs(item.get("traps"), "wrong", "right")),
        related=_texts(item.get("related")),
        docs=_text(item.get("docs")),
        status=_text(item.get("status")),
        source=path.name,
    )
    return first_view(entry, read_versions(item), as_of or date.today())
