"""Start-up: settings checked before any network, HTTP mode with the scheduler, the error hook."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp
import pytest

from adapters.slack.app import build_bolt_app
from adapters.slack.endpoint import start_http
from adapters.slack.run import serve
from adapters.testing.slack_fake import APP_TOKEN, BOT_TOKEN, FakeSlack
from adapters.testing.slack_sender import SlackSender, command_fields, event_callback
from bot.config import ConfigError, Settings
from bot.core import Core
from bot.model import Place, Poster, Reply, Request
from bot.storage import Storage, open_storage


@dataclass
class PostOnce:
    """A scheduler whose first tick posts one question."""

    poster: Poster
    ticks: int = 0
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    async def tick(self, now: datetime) -> None:
        self.ticks += 1
        if self.ticks == 1:
            await self.poster.post(Place("slack", "CQUIZ"), Reply(title="Daily question"))


@dataclass
class StandInApp:
    core: Core
    storage: Storage
    closed: list[bool] = field(default_factory=list)

    def scheduler(self, poster: Poster) -> PostOnce:
        return PostOnce(poster)

    async def aclose(self) -> None:
        self.closed.append(True)
        await self.storage.aclose()


async def stand_in(tmp_path: Path) -> StandInApp:
    """A stand-in tutor on real (SQLite) storage, which also keeps the answered events."""
    return StandInApp(Core(Tutor()), await open_storage(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"))


class Tutor:
    def reply(self, text: str) -> Reply:
        return Reply(text=f"You asked: {text}")

    def card(self, entry_id: str, as_of: date | None = None) -> Reply:
        return self.reply(entry_id)


async def test_missing_settings_name_every_variable_before_any_network(tmp_path: Path):
    built: list[Settings] = []

    async def build(settings: Settings) -> StandInApp:
        built.append(settings)
        return await stand_in(tmp_path)

    with pytest.raises(ConfigError) as err:
        await serve(Settings(), build, asyncio.Event())
    assert "SLACK_BOT_TOKEN" in str(err.value) and "SLACK_APP_TOKEN" in str(err.value)
    with pytest.raises(ConfigError) as err:
        await serve(Settings(slack_bot_token=BOT_TOKEN), build, asyncio.Event(), http=True)
    assert str(err.value).startswith("SLACK_SIGNING_SECRET") and built == []


async def test_swapped_tokens_are_named_without_their_values():
    settings = Settings(slack_bot_token="xapp-secret-1", slack_app_token="xoxb-secret-2")
    with pytest.raises(ConfigError) as err:
        await serve(settings, _never_built, asyncio.Event())
    assert [p.split()[0] for p in err.value.problems] == ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
    assert "secret" not in str(err.value)


async def _never_built(settings: Settings) -> StandInApp:
    raise AssertionError("build_app must not run when settings are wrong")


async def test_http_mode_runs_the_scheduler_and_answers(fake: FakeSlack, tmp_path: Path):
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret="s3", slack_api_url=fake.api_url)
    app = await stand_in(tmp_path)

    async def build(_settings: Settings) -> StandInApp:
        return app

    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, build, stop, http=True, host="127.0.0.1", port=0))
    [post] = await fake.wait_for("chat.postMessage")
    assert post.data["channel"] == "CQUIZ"
    stop.set()
    await asyncio.wait_for(task, 5)
    assert app.closed == [True]


async def test_socket_mode_start_up_connects_and_answers_each_message_once(fake: FakeSlack, tmp_path: Path):
    # The production connection: serve() opens it with the app token, events arrive over it, and
    # a redelivered event is recognised through the database.
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=fake.api_url)
    app = await stand_in(tmp_path)

    async def build(_settings: Settings) -> StandInApp:
        return app

    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, build, stop))
    try:
        ack = await fake.push("slash_commands", command_fields("sts", "U1", "C1", fake.response_url(1)))
        mention = event_callback({"type": "app_mention", "user": "U1", "text": "<@U0BOT> iam", "ts": "5.1",
                                  "channel": "C1"})
        for _ in range(2):  # Slack retries an event it thinks went unanswered
            await fake.push("events_api", mention)
        await fake.wait_until(lambda: any(p.data["channel"] == "C1" for p in fake.of("chat.postMessage")))
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)  # answers in flight finish before serve() returns
    [reply] = fake.of("response_url")
    [answer] = [p for p in fake.of("chat.postMessage") if p.data["channel"] == "C1"]
    assert "envelope_id" in ack and "You asked: sts" in reply.data["text"]
    assert answer.data["thread_ts"] == "5.1" and "iam" in answer.data["text"]
    assert [c.headers["Authorization"] for c in fake.of("apps.connections.open")] == [f"Bearer {APP_TOKEN}"] * 2


async def test_a_reply_slack_refuses_is_logged_and_answered_generically(slack, caplog):
    slack.fake.fail("response_url", "", status=500)  # Slack drops the first answer
    await slack.sender.command("sts", "U1", "C1", slack.fake.response_url(1))
    first, second = await slack.fake.wait_for("response_url", count=2)
    assert "You asked: sts" in first.data["text"] and "went wrong" in second.data["text"]
    assert second.data["response_type"] == "ephemeral"
    assert "slack listener failed: other" in caplog.text


async def test_a_rejected_bot_token_stops_start_up_naming_it_and_the_fix(fake: FakeSlack):
    fake.fail("auth.test", "invalid_auth")
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret="s3", slack_api_url=fake.api_url)
    with pytest.raises(ConfigError) as err:
        await serve(settings, _never_built, asyncio.Event(), http=True)
    [line] = str(err.value).splitlines()
    assert line.startswith("Slack rejected SLACK_BOT_TOKEN (invalid_auth)")
    assert "copy a fresh SLACK_BOT_TOKEN" in line and BOT_TOKEN not in line
    assert fake.of("apps.connections.open") == []  # HTTP mode does not need the app token


async def test_a_rejected_app_token_stops_socket_mode_start_up(fake: FakeSlack):
    fake.fail("apps.connections.open", "invalid_auth")
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=fake.api_url)
    with pytest.raises(ConfigError) as err:
        await serve(settings, _never_built, asyncio.Event())
    assert [p.split(" (")[0] for p in err.value.problems] == ["Slack rejected SLACK_APP_TOKEN"]
    assert "App-Level Tokens" in str(err.value)


async def test_only_the_scheduler_is_paced(slack):
    from adapters.slack.poster import SlackPoster
    from bot.ratelimit import RateLimiter

    poster = SlackPoster(slack.api, pace=RateLimiter(burst=1, per_minute=600))
    await poster.post(Place("slack", "CQUIZ"), Reply(title="Daily question"))  # the bucket is empty now
    await slack.sender.event({"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts", "ts": "1.1",
                              "channel": "C1"})
    await slack.fake.wait_for("chat.postMessage", count=2)
    assert slack.sleeps == []  # the answer did not wait for the fan-out's pace
    await poster.post(Place("slack", "CQUIZ2"), Reply(title="Daily question"))
    assert slack.sleeps and all(0 < s <= 0.1 for s in slack.sleeps)


class Slow(Core):
    """A core that answers only when the test says so."""

    def __init__(self) -> None:
        super().__init__(Tutor())
        self.release = asyncio.Event()

    async def handle(self, request: Request) -> Reply:
        await self.release.wait()
        return await super().handle(request)


async def test_ack_comes_before_the_work(fake: FakeSlack, fresh_listeners):
    slow = Slow()
    fresh_listeners.pipeline.core = slow
    serving = await start_http(build_bolt_app(fresh_listeners), "s3", "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            sender = SlackSender(f"http://127.0.0.1:{serving.port}/slack/events", "s3", session)
            status, _ = await asyncio.wait_for(sender.command("sts", "U1", "C1", fake.response_url(1)), 3)
            assert status == 200 and fake.of("response_url") == []
            slow.release.set()
            [call] = await fake.wait_for("response_url")
    finally:
        await serving.cleanup()
    assert "You asked: sts" in call.data["text"]


def test_cli_names_every_missing_variable(capsys):
    import argparse

    from adapters.slack.cli import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["slack", "--http", "--port", "0"])
    assert args.func(args) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_SIGNING_SECRET" in err and "SLACK_APP_TOKEN" not in err
