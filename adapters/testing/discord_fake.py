"""A protocol-level fake of Discord (REST + gateway websocket) on 127.0.0.1, for tests and the bench.

The real discord.py client talks to it unchanged once `Route.BASE` and
`DiscordWebSocket.DEFAULT_GATEWAY` point here (see `FakeDiscord.urls`). Every REST request is
recorded; tests wait on the record (`wait_for`), never on sleeps. Failures (403, 429) can be
queued per path pattern. Payload builders for interactions and messages live in `fakepayloads`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = "900000000000000001"
BOT_ID = "900000000000000002"
TOKEN = "fake-bot-token"
JSON = "application/json"  # exactly: discord.py rejects `; charset=utf-8`
MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19)  # GATEWAY_MESSAGE_CONTENT(_LIMITED)
# Privileged intent bit -> the application flags (either one) that grant it.
PRIVILEGED = {1 << 1: (1 << 14) | (1 << 15), 1 << 8: (1 << 12) | (1 << 13), 1 << 15: MESSAGE_CONTENT_FLAGS}


@dataclass
class Call:
    """One recorded REST request."""

    method: str
    path: str
    data: Any
    query: dict[str, str]
    files: list[SentFile] = field(default_factory=list)


@dataclass
class SentFile:
    """A file part of a multipart request (`files[n]`), as Discord would store it."""

    part: str
    filename: str
    content: bytes


@dataclass
class Failure:
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass
class FakeDiscord:
    """Discord's REST API and gateway, just enough for discord.py's bot, app commands and views."""

    guilds: tuple[str, ...] = ("800000000000000001",)
    app_flags: int = 0
    shards: int = 1
    calls: list[Call] = field(default_factory=list)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._failures: list[Failure] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._callbacks: dict[str, asyncio.Future[Call]] = {}
        self.acknowledged: dict[str, int] = {}  # interaction id -> callbacks received (all of them)

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        """Serve on a random port of 127.0.0.1."""
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    async def close(self) -> None:
        """Close every gateway socket and stop serving."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def snowflake(self) -> str:
        """A fresh id, unique within this fake."""
        return str(950000000000000000 + next(self._ids))

    # --- test controls ---------------------------------------------------------------------
    def fail(self, path: str, status: int, body: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, times: int = 1) -> None:
        """Answer the next `times` requests whose `METHOD /path` matches `path` with `status`."""
        self._failures.append(Failure(re.compile(path), status, body or {}, headers or {}, times))

    def of(self, pattern: str) -> list[Call]:
        """Recorded calls whose `METHOD /path` matches the regex `pattern`."""
        rx = re.compile(pattern)
        return [c for c in self.calls if rx.search(f"{c.method} {c.path}")]

    async def wait_for(self, pattern: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until at least `count` calls match `pattern`; return them."""
        async def enough() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(pattern)) >= count)
            return self.of(pattern)

        return await asyncio.wait_for(enough(), timeout)

    def answered_twice(self) -> list[str]:
        """Interactions that got more than one callback, however late the second came (Discord
        refuses it with 40060, and the person never sees it): empty when each was answered once."""
        return [i for i, n in self.acknowledged.items() if n > 1]

    def callback(self, interaction_id: str) -> asyncio.Future[Call]:
        """A future for the first callback to `interaction_id` (cheap to await by the thousand)."""
        return self._callbacks.setdefault(interaction_id, asyncio.get_running_loop().create_future())

    async def wait_identified(self, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until `count` IDENTIFY payloads arrived."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.identifies) >= count), timeout)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH to the newest connection (text frames, like compress=none)."""
        ws = self._sockets[-1]
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    # --- REST --------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        data, files = await _body(request)
        call = Call(request.method, path, data, dict(request.query), files)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if path.startswith("/interactions/"):
            future = self.callback(path.split("/")[2])
            if not future.done():
                future.set_result(call)
        failure = self._take_failure(f"{request.method} {path}")
        if failure is None and path.startswith("/interactions/") and self._acknowledge(path.split("/")[2]) > 1:
            return _json({"message": "Interaction has already been acknowledged.", "code": 40060}, 400)
        if failure is not None:
            # Discord's own 429s pass through its proxy and carry `Via`; discord.py treats a 429
            # without it as a Cloudflare ban and gives up at once.
            via = {"Via": "1.1 google"} if failure.status == 429 else {}
            return _json(failure.body, failure.status, {**via, **failure.headers})
        if request.headers.get("Authorization") != f"Bot {TOKEN}" and "/interactions/" not in path \
                and "/webhooks/" not in path:
            return _json({"message": "401: Unauthorized", "code": 0}, 401)
        return _json(self._answer(request.method, path, data))

    def _acknowledge(self, interaction_id: str) -> int:
        """Count a callback Discord accepted (a refused one acknowledges nothing); the count so far."""
        self.acknowledged[interaction_id] = self.acknowledged.get(interaction_id, 0) + 1
        return self.acknowledged[interaction_id]

    def _take_failure(self, key: str) -> Failure | None:
        for failure in self._failures:
            if failure.times > 0 and failure.pattern.search(key):
                failure.times -= 1
                return failure
        return None

    def _answer(self, method: str, path: str, data: Any) -> Any:
        for route_method, rx, handler in self._routes():
            match = rx.fullmatch(path)
            if match and route_method == method:
                return handler(data, *match.groups())
        return {}

    def _routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Any]]]:
        cmds = r"/applications/\d+(?:/guilds/(\d+))?/commands"
        return [
            ("GET", re.compile(r"/users/@me"), lambda _d: bot_user()),
            ("GET", re.compile(r"/oauth2/applications/@me"), lambda _d: self._application()),
            ("GET", re.compile(r"/gateway/bot"), lambda _d: self._gateway_bot()),
            ("GET", re.compile(r"/gateway"), lambda _d: {"url": self.gateway_url}),
            ("GET", re.compile(cmds), lambda _d, g: self.commands.get(g or "global", [])),
            ("PUT", re.compile(cmds), self._put_commands),
            ("POST", re.compile(r"/interactions/(\d+)/([^/]+)/callback"), self._callback),
            ("POST", re.compile(r"/webhooks/\d+/[^/]+"), lambda d: self.message("0", d)),
            ("PATCH", re.compile(r"/webhooks/\d+/[^/]+/messages/([^/]+)"),
             lambda d, m: self.message("0", d, m if m != "@original" else None)),
            ("POST", re.compile(r"/channels/(\d+)/messages"), lambda d, c: self.message(c, d)),
            ("PATCH", re.compile(r"/channels/(\d+)/messages/(\d+)"), lambda d, c, m: self.message(c, d, m)),
            ("GET", re.compile(r"/channels/(\d+)"), lambda _d, c: text_channel(c, self.guilds[0])),
            ("POST", re.compile(r"/users/@me/channels"), lambda d: dm_channel(str(d["recipient_id"]))),
            ("GET", re.compile(r"/users/(\d+)"), lambda _d, u: user(u)),
        ]

    def _application(self) -> dict[str, Any]:
        return {
            "id": APP_ID, "name": "awstutor", "description": "", "icon": None,
            "bot_public": True, "bot_require_code_grant": False, "owner": user("1", "owner"),
            "verify_key": "0" * 64, "flags": self.app_flags, "team": None,
        }

    def _gateway_bot(self) -> dict[str, Any]:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return {"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit}

    def _put_commands(self, data: Any, guild: str | None) -> list[dict[str, Any]]:
        stored = [
            # Discord fills in what was left null, and answers with it on every later GET.
            {**cmd, "integration_types": cmd.get("integration_types") or [0],
             "dm_permission": cmd.get("dm_permission", True) is not False, "nsfw": bool(cmd.get("nsfw")),
             "id": self.snowflake(), "application_id": APP_ID, "version": "1",
             **({"guild_id": guild} if guild else {}),
             # Discord answers with permissions as a string, whatever was sent.
             **({"default_member_permissions": str(cmd["default_member_permissions"])}
                if cmd.get("default_member_permissions") is not None else {})}
            for cmd in data
        ]
        self.commands[guild or "global"] = stored
        return stored

    def _callback(self, data: Any, interaction_id: str, _token: str) -> dict[str, Any]:
        kind = int(data.get("type", 0))
        body = data.get("data") or {}
        response: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind in (4, 5, 7):
            message = self.message("0", body)
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"] = {"type": kind, "message": message}
        return response

    def message(self, channel: str, data: Any, message_id: str | None = None) -> dict[str, Any]:
        """A message object as Discord returns it after a create or edit; kept in `messages`."""
        data = data if isinstance(data, dict) else {}
        old = self.messages.get(message_id or "", {})
        # A reply carries the reference it was sent with, as Discord returns it (type 19: reply).
        reference = data.get("message_reference") or old.get("message_reference")
        replying = {"message_reference": reference, "type": 19} if reference else {}
        made = message_payload(
            message_id or self.snowflake(), old.get("channel_id", channel), bot_user(),
            content=data.get("content", old.get("content", "")) or "",
            embeds=data.get("embeds", old.get("embeds", [])) or [],
            components=data.get("components", old.get("components", [])) or [],
            flags=int(data.get("flags") or 0), **replying,
        )
        self.messages[made["id"]] = made
        return made

    # --- gateway -------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    break
                await self._on_op(ws, json.loads(msg.data))
        finally:
            with contextlib.suppress(ValueError):
                self._sockets.remove(ws)
        return ws

    async def _on_op(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        if op == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif op == 2:
            if self._refused_intents(int(payload["d"].get("intents") or 0)):
                await ws.close(code=4014, message=b"Disallowed intent(s).")  # as Discord does
                return
            await self._ready(ws, payload["d"])

    def _refused_intents(self, intents: int) -> bool:
        """True if IDENTIFY asks for a privileged intent the application was not granted."""
        return any(intents & bit and not self.app_flags & flags for bit, flags in PRIVILEGED.items())

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        shard = identify.get("shard") or [0, 1]
        mine = [g for g in self.guilds if (int(g) >> 22) % shard[1] == shard[0]]
        ready = {
            "v": 10, "user": bot_user(), "guilds": [{"id": g, "unavailable": True} for g in mine],
            "session_id": f"session-{len(self.identifies)}", "shard": shard,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": APP_ID, "flags": self.app_flags},
        }
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self._seq), "d": ready}))
        for guild_id in mine:
            await ws.send_str(json.dumps(
                {"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": guild(guild_id)}
            ))
        async with self._changed:
            self.identifies.append(identify)
            self._changed.notify_all()


