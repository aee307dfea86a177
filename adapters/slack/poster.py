"""Outbound Slack: Web API calls that wait out 429s, and the core's `Poster` on top of them.

One `SlackApi` is shared by the listeners and the quiz scheduler, so a 429 seen by any call
pauses every call (Slack's limits are per app and workspace, not per coroutine). Only the
scheduler's `SlackPoster` is paced: it spreads a fan-out to many channels instead of bursting
into the limit, while answers to people never queue behind that fan-out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import render
from bot.model import Attachment, Place, PostError, Reply
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

# Slack error code -> PostError.reason (the stable vocabulary in bot.model).
REASONS = {
    "not_in_channel": "not_in_channel",
    "channel_not_found": "channel_not_found",
    "missing_scope": "missing_scope",
    "is_archived": "forbidden",
    "restricted_action": "forbidden",
    "invalid_auth": "forbidden",
    "not_authed": "forbidden",
    "account_inactive": "forbidden",
    "token_revoked": "forbidden",
    "ratelimited": "rate_limited",
}
# Read methods take form/query parameters; everything we write takes JSON.
_QUERY_METHODS = frozenset({"users.info", "auth.test"})


class SlackApi:
    """Calls Slack's Web API; retries 429s after `Retry-After`; raises `PostError`."""

    def __init__(
        self,
        client: AsyncWebClient,
        max_retries: int = 5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.max_retries = max_retries
        self.clock = clock
        self.sleep = sleep
        self.rate_limited = 0  # 429s absorbed, for logs and the bench
        self._resume_at = 0.0

    async def call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        """Call `method`; return Slack's JSON body. Raise `PostError` on any failure."""
        return await self._retrying(method, lambda: self._send(method, kwargs))

    async def upload(self, channel: str, attachment: Attachment, comment: str = "",
                     thread_ts: str | None = None) -> dict[str, Any]:
        """Share `attachment` in `channel` (a C/G/D id, never a user id) with Slack's external
        upload flow: files.getUploadURLExternal, POST the bytes, files.completeUploadExternal."""
        async def send() -> dict[str, Any]:
            response = await self.client.files_upload_v2(
                channel=channel, content=attachment.content, filename=attachment.filename,
                title=attachment.filename, initial_comment=comment or None, thread_ts=thread_ts)
            return dict(response.data) if isinstance(response.data, dict) else {}

        return await self._retrying("files.upload", send)

    async def _retrying(self, method: str, send: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        for _attempt in range(self.max_retries + 1):
            await self._wait_out_429()
            try:
                return await send()
            except SlackApiError as err:
                if err.response.status_code != 429:
                    raise _post_error(method, err) from None
                self._back_off(err)
            except SlackRequestError as err:  # the upload URL refused the bytes
                raise PostError("other", f"{method}: upload refused") from err
            except (TimeoutError, aiohttp.ClientError) as err:
                raise PostError("other", f"{method}: {type(err).__name__}") from None
        raise PostError("rate_limited", f"{method}: still rate limited after {self.max_retries} retries")

    async def _send(self, method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        if method in _QUERY_METHODS:
            response = await self.client.api_call(method, http_verb="GET", params=kwargs)
        else:
            response = await self.client.api_call(method, json=kwargs)
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def _wait_out_429(self) -> None:
        delay = self._resume_at - self.clock()
        if delay > 0:
            await self.sleep(delay)

    def _back_off(self, err: SlackApiError) -> None:
        self.rate_limited += 1
        try:
            wait = float(err.response.headers.get("Retry-After", "1"))
        except ValueError:
            wait = 1.0
        self._resume_at = max(self._resume_at, self.clock() + wait)
        log.warning("slack rate limited; pausing all calls", extra={"retry_after": wait})


def _post_error(method: str, err: SlackApiError) -> PostError:
    code = str(err.response.get("error", "")) if err.response.data else ""
    if not code and err.response.status_code == 403:
        code = "restricted_action"
    return PostError(REASONS.get(code, "other"), f"{method}: {code or err.response.status_code}")


class SlackPoster:
    """`bot.model.Poster` for Slack: the quiz scheduler posts, reveals and notifies through it.

    `pace` (one shared bucket) spreads its writes; the API's 429 pause still applies on top.
    """

    platform = "slack"  # the scheduler sends reminders and digests of this platform only

    def __init__(self, api: SlackApi, pace: RateLimiter | None = None) -> None:
        self.api = api
        self.pace = pace

    async def post(self, place: Place, reply: Reply) -> str:
        """chat.postMessage into `place` (its thread if it has one); return the message ts. A
        reply's file (the digest's chart) is shared in the channel first: messages carry none."""
        extra = {"thread_ts": place.thread} if place.thread else {}
        if reply.attachment is not None:
            await self.api.upload(place.channel, reply.attachment, comment=render.escape(reply.title),
                                  thread_ts=place.thread)
            reply = replace(reply, attachment=None)
        data = await self._call("chat.postMessage", channel=place.channel, **render.message(reply), **extra)
        return str(data.get("ts", ""))

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        """chat.update the message `message_id` (e.g. the quiz reveal)."""
        await self._call("chat.update", channel=place.channel, ts=message_id, **render.message(reply))

    async def notify(self, user_id: str, reply: Reply) -> None:
        """A DM from the app to one person (posting to a user id opens the app's DM)."""
        await self._call("chat.postMessage", channel=user_id, **render.message(reply))

    async def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        if self.pace is not None:
            while not self.pace.allow("post", self.api.clock()):
                await self.api.sleep(max(self.pace.retry_after("post", self.api.clock()), 0.001))
        return await self.api.call(method, **kwargs)
