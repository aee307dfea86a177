"""SIGTERM a real `awstutor discord` process mid-load, against the Discord protocol fake (reached
through DISCORD_API_URL alone): every interaction it started answering is answered exactly once,
every answered practice click is in the database, nothing new is taken on, exit status 0."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

from aiohttp import web
from deploy_support import PYTHON, ROOT, clean_env

from adapters.testing.discord_fake import TOKEN, FakeDiscord
from adapters.testing.discord_payloads import button, slash

GUILD = "800000000000000001"
CALLBACK_DELAY = 0.3  # seconds the fake takes to accept each interaction answer, as a loaded API does


class SlowFakeDiscord(FakeDiscord):
    """Records an interaction callback on arrival, answers it only after CALLBACK_DELAY."""

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        response = await super()._rest(request)
        if request.path.startswith("/api/v10/interactions/"):
            await asyncio.sleep(CALLBACK_DELAY)  # the platform's latency, not synchronisation
        return response


async def test_sigterm_mid_load_answers_every_started_interaction_once(tmp_path: Path) -> None:
    fake = SlowFakeDiscord()
    await fake.start()
    db = tmp_path / "bot.db"
    env = clean_env(DISCORD_TOKEN=TOKEN, DISCORD_API_URL=fake.api_base, DATABASE_URL=f"sqlite+aiosqlite:///{db}",
                    LOG_FORMAT="json", RATE_LIMIT_BURST="1000", RATE_LIMIT_PER_MINUTE="100000")
    proc = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "adapters.cli", "discord", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_identified(timeout=30)  # reached through DISCORD_API_URL and the gateway it names
        quiz = await _interact(fake, slash(fake.snowflake(), "quiz", {}, "700000000000000001", GUILD))
        buttons = [b["custom_id"] for row in quiz.data["data"]["components"] for b in row["components"]]
        if ":~" in buttons[0]:  # a choose-two question shows toggles: click its answers (submitted pairs)
            buttons = [f"{buttons[0].rsplit(':', 1)[0]}:{pair}" for pair in ("AB", "AC", "BD", "CD")]
        sent = [await _dispatch(fake, n, buttons) for n in range(40)]
        await fake.wait_for(r"POST /interactions/", count=15, timeout=20)
        proc.send_signal(signal.SIGTERM)  # answers are still waiting on the slow API
        seen = await _until_logged(proc, "SIGTERM received")
        late = [await _dispatch(fake, 100 + n, buttons) for n in range(5)]
        out, rest = await asyncio.wait_for(proc.communicate(), 60)
        err = seen + rest
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.close()
    logs = [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
    messages = [e["message"] for e in logs]
    answered = {iid for iid in fake.acknowledged if iid in {i for i, _ in sent + late}}
    handled = [e for e in logs if str(e.get("message", "")).startswith("handled discord")]
    assert proc.returncode == 0, err.decode()[-3000:]
    assert next(e["in_flight"] for e in logs if "in_flight" in e) > 0, "the signal must arrive mid-answer"
    assert fake.answered_twice() == []
    assert len(handled) == len(answered) + 1, "every answer started was finished and logged (+ the quiz post)"
    assert all(e["outcome"] == "ok" for e in handled)
    assert not answered & {i for i, _ in late}, "nothing dispatched after SIGTERM was taken on"
    assert messages.index("in-flight work finished") < messages.index("database closed")
    clicked = {user for iid, user in sent if iid in answered and int(iid) % 2}
    assert clicked <= _practice_users(db), "an answered click is missing from the database"
    assert TOKEN not in (out + err).decode()


async def _dispatch(fake: FakeDiscord, n: int, buttons: list[str]) -> tuple[str, str]:
    """A lookup (even n) or a practice click (odd n) from user n; (interaction id, user id)."""
    iid, user = str(10**17 + n * 2 + n % 2), str(710000000000000000 + n)
    quiz = next(iter(fake.messages.values()))
    payload = (button(iid, buttons[n % len(buttons)], quiz, user, GUILD) if int(iid) % 2
               else slash(iid, "lookup", {"service": "sts"}, user, GUILD))
    await fake.dispatch("INTERACTION_CREATE", payload)
    return iid, user


async def _interact(fake: FakeDiscord, payload: dict[str, Any]) -> Any:
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await asyncio.wait_for(fake.callback(payload["id"]), 20)


async def _until_logged(proc: asyncio.subprocess.Process, text: str) -> bytes:
    """Read the process's log until a line containing `text`; everything read."""
    assert proc.stderr is not None
    seen = b""
    while text.encode() not in seen:
        line = await asyncio.wait_for(proc.stderr.readline(), 20)
        assert line, f"the process exited before logging {text!r}"
        seen += line
    return seen


def _practice_users(db: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT user_id FROM practice_answers")}
