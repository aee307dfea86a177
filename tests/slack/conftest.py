"""Slack fixtures: the fake Slack, our real bolt app over HTTP on 127.0.0.1, and a small core.

The core is `bot.core.Core` with a stand-in tutor (echoes the question, so escaping is visible)
and a stand-in quiz service (buttons, clicks, an admin-only `schedule`), so these tests exercise
the adapter's wiring, not the tutor's answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.lifecycle import InFlight
from adapters.slack.admins import Admins
from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.deliveries import Deliveries
from adapters.slack.endpoint import start_http
from adapters.slack.poster import SlackApi, SlackPoster
from adapters.slack.run import make_api, make_bolt
from adapters.testing.slack_fake import BOT_TOKEN, FakeSlack
from adapters.testing.slack_sender import SlackSender
from bot.app import App, build_app
from bot.config import Settings
from bot.core import Core
from bot.errors import UserError
from bot.model import Attachment, Button, Click, Field, Reply, Request
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter

SECRET = "test-signing-secret"
ADMIN = "UADMIN"
CONFIGURED_ADMIN = "UCONF"


class EchoTutor:
    """Answers every question by quoting it back (as the real tutor does for "no match")."""

    def reply(self, text: str) -> Reply:
        return Reply(title="Answer", text=f"You asked: {text}")

    def card(self, entry_id: str, as_of: date | None = None) -> Reply:
        """A did-you-mean button shows the card of the entry it names."""
        return self.reply(entry_id)


EXPORT_CSV = b"date,question,user_id,name,choice,correct,points\n2026-01-05,q1,U2,Ana,B,True,10\n"


@dataclass
class StandInQuiz:
    """Just enough quiz behaviour to drive buttons, clicks and an admin-only command."""

    answers: dict[tuple[str, str], str] = field(default_factory=dict)
    revealed: set[str] = field(default_factory=set)
    export_csv: bytes = EXPORT_CSV

    async def command(self, request: Request, name: str, args: str) -> Reply:
        if name == "schedule":
            if not request.user.is_admin:
                raise UserError("Only workspace admins can change the schedule. Ask one of them.")
            return Reply(text=f"Scheduled: {args}", tone="success")
        if name == "export":
            if not request.user.is_admin:
                raise UserError("Only channel admins can export results.")
            return Reply(title="Results export", attachment=Attachment("results.csv", self.export_csv))
        if name == "stats":
            return Reply(title="Your stats", fields=(Field("Streak", "3 days", inline=True),))
        return question()

    async def click(self, click: Click) -> Reply:
        post = click.action_id.split(":")[1]  # quiz:<post>:<letter>, as the real core writes it
        key = (post, click.user.id)
        if post in self.revealed:
            return Reply(text="This question is closed; the answer is in the post.", tone="warning")
        if key in self.answers:
            return Reply(text="You already answered this one.", tone="warning")
        self.answers[key] = click.action_id
        ok = click.action_id.endswith(":B")
        return Reply(text="Correct!" if ok else "Not quite: B is right.", tone="success" if ok else "error")


def question() -> Reply:
    """A quiz post with one button per option."""
    return Reply(
        title="Which service issues temporary credentials?",
        buttons=tuple(Button(label=f"{o}) option", action_id=f"quiz:1:{o}") for o in "ABCD"),
        private=False,
    )


@dataclass
class Harness:
    fake: FakeSlack
    sender: SlackSender
    api: SlackApi
    poster: SlackPoster
    quiz: StandInQuiz
    bolt: AsyncApp
    url: str
    sleeps: list[float]
    listeners: Listeners

    def payloads(self, method: str) -> list[dict[str, Any]]:
        return [c.data for c in self.fake.of(method)]


def listeners_for(fake: FakeSlack, core: Core, burst: int = 50, sleeps: list[float] | None = None,
                  deliveries: Deliveries | None = None) -> Listeners:
    """Our listeners against the fake; `sleeps` records waits instead of sleeping."""
    recorded = sleeps if sleeps is not None else []

    async def sleep(seconds: float) -> None:
        recorded.append(seconds)

    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    api = SlackApi(client, sleep=sleep)
    admins = Admins(api, frozenset({CONFIGURED_ADMIN}))
    pipeline = Pipeline(core, RateLimiter(burst=burst, per_minute=6), admins=admins.is_admin)
    return Listeners(pipeline, api, deliveries=deliveries)


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in [n for n in os.environ if n.startswith("SLACK_")]:
        monkeypatch.delenv(name)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(admins=frozenset({ADMIN}))
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest_asyncio.fixture
async def slack(fake: FakeSlack, request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    """Our bolt app served over HTTP on a random port, wired to the fake."""
    quiz = StandInQuiz()
    burst = getattr(request, "param", 50)
    sleeps: list[float] = []
    listeners = listeners_for(fake, Core(EchoTutor(), quiz), burst=burst, sleeps=sleeps)
    fake.settle = partial(listeners.inflight.wait_idle, 5)
    bolt = build_bolt_app(listeners)
    serving = await start_http(bolt, SECRET, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{serving.port}"
    async with aiohttp.ClientSession() as session:
        sender = SlackSender(url + "/slack/events", SECRET, session)
        try:
            yield Harness(fake, sender, listeners.api, SlackPoster(listeners.api), quiz, bolt, url, sleeps,
                          listeners)
        finally:
            await serving.cleanup()


@pytest.fixture
def quiz_question() -> Reply:
    """The stand-in quiz's daily question."""
    return question()


@pytest.fixture
def fresh_listeners(fake: FakeSlack) -> Listeners:
    """Listeners on a fresh stand-in core, for wiring other than the HTTP harness."""
    listeners = listeners_for(fake, Core(EchoTutor(), StandInQuiz()))
    fake.settle = partial(listeners.inflight.wait_idle, 5)
    return listeners


REAL_APP_SECRET = "real-app-secret"


@pytest_asyncio.fixture
async def real(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[App, SlackSender, SlackPoster]]:
    """The real composition (`bot.app.build_app`: tutor, quiz bank, SQLite) served over HTTP."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", slack_bot_token="xoxb-t",
                        slack_signing_secret=REAL_APP_SECRET, slack_api_url=fake.api_url)
    app = await build_app(settings)
    api = make_api(settings)
    inflight = InFlight()
    fake.settle = partial(inflight.wait_idle, 5)
    serving = await start_http(make_bolt(app.core, api, settings, inflight), REAL_APP_SECRET, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            sender = SlackSender(f"http://127.0.0.1:{serving.port}/slack/events", REAL_APP_SECRET, session)
            yield app, sender, SlackPoster(api)
    finally:
        await serving.cleanup()
        await app.aclose()
