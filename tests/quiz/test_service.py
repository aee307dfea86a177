"""What people see: schedule, the daily question, answers, reveal, practice, review, stats."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from bot.errors import UserError
from bot.model import Place, User
from bot.quiz.review import Reviewer

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz

ANN, BOB = User("U1", "Ann"), User("U2", "Bob")
CHANNEL = Place(platform="slack", channel="C1", workspace="T1")
DM = Place(platform="slack", channel="D1", workspace="T1", is_dm=True)


async def _daily(quiz: Quiz) -> tuple[int, str]:
    """Schedule, post at 09:00 London, return (post id, right letter)."""
    await quiz.say("schedule 09:00 Europe/London mon-fri")
    quiz.now = quiz.now.replace(hour=9)
    report = await quiz.scheduler.tick(quiz.now)
    assert len(report.posted) == 1
    post_id = report.posted[0]
    qid = (await quiz.storage.post(post_id)).question_id  # type: ignore[union-attr]
    return post_id, "".join(quiz.service.bank[qid or ""].answer)


async def test_schedule_is_for_admins_and_says_what_is_wrong(quiz: Quiz) -> None:
    with pytest.raises(UserError, match="Only admins"):
        await quiz.say("schedule 09:00 Europe/London mon-fri", user=ANN)
    for bad, message in [("25:00 Europe/London", "not a time of day"),
                         ("09:00 Mars/Olympus", "not a time zone"),
                         ("09:00 Europe/London funday", "not a weekday")]:
        with pytest.raises(UserError, match=message):
            await quiz.say(f"schedule {bad}")
    assert "No daily question" in (await quiz.say("schedule")).title
    set_reply = await quiz.say("schedule 9:00 Europe/London mon-fri")
    assert "09:00 Europe/London, mon-fri" in set_reply.text
    assert "09:00 Europe/London, mon-fri" in (await quiz.say("schedule")).text
    assert (await quiz.say("schedule off")).title == "Daily question off"
    assert await quiz.storage.schedules() == []


async def test_daily_question_answer_repeat_reveal_and_late_click(quiz: Quiz) -> None:
    post_id, right = await _daily(quiz)
    place, post = quiz.poster.posts[0]
    assert place == CHANNEL and post.private is False
    assert [b.action_id for b in post.buttons][0] == f"quiz:{post_id}:{post.buttons[0].label}"
    assert all(len(b.action_id) < 100 for b in post.buttons)
    wrong = next(b.label for b in post.buttons if b.label != right)
    first = await quiz.click(f"quiz:{post_id}:{right}", ANN)
    assert first.private and first.title == "Correct!"
    miss = await quiz.click(f"quiz:{post_id}:{wrong}", BOB)
    assert miss.title.startswith("Not quite") and any(f.name == f"Why not {wrong}" for f in miss.fields)
    again = await quiz.click(f"quiz:{post_id}:{wrong}", ANN)
    assert f"You already answered {right}" in again.title
    quiz.now += timedelta(hours=8)
    report = await quiz.scheduler.tick(quiz.now)
    assert report.revealed == [post_id]
    _place, message_id, reveal = quiz.poster.updates[0]
    assert message_id == "m1" and "answers closed" in reveal.title
    shown = {f.name: f.value for f in reveal.fields}
    assert shown["Got it right"] == "Ann" and f"{right}: 1" in shown["Answers (2)"]
    late = await quiz.click(f"quiz:{post_id}:{right}", User("U3", "Cy"))
    assert late.title.startswith("Answers are closed") and late.fields[0].name == "Answer"
    mine = await quiz.click(f"quiz:{post_id}:{wrong}", BOB)
    assert f"you answered {wrong}" in mine.title
    assert (await quiz.storage.tally(post_id)).total == 2


async def test_leaderboard_stats_streak_and_export(quiz: Quiz) -> None:
    post_id, right = await _daily(quiz)
    await quiz.click(f"quiz:{post_id}:{right}", ANN)
    board = await quiz.say("leaderboard week", user=BOB)
    assert board.text.startswith("1. Ann: 1 point (1 answered)") and not board.private
    with pytest.raises(UserError, match="not a period"):
        await quiz.say("leaderboard year")
    stats = await quiz.say("stats", user=ANN)
    assert "1 of 1 right (100%)" in stats.text and "Streak here: 1 day." in stats.text
    with pytest.raises(UserError, match="Only channel admins"):
        await quiz.say("export", user=ANN)
    export = await quiz.say("export")
    assert export.attachment is not None and export.attachment.filename == "awstutor-C1-results.csv"
    csv = export.attachment.content.decode("utf-8").splitlines()
    assert csv[0].startswith("date,question") and csv[1].endswith(f"U1,Ann,{right},True,1")
    assert export.title.startswith("Results export (1 answer from ")


async def test_practice_then_review_brings_a_missed_question_back(quiz: Quiz) -> None:
    practice = await quiz.say("quiz", user=ANN, place=DM)
    assert practice.private and practice.buttons[0].action_id.startswith("quiz:p:")
    qid = practice.buttons[0].action_id.split(":")[2]
    right = "".join(quiz.service.bank[qid].answer)
    wrong = next(b.label.replace("+", "") for b in practice.buttons if b.label.replace("+", "") != right)
    reply = await quiz.click(f"quiz:p:{qid}:{wrong}", ANN, place=DM)
    assert reply.title.startswith("Not quite")
    assert (await quiz.say("review", user=ANN, place=DM)).title == "Nothing to review right now"
    quiz.now += timedelta(days=1)
    assert (await quiz.say("stats", user=ANN, place=DM)).footer.startswith("Reviews due: 1.")
    review = await quiz.say("review", user=ANN, place=DM)
    assert review.title == "Review (1 due)" and review.buttons[0].action_id.startswith(f"quiz:r:{qid}:")
    await quiz.click(f"quiz:r:{qid}:{right}", ANN, place=DM)
    assert (await quiz.say("review", user=ANN, place=DM)).title == "Nothing to review right now"
    card_due = await quiz.storage.next_due("slack", "U1")
    assert card_due is not None and card_due >= quiz.now + timedelta(days=1)


async def test_choose_two_questions_offer_pairs(quiz: Quiz) -> None:
    reply = await quiz.click("quiz:p:q-mfa-two-things:AC", ANN)
    assert reply.title == "Correct!"
    reply = await quiz.click("quiz:p:q-mfa-two-things:AB", BOB)  # ANN already answered it
    assert [f.name for f in reply.fields][-1] == "Why not B"
    with pytest.raises(UserError, match="no longer active"):
        await quiz.click("quiz:p:q-mfa-two-things:A", ANN)


async def test_forget_me_asks_first_then_deletes(quiz: Quiz) -> None:
    post_id, right = await _daily(quiz)
    await quiz.click(f"quiz:{post_id}:{right}", ANN)
    with pytest.raises(UserError, match="forget me"):
        await quiz.say("forget", user=ANN)
    ask = await quiz.say("forget me", user=ANN)
    assert ask.buttons[0].action_id == "quiz:forget:confirm"
    assert await quiz.storage.attempts("slack", "U1") != []
    done = await quiz.click("quiz:forget:confirm", ANN)
    assert "Deleted your answers" in done.text
    assert await quiz.storage.attempts("slack", "U1") == []
    assert await quiz.storage.next_due("slack", "U1") is None


async def test_stale_buttons_get_a_clear_answer(quiz: Quiz) -> None:
    for action in ("quiz:99999:A", "quiz:p:q-gone:A", "quiz:whatever"):
        with pytest.raises(UserError, match="no longer|removed"):
            await quiz.click(action, ANN)


async def test_clicking_again_after_seeing_the_answer_does_not_change_stats_or_review(quiz: Quiz) -> None:
    practice = await quiz.say("quiz", user=ANN, place=DM)
    qid = practice.buttons[0].action_id.split(":")[2]
    right = "".join(quiz.service.bank[qid].answer)
    wrong = next(b.label.replace("+", "") for b in practice.buttons if b.label.replace("+", "") != right)
    await quiz.click(f"quiz:p:{qid}:{wrong}", ANN, place=DM)
    again = await quiz.click(f"quiz:p:{qid}:{right}", ANN, place=DM)
    assert "already answered" in again.text.lower() or "already answered" in again.title.lower()
    stats = await quiz.say("stats", user=ANN, place=DM)
    assert stats.text.startswith("0 of 1 right")
    quiz.now += timedelta(days=1)
    assert (await quiz.say("review", user=ANN, place=DM)).title == "Review (1 due)"  # the miss still comes back


class _FailsOnce(Reviewer):
    """A reviewer that fails on its first card, as a process killed at that moment would."""

    failed = False

    def next_card(self, card_json, correct, now):  # type: ignore[no-untyped-def]
        if not self.failed:
            self.failed = True
            raise RuntimeError("killed while scheduling the review card")
        return super().next_card(card_json, correct, now)


async def test_an_answer_whose_card_failed_is_not_kept_so_the_click_can_be_retried(quiz: Quiz) -> None:
    quiz.service.reviewer = _FailsOnce()
    qid = "q-mfa-two-things"
    with pytest.raises(RuntimeError):
        await quiz.click(f"quiz:p:{qid}:AC", ANN, place=DM)
    retried = await quiz.click(f"quiz:p:{qid}:AC", ANN, place=DM)
    assert retried.title == "Correct!", "the failed click must not count as an earlier answer"
    assert await quiz.storage.card("slack", ANN.id, qid) is not None
    assert [a.question_id for a in await quiz.storage.attempts("slack", ANN.id)] == [qid]

    post_id, right = await _daily(quiz)
    quiz.service.reviewer = _FailsOnce()
    with pytest.raises(RuntimeError):
        await quiz.click(f"quiz:{post_id}:{right}", BOB)
    assert (await quiz.click(f"quiz:{post_id}:{right}", BOB)).title == "Correct!"
    assert await quiz.storage.next_due("slack", BOB.id) is not None
