"""The bank format: what authors see when a question is wrong, and the bank report."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.quiz.bank import bank_report, load_bank

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "quiz"
NOTES = {"sts", "mfa", "iam-users", "budgets", "ec2", "cloud-advantages", "cognito"}


@dataclass
class Note:
    kind: str


def _bad_bank(tmp_path: Path) -> list[str]:
    shutil.copy(FIXTURES / "good" / "billing.yaml", tmp_path / "a-billing.yaml")
    shutil.copy(FIXTURES / "bad" / "broken.yaml", tmp_path / "b-broken.yaml")
    questions, errors = load_bank(tmp_path, NOTES)
    assert [q.id for q in questions] == ["q-budgets-alert", "q-ec2-compute", "q-cloud-agility"]
    return errors


def test_the_good_fixture_bank_loads_without_errors() -> None:
    questions, errors = load_bank(FIXTURES / "good", NOTES)
    assert errors == []
    two = next(q for q in questions if q.id == "q-mfa-two-things")
    assert two.answer == ("A", "C") and two.letters == ("A", "B", "C", "D", "E")
    assert two.why_not["E"].startswith("CloudTrail") and two.answered_notes() == ("mfa", "iam-users")


def test_every_broken_field_is_named_with_file_line_and_question(tmp_path: Path) -> None:
    errors = _bad_bank(tmp_path)
    text = "\n".join(errors)
    expected = [
        "b-broken.yaml:3: question q-bad-many: domain is 'security'",
        "b-broken.yaml:4: question q-bad-many: tests names 'nope'",
        "b-broken.yaml:5: question q-bad-many: difficulty is 'trivial'",
        "b-broken.yaml:7: question q-bad-many: colour is not a known field",
        "question q-bad-many: explanation is missing",
        "b-broken.yaml:8: question q-bad-many: options has 3 options",
        "b-broken.yaml:11: question q-bad-many: options.C repeats the text of option B",
        "b-broken.yaml:12: question q-bad-many: answer letter E is not among the options",
        "b-broken.yaml:14: question q-bad-many: why_not.A is an unquoted 'yes'",
        "question q-two-without-saying: answer has two letters but the stem does not say 'two'",
        "question q-two-without-saying: why_not has no line for wrong option D",
        "question q-says-choose-two: answer has one letter but the stem says 'choose two'",
        "b-broken.yaml:44: question q-says-choose-two: why_not.D is an unquoted 'on'",
        "b-broken.yaml:45: question q-budgets-alert: id duplicates the id defined at",
    ]
    missing = [e for e in expected if e not in text]
    assert missing == [], text
    assert all(e.endswith(".") for e in errors)
    assert len(errors) == len(set(errors)) == 16  # one sentence per problem, none twice


def test_yaml_that_is_not_a_bank_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("questions: [1, 2\n", encoding="utf-8")
    (tmp_path / "y.yaml").write_text("- just a list\n", encoding="utf-8")
    (tmp_path / "z.yaml").write_text("questions: []\nextra: 1\n", encoding="utf-8")
    questions, errors = load_bank(tmp_path, NOTES)
    assert questions == []
    assert any("x.yaml" in e and "not valid YAML" in e for e in errors)
    assert any("y.yaml:1: the file must be a mapping" in e for e in errors)
    assert any("z.yaml:2: unknown top-level key 'extra'" in e for e in errors)


def test_report_gives_domain_mix_and_unanswered_services() -> None:
    questions, _ = load_bank(FIXTURES / "good", NOTES)
    notes = {n: Note("service") for n in ("sts", "budgets", "ec2", "cognito")}
    notes["mfa"] = Note("feature")
    report = bank_report(questions, notes)
    assert report.unanswered_services == ["cognito"]
    assert report.domain_share["security-compliance"] == 0.4
    lines = "\n".join(report.lines())
    assert "5 questions" in lines and "Billing, Pricing, and Support is 20%" in lines
    assert "1 service notes are no question's answer: cognito" in lines


def test_a_malformed_answer_list_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = (FIXTURES / "good" / "billing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("answer: [A]", "answer: [[A]]", 1), encoding="utf-8")
    questions, errors = load_bank(tmp_path, NOTES)
    assert len(errors) == 1 and "answer must be a list of one letter" in errors[0], errors
    assert len(questions) == text.count("answer: [") - 1  # the other questions still load


def test_near_duplicate_questions_are_reported_but_a_not_question_is_not_one():
    from dataclasses import replace as _replace

    from bot.quiz.bank import near_duplicates
    from tests.quiz.conftest import bank

    questions = bank()
    first = questions[0]
    copy = _replace(first, id="q-copy", stem=first.stem.replace("?", " ?"))
    negated = _replace(first, id="q-not", options=tuple((k, f"other option {k}") for k, _ in first.options))
    assert near_duplicates([first, copy]) == [(first.id, "q-copy")]
    assert near_duplicates([first, negated]) == []
    assert near_duplicates(questions) == []


def test_tasks_name_exam_task_statements_of_the_question_s_own_domain(tmp_path: Path) -> None:
    text = (FIXTURES / "good" / "billing.yaml").read_text(encoding="utf-8")
    first = text.index("    domain: billing-support")
    end = text.index("\n", first) + 1
    for tasks, wanted in (('["4.2"]', None), ('["9.9"]', "no task statement of the exam guide"),
                          ('["2.1"]', "a task of security-compliance, but the question is in billing-support"),
                          ("[]", "must be a list of exam task statements")):
        (tmp_path / "a.yaml").write_text(text[:end] + f"    tasks: {tasks}\n" + text[end:], encoding="utf-8")
        questions, errors = load_bank(tmp_path, NOTES)
        if wanted is None:
            assert not errors and any(q.tasks == ("4.2",) for q in questions)
        else:
            assert len(errors) == 1 and wanted in errors[0] and "a.yaml:" in errors[0], errors


def test_report_names_the_exam_tasks_no_question_tests() -> None:
    from dataclasses import replace as _replace

    questions, _ = load_bank(FIXTURES / "good", NOTES)
    tagged = [_replace(q, tasks=("2.3",)) if q.domain == "security-compliance" else q for q in questions]
    report = bank_report(tagged, {})
    assert "2.3" not in report.untested_tasks and "4.2" in report.untested_tasks
    lines = "\n".join(report.lines())
    assert "exam task 4.2 (Understand resources for billing, budget, and cost management) is tested by no question" in lines
    assert f"{len(questions) - 2} questions name no exam task" in lines
