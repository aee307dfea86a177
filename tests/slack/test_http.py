"""HTTP mode end to end: signed requests in, the fake records what Slack users would see."""

from __future__ import annotations

import json
import time

import pytest

from adapters.slack import render
from adapters.testing.slack_sender import command_body, event_body


async def test_slash_command_replies_ephemerally(slack):
    status, _ = await slack.sender.command("sts", "U1", "C1", slack.fake.response_url(1))
    assert status == 200
    [call] = await slack.fake.wait_for("response_url")
    assert call.data["response_type"] == "ephemeral"
    assert "You asked: sts" in json.dumps(call.data["blocks"])


async def test_share_posts_in_channel(slack):
    await slack.sender.command("share sts vs cognito", "U1", "C1", slack.fake.response_url(1))
    [call] = await slack.fake.wait_for("response_url")
    assert call.data["response_type"] == "in_channel"
    assert "sts vs cognito" in call.data["text"]


async def test_help_lists_commands(slack):
    await slack.sender.command("help", "U1", "C1", slack.fake.response_url(1))
    [call] = await slack.fake.wait_for("response_url")
    shown = json.dumps(call.data["blocks"])
    assert "leaderboard" in shown and "schedule" in shown


async def test_mention_answers_in_a_thread(slack):
    event = {"type": "app_mention", "user": "U1", "text": "<@U0BOT> which service for SSO?",
             "ts": "1700.0001", "channel": "C1", "event_ts": "1700.0001"}
    status, _ = await slack.sender.event(event)
    assert status == 200
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post.data["channel"] == "C1" and post.data["thread_ts"] == "1700.0001"
    assert "which service for SSO?" in post.data["text"]


async def test_mention_inside_a_thread_stays_in_that_thread(slack):
    event = {"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts", "ts": "1700.0009",
             "thread_ts": "1700.0001", "channel": "C1", "event_ts": "1700.0009"}
    await slack.sender.event(event)
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post.data["thread_ts"] == "1700.0001"


async def test_direct_message_answers_in_a_thread(slack):
    event = {"type": "message", "channel_type": "im", "user": "U1", "text": "cognito",
             "ts": "1700.0002", "channel": "D1", "event_ts": "1700.0002"}
    await slack.sender.event(event)
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post.data["channel"] == "D1" and post.data["thread_ts"] == "1700.0002"


async def test_bot_messages_and_edits_are_ignored(slack):
    ignored = [
        {"type": "message", "channel_type": "im", "bot_id": "B9", "text": "loop?", "ts": "1.1", "channel": "D1"},
        {"type": "message", "channel_type": "im", "subtype": "message_changed", "ts": "1.2", "channel": "D1"},
        {"type": "message", "channel_type": "channel", "user": "U1", "text": "chatter", "ts": "1.3", "channel": "C1"},
    ]
    for event in ignored:
        assert (await slack.sender.event(event))[0] == 200
    await slack.sender.event({"type": "message", "channel_type": "im", "user": "U1", "text": "sts",
                              "ts": "1.4", "channel": "D1"})
    posts = await slack.fake.wait_for("chat.postMessage")
    assert [p.data["thread_ts"] for p in posts] == ["1.4"]


async def test_bad_signature_is_refused_without_side_effects(slack):
    body = command_body("sts", "U1", "C1", slack.fake.response_url(1))
    status, _ = await slack.sender.send(body, "application/x-www-form-urlencoded", secret="wrong")
    assert status == 401
    assert slack.fake.calls == []


async def test_stale_timestamp_is_refused_without_side_effects(slack):
    body = event_body({"type": "app_mention", "user": "U1", "text": "hi", "ts": "1.1", "channel": "C1"})
    status, _ = await slack.sender.send(body, "application/json", timestamp=int(time.time()) - 301)
    assert status == 401
    assert slack.fake.calls == []


async def test_url_verification_echoes_the_challenge(slack):
    body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"}).encode()
    status, text = await slack.sender.send(body, "application/json")
    assert status == 200 and "c-123" in text


async def test_hostile_text_cannot_ping(slack):
    hostile = "<!channel> <!here> <@U123> & friends"
    await slack.sender.command(hostile, "U1", "C1", slack.fake.response_url(1))
    await slack.sender.event({"type": "app_mention", "user": "U1", "text": f"<@U0BOT> {hostile}",
                              "ts": "1.5", "channel": "C1"})
    [answer] = await slack.fake.wait_for("response_url")
    [post] = await slack.fake.wait_for("chat.postMessage")
    for shown in (json.dumps(answer.data), json.dumps(post.data)):
        assert "<!channel>" not in shown and "<!here>" not in shown and "<@U123>" not in shown
        assert "&amp; friends" in shown and "&amp;amp;" not in shown


