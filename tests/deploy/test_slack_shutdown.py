"""SIGTERM a real `awstutor slack --http` process mid-load: every request it acknowledged is
answered at the fake Slack and every acknowledged quiz click is in the database; exit status 0.

The fake Slack answers response_url posts slowly (as a loaded Slack does), so answers are still
in flight when the signal arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest_asyncio
from aiohttp import web
from deploy_support import PYTHON, ROOT, run_ops
from slack_process import BOT_TOKEN, SIGNING_SECRET, SlackProcess, slack_env

from adapters.testing.slack_fake import FakeSlack
from adapters.testing.slack_sender import SlackSender, block_action

RESPONSE_DELAY = 0.3  # seconds the fake Slack takes to accept each answer


class SlowFakeSlack(FakeSlack):
    """Records a response_url post on arrival, accepts it only after RESPONSE_DELAY."""

    async def _response(self, request: web.Request) -> web.Response:
        response = await super()._response(request)
        await asyncio.sleep(RESPONSE_DELAY)  # the platform's latency, not synchronisation
        return response


@pytest_asyncio.fixture
async def fake():  # type: ignore[no-untyped-def]
    server = SlowFakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@dataclass
class Load:
    """Slash commands and practice-quiz clicks, numbered; which were acknowledged (HTTP 200)."""

    fake: FakeSlack
    sender: SlackSender
    buttons: list[str]
    acked: dict[int, str] = field(default_factory=dict)  # n -> "command" or "click"
    statuses: dict[int, int] = field(default_factory=dict)
    next_n: int = 100

    async def worker(self, target: int, enough: asyncio.Event) -> None:
        """Send until the process refuses (503) or stops listening."""
        while True:
            n, self.next_n = self.next_n, self.next_n + 1
            kind = "click" if n % 2 else "command"
            try:
                status = await self.send(n, kind)
            except aiohttp.ClientError:
                return
            self.statuses[n] = status
            if status != 200:
                return
            self.acked[n] = kind
            if len(self.acked) >= target:
                enough.set()

    async def send(self, n: int, kind: str) -> int:
        user, url = f"U{n}", self.fake.response_url(n)
        if kind == "command":
            status, _ = await self.sender.command("sts vs cognito", user, "CLOAD", url)
        else:
            action = self.buttons[n % len(self.buttons)]
            status, _ = await self.sender.action(block_action(user, "CLOAD", "", action, url))
        return status


async def practice_buttons(fake: FakeSlack, sender: SlackSender) -> list[str]:
    """The button ids of a practice question, asked for with `/aws quiz`."""
    await sender.command("quiz", "UFIRST", "CLOAD", fake.response_url(1))
    [reply] = await fake.wait_for("response_url", timeout=10)
    actions = [b for b in reply.data["blocks"] if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions[0]["elements"]]
    if ":~" in ids[0]:  # a choose-two question shows toggles: click its answers (submitted pairs)
        return [f"{ids[0].rsplit(':', 1)[0]}:{pair}" for pair in ("AB", "AC", "BD", "CD")]
    return ids


def clicks_in_db(db: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT user_id FROM practice_answers")}


async def test_sigterm_mid_load_answers_everything_acknowledged(fake: FakeSlack, tmp_path: Path) -> None:
    db, beat = tmp_path / "bot.db", tmp_path / "heartbeat"
    env = slack_env(fake.api_url, f"sqlite+aiosqlite:///{db}", HEARTBEAT_FILE=str(beat))
    bot = await SlackProcess.start(env)
    try:
        healthy = await run_ops("health", env=env)
        assert healthy.code == 0, healthy.output
        async with aiohttp.ClientSession() as http:
            sender = SlackSender(bot.url, SIGNING_SECRET, http)
            load = Load(fake, sender, await practice_buttons(fake, sender))
            enough = asyncio.Event()
            workers = [asyncio.create_task(load.worker(60, enough)) for _ in range(8)]
            await asyncio.wait_for(enough.wait(), 20)
            before = dict(load.acked)
            code, took = await bot.terminate()
            await asyncio.gather(*workers)
    finally:
        await bot.kill()

    logs = bot.logs()
    in_flight = next(e["in_flight"] for e in logs if "in_flight" in e)
    answered = {int(c.data["_n"]) for c in fake.of("response_url")}
    clicks = {f"U{n}" for n, kind in load.acked.items() if kind == "click"}
    print(f"\nacknowledged before SIGTERM: {len(before)}, acknowledged in all: {len(load.acked)}, "
          f"in flight at SIGTERM: {in_flight}, answered: {len(answered - {1})}, "
          f"refused: {sorted(set(load.statuses.values()) - {200})}, exit {code} after {took:.2f} s")
    assert in_flight > 0, "the signal must arrive while answers are still being sent"
    assert set(before) <= answered and set(load.acked) <= answered, "an acknowledged request got no answer"
    assert len(fake.of("response_url")) == len(answered), "a request was answered twice"
    assert clicks <= clicks_in_db(db), "an acknowledged click is missing from the database"
    assert code == 0
    assert not beat.exists(), "the heartbeat file outlived the process"
    _assert_request_lines(logs, len(load.acked) + 1)
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in bot.output


def _assert_request_lines(logs: list[dict[str, Any]], requests: int) -> None:
    """One `handled` line per answered request, with kind, latency and outcome, no text."""
    lines = [e for e in logs if str(e.get("message", "")).startswith("handled slack")]
    assert len(lines) == requests
    assert {e["via"] for e in lines} == {"slash", "click"}
    assert {e["kind"] for e in lines} == {"question", "quiz"}
    assert all(e["outcome"] == "ok" and e["latency_ms"] >= 0 for e in lines)
    assert not any("cognito" in str(e) for e in lines), "message text must not be logged at info"


async def test_start_without_signing_secret_names_it_and_leaves_no_process(tmp_path: Path) -> None:
    env = slack_env("http://127.0.0.1:9/api/", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    del env["SLACK_SIGNING_SECRET"]
    proc = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "adapters.cli", "slack", "--http", "--port", "0", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 2
    assert "SLACK_SIGNING_SECRET" in err.decode() and BOT_TOKEN not in (out + err).decode()
