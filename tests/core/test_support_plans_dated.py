"""The shipped support-plan knowledge on both sides of 2027-01-01, when AWS discontinues Developer,
Business and Enterprise On-Ramp Support."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.quiz.question import Question
from bot.validate import check_all

from .conftest import KNOWLEDGE

EVE, DAY = date(2026, 12, 31), date(2027, 1, 1)
RETIRING = ("support-developer", "support-business", "support-enterprise-on-ramp")
SUPPORT = (*RETIRING, "support-plans", "support-enterprise", "technical-account-manager")
README_FIVE = ("q-bil-developer-support-email", "q-bil-enterprise-on-ramp-pool", "q-bil-business-support-phone",
               "q-bil-trusted-advisor-full-checks-plan", "q-bil-enterprise-designated-tam")
FUTURE_TENSE = re.compile(r"\b(will be|is being|are being) (discontinued|moved)|\bis discontinuing|\bhas announced", re.I)
PAST_TENSE = re.compile(r"\bAWS (discontinued|moved)\b|\bFormer\b")
RETIRED_PLAN = re.compile(r"\b(Developer Support|Business Support(?!\+)|Enterprise On-Ramp)\b")


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    notes, questions, errors = check_all(KNOWLEDGE)
    assert not errors
    return notes, questions


def texts(notes, day: date) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    view = notes.view(day).entries
    return {i: [view[i].summary, *view[i].facts, *view[i].use_cases] for i in SUPPORT}


def test_support_notes_speak_of_the_change_ahead_before_it_and_of_the_past_after(shipped):
    notes, _ = shipped
    before, after = texts(notes, EVE), texts(notes, DAY)
    assert not [t for ts in before.values() for t in ts if PAST_TENSE.search(t)]
    assert not [t for ts in after.values() for t in ts if FUTURE_TENSE.search(t)]
    for note in RETIRING:
        assert before[note][0] != after[note][0] and after[note][0].startswith("Former ")
        assert any("January 1, 2027" in t for t in before[note]) and any("discontinued" in t for t in after[note])
    assert "Business Support+" in " ".join(after["support-plans"])


def test_a_retiring_plans_card_warns_a_month_ahead(shipped):
    notes, _ = shipped
    from bot import cards

    view = notes.view(date(2026, 12, 5)).entries
    card = cards.service_card(view["support-developer"], view).plain()
    assert "Changes soon: • Changes on 2027-01-01: Former lowest-cost paid support plan" in card


def in_force(questions: list[Question], day: date) -> dict[str, Question]:
    return {q.id: q for q in questions if q.in_force(day)}


def test_the_five_plan_questions_hold_until_the_change_and_have_successors(shipped):
    _, questions = shipped
    before, after = in_force(questions, EVE), in_force(questions, DAY)
    assert set(README_FIVE) <= set(before) and not set(README_FIVE) & set(after)
    assert all(before[q].changed and before[q].end == DAY for q in README_FIVE)
    successors = [q for q in after.values() if q.start == DAY]
    assert len(successors) >= len(README_FIVE)
    assert not set(successors) & set(before.values())


def test_no_question_asked_after_the_change_has_a_retired_plan_as_its_answer(shipped):
    """Unless the question asks which plans were discontinued."""
    _, questions = shipped
    wrong = [q.id for q in in_force(questions, DAY).values() if "discontinued" not in q.stem
             for letter in q.answer if RETIRED_PLAN.search(q.option(letter))]
    stale = [q.id for q in in_force(questions, DAY).values()
             if FUTURE_TENSE.search(" ".join([q.stem, q.explanation, *q.why_not.values()]))]
    assert wrong == [] and stale == []


@pytest.mark.parametrize("day", [EVE, DAY], ids=str)
def test_the_bank_matches_the_exam_mix_on_both_sides(shipped, day):
    from bot.quiz.bank import bank_report

    notes, questions = shipped
    report = bank_report(list(in_force(questions, day).values()), notes.entries, tolerance=0.01)
    assert not report.off_mix, report.off_mix


def test_support_plan_properties_end_with_the_plans(shipped):
    notes, _ = shipped
    before = {p.id for p in notes.view(EVE).properties.properties}
    after = {p.id for p in notes.view(DAY).properties.properties}
    assert "support-technical-cases" in before and "support-technical-cases" not in after


def test_which_plans_are_being_retired_gets_a_direct_answer(tutor):
    answer = tutor.answer("which support plans are being retired?")
    assert answer.intent == "property"
    assert answer.reply.text.startswith("Business Support, Developer Support, Enterprise On-Ramp.")
