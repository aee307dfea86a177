"""`awstutor eval FILE.jsonl`: answer quality on practice questions (format: shared/eval/README.md).

Multiple choice: the tutor sees the options; exact set match. Open: the tutor sees only the
question; its top services are mapped to the options they name (top-1 and top-3).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.choose import option_entries, scored_features
from bot.confidence import LABELS
from bot.learned import Example
from bot.parse import Pasted, exam_question
from bot.tutor import Tutor


@dataclass
class Tally:
    n: int = 0
    mc: int = 0
    open1: int = 0
    open3: int = 0

    def add(self, mc: bool, open1: bool, open3: bool) -> None:
        self.n += 1
        self.mc += mc
        self.open1 += open1
        self.open3 += open3

    def as_dict(self) -> dict[str, Any]:
        pct = lambda k: round(100.0 * k / self.n, 1) if self.n else 0.0  # noqa: E731
        return {"questions": self.n, "mc_accuracy": pct(self.mc), "open_top1": pct(self.open1), "open_top3": pct(self.open3)}


@dataclass
class Report:
    by_kind: dict[str, Tally] = field(default_factory=dict)
    multi: Tally = field(default_factory=Tally)  # rows with two or more right answers
    by_label: dict[str, Tally] = field(default_factory=dict)  # MC rows by confidence label
    misses: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        total = Tally()
        for t in self.by_kind.values():
            total.n += t.n
            total.mc += t.mc
            total.open1 += t.open1
            total.open3 += t.open3
        out = {kind: t.as_dict() for kind, t in sorted(self.by_kind.items())}
        out["all"] = total.as_dict()
        out["multiple"] = self.multi.as_dict()
        out["calibration"] = {
            name: {"share": round(100.0 * t.n / total.n, 1) if total.n else 0.0,
                   "mc_accuracy": t.as_dict()["mc_accuracy"], "questions": t.n}
            for name in LABELS for t in [self.by_label.get(name, Tally())]
        }
        return out


HALVES = {"tune": 0, "check": 1}  # tuning half: even line numbers; checking half: odd


def read_questions(path: Path, half: str | None = None) -> Iterable[dict[str, Any]]:
    """The rows of a JSON-lines practice file, or of one half of it; the other half's lines are
    not even parsed, so fitting on the tuning half cannot read the checking half."""
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if half is not None and n % 2 != HALVES[half]:
                continue
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{n}: not a JSON object ({err.msg})") from None
                yield _checked(row, f"{path}:{n}")


def _checked(row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError(f"{where}: not a JSON object")
    if not isinstance(row.get("question"), str) or not row["question"].strip():
        raise ValueError(f"{where}: field 'question' must be the question's text")
    options = row.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        raise ValueError(f"{where}: field 'options' must map letters to at least two options")
    answer = row.get("answer")
    if not isinstance(answer, list) or not answer or any(a not in options for a in answer):
        raise ValueError(f"{where}: field 'answer' must list letters among the options {sorted(options)}")
    row.setdefault("id", where)
    return row


def evaluate(tutor: Tutor, rows: Iterable[dict[str, Any]]) -> Report:
    """Answer every row both ways and tally the results by `kind`."""
    report = Report()
    for row in rows:
        options = {k: str(v) for k, v in row["options"].items()}
        answer = sorted(row["answer"])
        q: Pasted = exam_question(row["question"], options)
        q = Pasted(q.stem, options, len(answer), q.negated)
        reply = tutor.choose_answer(q)
        choice = sorted(reply.choice)
        hits = tutor.index.search(row["question"], limit=3)
        top_ids = [h.entry.id for h in hits]
        right_ids = {i for letter in answer for i in option_entries(tutor.index, options[letter])}
        open1 = bool(top_ids[:1]) and top_ids[0] in right_ids
        open3 = bool(right_ids & set(top_ids))
        kind = str(row.get("kind", "other"))
        right = choice == answer
        report.by_kind.setdefault(kind, Tally()).add(right, open1, open3)
        if len(answer) > 1:
            report.multi.add(right, open1, open3)
        report.by_label.setdefault(reply.label, Tally()).add(right, open1, open3)
        report.predictions.append({"id": row["id"], "choice": choice, "open": [h.entry.name for h in hits],
                                   "confidence": round(reply.confidence, 3), "label": reply.label})
        if choice != answer:
            report.misses.append(
                {"id": row["id"], "kind": kind, "question": row["question"][:300], "answer": answer,
                 "choice": choice, "options": options, "open": top_ids,
                 "named": {k: option_entries(tutor.index, v) for k, v in options.items()}}
            )
    return report


def fit_examples(tutor: Tutor, rows: Iterable[dict[str, Any]]) -> list[Example]:
    """The option features and right letters of every row that no question-type rule decides."""
    examples: list[Example] = []
    for row in rows:
        options = {k: str(v) for k, v in row["options"].items()}
        q = exam_question(row["question"], options)
        q = Pasted(q.stem, options, len(row["answer"]), q.negated)
        features = scored_features(tutor.index, q, tutor.phrases, tutor.disabled)
        if features:
            examples.append((features, list(row["answer"])))
    return examples
