"""Two `awstutor slack --http` processes on one PostgreSQL database and one fake Slack (the
N-replicas deployment): one daily post per scheduled channel, and a click delivered to both
replicas is recorded once.

A fresh database `awstutor_test_<random>` is created on the server of AWSTUTOR_TEST_DATABASE_URL
and dropped afterwards (skipped without a server; CI=true fails instead, see tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import asyncpg  # type: ignore[import-untyped]
import pytest_asyncio
from slack_process import BOT_TOKEN, SIGNING_SECRET, SlackProcess, slack_env

from adapters.testing.slack_fake import FakeSlack
from adapters.testing.slack_sender import SlackSender, block_action

ADMIN = "UADMIN"
CHANNELS = ("CDAILY1", "CDAILY2")


@pytest_asyncio.fixture
async def fresh_db(pg_url: str) -> AsyncIterator[str]:
    """A new, empty database on the test server; its SQLAlchemy URL. Dropped afterwards."""
    server = pg_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    name = f"awstutor_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield pg_url.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def start_pair(env: dict[str, str]) -> list[SlackProcess]:
    return list(await asyncio.gather(SlackProcess.start(env), SlackProcess.start(env)))


async def stop_all(bots: list[SlackProcess]) -> list[int]:
    stopped = await asyncio.gather(*(b.terminate() for b in bots))
    return [code for code, _took in stopped]


async def schedule_ten_minutes_ago(fake: FakeSlack, bots: list[SlackProcess]) -> None:
    """Each replica gets a signed `/aws schedule` from the admin for one channel, for a slot ten
    minutes ago: set just now, it is not due until tomorrow."""
    slot = (datetime.now(UTC) - timedelta(minutes=10)).strftime("%H:%M")
    async with aiohttp.ClientSession() as http:
        for n, (bot, channel) in enumerate(zip(bots, CHANNELS, strict=True), start=1):
            sender = SlackSender(bot.url, SIGNING_SECRET, http)
            status, _ = await sender.command(f"schedule {slot} UTC", ADMIN, channel, fake.response_url(n))
            assert status == 200
    replies = await fake.wait_for("response_url", count=len(CHANNELS), timeout=10)
    assert all("scheduled" in r.data["text"].lower() or "post here" in r.data["text"] for r in replies), replies


async def date_schedules_back(db_url: str) -> None:
    """Date the schedules an hour back, as if set yesterday, so today's slot is due at the
    schedulers' next tick. Done while no replica runs: a tick in between would post early."""
    conn = await asyncpg.connect(db_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await conn.execute("UPDATE channels SET updated_at = now() - interval '1 hour'")
    finally:
        await conn.close()


async def test_two_replicas_post_once_per_channel_and_record_each_answer_once(
    fake: FakeSlack, fresh_db: str
) -> None:
    env = slack_env(fake.api_url, fresh_db, SLACK_ADMIN_USER_IDS=ADMIN)
    bots = await start_pair(env)
    try:
        await schedule_ten_minutes_ago(fake, bots)
        assert await stop_all(bots) == [0, 0]
        assert fake.of("chat.postMessage") == [], "nothing was due before the schedules were dated back"
        await date_schedules_back(fresh_db)
        bots = await start_pair(env)  # both schedulers tick at start, racing for the same slots
        posts = await fake.wait_for("chat.postMessage", count=len(CHANNELS), timeout=15)
        replies = await answer_on_both(fake, bots, posts[0].data)
        codes = await stop_all(bots)  # a tick in progress finishes before exit
    finally:
        for bot in bots:
            await bot.kill()
    assert codes == [0, 0]
    assert len(fake.of("response_url")) == replies  # all work has drained: no late duplicate
    assert sorted(p.data["channel"] for p in fake.of("chat.postMessage")) == sorted(CHANNELS)
    for bot in bots:
        assert BOT_TOKEN not in bot.output and SIGNING_SECRET not in bot.output
    conn = await asyncpg.connect(fresh_db.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT user_id, count(*) AS n FROM answers GROUP BY user_id")
        posts_made = await conn.fetchval("SELECT count(*) FROM posts WHERE status <> 'skipped'")
    finally:
        await conn.close()
    assert {r["user_id"]: r["n"] for r in rows} == {f"UCLICK{i}": 1 for i in range(5)}
    assert posts_made == len(CHANNELS)


async def answer_on_both(fake: FakeSlack, bots: list[SlackProcess], post: dict) -> int:  # type: ignore[type-arg]
    """Five people click; each signed click is delivered to both replicas at once (as a
    retrying load balancer might). Both answer; the database keeps one answer each. Returns
    how many response_url replies there should be in all."""
    [actions] = [b for b in post["blocks"] if b["type"] == "actions"]
    button = actions["elements"][0]["action_id"]
    if ":~" in button:  # a choose-two question shows toggles; its answer is the submitted pair
        button = button.rsplit(":", 1)[0] + ":AB"
    before = len(fake.of("response_url"))
    async with aiohttp.ClientSession() as http:
        senders = [SlackSender(b.url, SIGNING_SECRET, http) for b in bots]
        sends = []
        for i in range(5):
            payload = block_action(f"UCLICK{i}", post["channel"], "",
                                   button, fake.response_url(100 + i))
            sends += [s.action(payload) for s in senders]
        statuses = await asyncio.gather(*sends)
    assert [s for s, _ in statuses] == [200] * 10
    replies = await fake.wait_for("response_url", count=before + 10, timeout=10)
    texts = [r.data["text"] for r in replies[before:]]
    assert sum("already answered" in t for t in texts) == 5, texts
    return before + 10
