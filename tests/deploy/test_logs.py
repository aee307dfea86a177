"""Log output: JSON lines, one line per handled request without message text, secrets redacted."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.errors import UserError
from bot.logs import handled, request_kind, setup_logging

TOKEN = "xoxb-test-log-token-55aa"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    setup_logging(Settings(log_format="json", slack_bot_token=TOKEN,
                           database_url="postgresql+asyncpg://u:test-pw-3344@db/x"), stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_one_json_line_per_request_with_platform_kind_latency_and_outcome(output: io.StringIO) -> None:
    log = logging.getLogger("awstutor.test")
    text = "what is the difference between sts and cognito"
    with handled(log, "slack", request_kind(text)):
        pass
    with pytest.raises(UserError), handled(log, "discord", request_kind("schedule 09:00")):
        raise UserError("Only admins can do that.")
    first, second = lines(output)
    assert (first["platform"], first["kind"], first["outcome"]) == ("slack", "question", "ok")
    assert (second["platform"], second["kind"], second["outcome"]) == ("discord", "schedule", "user_error")
    assert isinstance(first["latency_ms"], float) and first["level"] == "info"
    assert "sts" not in output.getvalue() and "Only admins" not in output.getvalue()


def test_secrets_are_redacted_from_messages_arguments_extras_and_tracebacks(output: io.StringIO) -> None:
    log = logging.getLogger("awstutor.test")
    log.warning("token is %s", TOKEN, extra={"header": f"Bearer {TOKEN}"})
    try:
        raise RuntimeError(f"connect failed for postgresql://u:test-pw-3344@db/x with {TOKEN}")
    except RuntimeError:
        log.exception("database error")
    text = output.getvalue()
    assert TOKEN not in text and "test-pw-3344" not in text
    warning, error = lines(output)
    assert warning["message"] == "token is [redacted]" and warning["header"] == "Bearer [redacted]"
    assert "RuntimeError: connect failed for postgresql://u:[redacted]@db/x" in str(error["traceback"])


def test_settings_repr_and_errors_never_show_secrets() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": TOKEN, "DATABASE_URL": "postgres://u:test-pw-3344@db/x"}, None)
    assert TOKEN not in repr(settings) and "test-pw-3344" not in repr(settings)
    assert settings.database_display == "postgresql+asyncpg://u:***@db/x"
    assert set(settings.secret_values()) == {TOKEN, "test-pw-3344"}
    with pytest.raises(Exception) as err:
        Settings.from_env({"DATABASE_URL": "mysql://u:test-pw-3344@db/x"}, None)
    assert "test-pw-3344" not in str(err.value) and "DATABASE_URL" in str(err.value)


def test_tokens_can_come_from_docker_secret_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "slack_bot_token").write_text(TOKEN + "\n")
    assert Settings.from_env({}, tmp_path).slack_bot_token == TOKEN
    assert Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-env"}, tmp_path).slack_bot_token == "xoxb-env"


def test_secrets_inside_structured_extras_are_redacted_and_numbers_stay_numbers(output: io.StringIO) -> None:
    log = logging.getLogger("awstutor.test")
    log.warning("call failed", extra={"request": {"headers": {"Authorization": f"Bearer {TOKEN}"}}, "took_ms": 12.5})
    text = output.getvalue()
    assert TOKEN not in text
    (line,) = lines(output)
    assert line["took_ms"] == 12.5 and "[redacted]" in str(line["request"])
