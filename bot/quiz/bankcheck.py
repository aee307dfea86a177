"""The field-by-field rules for one question (used by `bot.quiz.bank`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bot.dated import parse_day
from bot.quiz.question import (
    CHOOSE_TWO,
    DIFFICULTIES,
    DOMAINS,
    ID_RE,
    LETTERS,
    MAX_ID,
    OPTIONAL,
    REQUIRED,
    SAYS_TWO,
    Question,
)
from bot.schema import TASKS
from bot.yamlload import LineDict


class Checker:
    """Validates one question mapping, collecting error sentences."""

    def __init__(self, path: Path, item: LineDict, note_ids: set[str]) -> None:
        self.path = path
        self.item = item
        self.note_ids = note_ids
        self.qid = str(item.get("id", f"#line{item.line}"))
        self.errors: list[str] = []
        self.flagged: set[str] = set()

    def error(self, key: str, message: str, line: int | None = None) -> None:
        line = line or self.item.line_of(key)
        self.flagged.add(key)
        self.errors.append(f"{self.path}:{line}: question {self.qid}: {key} {message}.")

    def text(self, key: str, value: Any, line: int | None = None) -> str:
        """`value` as a non-empty string, or record an error and return ''."""
        if isinstance(value, bool):
            if key in self.flagged:
                return ""
            self.error(key, f"is the boolean {value}: quote it (YAML reads yes/no/on/off "
                            "as booleans)", line)
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error(key, "must be a non-empty string", line)
            return ""
        return value.strip()


def check_question(c: Checker) -> Question | None:
    """Every rule for one question; the `Question` if none failed."""
    item = c.item
    for key in item:
        if key not in REQUIRED and key not in OPTIONAL:
            c.error(key, f"is not a known field; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED:
        if key not in item:
            c.error(key, "is missing; every question needs it", item.line)
    _raw_bools(c, item, allowed={"generated"})
    qid = _id(c)
    domain = _choice(c, "domain", tuple(DOMAINS))
    difficulty = _choice(c, "difficulty", DIFFICULTIES)
    tests = _note_list(c, "tests", required=True)
    answer_notes = _note_list(c, "answer_notes", required=False)
    tasks = _tasks(c, domain)
    stem = c.text("stem", item.get("stem")) if "stem" in item else ""
    explanation = c.text("explanation", item.get("explanation")) if "explanation" in item else ""
    options = _options(c)
    answer = _answer(c, options, stem)
    why_not = _why_not(c, options, answer)
    generated = item.get("generated", False)
    if not isinstance(generated, bool):
        c.error("generated", "must be true or false")
    start, end, changed = _dates(c)
    if c.errors:
        return None
    return Question(
        id=qid, domain=domain, tests=tests, difficulty=difficulty, stem=stem,
        options=tuple(options.items()), answer=answer, explanation=explanation, why_not=why_not,
        answer_notes=answer_notes, tasks=tasks, generated=bool(generated), source=str(c.path),
        start=start, end=end, changed=changed,
    )


def _dates(c: Checker) -> tuple[date | None, date | None, str]:
    """`from` / `until` (YYYY-MM-DD, from before until) and the `changed` line `until` needs."""
    days: dict[str, date | None] = {}
    for key in ("from", "until"):
        raw = c.item.get(key)
        days[key] = parse_day(raw)
        if raw is not None and days[key] is None:
            c.error(key, f"must be a real date written YYYY-MM-DD in quotes, like \"2027-01-01\" (got {raw!r})")
    start, end = days["from"], days["until"]
    if start and end and start >= end:
        c.error("until", f"({end}) must be after from ({start})")
    changed = c.text("changed", c.item["changed"]) if "changed" in c.item else ""
    if "until" in c.item and "changed" not in c.item:
        c.error("changed", "is missing; a question with until needs one sentence saying what changed that day",
                c.item.line_of("until"))
    if "changed" in c.item and "until" not in c.item:
        c.error("changed", "only goes with until (it says what changed on that day); add until or remove it")
    return start, end, changed


def _raw_bools(c: Checker, mapping: LineDict, allowed: set[str], prefix: str = "") -> None:
    for key, raw in mapping.raw_bools.items():
        if key not in allowed and isinstance(mapping[key], bool):
            c.error(prefix + key, f"is an unquoted {raw!r}, which YAML reads as a boolean: "
                                  "put it in quotes", mapping.line_of(key))


def _id(c: Checker) -> str:
    value = c.item.get("id")
    if "id" not in c.item:
        return ""
    if not isinstance(value, str) or not ID_RE.match(value) or len(value) > MAX_ID:
        c.error("id", f"must match [a-z0-9][a-z0-9-]* and be at most {MAX_ID} characters")
        return ""
    return value


def _choice(c: Checker, key: str, allowed: tuple[str, ...]) -> str:
    value = c.item.get(key)
    if key in c.item and value not in allowed:
        c.error(key, f"is {value!r}; use one of {', '.join(allowed)}")
        return ""
    return str(value or "")


def _note_list(c: Checker, key: str, required: bool) -> tuple[str, ...]:
    value = c.item.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or (required and not value):
        c.error(key, "must be a list of note ids like [sts]")
        return ()
    ids = []
    for note in value:
        if not isinstance(note, str) or note not in c.note_ids:
            c.error(key, f"names {note!r}, which is not a note id; use an id from knowledge/notes")
        else:
            ids.append(note)
    return tuple(ids)


def _tasks(c: Checker, domain: str) -> tuple[str, ...]:
    """`tasks`: exam-guide task statement numbers ("3.3") from the question's own domain."""
    value = c.item.get("tasks")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        c.error("tasks", 'must be a list of exam task statements like ["3.3"] (quote them)')
        return ()
    tasks = []
    for task in value:
        task = str(task)
        if task not in TASKS:
            c.error("tasks", f"names {task!r}, which is no task statement of the exam guide; "
                             f"use one of {', '.join(TASKS)}")
        elif domain and TASKS[task][0] != domain:
            c.error("tasks", f"names {task}, a task of {TASKS[task][0]}, but the question is in "
                             f"{domain}; use a task of its own domain")
        else:
            tasks.append(task)
    return tuple(tasks)


