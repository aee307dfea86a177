"""Raw HTTP/1.1 on a socket, for requests no well-behaved client would send: any header bytes,
any body bytes, heads sent in pieces and never finished."""

from __future__ import annotations

import asyncio
import time

EVENTS = b"/slack/events"


def head(path: bytes = EVENTS, method: bytes = b"POST", **headers: bytes | str) -> bytes:
    """A request head (no blank line at the end: add one, or leave it unfinished)."""
    lines = [method + b" " + path + b" HTTP/1.1", b"Host: 127.0.0.1"]
    for name, value in headers.items():
        raw = value.encode() if isinstance(value, str) else value
        lines.append(name.replace("_", "-").encode() + b": " + raw)
    return b"\r\n".join(lines) + b"\r\n"


def request(body: bytes, timestamp: bytes | str | None = None, signature: bytes | str = b"v0=1",
            content_type: str = "application/x-www-form-urlencoded") -> bytes:
    """A whole POST to /slack/events with the given signature headers and body bytes."""
    stamp = str(int(time.time())) if timestamp is None else timestamp
    return head(Content_Type=content_type, Content_Length=str(len(body)), Connection="close",
                X_Slack_Request_Timestamp=stamp, X_Slack_Signature=signature) + b"\r\n" + body


async def exchange(port: int, data: bytes, timeout: float = 5.0) -> tuple[int, bytes]:
    """Send `data`, read until the server closes; return the status and the whole response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status = int(response.split(b" ", 2)[1]) if response.startswith((b"HTTP/1.1 ", b"HTTP/1.0 ")) else 0
    return status, response


async def closed_by_server(reader: asyncio.StreamReader, timeout: float) -> bytes | None:
    """What the server sent before closing the connection, or None if it was still open
    after `timeout` seconds."""
    try:
        return await asyncio.wait_for(reader.read(), timeout)
    except TimeoutError:
        return None
