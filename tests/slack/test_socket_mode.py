"""Socket Mode round trip: the production connection (`run.SocketMode`, bolt's
AsyncSocketModeHandler) against the fake's websocket."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.run import SocketMode
from adapters.testing.slack_fake import APP_TOKEN, FakeSlack


@pytest_asyncio.fixture
async def socket(fake: FakeSlack, fresh_listeners: Listeners) -> AsyncIterator[FakeSlack]:
    connection = SocketMode(build_bolt_app(fresh_listeners), APP_TOKEN)
    await connection.start()
    try:
        yield fake
    finally:
        await connection.stop()


async def test_slash_command_over_socket_mode(socket):
    [opened] = socket.of("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    payload = {"command": "/aws", "text": "sts", "user_id": "U1", "user_name": "u", "channel_id": "C1",
               "channel_name": "general", "team_id": "T0FAKE", "response_url": socket.response_url(1)}
    ack = await socket.push("slash_commands", payload)
    assert "envelope_id" in ack
    [call] = await socket.wait_for("response_url")
    assert call.data["response_type"] == "ephemeral" and "You asked: sts" in call.data["text"]


async def test_mention_over_socket_mode(socket):
    body = {"type": "event_callback", "team_id": "T0FAKE", "api_app_id": "A0FAKE", "event_id": "Ev1",
            "event": {"type": "app_mention", "user": "U1", "text": "<@U0BOT> cognito", "ts": "1.7",
                      "channel": "C1"}}
    await socket.push("events_api", body)
    [post] = await socket.wait_for("chat.postMessage")
    assert post.data["thread_ts"] == "1.7" and "cognito" in post.data["text"]


async def test_reconnects_when_slack_asks_and_keeps_answering(socket):
    await socket.disconnect()
    await socket.wait_for("apps.connections.open", count=2)
    payload = {"command": "/aws", "text": "iam", "user_id": "U1", "user_name": "u", "channel_id": "C1",
               "channel_name": "general", "team_id": "T0FAKE", "response_url": socket.response_url(1)}
    await socket.push("slash_commands", payload)
    [call] = await socket.wait_for("response_url")
    assert "You asked: iam" in call.data["text"]
