"""`awstutor validate` on dates: each bad range is one sentence naming file, line, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.quiz.bank import load_bank

from .test_schema_errors import entry, errors_for, only, write

FACT = "    facts: [It exists.]\n"
QUIZ_NOTES = {"budgets"}


def with_facts(tmp_path: Path, facts: str) -> Path:
    return write(tmp_path, "a.yaml", "entries:\n" + entry().replace(FACT, "    facts:\n" + facts))


def test_from_after_until_is_an_error(tmp_path):
    path = with_facts(tmp_path, '      - text: Backwards.\n        from: "2027-06-01"\n        until: "2027-01-01"\n')
    assert only(errors_for(tmp_path)) == (
        f"{path}:14: entry 'alpha', field 'facts': item 1: 'until' (2027-01-01) must be after 'from' (2027-06-01).")


def test_overlapping_versions_of_one_fact_id(tmp_path):
    facts = ('      - text: Old wording.\n        until: "2027-03-01"\n        id: price\n'
             '      - text: New wording.\n        from: "2027-01-01"\n        id: price\n')
    path = with_facts(tmp_path, facts)
    assert only(errors_for(tmp_path)) == (
        f"{path}:15: entry 'alpha', field 'facts': item 2: versions of 'price' overlap: this one "
        "(from 2027-01-01 until further notice) and item 1 on line 12 (from the start until 2027-03-01) "
        "are both in force on 2027-01-01.")


def test_versions_that_meet_on_one_day_are_fine(tmp_path):
    facts = ('      - text: Old wording.\n        until: "2027-01-01"\n        id: price\n'
             '      - text: New wording.\n        from: "2027-01-01"\n        id: price\n')
    with_facts(tmp_path, facts)
    assert errors_for(tmp_path) == []


@pytest.mark.parametrize(("item", "problem"), [
    ('      - text: Soon.\n        from: "2027-02-30"\n',
     "item 1: 'from' must be a real date written YYYY-MM-DD in quotes (got '2027-02-30')"),
    ('      - text: Soon.\n        from: "2027-01-01"\n        colour: blue\n',
     "item 1: unknown key 'colour' (a dated facts item has text, from, until, id)"),
    ('      - text: Just text in a mapping.\n',
     "item 1: a mapping needs 'from' or 'until' (or an 'id' shared with its dated versions); "
     "otherwise write the text alone"),
    ('      - from: "2027-01-01"\n', "item 1: needs 'text', the fact itself"),
])
def test_a_bad_dated_item_says_what_to_fix(tmp_path, item, problem):
    with_facts(tmp_path, item)
    message = only(errors_for(tmp_path))
    assert f"entry 'alpha', field 'facts': {problem}." in message


def test_dated_summaries_need_one_in_force_every_day(tmp_path):
    gap = ('    summary:\n      - text: Before.\n        until: "2027-01-01"\n'
           '      - text: After.\n        from: "2027-02-01"\n')
    path = write(tmp_path, "a.yaml", "entries:\n" + entry().replace("    summary: A test service.\n", gap))
    assert only(errors_for(tmp_path)) == (
        f"{path}:11: entry 'alpha', field 'summary': item 2: no summary is in force from 2027-01-01 until "
        "2027-02-01; make 'from' equal the 'until' before it.")


def test_overlapping_summaries(tmp_path):
    both = ('    summary:\n      - text: Before.\n        until: "2027-03-01"\n'
            '      - text: After.\n        from: "2027-02-01"\n')
    path = write(tmp_path, "a.yaml", "entries:\n" + entry().replace("    summary: A test service.\n", both))
    message = only(errors_for(tmp_path))
    assert message.startswith(f"{path}:11: entry 'alpha', field 'summary': item 2: it overlaps item 1 on line 9; a day has one summary.")


QUESTION = """\
questions:
  - id: q-dated
    domain: billing-support
    tests: [budgets]
    difficulty: easy
{dates}    stem: "Which service alerts you when spend goes over an amount you set?"
    options:
      A: AWS Budgets
      B: AWS Cost Explorer
      C: AWS Pricing Calculator
      D: AWS Cost and Usage Reports
    answer: [A]
    explanation: "AWS Budgets sends alerts."
    why_not:
      B: "Cost Explorer charts past spend."
      C: "The Pricing Calculator estimates before you build."
      D: "CUR is the detailed billing data export."
"""


@pytest.mark.parametrize(("dates", "expected"), [
    ('    from: "2027-06-01"\n    until: "2027-01-01"\n    changed: "It changed."\n',
     "a.yaml:7: question q-dated: until (2027-01-01) must be after from (2027-06-01)."),
    ('    until: "2027-01-01"\n',
     "a.yaml:6: question q-dated: changed is missing; a question with until needs one sentence saying what "
     "changed that day."),
    ('    from: 2027-13-01\n',
     "a.yaml:6: question q-dated: from must be a real date written YYYY-MM-DD in quotes"),
])
def test_quiz_question_dates_are_checked(tmp_path, dates, expected):
    (tmp_path / "a.yaml").write_text(QUESTION.format(dates=dates), encoding="utf-8")
    questions, errors = load_bank(tmp_path, QUIZ_NOTES)
    assert questions == [] and len(errors) == 1 and expected in errors[0], errors


def test_a_dated_question_loads_with_its_days(tmp_path):
    dates = '    from: "2026-01-01"\n    until: "2027-01-01"\n    changed: "Budgets was renamed."\n'
    (tmp_path / "a.yaml").write_text(QUESTION.format(dates=dates), encoding="utf-8")
    (question,), errors = load_bank(tmp_path, QUIZ_NOTES)
    assert errors == [] and question.changed == "Budgets was renamed."
    assert [question.in_force(d) for d in (_d("2025-12-31"), _d("2026-01-01"), _d("2026-12-31"), _d("2027-01-01"))] \
        == [False, True, True, False]


def _d(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)
