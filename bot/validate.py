"""`awstutor validate [DIR]`: check every knowledge file and print every problem."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.layers import check_layers
from bot.notes import Notes
from bot.quiz.bank import bank_report, load_banks
from bot.quiz.question import Question
from bot.quiz.retired import retired_errors


def check_all(knowledge: Path | Sequence[Path]) -> tuple[Notes, list[Question], list[str]]:
    """Notes, quiz questions and every problem in either, one sentence each, over every layer."""
    layers = [knowledge] if isinstance(knowledge, Path) else list(knowledge)
    notes, errors = check_layers(layers)
    questions, quiz_errors = load_banks(layers, set(notes.entries))
    return notes, questions, errors + quiz_errors + retired_errors(questions, notes.entries)


def validate(knowledge: Path | Sequence[Path]) -> list[str]:
    """All problems in the notes and the quiz bank."""
    return check_all(knowledge)[2]


def run_validate(knowledge: Path | Sequence[Path]) -> int:
    """Print the problems (or a summary with the quiz bank's shape) and return the exit code."""
    layers = [knowledge] if isinstance(knowledge, Path) else list(knowledge)
    missing = [p for p in layers if not p.is_dir()]
    if missing:
        print(f"{missing[0]}: no such folder (pass the knowledge folder, e.g. `awstutor validate knowledge`)")
        return 1
    knowledge_dir = ":".join(str(p) for p in layers)
    notes, questions, errors = check_all(layers)
    for line in errors:
        print(line)
    if errors:
        print(f"\n{len(errors)} problem(s) found.")
        return 1
    print(f"OK: {len(notes)} notes and {len(questions)} quiz questions in {knowledge_dir}, no problems.")
    if questions:
        today = [q for q in questions if q.in_force(date.today())]  # the mix students see now
        if len(today) < len(questions):
            print(f"{len(today)} of them in force today ({date.today()}); `awstutor knowledge changes` lists what changes soon.")
        for line in bank_report(today, notes.entries).lines():
            print(line)
    return 0


MIX_POINTS = 0.01  # `quiz check` holds each domain within 1 point of the exam's weight (validate: 3)


def run_bank_check(knowledge: Sequence[Path], day: date | None = None) -> int:
    """`awstutor quiz check`: the quiz bank's shape on `day` (today), failing (exit 1) on any
    knowledge error, a domain off the exam's mix, a service note or exam task statement no
    question tests, a question that names no task, or a pair of near duplicates."""
    notes, questions, errors = check_all(knowledge)
    for line in errors:
        print(line)
    day = day or date.today()
    report = bank_report([q for q in questions if q.in_force(day)], notes.entries, tolerance=MIX_POINTS)
    for line in report.lines():
        print(line)
    if errors or report.gaps:
        print(f"\nquiz check: {len(errors)} error(s) and {report.gaps} gap(s) in the bank as of {day}.")
        return 1
    print(f"quiz check: OK as of {day}: every exam task and service note is tested, no near duplicates.")
    return 0
