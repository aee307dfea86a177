"""Deployment fixtures: repository paths, external tools that skip locally but must run in CI,
and running `awstutor` operations commands as real subprocesses."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Compose-only variables: read by docker-compose.yml, not by the bot.
COMPOSE_ONLY = frozenset({"POSTGRES_PASSWORD", "SLACK_HTTP_PORT"})


def tool(name: str, install: str) -> str:
    """The path of an external tool; skip without it, except in CI (CI=true) where it must exist."""
    venv = Path(PYTHON).parent / name
    found = str(venv) if venv.exists() else shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed ({install})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: CI must run this test")
    pytest.skip(message)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus every awstutor variable, plus `extra` (secrets dir unused in tests)."""
    from bot.config import variables

    env = {k: v for k, v in os.environ.items() if k not in variables() and k != "CI"}
    env.update(extra)
    return env


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


async def run_ops(*args: str, env: dict[str, str], timeout: float = 60) -> Ran:
    """Run `python -m adapters.doctor ARGS` (the ops commands with platform checks) to completion.

    Async, so fakes served by this test's event loop keep answering while it runs.
    """
    proc = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "adapters.doctor", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return Ran(proc.returncode or 0, out.decode(), err.decode())
