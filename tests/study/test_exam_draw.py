"""Drawing a mock exam from the bank: the exam's domain weights, multiple response mixed in, a
sensible draw from a bank short of multiple-response questions, recent questions avoided."""

from __future__ import annotations

import random
from dataclasses import replace

from bot.quiz.question import Question
from bot.study.exam import domain_counts, draw, grade, scaled, time_for


def test_a_full_exam_has_the_exam_domain_mix_and_some_multiple_response(questions: list[Question]) -> None:
    exam = draw(questions, 65, set(), random.Random(1))
    assert len({q.id for q in exam}) == 65
    by_domain = {d: sum(q.domain == d for q in exam) for d in domain_counts(65)}
    assert by_domain == {"cloud-concepts": 16, "security-compliance": 19, "cloud-technology": 22,
                         "billing-support": 8}
    assert 8 <= sum(len(q.answer) > 1 for q in exam) <= 10  # about 15%, as on the exam
    assert time_for(65).total_seconds() == 90 * 60 and time_for(20).total_seconds() == 28 * 60


def test_a_bank_short_of_multiple_response_gives_single_ones_instead(questions: list[Question]) -> None:
    multi = [q for q in questions if len(q.answer) > 1][:2]
    bank = [q for q in questions if len(q.answer) == 1] + multi
    exam = draw(bank, 65, set(), random.Random(2))
    assert len(exam) == 65 and sum(len(q.answer) > 1 for q in exam) <= 2
    assert sum(q.domain == "security-compliance" for q in exam) == 19


def test_a_domain_short_of_questions_is_made_up_from_the_others(questions: list[Question]) -> None:
    billing = [q for q in questions if q.domain == "billing-support"][:3]
    bank = [q for q in questions if q.domain != "billing-support"] + billing
    exam = draw(bank, 65, set(), random.Random(3))
    assert len(exam) == 65 and sum(q.domain == "billing-support" for q in exam) == 3
    assert len(draw(questions[:10], 65, set(), random.Random(3))) == 10  # a tiny bank: all of it


def test_questions_seen_recently_come_last(questions: list[Question]) -> None:
    first = draw(questions, 65, set(), random.Random(4))
    second = draw(questions, 65, {q.id for q in first}, random.Random(5))
    assert not {q.id for q in first} & {q.id for q in second}


def test_the_score_puts_70_percent_on_the_pass_mark_and_grades_all_or_nothing(questions: list[Question]) -> None:
    assert [scaled(x) for x in (0.0, 0.35, 0.7, 0.85, 1.0)] == [100, 400, 700, 850, 1000]
    two = next(q for q in questions if len(q.answer) == 2)
    one = replace(next(q for q in questions if len(q.answer) == 1))
    half = "".join(two.answer)[0] + next(x for x in two.letters if x not in two.answer)
    result = grade([two, one], [half])
    assert (result.right, result.total, [m.number for m in result.misses]) == (0, 2, [1, 2])
    assert result.misses[1].choice == "" and result.score == 100 and not result.passed
