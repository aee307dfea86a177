"""Bank check: a retired service appears only in questions about its retirement or successor."""

from __future__ import annotations

from dataclasses import replace

from bot.notes import Entry
from bot.quiz.question import Question
from bot.quiz.retired import retired_errors

QLDB = Entry(id="qldb", kind="service", name="Amazon Quantum Ledger Database (Amazon QLDB)", short="Amazon QLDB",
             category="Database", domain="cloud-technology", summary="A ledger.", as_of="2026-12-05",
             aliases=("qldb",), status="retired")
AURORA = Entry(id="aurora", kind="service", name="Amazon Aurora", category="Database", domain="cloud-technology",
               summary="Relational.", as_of="2026-12-05")
NOTES = {"qldb": QLDB, "aurora": AURORA}
QUESTION = Question(
    id="q-ledger", domain="cloud-technology", tests=("aurora",), difficulty="easy",
    stem="Which service runs a MySQL-compatible relational database?",
    options=(("A", "Amazon Aurora"), ("B", "Amazon QLDB"), ("C", "Amazon S3"), ("D", "AWS Lambda")),
    answer=("A",), explanation="Aurora is relational.", why_not={"B": "-", "C": "-", "D": "-"},
    source="knowledge/quiz/x.yaml",
)


def test_a_retired_service_as_a_live_option_is_reported_with_file_question_and_name():
    [error] = retired_errors([QUESTION], NOTES)
    assert error.startswith("knowledge/quiz/x.yaml:1: question q-ledger: mentions Amazon QLDB, which AWS has retired")
    assert "only in a question about its retirement or successor" in error


def test_tests_naming_a_retired_note_is_reported_too():
    hidden = replace(QUESTION, options=(("A", "Amazon Aurora"), ("B", "Amazon RDS"), ("C", "Amazon S3"),
                                        ("D", "AWS Lambda")), tests=("aurora", "qldb"))
    assert len(retired_errors([hidden], NOTES)) == 1


def test_questions_about_the_retirement_or_without_the_service_pass():
    about = replace(QUESTION, stem="An older design uses a ledger database that AWS has since retired. Which?")
    successor = replace(QUESTION, explanation="AWS points QLDB users to Aurora PostgreSQL as its successor.")
    other = replace(QUESTION, options=(("A", "Amazon Aurora"), ("B", "Amazon QLDBX"), ("C", "S3"), ("D", "EC2")))
    assert retired_errors([about, successor, other], NOTES) == []
    assert retired_errors([QUESTION], {"qldb": replace(QLDB, status=""), "aurora": AURORA}) == []
