"""`awstutor validate [DIR]`: check every knowledge file and print every problem."""

from __future__ import annotations

from pathlib import Path

from bot.notes import Notes, check_notes
from bot.quiz.bank import bank_report, load_bank
from bot.quiz.question import Question


def check_all(knowledge_dir: Path) -> tuple[Notes, list[Question], list[str]]:
    """Notes, quiz questions and every problem in either, one sentence each."""
    notes, errors = check_notes(knowledge_dir)
    questions: list[Question] = []
    quiz_dir = knowledge_dir / "quiz"
    if quiz_dir.is_dir():
        questions, quiz_errors = load_bank(quiz_dir, set(notes.entries))
        errors.extend(quiz_errors)
    return notes, questions, errors


def validate(knowledge_dir: Path) -> list[str]:
    """All problems in the notes and the quiz bank."""
    return check_all(knowledge_dir)[2]


def run_validate(knowledge_dir: Path) -> int:
    """Print the problems (or a summary with the quiz bank's shape) and return the exit code."""
    if not knowledge_dir.is_dir():
        print(f"{knowledge_dir}: no such folder (pass the knowledge folder, e.g. `awstutor validate knowledge`)")
        return 1
    notes, questions, errors = check_all(knowledge_dir)
    for line in errors:
        print(line)
    if errors:
        print(f"\n{len(errors)} problem(s) found.")
        return 1
    print(f"OK: {len(notes)} notes and {len(questions)} quiz questions in {knowledge_dir}, no problems.")
    if questions:
        for line in bank_report(questions, notes.entries).lines():
            print(line)
    return 0
