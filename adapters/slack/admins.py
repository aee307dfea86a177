"""Who may run admin commands on Slack, asked of Slack only when a command needs the answer."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from adapters.slack.poster import SlackApi
from bot.model import PostError

log = logging.getLogger(__name__)

ADMIN_TTL = 300.0  # seconds a "yes" is trusted; a demoted admin loses rights within it
NOT_ADMIN_TTL = 60.0  # a "no" is re-checked sooner, so a newly promoted admin waits less
FAILED_TTL = 15.0  # Slack could not say: retry soon, but not on every command meanwhile


class Admins:
    """Workspace admins/owners (users.info, cached briefly) and configured ids."""

    def __init__(
        self,
        api: SlackApi,
        configured: frozenset[str] = frozenset(),
        ttl: float = ADMIN_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api = api
        self.configured = configured
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[bool, float]] = {}
        self._pending: dict[str, asyncio.Future[bool]] = {}

    async def is_admin(self, user_id: str) -> bool:
        """True for configured ids and workspace admins/owners; False if Slack cannot say."""
        if user_id in self.configured:
            return True
        hit = self._cache.get(user_id)
        if hit and hit[1] > self.clock():
            return hit[0]
        # Answers run concurrently: requests from one person share one users.info call.
        pending = self._pending.get(user_id)
        if pending is None:
            pending = asyncio.ensure_future(self._look_up(user_id))
            self._pending[user_id] = pending
            pending.add_done_callback(lambda _: self._pending.pop(user_id, None))
        return await asyncio.shield(pending)

    async def _look_up(self, user_id: str) -> bool:
        try:
            data = await self.api.call("users.info", user=user_id)
        except PostError as err:
            log.warning("users.info failed; treating as non-admin", extra={"reason": err.reason})
            self._cache[user_id] = (False, self.clock() + FAILED_TTL)
            return False
        profile = data.get("user") or {}
        admin = bool(profile.get("is_admin") or profile.get("is_owner"))
        self._cache[user_id] = (admin, self.clock() + (self.ttl if admin else min(self.ttl, NOT_ADMIN_TTL)))
        return admin
