"""`awstutor doctor` as a real subprocess, against a fake Slack, a fake Discord and real databases;
and no secret ever reaches its output, whatever goes wrong."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from aiohttp import web
from deploy_support import clean_env, run_ops

from adapters.testing.slack_fake import FakeSlack
from bot.storage.migrations import MIGRATIONS

BOT = "xoxb-test-bot-7f3a9c1e"
APP = "xapp-test-app-52be0d94"
SIGNING = "0123456789abcdef0123456789abcdef"
DISCORD = "test-discord-token.Gq81xz.c0ffee"
DB_PASSWORD = "test-db-password-91ab"
SECRETS = (BOT, APP, SIGNING, DISCORD, DB_PASSWORD)


@pytest_asyncio.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@pytest_asyncio.fixture
async def discord_api() -> AsyncIterator[str]:
    """GET /api/v10/users/@me and /oauth2/applications/@me, accepting only `Bot DISCORD`."""

    async def me(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bot {DISCORD}":
            return web.Response(status=401, text='{"message": "401: Unauthorized", "code": 0}')
        body = {"id": "42", "username": "awstutor"} if "users" in request.path else {"id": "1234"}
        return web.Response(text=json.dumps(body), content_type="application/json")

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    app.router.add_get("/api/v10/oauth2/applications/@me", me)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/api/v10/"
    await runner.cleanup()


def env_for(tmp_path: Path, slack: FakeSlack, discord_api: str, **extra: str) -> dict[str, str]:
    values = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/awstutor.db",
        "SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_API_URL": slack.api_url, "DISCORD_TOKEN": DISCORD, "DISCORD_APPLICATION_ID": "1234",
        "DISCORD_API_URL": discord_api, "LOG_LEVEL": "debug",
    }
    values.update(extra)
    return clean_env(**values)


def assert_no_secrets(output: str) -> None:
    leaked = [s for s in SECRETS if s in output]
    assert leaked == [], f"secrets in output: {leaked}\n{output}"


async def test_doctor_confirms_every_platform_accepts_its_tokens(
    tmp_path: Path, slack: FakeSlack, discord_api: str
) -> None:
    ran = await run_ops("doctor", env=env_for(tmp_path, slack, discord_api, LOG_FORMAT="json"))
    assert ran.code == 0, ran.output
    assert "Slack accepts SLACK_BOT_TOKEN" in ran.stdout and "Slack accepts SLACK_APP_TOKEN" in ran.stdout
    assert "Discord accepts DISCORD_TOKEN (bot awstutor)" in ran.stdout
    assert "ready for: Slack Socket Mode, Slack HTTP, Discord" in ran.stdout
    assert [c.method for c in slack.calls] == ["auth.test", "apps.connections.open"]
    assert_no_secrets(ran.output)


async def test_doctor_says_which_token_a_platform_rejected_and_what_to_do(
    tmp_path: Path, slack: FakeSlack, discord_api: str
) -> None:
    slack.fail("auth.test", "invalid_auth")
    env = env_for(tmp_path, slack, discord_api, DISCORD_TOKEN="test-wrong-discord-token-1")
    ran = await run_ops("doctor", env=env)
    assert ran.code == 1
    assert "FAIL  slack      Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in ran.stdout
    assert "OAuth & Permissions" in ran.stdout
    assert "Discord rejected DISCORD_TOKEN (HTTP 401)" in ran.stdout
    assert_no_secrets(ran.output)
    assert "test-wrong-discord-token-1" not in ran.output


async def test_doctor_reports_every_malformed_variable_without_echoing_secrets(
    tmp_path: Path, slack: FakeSlack, discord_api: str
) -> None:
    env = env_for(tmp_path, slack, discord_api, LOG_LEVEL="loud", RATE_LIMIT_BURST="-1",
                  DATABASE_URL=f"mysql://awstutor:{DB_PASSWORD}@db/awstutor")
    ran = await run_ops("doctor", env=env)
    assert ran.code == 1
    for name in ("LOG_LEVEL", "RATE_LIMIT_BURST", "DATABASE_URL"):
        assert f"FAIL  settings   {name}:" in ran.stdout
    assert_no_secrets(ran.output)


async def test_doctor_names_an_unreachable_database_with_its_password_masked(
    tmp_path: Path, slack: FakeSlack, discord_api: str
) -> None:
    url = f"postgresql://awstutor:{DB_PASSWORD}@127.0.0.1:1/awstutor"
    ran = await run_ops("doctor", env=env_for(tmp_path, slack, discord_api, DATABASE_URL=url))
    assert ran.code == 1
    assert "FAIL  database   cannot reach postgresql+asyncpg://awstutor:***@127.0.0.1:1/awstutor" in ran.stdout
    assert_no_secrets(ran.output)


async def test_doctor_checks_migrations_and_knowledge(tmp_path: Path, slack: FakeSlack, discord_api: str) -> None:
    sqlite3.connect(tmp_path / "awstutor.db").close()  # exists, but no migrations applied
    broken = tmp_path / "knowledge" / "notes"
    broken.mkdir(parents=True)
    (broken / "bad.yaml").write_text("entries: [oops\n")
    env = env_for(tmp_path, slack, discord_api, AWSTUTOR_KNOWLEDGE=str(tmp_path / "knowledge"))
    ran = await run_ops("doctor", env=env)
    assert ran.code == 1
    versions = [version for version, _name, _step in MIGRATIONS]
    assert f"warn  database   reachable; {len(versions)} migration(s) pending: {versions}" in ran.stdout
    assert "FAIL  knowledge" in ran.stdout and "bad.yaml" in ran.stdout
    assert f"awstutor validate {tmp_path / 'knowledge'}" in ran.stdout
