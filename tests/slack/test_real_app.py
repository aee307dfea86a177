"""The real composition (`bot.app.build_app`: tutor, quiz bank, SQLite) behind the Slack adapter:
schedule as admin, the scheduler's post, clicks, the reveal through chat.update, App Home."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from adapters.slack.poster import SlackPoster
from adapters.testing.slack_fake import FakeSlack
from adapters.testing.slack_sender import block_action
from bot.app import App
from bot.quiz.scheduler import Scheduler, TickReport
from bot.storage.records import ChannelRef


def single_answer(app: App, poster: SlackPoster) -> Scheduler:
    """The daily scheduler over the bank's single-answer questions: one click answers them
    (a choose-two question takes toggles and a submit, tested in test_study_slack)."""
    return Scheduler(app.storage, [q for q in app.quiz.questions if len(q.answer) == 1], poster)


async def _reply(fake: FakeSlack, n: int) -> dict:
    calls = await fake.wait_for("response_url", count=n)
    [mine] = [c.data for c in calls if c.data["_n"] == str(n)]
    return mine


async def test_daily_question_end_to_end(fake, real):
    app, sender, poster = real
    await sender.command("schedule 09:00 Europe/London mon-fri", "U1", "C1", fake.response_url(1))
    assert "admin" in (await _reply(fake, 1))["text"].lower()
    await sender.command("schedule 09:00 Europe/London mon-fri", "UADMIN", "C1", fake.response_url(2))
    assert (await _reply(fake, 2))["response_type"] == "ephemeral"

    now = datetime.now(UTC)
    post_id = await single_answer(app, poster).post_now(ChannelRef("slack", "T0FAKE", "C1"), now)
    [post] = fake.of("chat.postMessage")
    [actions] = [b for b in post.data["blocks"] if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions["elements"]]
    assert all(i.startswith(f"quiz:{post_id}:") for i in ids)
    stored = await app.storage.post(post_id)
    assert stored is not None and stored.message_id
    message_ts = stored.message_id

    await sender.action(block_action("U2", "C1", message_ts, ids[0], fake.response_url(3)))
    first = (await _reply(fake, 3))["text"]
    await sender.action(block_action("U2", "C1", message_ts, ids[1], fake.response_url(4)))
    again = (await _reply(fake, 4))["text"]
    assert first.startswith(("Correct", "Not quite")) and "already answered" in again

    await app.scheduler(poster).reveal(stored, now, TickReport())
    [update] = await fake.wait_for("chat.update")
    assert update.data["channel"] == "C1" and update.data["ts"] == stored.message_id

    await sender.action(block_action("U3", "C1", message_ts, ids[0], fake.response_url(5)))
    late = await _reply(fake, 5)
    assert late["response_type"] == "ephemeral" and "closed" in late["text"]
    assert "closed" in update.data["text"]


async def test_app_home_shows_real_stats(fake, real):
    _app, sender, _poster = real
    await sender.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    [call] = await fake.wait_for("views.publish")
    assert call.data["view"]["type"] == "home"
    assert "Your stats" in json.dumps(call.data["view"]["blocks"])



HEADER = b"date,question,user_id,name,choice,correct,points\r\n"  # RFC 4180 line ends


async def test_admin_export_uploads_the_csv_to_their_dm(fake, real):
    app, sender, poster = real
    channel = "C0EXPORT01"
    post_id = await single_answer(app, poster).post_now(ChannelRef("slack", "T0FAKE", channel), datetime.now(UTC))
    stored = await app.storage.post(post_id)
    assert stored is not None and stored.message_id
    [post] = fake.of("chat.postMessage")
    [actions] = [b for b in post.data["blocks"] if b["type"] == "actions"]
    choice = actions["elements"][0]["action_id"]
    await sender.action(block_action("U2", channel, stored.message_id, choice, fake.response_url(1)))
    await _reply(fake, 1)

    await sender.command("export", "U1", channel, fake.response_url(2))
    assert "admin" in (await _reply(fake, 2))["text"].lower()
    assert not fake.of("files.getUploadURLExternal") and not fake.of("upload")

    await sender.command("export", "UADMIN", channel, fake.response_url(3))
    note = await _reply(fake, 3)
    [upload] = fake.shared()
    [opened] = fake.of("conversations.open")
    assert opened.data["users"] == "UADMIN" and upload.channel.startswith("D")  # Slack files can't be ephemeral
    assert upload.filename == f"awstutor-{channel}-results.csv"
    lines = upload.content.decode().splitlines()
    assert upload.content.startswith(HEADER) and len(lines) == 2
    assert lines[1].split(",")[1:3] == [stored.question_id, "U2"]
    assert lines[1].split(",")[4] == choice.rsplit(":", 1)[1]
    assert note["response_type"] == "ephemeral" and "by direct message" in note["text"]
    assert upload.filename in note["text"] and "1 answer" in upload.comment


def _mention(user: str, ts: str, text: str, thread: str | None = None) -> dict:
    event = {"type": "app_mention", "user": user, "text": f"<@U0BOT> {text}", "ts": ts, "channel": "C1", "event_ts": ts}
    return {**event, "thread_ts": thread} if thread else event


async def test_a_reply_in_an_answers_thread_is_a_follow_up(fake, real):
    _app, sender, _poster = real
    await sender.event(_mention("U1", "1700.0001", "what is sts?"))
    [first] = await fake.wait_for("chat.postMessage")
    assert first.data["thread_ts"] == "1700.0001" and "Security Token Service" in first.data["text"]
    # Anyone replying in that thread follows up on its answer, without naming it again.
    await sender.event(_mention("U2", "1700.0002", "compare it with cognito", thread="1700.0001"))
    posts = await fake.wait_for("chat.postMessage", count=2)
    assert posts[1].data["thread_ts"] == "1700.0001" and posts[1].data["text"].startswith("AWS STS vs Amazon Cognito")
    # Outside the thread, "more" is about this person's own last answer here.
    await sender.event(_mention("U1", "1700.0003", "more"))
    posts = await fake.wait_for("chat.postMessage", count=3)
    assert posts[2].data["text"].startswith("More on AWS STS")


async def test_why_not_in_the_daily_questions_thread_waits_for_the_reveal(fake, real):
    app, sender, poster = real
    now = datetime.now(UTC)
    post_id = await app.scheduler(poster).post_now(ChannelRef("slack", "T0FAKE", "C1"), now)
    stored = await app.storage.post(post_id)
    assert stored is not None and stored.message_id and stored.question_id
    await sender.event(_mention("U2", "1800.0001", "why not B?", thread=stored.message_id))
    posts = await fake.wait_for("chat.postMessage", count=2)  # the daily post, then the reply
    assert posts[1].data["thread_ts"] == stored.message_id and "Answers are still open" in posts[1].data["text"]
    await app.scheduler(poster).reveal(stored, now, TickReport())
    await sender.event(_mention("U2", "1800.0002", "why not B?", thread=stored.message_id))
    posts = await fake.wait_for("chat.postMessage", count=3)
    right = "B" in app.quiz.bank[stored.question_id].answer
    assert posts[2].data["text"].startswith("B is right" if right else "Why not B: ")


async def test_yes_to_forget_me_is_answered_to_the_asker_alone(fake, real):
    """The pipeline's visibility: a confirmation typed as "yes" in a channel never lands in it."""
    _app, sender, _poster = real
    await sender.event(_mention("U1", "1900.0001", "forget me"))
    [prompt] = await fake.wait_for("chat.postEphemeral")
    assert "Forget you?" in prompt.data["text"] and prompt.data["user"] == "U1"
    await sender.event(_mention("U1", "1900.0002", "yes", thread="1900.0001"))
    done = (await fake.wait_for("chat.postEphemeral", count=2))[1]
    assert "forgotten you" in done.data["text"] and done.data["thread_ts"] == "1900.0001"
    assert fake.of("chat.postMessage") == []
