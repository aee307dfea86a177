"""The study features on Slack, on the real app (`bot.app.build_app`) over HTTP against the fake:
a mock exam whose answers redraw the ephemeral question, choose-two toggles on the public daily
post (a private copy, then redrawn in place), and the weekly digest's chart uploaded."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from adapters.testing.slack_fake import FakeSlack
from adapters.testing.slack_sender import block_action
from bot.model import Place
from bot.quiz.scheduler import Scheduler
from bot.storage import ChannelRef


async def _reply(fake: FakeSlack, n: int) -> dict:
    calls = await fake.wait_for("response_url", count=n)
    [mine] = [c.data for c in calls if c.data["_n"] == str(n)]
    return mine


def _buttons(message: dict) -> list[tuple[str, str]]:
    return [(e["text"]["text"], e["value"]) for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


async def test_a_mock_exam_redraws_its_ephemeral_question_on_each_answer(fake, real):
    app, sender, _poster = real
    await sender.command("exam 5", "U1", "C1", fake.response_url(1))
    first = await _reply(fake, 1)
    assert first["response_type"] == "ephemeral" and "Mock exam · question 1 of 5" in first["text"]
    label, action = _buttons(first)[0]
    assert re.fullmatch(r"quiz:x:\d+:0:A", action) and label == "A"
    await sender.action(block_action("U1", "C1", "111.1", action, fake.response_url(2), ephemeral=True))
    second = await _reply(fake, 2)
    assert second["replace_original"] is True and "question 2 of 5" in second["text"]
    await sender.action(block_action("U2", "C1", "111.1", action, fake.response_url(3), ephemeral=True))
    assert "not yours" in (await _reply(fake, 3))["text"]


async def test_choose_two_on_the_daily_post_is_a_private_copy_redrawn_in_place(fake, real):
    app, sender, poster = real
    question = next(q for q in app.quiz.questions if len(q.answer) == 2)
    scheduler = Scheduler(app.storage, [question], poster)
    post_id = await scheduler.post_now(ChannelRef("slack", "T0FAKE", "C1"), datetime.now(UTC))
    [post] = fake.of("chat.postMessage")
    labels = [label for label, _ in _buttons(post.data)]
    assert labels == list(question.letters) and "A+B" not in str(post.data["blocks"])  # no combinations
    first, second = question.answer
    toggle = dict(_buttons(post.data))[first]
    assert toggle == f"quiz:{post_id}:~{first}"
    await sender.action(block_action("U2", "C1", "222.2", toggle, fake.response_url(1)))
    copy = await _reply(fake, 1)
    assert copy["response_type"] == "ephemeral" and copy["replace_original"] is False  # the post stays
    assert f"Selected {first}: select 1 more" in copy["text"]
    toggle = dict(_buttons(copy))[second]
    await sender.action(block_action("U2", "C1", "333.3", toggle, fake.response_url(2), ephemeral=True))
    redrawn = await _reply(fake, 2)
    assert redrawn["replace_original"] is True
    submit = dict(_buttons(redrawn))[f"Submit {first}+{second}"]
    await sender.action(block_action("U2", "C1", "333.3", submit, fake.response_url(3), ephemeral=True))
    assert (await _reply(fake, 3))["text"].startswith("Correct!")
    assert (await app.storage.tally(post_id)).counts == {"".join(question.answer): 1}


async def test_the_weekly_digest_uploads_its_chart_to_the_channel(fake, real):
    app, _sender, poster = real
    reply = await app.quiz.study.digests.compose(await app.storage.channel_id(ChannelRef("slack", "T0FAKE", "C0DIGEST9")),
                                                 "slack", date(2026, 11, 30))
    assert reply.attachment is None  # no answers that week: text only
    cid = await app.storage.channel_id(ChannelRef("slack", "T0FAKE", "C0DIGEST9"))
    post_id = await app.storage.claim_post(cid, "2026-12-01", app.quiz.questions[0].id, datetime.now(UTC))
    assert post_id is not None
    await app.storage.record_answer(post_id, "slack", "U1", "Ann", "A", True, 1, datetime.now(UTC))
    digest = await app.quiz.study.digests.compose(cid, "slack", date(2026, 11, 30))
    await poster.post(Place("slack", "C0DIGEST9"), digest)
    [upload] = fake.shared()
    assert upload.channel == "C0DIGEST9" and upload.filename == "awstutor-digest-2026-11-30.png"
    assert upload.content.startswith(b"\x89PNG") and "Weekly digest" in upload.comment
    [message] = fake.of("chat.postMessage")
    assert "Channel accuracy by domain" in message.data["text"]


async def test_app_home_shows_readiness_once_there_are_answers(fake, real):
    app, sender, _poster = real
    question = next(q for q in app.quiz.questions if len(q.answer) == 1)  # one click answers it
    await sender.action(block_action("U7", "D0HOME0001", "1.1", f"quiz:p:{question.id}:{question.answer[0]}",
                                     fake.response_url(1), ephemeral=True))
    await _reply(fake, 1)
    await sender.event({"type": "app_home_opened", "user": "U7", "channel": "D0HOME0001", "tab": "home"})
    [call] = await fake.wait_for("views.publish")
    blocks = str(call.data["view"]["blocks"])
    assert "Your stats" in blocks and "*Readiness*" in blocks and "estimated (pass mark 700)" in blocks
