"""Talking to the tutor in the terminal as a student would: everyday phrasing, small talk,
commands that almost match, and follow-ups to an answer or a quiz question (issue 16, items 2-4)."""

import re

import pytest

from tests.core.test_terminal import PASTED, run_session


@pytest.fixture
def say(tmp_path):
    """Type these lines into one chat; the replies, one string per line typed."""
    def run(*lines: str) -> list[str]:
        out = run_session(tmp_path, "".join(f"{line}\n" for line in lines))
        return out.strip("\n").split("\n\n")

    return run


def test_everyday_phrasing_small_talk_and_other_languages(say):
    hi, sqs, nacl, sts, scaling, spanish, thanks = say(
        "hi", "whats the difference between sqs and sns", "sg vs nacl", "whats sts", "scale up vs scale out",
        "¿cuál es la diferencia entre S3 y EBS?", "thanks")
    assert hi.startswith("Hi!")
    assert sqs.startswith("Amazon SQS vs Amazon SNS") and nacl.startswith("Security groups vs Network ACLs")
    assert sts.startswith("AWS Security Token Service")
    # Two terms of one note: each gets its own line of the note, not the note compared with itself.
    assert scaling.startswith("Scale up vs Scale out\nBoth are part of my note on Scaling, elasticity and high availability")
    assert "Scale up\n  Vertical scaling" in scaling and "Scale out\n  Horizontal scaling" in scaling
    assert spanish.startswith("I answer in English") and "[1] Amazon S3  [2] Amazon EBS" in spanish
    assert thanks.startswith("You're welcome!")


def test_commands_that_almost_match(say):
    replies = "\n\n".join(say(
        "leaderboard forever", "leaderboard banana", "schedule 9am London weekdays", "quiz billing",
        "forget me", "help", "yes", "1"))
    assert "Leaderboard, all time" in replies
    assert "I understood `leaderboard`, but not `banana`." in replies
    assert "I will post here at 09:00 Europe/London, mon-fri." in replies
    assert "Practice question: Billing, Pricing, and Support" in replies
    # "yes" confirms the forget-me question even after another reply came in between.
    assert "Done: I have forgotten you" in replies
    # A bare number with no buttons left to press is not answered as a question.
    assert replies.endswith("There are no buttons to pick from right now. `quiz` gives you a practice question.")
    assert "I don't know that one" not in replies


def test_follow_ups_refer_to_the_last_answer(say):
    sts, compared, more = say("sts", "compare it with cognito", "more")
    assert sts.startswith("AWS Security Token Service")
    assert compared.startswith("AWS STS vs Amazon Cognito")
    assert more.startswith("AWS Security Token Service") and "Key facts" in more and "\nAmazon Cognito\n" in more


def test_and_for_asks_the_last_question_again_about_something_else(say):
    first, followed = say("which service gives temporary credentials?", "and for mobile app users?")
    [direct] = say("which service gives temporary credentials for mobile app users?")
    assert followed == direct != first


def test_why_not_after_a_pasted_question(say):
    lines = PASTED.split("\n")
    answer, why_not = say("\\\n".join(lines), "why not A?")
    assert answer.startswith("Answer: B")
    assert why_not.startswith("Why not A?\nI picked B; A. AWS Config fits less well.")
    assert "How to tell them apart" in why_not


def test_why_not_after_a_quiz_reveal_but_not_before(say):
    replies = "\n\n".join(say("quiz security", "why not B?", "1", "why not B?"))  # a question holds blank lines
    asked, _, answered = replies.partition("Answers are still open\nPick your answer with the buttons first")
    assert asked.startswith("Practice question: Security and Compliance") and answered
    revealed = re.search(r"Answer\n  (.+)", answered).group(1)
    rights = re.findall(r"(?:^|; )([A-E])\. ", revealed)  # a choose-two question has two
    why_not = answered[answered.rindex("\n\n") + 2 :]
    assert f"Answer\n  {revealed}" in why_not
    if "B" in rights:
        assert why_not.startswith("B is right")
    else:
        assert why_not.startswith("Why not B: ")


def test_a_follow_up_with_nothing_to_refer_to_says_so(say):
    [reply] = say("why not B?")
    assert reply.startswith("I have no recent answer here to refer to.")
