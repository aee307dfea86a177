"""One answer per message, however many times and wherever Slack delivers it, and checks that
would notice a second one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio

from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.deliveries import SharedDeliveries
from adapters.slack.endpoint import Serving, start_http
from adapters.testing.slack_fake import FakeSlack
from adapters.testing.slack_sender import SlackSender
from bot.core import Core
from bot.storage import Storage, open_storage
from tests.conftest import Backend
from tests.slack.conftest import SECRET, EchoTutor, StandInQuiz, listeners_for

MENTION = {"type": "app_mention", "user": "U1", "text": "<@U0BOT> sts", "ts": "7.1", "channel": "C1"}


@pytest_asyncio.fixture
async def replicas(fake: FakeSlack, backend: Backend) -> AsyncIterator[list[tuple[SlackSender, Listeners]]]:
    """Two replicas of the HTTP endpoint, each with its own database connections (as two
    processes have), on one database: SQLite and PostgreSQL."""
    stores: list[Storage] = []
    servings: list[Serving] = []
    apps: list[Listeners] = []
    for _ in range(2):
        stores.append(await open_storage(backend.url, schema=backend.schema))
        apps.append(listeners_for(fake, Core(EchoTutor(), StandInQuiz()), deliveries=SharedDeliveries(stores[-1])))
        servings.append(await start_http(build_bolt_app(apps[-1]), SECRET, "127.0.0.1", 0))

    async def settle() -> None:
        for listeners in apps:
            await listeners.inflight.wait_idle(5)

    fake.settle = settle
    try:
        async with aiohttp.ClientSession() as session:
            yield [(SlackSender(f"http://127.0.0.1:{s.port}/slack/events", SECRET, session), listeners)
                   for s, listeners in zip(servings, apps)]
    finally:
        for serving in servings:
            await serving.cleanup()
        for store in stores:
            await store.aclose()


async def test_a_retry_that_reaches_another_replica_is_not_answered_again(fake: FakeSlack, replicas):
    (first, _), (other, _) = replicas
    assert (await first.event(MENTION))[0] == 200
    assert (await other.event(MENTION))[0] == 200  # Slack's retry, balanced to the other replica
    [post] = await fake.wait_for("chat.postMessage")
    assert post.data["thread_ts"] == "7.1"


async def test_an_event_refused_at_shutdown_is_answered_when_slack_retries_it(fake: FakeSlack, replicas):
    (stopping, listeners), (other, _) = replicas
    listeners.inflight.close()  # this replica got SIGTERM: it refuses the event, Slack will retry
    assert (await stopping.event(MENTION))[0] != 200
    assert (await other.event(MENTION))[0] == 200
    [post] = await fake.wait_for("chat.postMessage")
    assert post.data["thread_ts"] == "7.1"


async def test_wait_for_returns_a_duplicate_that_comes_after_the_first_match(slack):
    # The fake's own check: a second answer posted after the first was recorded is seen.
    async def answer_twice() -> None:
        await slack.api.call("chat.postMessage", channel="C1", text="one")
        await slack.api.call("chat.postMessage", channel="C1", text="one again")

    slack.listeners.inflight.start_soon(answer_twice())
    calls = await slack.fake.wait_for("chat.postMessage")
    assert [c.data["text"] for c in calls] == ["one", "one again"]


async def test_without_the_database_a_process_still_answers_once(tmp_path, caplog):
    store = await open_storage(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    async with store.engine.begin() as conn:
        await conn.exec_driver_sql("DROP TABLE deliveries")  # every claim now fails
    try:
        deliveries = SharedDeliveries(store)
        firsts = [await deliveries.first("C1:7.1") for _ in range(3)]
    finally:
        await store.aclose()
    assert firsts == [True, False, False]  # this process's memory took over
    [warning] = [r for r in caplog.records if "fell back" in r.getMessage()]
    assert "OperationalError" in warning.getMessage()
