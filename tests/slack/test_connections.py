"""The HTTP endpoint's bounds, over raw sockets: a request head or body that never ends is cut off,
slow connections cannot crowd out /healthz, and what misbehaves is logged once per interval."""

from __future__ import annotations

import asyncio
import logging
import resource
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest_asyncio
from slack_wire import EVENTS, closed_by_server, exchange, head

from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.endpoint import Serving, start_http
from adapters.slack.guard import Limits
from tests.slack.conftest import SECRET

Start = Callable[[Limits], Awaitable[Serving]]
QUICK = 0.2  # seconds: the timeouts under test, small so the suite stays fast


@pytest_asyncio.fixture
async def serve(fresh_listeners: Listeners) -> AsyncIterator[Start]:
    """Start the real endpoint with the given limits (stopped after the test)."""
    started: list[Serving] = []

    async def start(limits: Limits) -> Serving:
        started.append(await start_http(build_bolt_app(fresh_listeners), SECRET, "127.0.0.1", 0, limits=limits))
        return started[-1]

    yield start
    for serving in started:
        await serving.cleanup()


async def _connect(port: int, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    return reader, writer


async def test_a_request_head_that_never_ends_is_cut_off(serve: Start):
    serving = await serve(Limits(head_timeout=QUICK))
    reader, writer = await _connect(serving.port, head(X_Slack_Signature="v0=1"))  # no blank line
    silent, quiet_writer = await _connect(serving.port, b"")  # connects, sends nothing
    try:
        assert await closed_by_server(reader, timeout=5) == b""
        assert await closed_by_server(silent, timeout=5) == b""
    finally:
        writer.close()
        quiet_writer.close()
    assert len(serving.connections) == 0


async def test_a_keep_alive_connection_outlives_the_head_timeout_between_requests(serve: Start):
    # The head deadline is for heads: a connection that finished a request waits idle (for a
    # proxy reusing it) and is not cut off because its last bytes were a body.
    serving = await serve(Limits(head_timeout=QUICK))
    body = b"payload=x"
    reader, writer = await _connect(serving.port, head(Content_Length=str(len(body))) + b"\r\n")
    try:
        await asyncio.sleep(QUICK / 4)  # the body arrives on its own, after the head was read
        writer.write(body)
        assert (await asyncio.wait_for(reader.readline(), 5)).startswith(b"HTTP/1.1 401")
        assert await closed_by_server(reader, timeout=3 * QUICK) is None  # still open
    finally:
        writer.close()


async def test_a_body_that_never_ends_gets_408(serve: Start):
    serving = await serve(Limits(body_timeout=QUICK))
    reader, writer = await _connect(serving.port, head(Content_Length="1000") + b"\r\n" + b"x" * 10)
    try:
        status_line = await asyncio.wait_for(reader.readline(), 5)
    finally:
        writer.close()
    assert status_line.startswith(b"HTTP/1.1 408")


async def test_healthz_answers_while_slow_connections_fill_every_slot(serve: Start, caplog):
    caplog.set_level(logging.INFO)
    serving = await serve(Limits(max_connections=8, head_timeout=60))
    slow = [await _connect(serving.port, head(X_Slack_Signature="v0=1")) for _ in range(30)]
    try:
        for _ in range(3):
            status, response = await exchange(serving.port, head(b"/healthz", b"GET", Connection="close") + b"\r\n")
            assert status == 200 and response.endswith(b'{"ok": true}')
        assert len(serving.connections) <= 8
        pushed_out = [await closed_by_server(reader, timeout=0.01) for reader, _ in slow]
        assert sum(r is not None for r in pushed_out) >= 30 - 8  # the oldest slow ones went first
    finally:
        for _, writer in slow:
            writer.close()
    made_room = [r for r in caplog.records if "to make room" in r.getMessage()]
    assert len(made_room) == 1  # counted, one line per interval


async def test_garbage_and_oversized_requests_get_a_4xx_without_a_traceback(serve: Start, caplog):
    caplog.set_level(logging.DEBUG)
    serving = await serve(Limits(max_body=1000))
    cases = {
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40: 400,  # a TLS hello on the HTTP port
        head(X_Long="a" * 20_000) + b"\r\n": 400,  # a header longer than any Slack sends
        head(Content_Length="5000", Connection="close") + b"\r\n" + b"x" * 5000: 413,
        b"POST " + EVENTS + b" HTTP/1.1\r\nContent-Length: -1\r\n\r\n": 400,
    }
    for data, expected in cases.items():
        status, _ = await exchange(serving.port, data)
        assert status == expected, data[:40]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_connections_never_take_more_than_half_the_file_descriptors():
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    fitted = Limits(max_connections=10**6).fitted()
    assert fitted.max_connections == soft // 2


async def test_out_of_file_descriptors_is_logged_once_per_interval_not_per_accept(tmp_path: Path):
    # A child serves the endpoint, then opens files until none are left; every connection it
    # cannot accept used to log a traceback (128 per attempt), which filled disks.
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("fd_child.py")),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    assert child.stdout is not None and child.stderr is not None and child.stdin is not None
    try:
        port = int(await asyncio.wait_for(child.stdout.readline(), 20))
        clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
        first = await asyncio.wait_for(child.stderr.readline(), 10)
        child.stdin.close()  # the child frees its descriptors, says goodbye and exits
        rest = await asyncio.wait_for(child.stderr.read(), 10)
        await asyncio.wait_for(child.wait(), 10)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    for _, writer in clients:
        writer.close()
    log = (first + rest).decode()
    assert "cannot accept connections" in first.decode(), log
    assert log.count("accept") == 1 and "Traceback" not in log, log
