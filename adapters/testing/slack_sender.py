"""Plays Slack's side of HTTP mode: builds and signs requests exactly as Slack sends them.

Slash commands are form-encoded, Events API callbacks are JSON, interactivity is form-encoded
`payload=<json>`; each is signed over the exact bytes posted (`v0:{ts}:{body}`, HMAC-SHA256).
Used by the tests and the bench against our HTTP endpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

TEAM = "T0FAKE"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's `X-Slack-Signature` for `body` sent at `timestamp`."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def command_body(text: str, user: str, channel: str, response_url: str, **extra: str) -> bytes:
    """A `/aws` slash command as Slack form-encodes it."""
    return urlencode(command_fields(text, user, channel, response_url, **extra)).encode()


def command_fields(text: str, user: str, channel: str, response_url: str, **extra: str) -> dict[str, str]:
    """A `/aws` slash command's fields (Socket Mode carries them as the envelope's payload)."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": extra.pop("channel_name", "general"),
        "user_id": user,
        "user_name": f"name-{user}",
        "command": "/aws",
        "text": text,
        "api_app_id": "A0FAKE",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        **extra,
    }


def event_body(event: dict[str, Any]) -> bytes:
    """An Events API `event_callback` as Slack posts it (JSON)."""
    return json.dumps(event_callback(event)).encode()


def event_callback(event: dict[str, Any]) -> dict[str, Any]:
    """An Events API `event_callback` wrapping `event` (Socket Mode carries it as the payload)."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0FAKE",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{abs(hash(json.dumps(event, sort_keys=True)))}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": "U0BOT", "is_bot": True}],
    }


def action_body(payload: dict[str, Any]) -> bytes:
    """An interactivity payload (`block_actions`) as Slack form-encodes it."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_action(user: str, channel: str, message_ts: str, action_id: str, response_url: str,
                 ephemeral: bool = False) -> dict[str, Any]:
    """A `block_actions` payload for a click on a button in message `message_ts` (an ephemeral
    message's payload says so in `container` and carries no `message`)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "fake"},
        "user": {"id": user, "username": f"name-{user}", "team_id": TEAM},
        "api_app_id": "A0FAKE",
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "trigger_id": "1.2.3",
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", "ts": message_ts, "text": "quiz"},
        "response_url": response_url,
        "actions": [
            {"type": "button", "action_id": action_id, "block_id": "b1", "value": action_id,
             "action_ts": str(time.time())}
        ],
    }
    if ephemeral:
        payload["container"]["is_ephemeral"] = True
        del payload["message"]
    return payload


class SlackSender:
    """Posts signed requests to an endpoint, as Slack would."""

    def __init__(self, url: str, secret: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.secret = secret
        self.session = session

    async def send(
        self, body: bytes, content_type: str, timestamp: int | None = None, secret: str | None = None
    ) -> tuple[int, str]:
        """Post `body` signed with `secret` (default: the real one) at `timestamp`; return
        (status, response text)."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(secret or self.secret, ts, body),
        }
        async with self.session.post(self.url, data=body, headers=headers) as response:
            return response.status, await response.text()

    async def command(self, text: str, user: str, channel: str, response_url: str, **extra: str) -> tuple[int, str]:
        """A signed `/aws` slash command."""
        body = command_body(text, user, channel, response_url, **extra)
        return await self.send(body, "application/x-www-form-urlencoded")

    async def event(self, event: dict[str, Any]) -> tuple[int, str]:
        """A signed Events API callback."""
        return await self.send(event_body(event), "application/json")

    async def action(self, payload: dict[str, Any]) -> tuple[int, str]:
        """A signed interactivity request."""
        return await self.send(action_body(payload), "application/x-www-form-urlencoded")
