"""`pool shipped|own|both`: a channel's daily question and practice come from the pool its admin chose."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot.errors import UserError
from bot.model import User

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz

ANN = User("U1", "Ann")


def use_group(quiz: Quiz, ids: set[str]) -> None:
    quiz.service.group_questions = frozenset(ids)
    quiz.scheduler.group_questions = frozenset(ids)


async def test_the_daily_question_comes_from_the_channels_pool(quiz: Quiz) -> None:
    ours = quiz.service.questions[0].id
    use_group(quiz, {ours})
    await quiz.say("schedule 09:00 Europe/London mon-fri")
    assert (await quiz.say("pool")).title == "Question pool: both"
    assert (await quiz.say("pool own")).title == "Question pool: own"
    quiz.now = quiz.now.replace(hour=9)
    [post_id] = (await quiz.scheduler.tick(quiz.now)).posted
    assert (await quiz.storage.post(post_id)).question_id == ours  # type: ignore[union-attr]


async def test_practice_in_a_channel_keeps_to_its_pool(quiz: Quiz) -> None:
    ours = quiz.service.questions[0].id
    use_group(quiz, {ours})
    await quiz.say("pool shipped")
    for _ in range(10):
        practice = await quiz.say("quiz", user=ANN)
        assert practice.buttons[0].action_id.split(":")[2] != ours
        quiz.now += timedelta(minutes=1)


async def test_only_admins_choose_and_own_needs_group_questions(quiz: Quiz) -> None:
    with pytest.raises(UserError, match="Only channel admins"):
        await quiz.say("pool own", user=ANN)
    with pytest.raises(UserError, match="no questions of your group's own"):
        await quiz.say("pool own")
