"""Nothing from a request is parsed, used, answered or logged until its signature is verified.

Driven over raw HTTP against the real endpoint (`start_http`), since the attacks are requests no
well-behaved client sends: garbled headers, bodies that are not JSON or not UTF-8.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import pytest
from slack_wire import exchange, request

from adapters.testing.slack_sender import command_body, command_fields, signature
from tests.slack.conftest import SECRET

# Each of these makes int() raise, or int() accepts it though Slack never sends it.
GARBLED_TIMESTAMPS = ["abc", "1e3", "12.5", " 1700000000", "+1700000000", "1_700_000_000", "", "١٢٣"]


def _port(slack) -> int:
    return int(slack.url.rsplit(":", 1)[1])


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record at every level; listed before `slack`, since bolt copies the root level
    into its loggers when the app is built (as in production, where logging is set up first)."""
    caplog.set_level(logging.DEBUG)
    return caplog


def _loud(logs: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in logs.records if r.levelno >= logging.WARNING or r.exc_info]


@pytest.mark.parametrize("timestamp", GARBLED_TIMESTAMPS)
async def test_a_garbled_timestamp_cannot_make_the_bot_post_anywhere(logs, slack, timestamp):
    # The curl: a response_url in an unsigned body must never be called.
    body = command_body("sts", "U1", "C1", slack.fake.response_url(1))
    status, _ = await exchange(_port(slack), request(body, timestamp=timestamp.encode()))
    assert status == 401
    assert await slack.listeners.inflight.wait_idle(5)
    assert slack.fake.calls == [] and slack.listeners.inflight.count == 0
    assert _loud(logs) == []


@pytest.mark.parametrize(("body", "content_type"), [
    (b"payload=notjson", "application/x-www-form-urlencoded"),
    (b"[1,2", "application/json"),
    (b"\xff", "application/json"),
    (b"payload=%FF%FE", "application/x-www-form-urlencoded"),
    (urlencode({"payload": "[1,2]"}).encode(), "application/x-www-form-urlencoded"),
])
async def test_a_malformed_unsigned_body_gets_401_quietly(logs, slack, body, content_type):
    status, response = await exchange(_port(slack), request(body, content_type=content_type))
    assert status == 401 and b"Traceback" not in response
    assert _loud(logs) == []
    assert slack.fake.calls == []


@pytest.mark.parametrize(("body", "status"), [
    (b"ssl_check=1&token=legacy-token", 200),  # Slack's unsigned certificate probe
    (urlencode({"ssl_check": "1", **command_fields("sts", "U1", "C1", "http://127.0.0.1:9/x")}).encode(), 200),
    (b"ssl_check=true&token=legacy-token", 401),
    (b"ssl_check=0&command=%2Faws&text=sts", 401),
])
async def test_slacks_unsigned_ssl_check_gets_200_and_goes_no_further(logs, slack, body, status):
    assert (await exchange(_port(slack), request(body, timestamp=b"", signature=b"")))[0] == status
    assert await slack.listeners.inflight.wait_idle(5)
    assert slack.fake.calls == [] and _loud(logs) == []


async def test_a_stale_timestamp_is_refused_even_with_a_valid_signature(slack):
    body = command_body("sts", "U1", "C1", slack.fake.response_url(1))
    stamp = "1000000000"  # 2001: correctly signed, long expired
    status, _ = await exchange(_port(slack), request(body, timestamp=stamp, signature=signature(SECRET, stamp, body)))
    assert status == 401 and slack.fake.calls == []


async def test_unsigned_bodies_are_never_logged(logs, slack):
    marker = "message-text-that-must-not-reach-a-log"
    body = command_body(marker * 1000, "U1", "C1", slack.fake.response_url(1))
    for _ in range(20):
        status, _ = await exchange(_port(slack), request(body))
        assert status == 401
    assert marker not in logs.text
    assert sum(len(r.getMessage()) for r in logs.records) < 2_000  # not one line per request either


@pytest.mark.parametrize(("body", "content_type"), [
    (b"payload=notjson", "application/x-www-form-urlencoded"),
    (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded"),
    (b"[1,2]", "application/json"),
])
async def test_a_signed_body_bolt_cannot_read_gets_400_without_its_content_in_the_log(logs, slack, body, content_type):
    # Only a holder of the signing secret can send these; still no traceback and no body in the log.
    stamp = str(int(time.time()))
    signed = request(body, timestamp=stamp, signature=signature(SECRET, stamp, body), content_type=content_type)
    status, response = await exchange(_port(slack), signed)
    assert status == 400 and b"Traceback" not in response
    assert not [r for r in logs.records if r.exc_info] and "notjson" not in logs.text
    assert slack.fake.calls == []


async def test_a_signed_request_still_reaches_the_listener(slack):
    body = command_body("sts", "U1", "C1", slack.fake.response_url(1))
    stamp = str(int(time.time()))
    status, _ = await exchange(_port(slack), request(body, timestamp=stamp, signature=signature(SECRET, stamp, body)))
    assert status == 200
    [call] = await slack.fake.wait_for("response_url")
    assert "You asked: sts" in call.data["text"]


HOSTILE = {  # name: (body, timestamp to sign with or None for a bad signature, status)
    "1 MB form of mention markup, bad signature": (b"text=" + b"<@" * 520_000, None, 401),
    "1 MB of 0xff": (b"\xff" * 1_040_000, None, 401),
    "1 MB of JSON nesting": (b"[" * 1_040_000, None, 401),
    "1 MB signed, 20 years stale": (b"payload=" + b"%5B" * 340_000, "1000000000", 401),
    "2 MB": (b"x" * 2_000_000, None, 413),
}


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_hostile_requests_are_refused_in_bounded_time(logs, slack, name):
    body, stamp, expected = HOSTILE[name]
    signed = signature(SECRET, stamp, body) if stamp else "v0=" + "0" * 64
    started = time.perf_counter()
    status, _ = await exchange(_port(slack), request(body, timestamp=stamp, signature=signed))
    took = time.perf_counter() - started
    assert status == expected and took < 0.5, (status, took)  # about 10 ms here
    assert slack.fake.calls == [] and _loud(logs) == []
