"""Quiz commands in everyday words: `schedule 9am London weekdays`, `quiz billing`, `quiz sts`."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

from bot.errors import UserError
from bot.model import Request
from bot.quiz.service import QuizService
from bot.quiz.when import read_schedule
from tests.quiz.conftest import ADMIN, CHANNEL, bank

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz


@pytest.mark.parametrize("said, expected", [
    ("9am London weekdays", ("09:00", "Europe/London", "mon-fri")),
    ("weekdays 21:30 America/New_York", ("21:30", "America/New_York", "mon-fri")),
    ("7:30pm sao paulo mondays", ("19:30", "America/Sao_Paulo", "mon")),
    ("noon utc", ("12:00", "UTC", "every day")),
    ("12am tokyo mon to fri", ("00:00", "Asia/Tokyo", "mon-fri")),
    ("9 am new york every day", ("09:00", "America/New_York", "every day")),
])
def test_natural_times_zones_and_days(said, expected):
    from bot.quiz.timeplan import describe_days

    time, zone, days = read_schedule(said)
    assert (time, zone, describe_days(days)) == expected


@pytest.mark.parametrize("said, message", [
    ("9 London", "I understood Europe/London. Is `9` in the morning or the evening?"),
    ("9am Londn weekdays", "I understood 09:00, mon-fri. `londn` is not a time zone I know. Did you mean London"),
    ("9am weekdays", "I understood 09:00, mon-fri. Which time zone?"),
    ("London weekdays", "I understood Europe/London, mon-fri. Give a time of day too"),
])
def test_what_was_understood_is_said_with_what_was_not(said, message):
    with pytest.raises(UserError) as err:
        read_schedule(said)
    assert err.value.text.startswith(message)


async def test_schedule_in_everyday_words_is_set(quiz: Quiz) -> None:
    reply = await quiz.say("schedule 9am London weekdays")
    assert "I will post here at 09:00 Europe/London, mon-fri." in reply.text


def practice(quiz: Quiz) -> QuizService:
    names = {"sts": "AWS STS", "budgets": "AWS Budgets", "s3": "Amazon S3"}
    return QuizService(quiz.storage, bank(), clock=lambda: quiz.now, rng=random.Random(3),
                       topic_names=names, resolve_topic=lambda text: {"sts": "sts", "s3": "s3"}.get(text.lower()))


async def test_quiz_practises_a_domain_or_a_topic(quiz: Quiz) -> None:
    service = practice(quiz)
    for subject, title, domain, tested in [("billing", "Billing, Pricing, and Support", "billing-support", None),
                                           ("security", "Security and Compliance", "security-compliance", None),
                                           ("STS", "AWS STS", "security-compliance", "sts")]:
        for _ in range(3):
            reply = await service.command(Request(ADMIN, CHANNEL, f"quiz {subject}"), "quiz", subject)
            question = service.bank[reply.buttons[0].action_id.split(":")[2]]
            assert reply.title == f"Practice question: {title}" and question.domain == domain
            assert tested is None or tested in question.tests


async def test_quiz_on_something_unknown_says_what_to_try(quiz: Quiz) -> None:
    service = practice(quiz)
    with pytest.raises(UserError, match="I don't know `astrology` as an exam domain or a topic. Try a domain"):
        await service.command(Request(ADMIN, CHANNEL, "quiz astrology"), "quiz", "astrology")
    with pytest.raises(UserError, match="I have no practice questions on Amazon S3 yet"):
        await service.command(Request(ADMIN, CHANNEL, "quiz s3"), "quiz", "s3")
