"""Validate note files. Every error is one sentence naming file, line, entry id and field."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.actions import MAX_NOTE_ID
from bot.datecheck import check_dated
from bot.dated import DATED_FIELDS
from bot.yamlload import LineDict, LineList

DOMAINS = {
    "cloud-concepts": "Cloud Concepts",
    "security-compliance": "Security and Compliance",
    "cloud-technology": "Cloud Technology and Services",
    "billing-support": "Billing, Pricing, and Support",
}
# The exam guide's task statements, by number: a question's `tasks` names the ones it tests,
# and the bank check reports any statement no question tests.
TASKS = {
    "1.1": ("cloud-concepts", "Define the benefits of the AWS Cloud"),
    "1.2": ("cloud-concepts", "Identify design principles of the AWS Cloud"),
    "1.3": ("cloud-concepts", "Understand the benefits of and strategies for migration to the AWS Cloud"),
    "1.4": ("cloud-concepts", "Understand concepts of cloud economics"),
    "2.1": ("security-compliance", "Understand the AWS shared responsibility model"),
    "2.2": ("security-compliance", "Understand AWS Cloud security, governance, and compliance concepts"),
    "2.3": ("security-compliance", "Identify AWS access management capabilities"),
    "2.4": ("security-compliance", "Identify components and resources for security"),
    "3.1": ("cloud-technology", "Define methods of deploying and operating in the AWS Cloud"),
    "3.2": ("cloud-technology", "Define the AWS global infrastructure"),
    "3.3": ("cloud-technology", "Identify AWS compute services"),
    "3.4": ("cloud-technology", "Identify AWS database services"),
    "3.5": ("cloud-technology", "Identify AWS network services"),
    "3.6": ("cloud-technology", "Identify AWS storage services"),
    "3.7": ("cloud-technology", "Identify AWS AI/ML services and analytics services"),
    "3.8": ("cloud-technology", "Identify services from other in-scope AWS service categories"),
    "4.1": ("billing-support", "Compare AWS pricing models"),
    "4.2": ("billing-support", "Understand resources for billing, budget, and cost management"),
    "4.3": ("billing-support", "Identify AWS technical resources and AWS Support options"),
}
KINDS = ("service", "feature", "concept")
# A note's status where it is not simply available; the quiz bank check reads "retired".
STATUSES = ("closed-to-new-customers", "retired")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

REQUIRED = ("id", "kind", "name", "category", "domain", "summary", "as_of")
REQUIRED_FOR_SERVICES = ("aliases", "use_cases", "keywords", "facts", "docs")
TEXT_FIELDS = ("id", "kind", "name", "short", "category", "domain", "summary", "docs", "as_of", "status")
LIST_FIELDS = ("aliases", "formerly", "use_cases", "keywords", "facts", "related")
KNOWN = frozenset(TEXT_FIELDS + LIST_FIELDS + ("confused_with", "traps"))
MAX_SUMMARY = 200


class EntryErrors:
    """Collects errors for one entry, phrased the same way everywhere."""

    def __init__(self, path: Path, entry: LineDict, errors: list[str]) -> None:
        self.path, self.entry, self.errors = path, entry, errors
        raw_id = entry.get("id")
        self.id = raw_id if isinstance(raw_id, str) and raw_id else f"#{entry.line}"

    def add(self, field: str, problem: str, line: int | None = None) -> None:
        where = line if line is not None else self.entry.line_of(field)
        self.errors.append(f"{self.path}:{where}: entry '{self.id}', field '{field}': {problem}.")


def check_entry(path: Path, entry: Any, line: int, errors: list[str]) -> bool:
    """Check one entry's own fields. Returns False when it is unusable (not a mapping)."""
    if not isinstance(entry, LineDict):
        errors.append(f"{path}:{line}: entry #{line}: expected a mapping of fields, got {_kind(entry)}.")
        return False
    err = EntryErrors(path, entry, errors)
    for key in entry:
        if key not in KNOWN:
            err.add(key, f"unknown field (known fields: {', '.join(sorted(KNOWN))})")
    required = REQUIRED + (REQUIRED_FOR_SERVICES if entry.get("kind") != "concept" else ())
    for key in required:
        if key not in entry or entry[key] in (None, "", []):
            err.add(key, "is required", entry.line)
    for key in TEXT_FIELDS:
        if key in entry and entry[key] is not None:
            _check_text(err, key, entry[key])
    for key in LIST_FIELDS:
        if key in entry and entry[key] is not None:
            _check_list(err, key, entry[key])
    _check_values(err, entry)
    _check_pairs(err, "confused_with", entry.get("confused_with"), ("id", "how"))
    _check_pairs(err, "traps", entry.get("traps"), ("wrong", "right"))
    check_dated(entry, err.add)
    return True