def _options(c: Checker) -> dict[str, str]:
    value = c.item.get("options")
    if "options" not in c.item:
        return {}
    if not isinstance(value, LineDict):
        c.error("options", "must be a mapping of letters to texts (A: ..., B: ...)")
        return {}
    _raw_bools(c, value, allowed=set(), prefix="options.")
    letters = list(value)
    if not 4 <= len(letters) <= 5:
        c.error("options", f"has {len(letters)} options; write 4 or 5")
    if letters != list(LETTERS[: len(letters)]):
        c.error("options", f"are lettered {', '.join(map(str, letters))}; use A, B, C, D (E) in order")
    options: dict[str, str] = {}
    seen: dict[str, str] = {}
    for letter, text in value.items():
        text = c.text(f"options.{letter}", text, value.line_of(letter))
        key = " ".join(text.lower().split())
        if key and key in seen:
            c.error(f"options.{letter}", f"repeats the text of option {seen[key]}; every "
                                         "option must differ", value.line_of(letter))
        seen.setdefault(key, str(letter))
        options[str(letter)] = text
    return options


def _answer(c: Checker, options: dict[str, str], stem: str) -> tuple[str, ...]:
    value = c.item.get("answer")
    if "answer" not in c.item:
        return ()
    if (not isinstance(value, list) or not all(isinstance(v, str) for v in value)
            or not 1 <= len(value) <= 2 or len(set(value)) != len(value)):
        c.error("answer", "must be a list of one letter, or two different letters for "
                          "'choose two', like [B]")
        return ()
    letters = tuple(str(v) for v in value)
    for letter in letters:
        if options and letter not in options:
            c.error("answer", f"letter {letter} is not among the options "
                              f"{', '.join(options)}; use one of them")
    if len(letters) == 2 and stem and not SAYS_TWO.search(stem):
        c.error("answer", "has two letters but the stem does not say 'two'; add "
                          "'(Choose two.)' to the stem or keep one letter")
    if len(letters) == 1 and CHOOSE_TWO.search(stem):
        c.error("answer", "has one letter but the stem says 'choose two'; give two letters")
    return letters


def _why_not(c: Checker, options: dict[str, str], answer: tuple[str, ...]) -> dict[str, str]:
    value: Any = c.item.get("why_not")
    if "why_not" not in c.item:
        return {}
    if not isinstance(value, LineDict):
        c.error("why_not", "must be a mapping of wrong option letters to one line each")
        return {}
    _raw_bools(c, value, allowed=set(), prefix="why_not.")
    reasons = {str(k): c.text(f"why_not.{k}", v, value.line_of(k)) for k, v in value.items()}
    if not answer:
        return reasons  # without a valid answer the wrong options are unknown: one error is enough
    for letter in options:
        if letter not in answer and letter not in reasons:
            c.error("why_not", f"has no line for wrong option {letter}; say why it is wrong")
    for letter in reasons:
        if letter in answer or letter not in options:
            c.error(f"why_not.{letter}", "is not a wrong option; remove it",
                    value.line_of(letter))
    return reasons
