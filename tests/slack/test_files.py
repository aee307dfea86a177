"""A reply's file (the admin export) through the external upload flow, on the stand-in core."""

from __future__ import annotations

from adapters.slack.files import NO_SCOPE

ADMIN = "UADMIN"  # an admin according to the fake's users.info


def _mention(user: str, text: str, ts: str) -> dict:
    return {"type": "app_mention", "user": user, "text": f"<@U0BOT> {text}", "ts": ts,
            "channel": "C0CHANNEL1", "event_ts": ts}


async def test_export_mentioned_in_a_channel_goes_to_the_admins_dm(slack):
    await slack.sender.event(_mention(ADMIN, "export", "1700.0100"))
    [note] = await slack.fake.wait_for("chat.postEphemeral")
    [upload] = slack.fake.shared()
    assert upload.channel.startswith("D") and upload.channel != "C0CHANNEL1"
    assert (upload.filename, upload.content) == ("results.csv", slack.quiz.export_csv)
    assert note.data["user"] == ADMIN and note.data["thread_ts"] == "1700.0100"
    assert "results.csv by direct message" in note.data["text"]
    assert not slack.fake.of("chat.postMessage")  # nothing about the export shows in public


async def test_export_refused_for_a_member_uploads_nothing(slack):
    await slack.sender.event(_mention("U1", "export", "1700.0101"))
    [note] = await slack.fake.wait_for("chat.postEphemeral")
    assert "Only channel admins" in note.data["text"]
    assert not slack.fake.uploads and not slack.fake.of("conversations.open")


async def test_export_without_files_write_says_how_to_fix_it(slack):
    slack.fake.fail("files.getUploadURLExternal", "missing_scope")
    await slack.sender.command("export", ADMIN, "C0CHANNEL1", slack.fake.response_url(1))
    [answer] = await slack.fake.wait_for("response_url")
    assert answer.data["response_type"] == "ephemeral"
    assert "files:write" in answer.data["text"] and answer.data["text"] == NO_SCOPE.text
    assert not slack.fake.shared()


async def test_export_upload_retries_after_a_429(slack):
    slack.fake.fail("files.completeUploadExternal", "ratelimited", status=429)
    await slack.sender.command("export", ADMIN, "C0CHANNEL1", slack.fake.response_url(1))
    [answer] = await slack.fake.wait_for("response_url")
    [upload] = slack.fake.shared()
    assert upload.content == slack.quiz.export_csv and len(slack.sleeps) == 1 and 0.5 < slack.sleeps[0] <= 1.0
    assert "by direct message" in answer.data["text"]
