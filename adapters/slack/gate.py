"""The Events API endpoint's front door: a request is verified before anything reads it.

Slack signs each request: `X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}"))`
with `X-Slack-Request-Timestamp: ts`. The check runs on the raw bytes, before the body is decoded
or parsed and before bolt sees the request, so an unsigned, stale or garbled request gets 401 and
nothing else: no parsing, no listener, no reply to a URL it names, no log line with its content.
The one unsigned request Slack sends, `ssl_check=1`, gets an empty 200 and goes no further.
(bolt's own check comes after parsing, raises on a timestamp that is not an integer, and logs the
body of each request it refuses, so it is switched off: see `app.build_bolt_app`.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.tally import Tally

log = logging.getLogger(__name__)

# ASCII digits only: int() also takes " 17", "+17", "1_7" and other scripts' digits.
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
SSL_CHECK_MAX = 1024  # bytes; Slack's ssl_check is two short fields


class Gate:
    """Slack's request signature, checked without trusting any byte of the request."""

    def __init__(self, signing_secret: str) -> None:
        self._verifier = SignatureVerifier(signing_secret)

    def verified(self, headers: Mapping[str, str], body: bytes) -> str | None:
        """The body as text if Slack signed it less than five minutes ago, else None. Never
        raises: the headers' shapes are checked before slack_sdk sees them."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature)):
            return None
        try:
            text = body.decode("utf-8")  # Slack sends UTF-8; anything else cannot be its request
        except UnicodeDecodeError:
            return None
        return text if self._verifier.is_valid(text, timestamp, signature) else None


class EventsHandler:
    """POST /slack/events: verify, then let bolt parse and dispatch."""

    def __init__(self, bolt: AsyncApp, gate: Gate) -> None:
        self.bolt = bolt
        self.gate = gate
        self.refused = Tally(log, logging.INFO, "refused unsigned or stale requests")

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        text = self.gate.verified(request.headers, body)
        if text is None and is_ssl_check(body):
            return web.Response(status=200)  # and nothing else happens
        if text is None:
            self.refused.note()
            return web.json_response({"error": "invalid request"}, status=401)
        bolt_request = _parsed(text, request)
        if bolt_request is None:
            return web.json_response({"error": "unreadable request"}, status=400)
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))


def is_ssl_check(body: bytes) -> bool:
    """Slack's probe of a slash command URL's certificate (`ssl_check=1&token=...`), which it
    sends unsigned; it gets an empty 200 and is never dispatched (as bolt does before its own
    check). Exactly "1", as Slack sends: any other value is an ordinary, unsigned request."""
    if len(body) > SSL_CHECK_MAX:
        return False
    try:
        fields = parse_qs(body.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return False
    return fields.get("ssl_check") == ["1"]


def _parsed(text: str, request: web.Request) -> AsyncBoltRequest | None:
    """bolt's view of a verified request, or None if bolt cannot read it (only a holder of the
    signing secret can send such a request; still, its content is not logged)."""
    try:
        parsed = AsyncBoltRequest(body=text, query=request.query_string,
                                  headers=request.headers)  # type: ignore[arg-type]
    except Exception as err:  # json and form parsing raise several types; none is ours to handle
        log.warning("refused a signed request bolt could not parse: %s", type(err).__name__)
        return None
    if not isinstance(parsed.body, dict):
        log.warning("refused a signed request whose body is not an object")
        return None
    return parsed
