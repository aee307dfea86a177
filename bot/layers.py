"""Layered knowledge: the shipped notes first, then each study group's folder on top.

`AWSTUTOR_KNOWLEDGE=shipped:/data/our-notes` loads the shipped knowledge, then the group's. A
later layer's note files may hold new `entries`, `overlays` that add facts, use cases, keywords,
traps or links to an existing note (or `replace` a field, explicitly), `drafts` (not served until
`draft: true` goes) and `unplaced` lines kept by `awstutor notes import`. A layer can never
silently shadow an id: a new entry with an id that exists is an error. Quiz files in each
layer's `quiz/` join the bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.notes import Entry, Notes, Trap, build_entry, check_notes, check_references, note_files
from bot.schema import check_entry
from bot.yamlload import LineDict, LineList, read_checked

SHIPPED = "shipped"
LAYER_KEYS = ("entries", "overlays", "drafts", "unplaced")
ADDABLE = ("facts", "use_cases", "keywords", "aliases", "links", "traps")
REPLACEABLE = ("name", "short", "summary", "docs", "category", "domain")


def parse_layers(raw: str, shipped: Path) -> tuple[Path, ...]:
    """"shipped:/data/our-notes" -> (shipped folder, /data/our-notes); one folder stays one folder."""
    parts = [p.strip() for p in raw.split(":") if p.strip()]
    return tuple(shipped if p == SHIPPED else Path(p) for p in parts) or (shipped,)


def check_layers(layers: Sequence[Path]) -> tuple[Notes, list[str]]:
    """The notes of every layer, overlays applied in order, and every problem found (each error
    names the file, so the folder it came from). Read again only when a file changed."""
    from bot.knowcache import cached

    # The shipped layer is the big one: it is read again only when one of its files changed.
    base, first_errors = cached("notes", [layers[0]], lambda: check_notes(layers[0]))
    errors = list(first_errors)
    entries = dict(base.entries)
    for folder in layers[1:]:
        if not folder.is_dir():
            errors.append(f"{folder}: no such folder (a knowledge layer named in AWSTUTOR_KNOWLEDGE).")
            continue
        new: list[tuple[Path, LineDict]] = []
        for path in note_files(folder):
            new.extend(_read_layer_file(path, entries, errors))
        check_references(new, entries, errors)
    return Notes(entries, base.properties), errors


def _read_layer_file(path: Path, entries: dict[str, Entry], errors: list[str]) -> list[tuple[Path, LineDict]]:
    parsed, data = read_checked(path, errors)
    if not parsed:
        return []
    if not isinstance(data, LineDict) or not data or any(k not in LAYER_KEYS for k in data):
        errors.append(f"{path}:1: file: expected top-level lists named {', '.join(LAYER_KEYS)} and nothing else.")
        return []
    added: list[tuple[Path, LineDict]] = []
    for i, item in enumerate(_list(data, "entries")):
        if check_entry(path, item, data["entries"].line_of(i), errors):
            if item.get("id") in entries:
                errors.append(f"{path}:{item.line_of('id')}: entry '{item['id']}', field 'id': a note with this id "
                              f"already exists ({entries[item['id']].source}); add to it under `overlays:` instead.")
            elif isinstance(item.get("id"), str):
                entries[item["id"]] = build_entry(path, item)
                added.append((path, item))
    for item in _list(data, "overlays"):
        _apply_overlay(path, item, entries, errors)
    return added


def _list(data: LineDict, key: str) -> list[Any]:
    value = data.get(key)
    return list(value) if isinstance(value, LineList) else []


def _apply_overlay(path: Path, item: Any, entries: dict[str, Entry], errors: list[str]) -> None:
    if not isinstance(item, LineDict):
        errors.append(f"{path}:1: overlay: expected a mapping with id and add (or replace).")
        return
    entry_id = item.get("id")

    def error(key: str, problem: str) -> None:
        errors.append(f"{path}:{item.line_of(key)}: overlay '{entry_id}', field '{key}': {problem}.")

    if entry_id not in entries:
        error("id", "names no known note (an overlay adds to a note; a new note goes under `entries:`)")
        return
    for key in set(item) - {"id", "source", "headings", "add", "replace"}:
        error(key, "unknown field (known fields: id, source, headings, add, replace)")
    changes: dict[str, Any] = {}
    add = item.get("add") or {}
    entry = entries[entry_id]
    for key, values in (add.items() if isinstance(add, dict) else []):
        if key not in ADDABLE:
            error("add", f"cannot add to '{key}' (addable: {', '.join(ADDABLE)})")
        elif key == "traps":
            changes["traps"] = entry.traps + tuple(Trap(t["wrong"], t["right"]) for t in values
                                                   if isinstance(t, dict) and {"wrong", "right"} <= set(t))
        elif isinstance(values, list) and all(isinstance(v, str) for v in values):
            changes[key] = tuple(getattr(entry, key)) + tuple(v.strip() for v in values)
        else:
            error("add", f"'{key}' should be a list of text")
    texts = [v for k in ("facts", "use_cases", "links") for v in (add.get(k) or []) if isinstance(v, str)] \
        if isinstance(add, dict) else []
    changes["from_notes"] = entry.from_notes + tuple(t.strip() for t in texts)
    rep = item.get("replace") or {}
    for key, value in (rep.items() if isinstance(rep, dict) else []):
        if key not in REPLACEABLE or not isinstance(value, str):
            error("replace", f"cannot replace '{key}' (replaceable text fields: {', '.join(REPLACEABLE)})")
        else:
            changes[key] = value.strip()
    entries[entry_id] = replace(entry, **changes)


def quiz_dirs(layers: Sequence[Path]) -> list[Path]:
    """Each layer's quiz folder, in layer order."""
    return [layer / "quiz" for layer in layers if (layer / "quiz").is_dir()]


def load_layers(layers: Path | Sequence[Path]) -> Notes:
    """Load the layered notes or raise `KnowledgeError` listing every problem."""
    from bot.notes import KnowledgeError

    notes, errors = check_layers([layers] if isinstance(layers, Path) else list(layers))
    if errors:
        raise KnowledgeError(errors)
    return notes
