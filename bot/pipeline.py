"""One request pipeline for every platform, in the spirit of bolt-python's middleware chain and
errbot's command filters. Each policy is defined here once, as one step:

    rate limit   too fast? the notice instead of an answer (a mention hears it once a window)
    admin        for a command that depends on it, ask the adapter's lookup who is an admin
    visibility   who sees the reply: `private` (the asker alone), `channel`, `thread` (a reply
                 to the message that asked) or `nobody` (a repeated notice is dropped)
    core         `Core.handle` / `Core.click`

and the reply carries the outcome. Adapters translate a platform event into a `Request` or a
`Click`, call `handle` or `click`, and render `reply.visibility`; they decide nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from bot.actions import Ask, decode
from bot.commands import ADMIN_COMMANDS, is_for_channel, split_command
from bot.core import Core
from bot.model import Click, Reply, Request, Visibility
from bot.ratelimit import RateLimiter, user_key

Event = Request | Click
Next = Callable[[Event], Awaitable[Reply]]
Step = Callable[[Event, Next], Awaitable[Reply]]
AdminLookup = Callable[[str], Awaitable[bool]]  # a user id -> is this person an admin here?

NOTICE_EVERY = 60.0  # seconds; a flooding person hears "too fast" at most once per window


def chain(steps: Sequence[Step], last: Next) -> Next:
    """`steps` around `last`: the first step runs first and hands on to the next."""
    handler = last
    for step in reversed(steps):
        handler = _bind(step, handler)
    return handler


def _bind(step: Step, next_: Next) -> Next:
    async def run(event: Event) -> Reply:
        return await step(event, next_)

    return run


class RateLimit:
    """Questions count against the person's bucket (typed, or a note's button); quiz answers do
    not (one per question already). An interaction hears the notice every time (it must be
    answered); a mention or DM once per `notice_every`, then nothing, so a flood is not echoed."""

    def __init__(self, limiter: RateLimiter, clock: Callable[[], float] = time.monotonic,
                 notice_every: float = NOTICE_EVERY) -> None:
        self.limiter, self.clock, self.notice_every = limiter, clock, notice_every
        self.noticed: dict[str, float] = {}  # bucket -> until when the notice is not repeated

    async def __call__(self, event: Event, next_: Next) -> Reply:
        if not counts(event):
            return await next_(event)
        now = self.clock()
        notice = self.limiter.check(event.place.platform, event.user.id, now)
        if notice is None:
            return await next_(event)
        seen: Visibility = "private" if _interaction(event) or self._first_notice(event, now) else "nobody"
        return replace(notice, visibility=seen, outcome="rate_limited")

    def _first_notice(self, event: Event, now: float) -> bool:
        key = user_key(event.place.platform, event.user.id)
        if self.noticed.get(key, 0.0) > now:
            return False
        if len(self.noticed) > self.limiter.max_keys:
            self.noticed = {k: until for k, until in self.noticed.items() if until > now}
        self.noticed[key] = now + self.notice_every
        return True


def counts(event: Event) -> bool:
    """Whether `event` is a question that counts against the rate limit."""
    if isinstance(event, Click):
        return isinstance(decode(event.action_id), Ask)
    return event.via != "home"


def admin_step(lookup: AdminLookup | None) -> Step:
    """Ask `lookup` whether the person is an admin, only for commands whose answer depends on it
    (a platform that knows it already, like Discord's member permissions, passes None)."""

    async def step(event: Event, next_: Next) -> Reply:
        if lookup is not None and isinstance(event, Request) and split_command(event.text)[0] in ADMIN_COMMANDS:
            event = replace(event, user=replace(event.user, is_admin=await lookup(event.user.id)))
        return await next_(event)

    return step


async def visibility_step(event: Event, next_: Next) -> Reply:
    """Mark who sees the core's reply (see `visibility`)."""
    reply = await next_(event)
    return replace(reply, visibility=visibility(event, reply))


def visibility(event: Event, reply: Reply) -> Visibility:
    """Who sees `reply`, from how it was asked and what the core made of it.

    A click's answer is the clicker's. A typed command's is theirs unless the core made it public
    (`share`, the leaderboard). A mention in a channel is answered in its thread, where it was
    asked, unless the reply is about the asker alone (`personal`: their stats, a practice
    question, `forget me`, a confirmation typed as "yes"). A DM is answered in the DM."""
    if isinstance(event, Click):
        return "private"
    if event.via == "mention" and not event.place.is_dm:
        return "private" if reply.personal else "thread"
    if event.via == "mention":
        return "thread"
    return "private" if reply.private else "channel"


def planned(request: Request) -> Visibility:
    """The visibility to promise before the answer exists (a Discord deferral fixes it):
    `channel` for commands meant for the channel, else `private`."""
    return "channel" if is_for_channel(request.text) else "private"


def _interaction(event: Event) -> bool:
    return isinstance(event, Click) or event.via == "command"


class Pipeline:
    """The policies around one `Core`, built once per adapter (each brings its admin lookup)."""

    def __init__(self, core: Core, limiter: RateLimiter | None = None, *, admins: AdminLookup | None = None,
                 clock: Callable[[], float] = time.monotonic, notice_every: float = NOTICE_EVERY) -> None:
        self.core = core
        steps: list[Step] = [RateLimit(limiter, clock, notice_every)] if limiter else []
        self._run = chain([*steps, admin_step(admins), visibility_step], self._answer)

    async def handle(self, request: Request) -> Reply:
        """Answer a request through every policy. Always returns a reply."""
        return await self._run(request)

    async def click(self, click: Click) -> Reply:
        """Answer a button press through every policy. Always returns a reply."""
        return await self._run(click)

    async def _answer(self, event: Event) -> Reply:
        if isinstance(event, Click):
            return await self.core.click(event)
        return await self.core.handle(event)
