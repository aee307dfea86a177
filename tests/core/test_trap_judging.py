"""How a note's traps judge statement options: a false belief counts against a statement only
as far as the statement is nearer that belief than its correction, and a trap's own words count."""

from dataclasses import replace

from bot.notes import Notes, Trap, load_notes
from bot.parse import exam_question
from bot.tutor import Tutor
from tests.core.conftest import KNOWLEDGE


def with_trap(note_id: str, wrong: str, right: str) -> Notes:
    shipped = load_notes(KNOWLEDGE)
    entry = replace(shipped.entries[note_id], traps=(Trap(wrong, right),))
    return Notes({**shipped.entries, note_id: entry}, shipped.properties)


def pick(notes: Notes, stem: str, options: list[str]) -> tuple[str, ...]:
    return Tutor(notes).choose_answer(exam_question(stem, dict(zip("ABCD", options)))).choice


def test_the_corrected_statement_is_not_held_against_its_note():
    notes = with_trap("security-groups", "Security groups are stateless firewalls for subnets.",
                      "Security groups are stateful firewalls for network interfaces.")
    index = Tutor(notes).index
    note = index.position("security-groups")

    def held_against(statement: str) -> float:
        return index.best_line(note, index.query_terms(statement), wrong=True)[0]

    assert held_against("Security groups are stateless firewalls for subnets") > 0.3
    assert held_against("Security groups are stateful firewalls for network interfaces") == 0.0


def test_a_word_only_a_trap_uses_counts_against_the_statement():
    notes = with_trap("iam", "Every new IAM user starts with the Quuxlebrot policy attached.",
                      "A new IAM user has no permissions until a policy is attached.")
    options = ["A new IAM user starts with the Quuxlebrot policy attached",
               "A new IAM user has no permissions until a policy is attached"]
    assert pick(notes, "Which statement about new IAM users is correct?", options) == ("B",)
