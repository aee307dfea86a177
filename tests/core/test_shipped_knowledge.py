"""The knowledge we ship: every file valid, and the whole syllabus covered."""

import yaml

from bot.notes import check_notes
from bot.validate import validate

from .conftest import KNOWLEDGE


def test_every_shipped_file_is_valid():
    errors = validate(KNOWLEDGE)
    assert not errors, f"{len(errors)} problem(s):\n" + "\n".join(errors)


def test_every_syllabus_entry_has_a_note():
    notes, _ = check_notes(KNOWLEDGE)
    syllabus = yaml.safe_load((KNOWLEDGE / "syllabus.yaml").read_text())["syllabus"]
    missing = [f"{e['name']} ({e['id']})" for items in syllabus.values() for e in items if e["id"] not in notes.entries]
    assert sum(len(v) for v in syllabus.values()) == 115
    assert not missing, "no note for: " + ", ".join(missing)


def test_every_promised_extra_topic_has_a_note():
    notes, _ = check_notes(KNOWLEDGE)
    groups = yaml.safe_load((KNOWLEDGE / "ids.yaml").read_text())["beyond_guide"]
    missing = [i for ids in groups.values() for i in ids if i not in notes.entries]
    assert not missing, "no note for: " + ", ".join(missing)


def test_services_have_three_use_cases_and_a_checked_date():
    notes, _ = check_notes(KNOWLEDGE)
    thin = [e.id for e in notes.entries.values() if e.kind != "concept" and len(e.use_cases) < 3]
    assert not thin
    assert all(e.as_of for e in notes.entries.values())


def test_quiz_bank_matches_the_exam():
    from bot.quiz.bank import bank_report
    from bot.validate import check_all

    notes, questions, errors = check_all(KNOWLEDGE)
    assert not errors
    report = bank_report(questions, notes.entries, tolerance=0.01)  # each domain within 1 point of the exam
    assert report.total >= 700
    assert not report.off_mix, report.off_mix
    assert report.multiple / report.total >= 0.15  # multiple response, about as often as on the exam
    assert not report.unanswered_services, "services no question answers: " + ", ".join(report.unanswered_services)
    assert not report.untested_tasks, "exam task statements no question tests: " + ", ".join(report.untested_tasks)
    assert not report.untagged, "questions that name no exam task: " + ", ".join(report.untagged)
