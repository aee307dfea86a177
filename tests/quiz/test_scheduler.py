"""The scheduler: exactly once, grace window, daylight saving, failures, no repeats."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from bot.errors import UserError
from bot.model import Place
from bot.storage import open_storage

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def _schedule(quiz: Quiz, spec: str = "09:00 Europe/London mon-fri") -> None:
    await quiz.say(f"schedule {spec}")


async def test_two_schedulers_at_once_post_exactly_once(quiz: Quiz, backend: Any) -> None:
    await _schedule(quiz)
    other_storage = await open_storage(backend.url, backend.schema)
    try:
        from tests.quiz.conftest import FakePoster  # noqa: PLC0415 - the fixture module
        second = FakePoster()
        other = quiz.make_scheduler(second)
        other.storage = other_storage
        at = _at(2026, 3, 2, 9, 0)
        await asyncio.gather(quiz.scheduler.tick(at), other.tick(at), quiz.scheduler.tick(at))
        assert len(quiz.poster.posts) + len(second.posts) == 1
        await asyncio.gather(quiz.scheduler.tick(at + timedelta(minutes=1)), other.tick(at))
        assert len(quiz.poster.posts) + len(second.posts) == 1
    finally:
        await other_storage.aclose()


async def test_a_missed_post_is_made_inside_the_grace_window(quiz: Quiz) -> None:
    await _schedule(quiz)
    assert (await quiz.scheduler.tick(_at(2026, 3, 2, 8, 59))).posted == []
    # The bot was down at 09:00 and comes back at 10:45 (grace is 2 hours).
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 10, 45))
    assert len(report.posted) == 1 and len(quiz.poster.posts) == 1


async def test_a_post_missed_beyond_grace_is_skipped_once_and_never_made(quiz: Quiz, caplog: Any) -> None:
    await _schedule(quiz)
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 11, 30))
    assert report.posted == [] and len(report.skipped) == 1
    assert "outside the" in caplog.text
    again = await quiz.scheduler.tick(_at(2026, 3, 2, 11, 31))
    assert again.skipped == [] and quiz.poster.posts == []
    tomorrow = await quiz.scheduler.tick(_at(2026, 3, 3, 9, 0))
    assert len(tomorrow.posted) == 1


async def test_weekdays_and_setting_after_the_time_are_respected(quiz: Quiz) -> None:
    quiz.now = _at(2026, 3, 7, 10, 0)  # a Saturday
    await _schedule(quiz)
    assert (await quiz.scheduler.tick(_at(2026, 3, 7, 10, 0))).posted == []
    assert (await quiz.scheduler.tick(_at(2026, 3, 8, 9, 0))).posted == []  # Sunday
    assert len((await quiz.scheduler.tick(_at(2026, 3, 9, 9, 0))).posted) == 1


async def test_daylight_saving_days_post_at_local_time(quiz: Quiz) -> None:
    quiz.now = _at(2026, 3, 1, 0, 0)
    await _schedule(quiz, "09:00 Europe/London daily")
    # 29 March 2026: clocks go forward at 01:00 GMT; 09:00 BST is 08:00 UTC.
    assert (await quiz.scheduler.tick(_at(2026, 3, 29, 7, 59))).posted == []
    assert len((await quiz.scheduler.tick(_at(2026, 3, 29, 8, 0))).posted) == 1
    # 25 October 2026: clocks go back at 02:00 BST; 09:00 GMT is 09:00 UTC.
    assert (await quiz.scheduler.tick(_at(2026, 10, 25, 8, 30))).posted == []
    assert len((await quiz.scheduler.tick(_at(2026, 10, 25, 9, 0))).posted) == 1
    # 01:30 does not exist on 28 March 2027 in London: it posts after the gap (02:30 BST).
    await _schedule(quiz, "01:30 Europe/London daily")
    assert (await quiz.scheduler.tick(_at(2027, 3, 28, 1, 29))).posted == []
    assert len((await quiz.scheduler.tick(_at(2027, 3, 28, 1, 30))).posted) == 1


async def test_post_failures_are_reported_to_the_admin_and_not_retried(quiz: Quiz) -> None:
    await _schedule(quiz)
    quiz.poster.fail_with = "not_in_channel"
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 9, 0))
    assert len(report.failed) == 1
    admin, note = quiz.poster.notes[0]
    assert admin == "U-admin" and "not_in_channel" in note.text
    quiz.poster.fail_with = None
    assert (await quiz.scheduler.tick(_at(2026, 3, 2, 9, 5))).posted == []


async def test_no_repeats_until_the_bank_is_used_up_and_next_post_reveals_last(quiz: Quiz) -> None:
    quiz.now = _at(2026, 3, 1, 0, 0)
    await _schedule(quiz, "09:00 UTC daily")
    quiz.scheduler.reveal_after = timedelta(days=30)
    ids = []
    for day in range(1, 8):
        report = await quiz.scheduler.tick(_at(2026, 3, day, 9, 0))
        post = await quiz.storage.post(report.posted[0])
        ids.append(post.question_id if post else None)
        if day > 1:
            assert len(report.revealed) == 1  # yesterday's closed when today's came
    assert len(set(ids[:5])) == 5 and set(ids[5:]) <= set(ids[:5])


async def test_post_now_for_the_terminal(quiz: Quiz) -> None:
    from bot.storage import ChannelRef

    ref = ChannelRef("terminal", "", "general")
    post_id = await quiz.scheduler.post_now(ref, quiz.now)
    assert quiz.poster.posts[0][0] == Place(platform="terminal", channel="general")
    assert post_id > 0
    with pytest.raises(UserError, match="already posted in general: \"[^\"]+\". One question a day"):
        await quiz.scheduler.post_now(ref, quiz.now)


async def test_a_crashing_poster_is_reported_not_stranded(quiz: Quiz) -> None:
    await _schedule(quiz)

    async def crash(place: Place, reply: Any) -> str:
        raise RuntimeError("connection reset")

    quiz.poster.post = crash  # type: ignore[method-assign]
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 9, 0))
    assert len(report.failed) == 1
    assert quiz.poster.notes and "failed (other)" in quiz.poster.notes[0][1].text
    assert "connection reset" not in quiz.poster.notes[0][1].text  # no exception text to users




async def test_a_day_claimed_but_never_sent_is_flagged_once_not_reposted(quiz: Quiz) -> None:
    from bot.quiz.schedcmd import channel_ref
    from tests.quiz.conftest import CHANNEL

    await _schedule(quiz)
    cid = await quiz.storage.channel_id(channel_ref(CHANNEL))
    # A process claimed today's post at 09:00 and died before sending it.
    post_id = await quiz.storage.claim_post(cid, "2026-03-02", None, _at(2026, 3, 2, 9, 0))
    assert (await quiz.scheduler.tick(_at(2026, 3, 2, 9, 5))).failed == []  # maybe still sending
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 9, 20))
    assert report.failed == [post_id] and report.posted == []
    assert "I stopped while posting it" in quiz.poster.notes[0][1].text
    later = await quiz.scheduler.tick(_at(2026, 3, 2, 9, 30))
    assert later.failed == [] and later.posted == [] and len(quiz.poster.notes) == 1
    assert quiz.poster.posts == []  # never a second post for the day


async def test_a_reveal_whose_edit_fails_is_posted_anew(quiz: Quiz) -> None:
    await _schedule(quiz)
    await quiz.scheduler.tick(_at(2026, 3, 2, 9, 0))

    async def gone(place: Place, message_id: str, reply: Any) -> None:
        raise RuntimeError("message deleted")

    quiz.poster.update = gone  # type: ignore[method-assign]
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 17, 30))
    assert len(report.revealed) == 1
    assert "(answers closed)" in quiz.poster.posts[-1][1].title  # the answer still reaches the channel


async def test_a_reveal_that_cannot_be_shown_tells_the_admin_and_other_channels_go_on(quiz: Quiz) -> None:
    from bot.model import PostError

    await _schedule(quiz)
    await quiz.scheduler.tick(_at(2026, 3, 2, 9, 0))

    async def refuse(*args: Any) -> Any:
        raise PostError("forbidden")

    quiz.poster.update = refuse  # type: ignore[method-assign]
    quiz.poster.post = refuse  # type: ignore[method-assign]
    report = await quiz.scheduler.tick(_at(2026, 3, 2, 17, 30))
    assert report.revealed == []
    assert "Showing the answer in channel C1 failed (forbidden)" in quiz.poster.notes[-1][1].text


async def test_each_platforms_scheduler_posts_only_in_its_own_channels(quiz: Quiz) -> None:
    from tests.quiz.conftest import FakePoster  # noqa: PLC0415 - the fixture module

    discord = Place(platform="discord", channel="9001", workspace="42")
    await _schedule(quiz)  # the quiz fixture's channel is a Slack channel
    await quiz.say("schedule 09:00 Europe/London mon-fri", place=discord)
    slack_poster, discord_poster = FakePoster(), FakePoster()
    slack_poster.platform, discord_poster.platform = "slack", "discord"  # type: ignore[attr-defined]
    at = _at(2026, 3, 2, 9, 0)
    await quiz.make_scheduler(slack_poster).tick(at)
    await quiz.make_scheduler(discord_poster).tick(at)
    assert [place.platform for place, _ in slack_poster.posts] == ["slack"]
    assert [place.platform for place, _ in discord_poster.posts] == ["discord"]