async def test_oversized_text_is_split_within_block_kit_limits(slack):
    huge = ("word " * 8000)[:40_000]
    status, _ = await slack.sender.command(huge, "U1", "C1", slack.fake.response_url(1))
    assert status == 200
    [call] = await slack.fake.wait_for("response_url")
    blocks = call.data["blocks"]
    assert len(blocks) <= render.MESSAGE_BLOCKS
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert all(len(t) <= render.SECTION_LIMIT for t in texts)
    assert sum(t.count("word") for t in texts) == 8000  # split, nothing lost
    assert len(call.data["text"]) <= render.FALLBACK_LIMIT


async def test_empty_command_is_answered(slack):
    await slack.sender.command("", "U1", "C1", slack.fake.response_url(1))
    [call] = await slack.fake.wait_for("response_url")
    assert call.data["response_type"] == "ephemeral" and call.data["blocks"]


@pytest.mark.parametrize("slack", [2], indirect=True)
async def test_flooding_user_gets_a_friendly_limit_reply(slack):
    for n in range(3):
        await slack.sender.command(f"q{n}", "U1", "C1", slack.fake.response_url(n))
    await slack.sender.command("q", "U2", "C1", slack.fake.response_url("other"))
    calls = await slack.fake.wait_for("response_url", count=4)
    by_url = {c.data["_n"]: c.data["text"] for c in calls}
    assert "faster than I can keep up" in by_url["2"]
    assert "You asked" in by_url["0"] and "You asked" in by_url["other"]


async def test_healthz(slack):
    async with slack.sender.session.get(slack.url + "/healthz") as response:
        assert response.status == 200


async def test_personal_command_in_a_channel_mention_is_shown_to_the_asker_alone(slack):
    await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> stats",
                              "ts": "1700.0003", "channel": "C1"})
    [note] = await slack.fake.wait_for("chat.postEphemeral")
    assert (note.data["channel"], note.data["user"], note.data["thread_ts"]) == ("C1", "U1", "1700.0003")
    assert "Streak" in json.dumps(note.data["blocks"])
    await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts vs cognito",
                              "ts": "1700.0004", "channel": "C1"})
    [post] = await slack.fake.wait_for("chat.postMessage")  # a question asked in public: public thread
    assert post.data["thread_ts"] == "1700.0004" and len(slack.fake.of("chat.postEphemeral")) == 1


async def test_personal_command_in_a_dm_is_an_ordinary_reply(slack):
    await slack.sender.event({"type": "message", "channel_type": "im", "user": "U1", "text": "stats",
                              "ts": "1.9", "channel": "D1"})
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post.data["channel"] == "D1" and "Streak" in json.dumps(post.data["blocks"])
    assert slack.fake.of("chat.postEphemeral") == []


async def test_one_message_is_answered_once(slack):
    mention = {"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts", "ts": "2.1", "channel": "C1"}
    in_dm = {"type": "app_mention", "user": "U1", "text": "<@U0BOT> iam", "ts": "2.2", "channel": "D1",
             "channel_type": "im"}
    for event in (mention, mention, in_dm, {**in_dm, "type": "message"}):  # a retry; a DM twice
        assert (await slack.sender.event(event))[0] == 200
    assert await slack.listeners.inflight.wait_idle(5)
    assert sorted(p.data["thread_ts"] for p in slack.fake.of("chat.postMessage")) == ["2.1", "2.2"]


@pytest.mark.parametrize("slack", [2], indirect=True)
async def test_limit_notice_for_a_mention_stays_in_its_thread(slack):
    for n in range(3):
        await slack.sender.event({"type": "app_mention", "user": "U1", "text": f"<@U0BOT> q{n}",
                                  "ts": f"3.{n}", "channel": "C1"})
    [note] = await slack.fake.wait_for("chat.postEphemeral")
    assert note.data["thread_ts"] == "3.2" and "faster than I can keep up" in note.data["text"]


@pytest.mark.parametrize("slack", [2], indirect=True)
async def test_one_person_has_one_limit_across_workspaces(slack):
    for n, team in enumerate(["T1", "T1", "T2"]):
        await slack.sender.command(f"q{n}", "U1", "C1", slack.fake.response_url(n), team_id=team)
    calls = await slack.fake.wait_for("response_url", count=3)
    assert "faster than I can keep up" in {c.data["_n"]: c.data["text"] for c in calls}["2"]
