"""`awstutor validate [DIR]`: check every knowledge file and print every problem."""

from __future__ import annotations

from pathlib import Path

from bot.notes import check_notes


def validate(knowledge_dir: Path) -> list[str]:
    """All problems in the notes (and the quiz bank, when it exists), one sentence each."""
    notes, errors = check_notes(knowledge_dir)
    quiz_dir = knowledge_dir / "quiz"
    if quiz_dir.is_dir():
        try:
            from bot.quiz.bank import load_bank
        except ImportError:  # the quiz package is optional while it is being built
            return errors
        _questions, quiz_errors = load_bank(quiz_dir, set(notes.entries))
        errors.extend(quiz_errors)
    return errors


def run_validate(knowledge_dir: Path) -> int:
    """Print the problems (or a one-line summary) and return the process exit code."""
    if not knowledge_dir.is_dir():
        print(f"{knowledge_dir}: no such folder (pass the knowledge folder, e.g. `awstutor validate knowledge`)")
        return 1
    errors = validate(knowledge_dir)
    for line in errors:
        print(line)
    if errors:
        print(f"\n{len(errors)} problem(s) found.")
        return 1
    notes, _ = check_notes(knowledge_dir)
    print(f"OK: {len(notes)} notes in {knowledge_dir}, no problems.")
    return 0
