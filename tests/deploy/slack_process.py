"""A real `awstutor slack --http` process for the deployment tests: started with its own
environment, its JSON log lines read as they come (so tests wait on them, never on sleeps),
stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from dataclasses import dataclass, field
from typing import Any

from deploy_support import PYTHON, ROOT, clean_env

BOT_TOKEN = "xoxb-deploy-test-SECRET-bot-token"
SIGNING_SECRET = "deploy-test-SECRET-signing-secret"


def slack_env(api_url: str, database_url: str, **extra: str) -> dict[str, str]:
    """What `awstutor slack --http` needs against the fake Slack, logging JSON lines."""
    return clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api_url,
        DATABASE_URL=database_url, LOG_FORMAT="json", RATE_LIMIT_BURST="1000",
        RATE_LIMIT_PER_MINUTE="100000", **extra,
    )


@dataclass
class SlackProcess:
    """One running bot; `lines` holds every output line so far (stdout and stderr)."""

    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    readers: list[asyncio.Task[None]] = field(default_factory=list)
    port: int = 0

    @classmethod
    async def start(cls, env: dict[str, str], timeout: float = 20) -> SlackProcess:
        """Start on a random port; return once the endpoint is listening."""
        proc = await asyncio.create_subprocess_exec(
            PYTHON, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1", "--port", "0",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        me = cls(proc)
        me.readers = [asyncio.create_task(me._read(s)) for s in (proc.stdout, proc.stderr)]
        ready = await me.wait_for_log(lambda e: e.get("message") == "slack http endpoint ready", timeout)
        me.port = int(ready["port"])
        return me

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def logs(self) -> list[dict[str, Any]]:
        """The JSON log lines so far."""
        out = []
        for line in self.lines:
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    async def wait_for_log(self, match: Any, timeout: float = 10) -> dict[str, Any]:
        """The first log entry for which `match(entry)` holds (waiting for it)."""
        found: list[dict[str, Any]] = []

        def seen() -> bool:
            found[:] = [e for e in self.logs() if match(e)]
            return bool(found) or self.proc.returncode is not None

        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(seen), timeout)
        assert found, f"the process exited ({self.proc.returncode}) first:\n{self.output[-3000:]}"
        return found[0]

    async def terminate(self, timeout: float = 30) -> tuple[int, float]:
        """SIGTERM; wait for the exit. Returns (exit status, seconds from signal to exit)."""
        sent = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        took = time.monotonic() - sent
        await asyncio.gather(*self.readers)
        return code, took

    async def kill(self) -> None:
        """Clean-up after a failed test: make sure nothing is left running."""
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        await asyncio.gather(*self.readers, return_exceptions=True)

    async def _read(self, stream: asyncio.StreamReader | None) -> None:
        assert stream is not None
        while line := await stream.readline():
            async with self.changed:
                self.lines.append(line.decode(errors="replace").rstrip("\n"))
                self.changed.notify_all()
        async with self.changed:
            self.changed.notify_all()