async def _body(request: web.Request) -> tuple[Any, list[SentFile]]:
    """The JSON body, from `payload_json` for multipart requests, and the files they carry."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        raw = form.get("payload_json")
        files = [SentFile(name, part.filename, part.file.read()) for name, part in form.items()
                 if isinstance(part, web.FileField)]
        return (json.loads(str(raw)) if raw is not None else {}), files
    text = await request.text()
    return (json.loads(text) if text else None), []


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # body= bytes and an explicit header: `text=`/`json_response` would add `; charset=utf-8`.
    return web.Response(body=json.dumps(body).encode(), status=status,
                        headers={"Content-Type": JSON, **(headers or {})})


# --- payload shapes shared with `fakepayloads` ------------------------------------------------
def user(user_id: str, name: str = "", bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": user_id, "username": name or f"user{user_id[-4:]}", "discriminator": "0",
            "global_name": name or None, "avatar": None, "bot": bot}


def bot_user() -> dict[str, Any]:
    return user(BOT_ID, "awstutor", bot=True)


def text_channel(channel_id: str, guild_id: str) -> dict[str, Any]:
    return {"id": channel_id, "type": 0, "guild_id": guild_id, "name": "study", "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None}


def dm_channel(user_id: str) -> dict[str, Any]:
    return {"id": str(int(user_id) + 1), "type": 1, "recipients": [user(user_id)], "last_message_id": None}


def guild(guild_id: str) -> dict[str, Any]:
    """A GUILD_CREATE payload with one text channel whose id is the guild id + 1."""
    everyone = {"id": guild_id, "name": "@everyone", "permissions": "3072", "position": 0,
                "color": 0, "hoist": False, "managed": False, "mentionable": False}
    return {
        "id": guild_id, "name": "Study group", "owner_id": "1", "roles": [everyone],
        "channels": [text_channel(str(int(guild_id) + 1), guild_id)], "members": [],
        "member_count": 2, "features": [], "emojis": [], "stickers": [], "threads": [],
        "presences": [], "voice_states": [], "large": False, "unavailable": False,
        "joined_at": "2024-01-01T00:00:00+00:00", "icon": None, "premium_tier": 0,
        "preferred_locale": "en-US", "system_channel_flags": 0,
    }


def message_payload(message_id: str, channel: str, author: dict[str, Any], content: str = "",
                    **extra: Any) -> dict[str, Any]:
    """A message object."""
    return {
        "id": message_id, "channel_id": channel, "author": author, "content": content,
        "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "components": [], "pinned": False, "type": 0, "flags": 0, **extra,
    }
