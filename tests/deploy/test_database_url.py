"""A DATABASE_URL whose password holds `@` or `:` (unencoded): every command says in one line what
is wrong and how to encode it, echoes no part of the password, and shows no traceback."""

from __future__ import annotations

import asyncio

import pytest
from deploy_support import PYTHON, ROOT, clean_env

PASSWORDS = ["s3cr@tP4ss", "pa@ss:w0rd@x", "a@b:c"]
COMMANDS = [["doctor"], ["chat"], ["slack", "--http", "--port", "0"]]


async def _run(args: list[str], database_url: str) -> tuple[int, str]:
    env = clean_env(DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s" * 32)
    proc = await asyncio.create_subprocess_exec(
        PYTHON, "-m", "adapters.cli", *args, cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, (out + err).decode()


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
async def test_an_unencoded_password_is_named_without_echoing_it(args: list[str], password: str) -> None:
    code, output = await _run(args, f"postgresql://awstutor:{password}@127.0.0.1:5432/awstutor")
    assert code in (1, 2) and "Traceback" not in output, output
    pieces = {p for part in password.split("@") for p in part.split(":") if len(p) >= 3}
    assert [p for p in pieces | {password} if p in output] == [], output
    [line] = [line for line in output.splitlines() if "DATABASE_URL" in line]
    assert "%40" in line and "percent-encode" in line
    if args == ["doctor"]:
        assert line.startswith("  FAIL  settings   DATABASE_URL:")


async def test_the_percent_encoded_password_is_accepted_and_masked() -> None:
    code, output = await _run(["doctor"], "postgresql://awstutor:s3cr%40tP4ss@127.0.0.1:1/awstutor")
    assert code == 1 and "FAIL  database   cannot reach postgresql+asyncpg://awstutor:***@127.0.0.1:1/awstutor" in output
    assert "s3cr" not in output and "tP4ss" not in output
