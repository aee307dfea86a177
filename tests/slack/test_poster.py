"""The Poster and Web API client against the fake: 429s, missing permissions, errors."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.testing.slack_sender import block_action
from bot.model import Place, PostError, Reply

CHANNEL = Place(platform="slack", channel="C1", workspace="T0FAKE")


async def test_429_waits_retry_after_then_posts(slack):
    slack.fake.retry_after = 7
    slack.fake.fail("chat.postMessage", "ratelimited", status=429, times=2)
    ts = await slack.poster.post(CHANNEL, Reply(text="daily question"))
    assert ts
    assert len(slack.fake.of("chat.postMessage")) == 3
    assert slack.sleeps[:2] == [pytest.approx(7, abs=0.5), pytest.approx(7, abs=0.5)]
    assert slack.api.rate_limited == 2


async def test_429_on_a_mention_reply_still_answers(slack):
    slack.fake.fail("chat.postMessage", "ratelimited", status=429)
    await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts",
                              "ts": "1.1", "channel": "C1"})
    posts = await slack.fake.wait_for("chat.postMessage", count=2)
    assert posts[0].data == posts[1].data and slack.sleeps == [pytest.approx(1, abs=0.5)]


async def test_endless_429_becomes_rate_limited(slack):
    slack.fake.fail("chat.update", "ratelimited", status=429, times=10)
    with pytest.raises(PostError) as err:
        await slack.poster.update(CHANNEL, "1.1", Reply(text="reveal"))
    assert err.value.reason == "rate_limited"


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "missing_scope"])
async def test_missing_permissions_map_to_post_error(slack, error):
    slack.fake.fail("chat.postMessage", error)
    with pytest.raises(PostError) as err:
        await slack.poster.post(CHANNEL, Reply(text="daily question"))
    assert err.value.reason == error


async def test_not_in_channel_post_then_click_answer_is_kept(slack, quiz_question):
    ts = await slack.poster.post(CHANNEL, quiz_question)
    slack.fake.not_in_channel.add("C1")  # the bot was removed after posting
    with pytest.raises(PostError) as err:
        await slack.poster.update(CHANNEL, ts, Reply(text="reveal"))
    assert err.value.reason == "not_in_channel"
    await slack.sender.action(block_action("U1", "C1", ts, "quiz:1:B", slack.fake.response_url(1)))
    await slack.fake.wait_for("response_url")
    assert slack.quiz.answers == {("1", "U1"): "quiz:1:B"}


async def test_http_403_maps_to_forbidden(slack):
    slack.fake.fail("chat.postMessage", "", status=403)
    with pytest.raises(PostError) as err:
        await slack.poster.post(CHANNEL, Reply(text="x"))
    assert err.value.reason == "forbidden"


async def test_notify_sends_a_dm(slack):
    await slack.poster.notify("UADMIN", Reply(text="I could not post in #quiz: invite me with /invite"))
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.data["channel"] == "UADMIN" and "invite me" in dm.data["text"]


class _Seen(logging.Handler):
    """Sets an asyncio.Event when the adapter logs a listener failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.event = asyncio.Event()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        self.event.set()


async def test_failed_mention_reply_is_logged_not_raised(slack):
    seen = _Seen()
    logger = logging.getLogger("adapters.slack.app")
    logger.addHandler(seen)
    try:
        slack.fake.not_in_channel.add("C9")
        await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts",
                                  "ts": "1.1", "channel": "C9"})
        await asyncio.wait_for(seen.event.wait(), 5)
    finally:
        logger.removeHandler(seen)
    assert seen.messages == ["slack listener failed: not_in_channel"]
