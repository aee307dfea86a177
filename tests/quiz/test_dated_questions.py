"""Dated questions: never posted, practised or reviewed on a day they do not hold; an older post's
reveal says what changed since."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from bot.errors import UserError
from bot.model import Place, User
from bot.quiz.question import Question
from bot.quiz.scheduler import Scheduler
from bot.quiz.service import QuizService
from tests.quiz.conftest import bank

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz

CHANGE = date(2026, 3, 4)
NEW = "q-ec2-compute"  # the one question that holds from CHANGE on; all others end that day
ANN = User("U1", "Ann")
DM = Place(platform="slack", channel="D1", workspace="T1", is_dm=True)


def dated_bank() -> list[Question]:
    return [replace(q, start=CHANGE) if q.id == NEW else replace(q, end=CHANGE, changed=f"{q.id} changed.")
            for q in bank()]


def use_dated_bank(quiz: Quiz) -> None:
    questions = dated_bank()
    quiz.service = QuizService(quiz.storage, questions, clock=lambda: quiz.now, rng=random.Random(1))
    quiz.scheduler = Scheduler(quiz.storage, questions, quiz.poster, rng=random.Random(2), clock=lambda: quiz.now)


async def test_the_daily_question_always_holds_on_the_day_it_is_posted(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    await quiz.say("schedule 09:00 UTC daily")
    posted: list[tuple[date, str]] = []
    for day in range(2, 9):  # 2 to 8 March 2026: two days before the change, five from it
        quiz.now = datetime(2026, 3, day, 9, 1, tzinfo=UTC)
        for post_id in (await quiz.scheduler.tick(quiz.now)).posted:
            post = await quiz.storage.post(post_id)
            assert post is not None and post.question_id
            posted.append((date(2026, 3, day), post.question_id))
    assert len(posted) == 7
    assert [qid for day, qid in posted if day >= CHANGE] == [NEW] * 5
    assert NEW not in [qid for day, qid in posted if day < CHANGE]


async def test_practice_only_gives_questions_that_hold_today_or_on_the_day_asked(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    quiz.now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    for _ in range(6):
        practice = await quiz.say("quiz", user=ANN, place=DM)
        assert practice.buttons[0].action_id.startswith(f"quiz:p:{NEW}:")
    earlier = {(await quiz.say("quiz as of 2026-03-01", user=ANN, place=DM)).buttons[0].action_id.split(":")[2]
               for _ in range(6)}
    assert NEW not in earlier and len(earlier) > 1
    assert (await quiz.say("quiz as of 2026-03-01", user=ANN, place=DM)).title == "Practice question (as of 2026-03-01)"
    with pytest.raises(UserError, match="No question on that topic in the bank holds on 2026-03-05"):
        await quiz.say("quiz billing", user=ANN, place=DM)  # every billing question ended on 4 March
    billing = await quiz.say("quiz as of 2026-03-01 billing", user=ANN, place=DM)
    assert billing.title == "Practice question: Billing, Pricing, and Support (as of 2026-03-01)"


async def test_a_person_with_an_exam_date_practises_the_questions_of_their_exam_day(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    quiz.now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # before the change, which comes before the exam
    await quiz.say("exam date 2026-03-10", user=ANN, place=DM)
    for _ in range(4):
        practice = await quiz.say("quiz", user=ANN, place=DM)
        assert practice.buttons[0].action_id.startswith(f"quiz:p:{NEW}:")
    other = User("U2", "Bob")  # no exam date: today's questions
    assert not (await quiz.say("quiz", user=other, place=DM)).buttons[0].action_id.startswith(f"quiz:p:{NEW}:")


async def test_an_anki_export_holds_only_the_questions_of_the_day(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    quiz.now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    deck = await quiz.say("export anki all")
    assert deck.title == "awstutor: the whole bank (1 cards)"


async def test_review_skips_a_question_that_no_longer_holds(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    quiz.now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    practice = await quiz.say("quiz", user=ANN, place=DM)
    qid = practice.buttons[0].action_id.split(":")[2]
    wrong = next(b.label for b in practice.buttons if b.label != "".join(quiz.service.bank[qid].answer))
    await quiz.click(f"quiz:p:{qid}:{wrong}", ANN, place=DM)
    quiz.now += timedelta(days=2)  # due again, but the question ended on CHANGE
    assert qid != NEW and await quiz.storage.due_cards("slack", "U1", quiz.now) == [qid]
    assert (await quiz.say("review", user=ANN, place=DM)).title == "Nothing to review right now"


async def test_an_older_post_revealed_after_the_change_says_what_changed(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    await quiz.say("schedule 20:00 UTC daily")
    quiz.now = datetime(2026, 3, 3, 20, 1, tzinfo=UTC)
    (post_id,) = (await quiz.scheduler.tick(quiz.now)).posted
    post = await quiz.storage.post(post_id)
    assert post is not None and post.question_id != NEW
    quiz.now += timedelta(hours=8)  # revealed at 04:01 on 4 March, the day the question stopped holding
    assert (await quiz.scheduler.tick(quiz.now)).revealed == [post_id]
    fields = {f.name: f.value for f in quiz.poster.updates[-1][2].fields}
    assert fields["Changed since"] == (f"On 2026-03-04: {post.question_id} changed. "
                                       "This question describes AWS before that day.")
    late = await quiz.click(f"quiz:{post_id}:A", User("U9", "Late"))
    assert any(f.name == "Changed since" for f in late.fields)


async def test_a_reveal_before_the_change_says_nothing_about_it(quiz: Quiz) -> None:
    use_dated_bank(quiz)
    await quiz.say("schedule 09:00 UTC daily")
    quiz.now = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    (post_id,) = (await quiz.scheduler.tick(quiz.now)).posted
    quiz.now += timedelta(hours=8)
    assert (await quiz.scheduler.tick(quiz.now)).revealed == [post_id]
    assert "Changed since" not in {f.name for f in quiz.poster.updates[-1][2].fields}
