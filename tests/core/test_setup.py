"""Set-up: `.env` is read outside Docker (variables already set win), `doctor` says each problem
once and only suggests what applies, `eval` on a missing file says so in one line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.cli import main
from bot.config import Settings
from bot.doctor import Check, check_knowledge, run_checks


def test_env_file_fills_gaps_and_set_variables_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path}/from-dotenv.db\nRATE_LIMIT_BURST=9\nLOG_LEVEL=debug\n")
    for name in ("DATABASE_URL", "RATE_LIMIT_BURST"):
        monkeypatch.setenv(name, "restored-after-the-test")
        monkeypatch.delenv(name)
    monkeypatch.setenv("LOG_LEVEL", "error")  # set in the shell: wins over .env
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"database sqlite+aiosqlite:///{tmp_path}/from-dotenv.db" in out
    settings = Settings.from_env()
    assert settings.rate_limit_burst == 9 and settings.log_level == "error"


async def test_doctor_says_a_repeated_problem_once(tmp_path: Path):
    unreachable = Check("slack", "fail", "cannot reach Slack at http://127.0.0.1:9/api/: ClientConnectorError",
                        "check the network and SLACK_API_URL")

    async def platforms(_settings: Settings) -> list[Check]:
        return [unreachable, unreachable, Check("discord", "skip", "DISCORD_TOKEN not set")]

    checks = await run_checks({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/a.db"}, platforms)
    assert [c.name for c in checks].count("slack") == 1 and checks[-1].name == "discord"


def test_knowledge_fix_mentions_the_variable_only_when_it_was_set(tmp_path: Path, monkeypatch):
    missing = tmp_path / "gone"
    settings = replace(Settings.from_env({}, secrets_dir=None), knowledge=(missing,))
    assert check_knowledge(settings).fix.startswith("set AWSTUTOR_KNOWLEDGE")  # it pointed there
    monkeypatch.setattr("bot.doctor.shipped_dir", lambda: missing)  # the shipped folder itself is gone
    fix = check_knowledge(settings).fix
    assert "AWSTUTOR_KNOWLEDGE" not in fix and fix.endswith("reinstall awstutor")


def test_eval_on_a_missing_file_is_one_line(tmp_path: Path, capsys):
    assert main(["eval", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.jsonl not found" in err and "Traceback" not in err
