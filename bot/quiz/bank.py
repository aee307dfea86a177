"""The question bank: load `knowledge/quiz/*.yaml`, validate every question, report the mix.

Each error is one sentence naming file, line, question id and field, and saying what to do.
Questions with errors are left out of the bank, so one bad question never stops the bot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.knowcache import cached
from bot.quiz.bankcheck import Checker, check_question
from bot.quiz.question import DOMAIN_NAMES, DOMAINS, Question
from bot.schema import TASKS
from bot.yamlload import LineDict, read_checked


def load_bank(quiz_dir: Path, note_ids: set[str]) -> tuple[list[Question], list[str]]:
    """Load every `*.yaml` under `quiz_dir`; return (valid questions, error sentences)."""
    questions: list[Question] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(quiz_dir.glob("*.yaml")) if quiz_dir.is_dir() else []:
        for item in _items(path, errors):
            checker = Checker(path, item, note_ids)
            question = check_question(checker)
            qid = item.get("id") if isinstance(item.get("id"), str) else None
            if qid and qid in seen:
                checker.error("id", f"duplicates the id defined at {seen[qid]}; ids must be "
                                    "unique across all quiz files, rename one")
                question = None
            elif qid:
                seen[qid] = f"{path}:{item.line}"
            errors.extend(checker.errors)
            if question is not None:
                questions.append(question)
    return questions, errors


def load_banks(layers: Sequence[Path], note_ids: set[str]) -> tuple[list[Question], list[str]]:
    """Every layer's `quiz/` folder, in order; a question id used twice across layers is an error."""
    questions: list[Question] = []
    errors: list[str] = []
    seen: dict[str, Path] = {}
    for layer in layers:
        quiz = layer / "quiz"
        found, layer_errors = cached("bank", [quiz], partial(load_bank, quiz, note_ids), frozenset(note_ids))
        errors.extend(layer_errors)
        for question in found:
            if question.id in seen:
                errors.append(f"{layer / 'quiz'}: question '{question.id}' is already defined in {seen[question.id]}; "
                              "rename it (a layer cannot replace a question).")
                continue
            seen[question.id] = layer / "quiz"
            questions.append(question)
    return questions, errors


def _items(path: Path, errors: list[str]) -> list[LineDict]:
    parsed, data = read_checked(path, errors)
    if not parsed:
        return []
    if not isinstance(data, LineDict) or not isinstance(data.get("questions"), list):
        errors.append(f"{path}:1: the file must be a mapping with a `questions:` list.")
        return []
    for key in data:
        if key != "questions":
            errors.append(f"{path}:{data.line_of(key)}: unknown top-level key {key!r}; "
                          "only `questions` is allowed.")
    items = []
    for index, item in enumerate(data["questions"]):
        if isinstance(item, LineDict):
            items.append(item)
        else:
            errors.append(f"{path}:{data['questions'].line_of(index)}: question #{index + 1} "
                          "is not a mapping; write it as `- id: ...` with its fields.")
    return items


@dataclass(frozen=True)
class BankReport:
    """The bank's shape: domain mix against the exam's weights, and service notes never answered."""

    total: int
    domain_share: dict[str, float]
    off_mix: list[str]
    unanswered_services: list[str]
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    untested_tasks: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)
    multiple: int = 0

    @property
    def gaps(self) -> int:
        """How many things `awstutor quiz check` fails on: mix, coverage and near duplicates."""
        return (len(self.off_mix) + len(self.unanswered_services) + len(self.untested_tasks)
                + len(self.untagged) + len(self.near_duplicates))

    def lines(self) -> list[str]:
        """Human-readable lines for `awstutor validate`."""
        share = self.multiple / self.total if self.total else 0.0
        out = [f"{self.total} questions, {self.multiple} of them multiple response ({share:.0%}; the exam has about 15%)"]
        for domain, weight in DOMAINS.items():
            share = self.domain_share.get(domain, 0.0)
            out.append(f"  {DOMAIN_NAMES[domain]}: {share:.0%} (exam {weight:.0%})")
        out.extend(self.off_mix)
        if self.unanswered_services:
            out.append(f"{len(self.unanswered_services)} service notes are no question's answer: "
                       + ", ".join(self.unanswered_services))
        for task in self.untested_tasks:
            out.append(f"exam task {task} ({TASKS[task][1]}) is tested by no question; add one with tasks: [\"{task}\"]")
        if self.untagged:
            out.append(f"{len(self.untagged)} questions name no exam task (tasks:), so coverage cannot count them: "
                       + ", ".join(self.untagged[:10]) + (" ..." if len(self.untagged) > 10 else ""))
        for a, b in self.near_duplicates:
            out.append(f"near duplicates: {a} and {b} (almost the same stem and options); rewrite one")
        return out


def bank_report(questions: list[Question], notes: Mapping[str, Any], tolerance: float = 0.03) -> BankReport:
    """Domain mix (flagging any domain more than `tolerance` off the exam weight), the service
    notes (entries with kind 'service') that no question has as its answer, the exam task
    statements no question tests, questions that name no task, and near duplicates."""
    total = len(questions)
    counts = Counter(q.domain for q in questions)
    share = {d: (counts[d] / total if total else 0.0) for d in DOMAINS}
    off_mix = [
        f"{DOMAIN_NAMES[d]} is {share[d]:.0%} of the bank, more than {tolerance:.0%} from the "
        f"exam's {w:.0%}; add or move questions"
        for d, w in DOMAINS.items() if abs(share[d] - w) > tolerance
    ]
    answered = {note for q in questions for note in q.answered_notes()}
    unanswered = sorted(
        note_id for note_id, entry in notes.items()
        if getattr(entry, "kind", None) == "service" and note_id not in answered
    )
    tested = {task for q in questions for task in q.tasks}
    return BankReport(total, share, off_mix, unanswered, near_duplicates(questions),
                      untested_tasks=[t for t in TASKS if t not in tested] if total else [],
                      untagged=[q.id for q in questions if not q.tasks],
                      multiple=sum(len(q.answer) > 1 for q in questions))


NEAR_STEM = 90  # rapidfuzz token_sort_ratio of two stems at or above which they read alike


def near_duplicates(questions: list[Question]) -> list[tuple[str, str]]:
    """Pairs of questions asked almost alike: stems that read the same and at least half the
    options in common. A NOT question over other options ("which is NOT a pillar") is no duplicate."""
    options = [{t for _, t in q.options} for q in questions]
    having: dict[str, list[int]] = {}
    for i, texts in enumerate(options):
        for text in texts:
            having.setdefault(text, []).append(i)
    pairs = []
    for i, texts in enumerate(options):
        # Only questions sharing an option can share half of them: compare those stems alone.
        shared = Counter(j for text in texts for j in having[text] if j > i)
        for j, count in sorted(shared.items()):
            if count * 2 >= min(len(texts), len(options[j])) and \
                    fuzz.token_sort_ratio(questions[i].stem, questions[j].stem) >= NEAR_STEM:
                pairs.append((questions[i].id, questions[j].id))
    return pairs
