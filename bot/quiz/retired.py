"""Bank check: a retired service (note `status: retired`) may appear in a question only when the
question is about its retirement or its successor; anywhere else a student would learn it as a
live choice. Each error is one sentence naming file, line, question and the service."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.notes import Entry
from bot.quiz.question import Question
from bot.text import name_key

ABOUT_RETIREMENT = re.compile(
    r"\b(retir\w*|discontinu\w*|end(?:ed|s)? (?:of )?support|no longer|successor\w*|replac\w*|legacy|"
    r"older|old|former\w*|closed to new)\b", re.IGNORECASE)


def retired_errors(questions: Sequence[Question], notes: Mapping[str, Entry]) -> list[str]:
    """One error per question that names or tests a retired service without being about that."""
    retired = {e.id: e for e in notes.values() if e.status == "retired"}
    names = {rid: [name_key(n) for n in (e.name, e.short, *e.aliases) if n] for rid, e in retired.items()}
    errors = []
    for q in questions:
        shown = [q.stem, *(text for _, text in q.options)]
        if any(ABOUT_RETIREMENT.search(text) for text in [*shown, q.explanation]):
            continue
        keys = [name_key(text) for text in shown]
        for rid, entry in retired.items():
            if rid in q.tests or rid in q.answer_notes or any(_names(key, names[rid]) for key in keys):
                errors.append(f"{q.source}:{_line(q)}: question {q.id}: mentions {entry.label}, which AWS has "
                              "retired; ask about a retired service only in a question about its retirement or "
                              "successor, or use a current service (and drop it from `tests`).")
    return errors


def _names(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", text) for n in names)


def _line(question: Question) -> int:
    """The line of the question's `id:` in its file (1 if the file cannot be read)."""
    try:
        lines = Path(question.source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.strip() == f"- id: {question.id}"), 1)
