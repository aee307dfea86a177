"""Quiz posts, button clicks, the reveal, admin checks and the App Home, end to end."""

from __future__ import annotations

import json

import pytest

from adapters.testing.slack_sender import block_action
from bot.model import Place, Reply

CHANNEL = Place(platform="slack", channel="C1", workspace="T0FAKE")


async def test_quiz_command_shows_one_button_per_option(slack):
    await slack.sender.command("quiz", "U1", "C1", slack.fake.response_url(1))
    [call] = await slack.fake.wait_for("response_url")
    [actions] = [b for b in call.data["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == [f"quiz:1:{o}" for o in "ABCD"]


async def _click(slack, user: str, ts: str, option: str, n: int) -> str:
    payload = block_action(user, "C1", ts, f"quiz:1:{option.upper()}", slack.fake.response_url(n))
    status, _ = await slack.sender.action(payload)
    assert status == 200
    calls = await slack.fake.wait_for("response_url", count=n)
    [mine] = [c for c in calls if c.data["_n"] == str(n)]
    assert mine.data["response_type"] == "ephemeral" and mine.data["replace_original"] is False
    return str(mine.data["text"])


async def test_click_first_repeated_and_after_reveal(slack, quiz_question):
    ts = await slack.poster.post(CHANNEL, quiz_question)
    [post] = slack.fake.of("chat.postMessage")
    assert post.data["channel"] == "C1" and "actions" in json.dumps(post.data["blocks"])

    assert await _click(slack, "U1", ts, "b", 1) == "Correct!"
    assert "already answered" in await _click(slack, "U1", ts, "c", 2)
    assert slack.quiz.answers == {("1", "U1"): "quiz:1:B"}  # the first answer is the one kept

    await slack.poster.update(CHANNEL, ts, _reveal())
    [update] = slack.fake.of("chat.update")
    assert update.data["ts"] == ts and update.data["channel"] == "C1"
    assert "Answer: B" in json.dumps(update.data["blocks"]) and "actions" not in json.dumps(update.data["blocks"])
    slack.quiz.revealed.add("1")
    assert "closed" in await _click(slack, "U2", ts, "a", 3)


async def test_admin_command_refused_for_a_member(slack):
    await slack.sender.command("schedule 09:00 Europe/London mon-fri", "U1", "C1", slack.fake.response_url(1))
    [call] = await slack.fake.wait_for("response_url")
    assert "Only workspace admins" in call.data["text"]
    assert slack.fake.of("users.info")[0].data["user"] == "U1"


async def test_admin_command_allowed_for_workspace_admin_and_configured_id(slack):
    await slack.sender.command("schedule 09:00 Europe/London", "UADMIN", "C1", slack.fake.response_url(1))
    await slack.sender.command("schedule off", "UCONF", "C1", slack.fake.response_url(2))
    calls = await slack.fake.wait_for("response_url", count=2)
    assert all("Scheduled" in c.data["text"] for c in calls)
    assert [c.data["user"] for c in slack.fake.of("users.info")] == ["UADMIN"]


async def test_only_admin_commands_ask_slack_who_is_admin(slack):
    texts = ["sts", "stats", "export data from S3 to on-premises", "schedule 09:00 Europe/London",
             "schedule off"]
    for n, text in enumerate(texts):
        await slack.sender.command(text, "U1", "C1", slack.fake.response_url(n))
    await slack.fake.wait_for("response_url", count=len(texts))
    assert [c.data["user"] for c in slack.fake.of("users.info")] == ["U1"]  # the second is cached


async def test_admin_answers_are_cached_for_a_while_failures_briefly(fake):
    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.slack.admins import FAILED_TTL, NOT_ADMIN_TTL, Admins
    from adapters.slack.poster import SlackApi
    from adapters.testing.slack_fake import BOT_TOKEN

    now = [0.0]
    admins = Admins(SlackApi(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)), clock=lambda: now[0])
    fake.fail("users.info", "fatal_error")
    assert [await admins.is_admin("UADMIN"), await admins.is_admin("UADMIN")] == [False, False]
    now[0] += FAILED_TTL + 1
    assert await admins.is_admin("UADMIN") and await admins.is_admin("U1") is False
    now[0] += NOT_ADMIN_TTL + 1
    assert await admins.is_admin("UADMIN") and await admins.is_admin("U1") is False
    assert [c.data["user"] for c in fake.of("users.info")] == ["UADMIN", "UADMIN", "U1", "U1"]


async def test_app_home_shows_the_users_stats(slack):
    await slack.sender.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home",
                              "event_ts": "1.1"})
    [call] = await slack.fake.wait_for("views.publish")
    assert call.data["user_id"] == "U1"
    view = call.data["view"]
    assert view["type"] == "home" and "Streak" in json.dumps(view["blocks"])


async def test_messages_tab_does_not_publish_a_view(slack):
    await slack.sender.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})
    await slack.sender.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"})
    calls = await slack.fake.wait_for("views.publish")
    assert [c.data["user_id"] for c in calls] == ["U2"]


def _reveal() -> Reply:
    return Reply(title="Answer: B) option", text="3 of 4 right. STS issues temporary credentials.", private=False)


async def test_did_you_mean_button_answers_privately(slack):
    """And, like every click, without asking Slack who is an admin."""
    payload = block_action("U1", "C1", "1.1", "ask:cognito", slack.fake.response_url(1))
    await slack.sender.action(payload)
    [call] = await slack.fake.wait_for("response_url")
    assert call.data["response_type"] == "ephemeral" and "You asked: cognito" in call.data["text"]
    assert slack.fake.of("users.info") == []


@pytest.mark.parametrize("slack", [2], indirect=True)
async def test_ask_buttons_count_as_questions_quiz_answers_do_not(slack, quiz_question):
    for n in range(3):
        await slack.sender.action(block_action("U1", "C1", "1.1", f"ask:s{n}", slack.fake.response_url(n)))
    ts = await slack.poster.post(CHANNEL, quiz_question)
    await slack.sender.action(block_action("U1", "C1", ts, "quiz:1:B", slack.fake.response_url("quiz")))
    calls = await slack.fake.wait_for("response_url", count=4)
    by_url = {c.data["_n"]: c.data["text"] for c in calls}
    assert "You asked: s1" in by_url["1"] and "faster than I can keep up" in by_url["2"]
    assert by_url["quiz"] == "Correct!"


@pytest.mark.parametrize("slack", [1], indirect=True)
async def test_a_flood_of_mentions_gets_one_private_notice(slack):
    """The pipeline's rate limit: answered once, told once (privately), then not echoed."""
    for n in range(4):
        await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> what is sts?",
                                  "ts": f"1.{n}", "channel": "C1", "event_ts": f"1.{n}"})
    await slack.fake.wait_for("chat.postEphemeral")
    [answer] = slack.fake.of("chat.postMessage")
    [notice] = slack.fake.of("chat.postEphemeral")
    assert "You asked" in answer.data["text"] and "faster than I can keep up" in notice.data["text"]