def _check_text(err: EntryErrors, key: str, value: Any) -> None:
    if key in DATED_FIELDS and isinstance(value, LineList):
        return  # dated versions: bot/datecheck.py
    if key in err.entry.raw_bools:
        raw = err.entry.raw_bools[key]
        err.add(key, f"unquoted '{raw}' is read by YAML as a boolean; write it in quotes")
    elif not isinstance(value, str):
        err.add(key, f"expected text, got {_kind(value)}")
    elif not value.strip():
        err.add(key, "is empty")


def _check_list(err: EntryErrors, key: str, value: Any) -> None:
    if not isinstance(value, LineList):
        err.add(key, f"expected a list of text, got {_kind(value)}")
        return
    for i, item in enumerate(value):
        if key in DATED_FIELDS and isinstance(item, LineDict):
            continue  # a dated version: bot/datecheck.py
        if isinstance(item, bool):
            err.add(key, f"item {i + 1} is a YAML boolean (unquoted yes/no/on/off?); quote it", value.line_of(i))
        elif not isinstance(item, str) or not item.strip():
            err.add(key, f"item {i + 1} should be non-empty text, got {_kind(item)}", value.line_of(i))


_VALUE_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
    "id": (lambda v: bool(ID_RE.match(v)) and len(v) <= MAX_NOTE_ID,
           f"must be lower-case letters, digits and hyphens, at most {MAX_NOTE_ID} characters"),
    "kind": (lambda v: v in KINDS, f"must be one of {', '.join(KINDS)}"),
    "domain": (lambda v: v in DOMAINS, f"must be one of {', '.join(DOMAINS)}"),
    "docs": (lambda v: v.startswith("https://") and " " not in v, "must be an https:// URL"),
    "as_of": (lambda v: bool(DATE_RE.match(v)), "must be a date written YYYY-MM-DD"),
    "status": (lambda v: v in STATUSES, f"must be one of {', '.join(STATUSES)}"),
    "summary": (lambda v: len(v) <= MAX_SUMMARY, f"is longer than {MAX_SUMMARY} characters"),
}


def _check_values(err: EntryErrors, entry: LineDict) -> None:
    for key, (ok, problem) in _VALUE_CHECKS.items():
        value = entry.get(key)
        if isinstance(value, str) and value and not ok(value):
            err.add(key, f"{problem} (got '{value[:60]}')")
    use_cases = entry.get("use_cases")
    if entry.get("kind") in ("service", "feature") and isinstance(use_cases, list) and 0 < len(use_cases) < 3:
        err.add("use_cases", f"needs at least 3 use cases, has {len(use_cases)}")


def _check_pairs(err: EntryErrors, field: str, value: Any, keys: tuple[str, str]) -> None:
    """A list of two-key mappings: confused_with {id, how}, traps {wrong, right}."""
    if value is None:
        return
    shape = f"{{{', '.join(keys)}}} mappings"
    if not isinstance(value, LineList):
        err.add(field, f"expected a list of {shape}, got {_kind(value)}")
        return
    for i, item in enumerate(value):
        line = value.line_of(i)
        if not isinstance(item, LineDict):
            err.add(field, f"item {i + 1} should be a mapping with {' and '.join(keys)}", line)
            continue
        extra = set(item) - set(keys)
        if extra:
            err.add(field, f"item {i + 1} has unknown key(s) {', '.join(sorted(extra))}", line)
        for key in keys:
            if not isinstance(item.get(key), str) or not item[key].strip():
                err.add(field, f"item {i + 1} needs '{key}' as text", item.line_of(key))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean (unquoted yes/no/on/off?)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"
