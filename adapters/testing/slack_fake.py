"""A protocol-level fake of Slack on 127.0.0.1, for the tests and the bench.

It speaks Slack's wire formats, not our functions: the Web API (`POST/GET /api/{method}`),
`response_url`s (`POST /response/{n}`), the upload URLs `files.getUploadURLExternal` hands out
(`POST /upload/{file_id}`) and a Socket Mode websocket (`GET /link`). Everything it
receives is recorded; callers wait on the record (`await fake.wait_for(...)`), never on sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from bot.ratelimit import RateLimiter

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
TEAM = "T0FAKE"
BOT_USER = "U0BOT"
# files.completeUploadExternal's check on channel_id: conversation ids only, never user ids.
CONVERSATION_ID = re.compile(r"^[CGDZ][A-Z0-9]{8,}$")


@dataclass
class Call:
    """One recorded request: a Web API method, or "response_url" for response_url posts."""

    method: str
    data: dict[str, Any]
    headers: dict[str, str] = field(repr=False)


@dataclass
class Upload:
    """A file as it went through the external upload flow; `channel` is set once shared."""

    file_id: str
    filename: str
    length: int
    content: bytes = b""
    channel: str = ""
    comment: str = ""
    thread_ts: str = ""


class FakeSlack:
    """The fake server. `start()` returns its base URL; `api_url` is what the client needs."""

    def __init__(self, admins: frozenset[str] = frozenset()) -> None:
        self.admins = admins
        self.calls: list[Call] = []
        self.uploads: dict[str, Upload] = {}
        self.not_in_channel: set[str] = set()
        self.limits: dict[str, RateLimiter] = {}
        self.retry_after = 1
        self.throttled = 0
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._socket: web.WebSocketResponse | None = None
        self._socket_ready = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base = ""
        # How to wait until the app under test has nothing left in flight (see `wait_for`).
        self.settle: Callable[[], Awaitable[object]] | None = None

    async def start(self) -> str:
        """Serve on a random port on 127.0.0.1; return the base URL."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{n}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def close(self) -> None:
        """Stop serving (closing the Socket Mode link first)."""
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Base URL for AsyncWebClient (the trailing slash matters: slack_sdk uses urljoin)."""
        return self.base + "/api/"

    def response_url(self, n: int | str) -> str:
        """A response_url to put in payloads; posts to it are recorded as "response_url"."""
        return f"{self.base}/response/{n}"

    def fail(self, method: str, error: str, status: int = 200, times: int = 1) -> None:
        """Make the next `times` calls of `method` (or "response_url") fail with Slack error
        `error` and HTTP `status`."""
        body = {"ok": False, "error": error}
        self._failures.setdefault(method, []).extend([(status, body)] * times)

    def rate_limit(self, method: str, per_minute: float, burst: int) -> None:
        """Enforce a token-bucket limit on `method`: excess calls get 429 + Retry-After."""
        self.limits[method] = RateLimiter(burst=burst, per_minute=per_minute)

    def of(self, method: str) -> list[Call]:
        """Recorded calls of `method`."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[Call]:
        """Wait until `count` calls of `method` are recorded, then until the app has settled
        (nothing in flight, if `settle` is set); return every call of `method` by then.

        Waiting for the app, not only for the first matches, is what lets `[call] = await
        fake.wait_for(...)` catch a duplicate that comes late."""
        await self.wait_until(lambda: len(self.of(method)) >= count, timeout)
        if self.settle is not None:
            await self.settle()
        return self.of(method)

    def shared(self) -> list[Upload]:
        """Files completed with files.completeUploadExternal, in order."""
        return [u for u in self.uploads.values() if u.channel]

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `predicate()` holds, re-checked on every recorded request."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def push(self, kind: str, payload: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Send a Socket Mode envelope ("slash_commands", "events_api", "interactive");
        return the app's ack message."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout)
        assert self._socket is not None
        envelope_id = str(uuid.uuid4())
        ack = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = ack
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        await self._socket.send_str(json.dumps(envelope))
        return await asyncio.wait_for(ack, timeout)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the Socket Mode client to reconnect, as Slack does every few hours."""
        assert self._socket is not None
        self._socket_ready.clear()
        await self._socket.send_str(json.dumps({"type": "disconnect", "reason": reason}))

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = await _body(request)
        await self._record(Call(method, data, dict(request.headers)))
        want = "Bearer xapp-" if method == "apps.connections.open" else "Bearer xoxb-"
        if not request.headers.get("Authorization", "").startswith(want):
            return web.json_response({"ok": False, "error": "not_authed"})
        limiter = self.limits.get(method)
        if limiter and not limiter.allow(method, asyncio.get_running_loop().time()):
            self.throttled += 1
            headers = {"Retry-After": str(self.retry_after)}
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
        if self._failures.get(method):
            status, body = self._failures[method].pop(0)
            headers = {"Retry-After": str(self.retry_after)} if status == 429 else {}
            return web.json_response(body, status=status, headers=headers)
        return web.json_response(self._answer(method, data))

    def _answer(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        channel = str(data.get("channel", ""))
        writes = ("chat.postMessage", "chat.update", "chat.postEphemeral")
        if method in writes and channel in self.not_in_channel:
            return {"ok": False, "error": "not_in_channel"}
        ts = f"1700000000.{next(self._ts):06d}"
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"user_id": BOT_USER, "bot_id": "B0BOT", "team_id": TEAM, "user": "awstutor"},
            "chat.postMessage": {"channel": channel, "ts": ts, "message": {"ts": ts}},
            "chat.update": {"channel": channel, "ts": data.get("ts", "")},
            "chat.postEphemeral": {"message_ts": ts},
            "views.publish": {"view": {"id": "V0HOME"}},
            "users.info": {"user": self._user(str(data.get("user", "")))},
            "apps.connections.open": {"url": self.base.replace("http", "ws", 1) + "/link"},
        }
        files = {
            "conversations.open": lambda: self._open(str(data.get("users", ""))),
            "files.getUploadURLExternal": lambda: self._upload_url(data),
            "files.completeUploadExternal": lambda: self._complete(data),
        }
        if method in files:
            return files[method]()
        if method not in answers:
            return {"ok": False, "error": "unknown_method"}
        return {"ok": True, **answers[method]}

    def _open(self, users: str) -> dict[str, Any]:
        if not users or "," in users:  # the app's DM with one person is all we ask for
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": _dm_id(users)}}

    def _upload_url(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("filename") or not str(data.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{len(self.uploads) + 1:09d}"
        self.uploads[file_id] = Upload(file_id, str(data["filename"]), int(data["length"]))
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}

    def _complete(self, data: dict[str, Any]) -> dict[str, Any]:
        channel = str(data.get("channel_id", ""))
        if not CONVERSATION_ID.match(channel):
            return {"ok": False, "error": "invalid_arguments"}
        if channel in self.not_in_channel:
            return {"ok": False, "error": "not_in_channel"}
        done = []
        for item in json.loads(str(data.get("files", "[]"))):
            upload = self.uploads.get(str(item.get("id")))
            if upload is None or len(upload.content) != upload.length:  # never (fully) uploaded
                return {"ok": False, "error": "file_upload_incomplete"}
            upload.channel, upload.comment = channel, str(data.get("initial_comment", ""))
            upload.thread_ts = str(data.get("thread_ts", ""))
            done.append({"id": upload.file_id, "name": upload.filename, "title": item.get("title", "")})
        return {"ok": True, "files": done}

    def _user(self, user_id: str) -> dict[str, Any]:
        admin = user_id in self.admins
        return {"id": user_id, "team_id": TEAM, "is_admin": admin, "is_owner": False}

    async def _response(self, request: web.Request) -> web.Response:
        data = await request.json()
        data["_n"] = request.match_info["n"]
        await self._record(Call("response_url", data, dict(request.headers)))
        if self._failures.get("response_url"):
            status, body = self._failures["response_url"].pop(0)
            return web.Response(text=str(body.get("error", "")), status=status)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        content = await request.read()
        upload = self.uploads.get(request.match_info["file_id"])
        await self._record(Call("upload", {"file_id": request.match_info["file_id"], "size": len(content)},
                                dict(request.headers)))
        if upload is None:
            return web.Response(text="invalid upload url", status=404)
        upload.content = content
        return web.Response(text=f"OK - {len(content)}")

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self._socket_ready.set()
        async for msg in socket:
            if msg.type != WSMsgType.TEXT:
                continue
            ack = json.loads(msg.data)
            future = self._acks.pop(str(ack.get("envelope_id")), None)
            if future is not None and not future.done():
                future.set_result(ack)
        return socket


def _dm_id(user_id: str) -> str:
    """The id of the app's DM with `user_id` (stable, shaped like Slack's D... ids)."""
    return "D" + "".join(c for c in user_id.upper() if c.isalnum()).rjust(9, "0")


async def _body(request: web.Request) -> dict[str, Any]:
    data: dict[str, Any] = dict(request.query)
    raw = await request.text()
    if not raw:
        return data
    if request.content_type == "application/json":
        data.update(json.loads(raw))
    else:
        data.update(parse_qsl(raw))
    return data
