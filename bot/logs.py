"""Logging set-up: text or JSON lines, one line per handled request, secrets redacted.

`setup_logging(settings)` is called once by the composition root (never at import). The
redaction filter sits on the handler, so it sees every record that reaches the output,
including those of slack_sdk, discord.py and aiohttp.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from bot import actions
from bot.config import Settings
from bot.errors import UserError

REDACTED = "[redacted]"
# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class RedactSecrets(logging.Filter):
    """Replace every configured secret value in a record's message, arguments, extras and traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key in _STANDARD:
                continue
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
            elif self.redact(str(value)) != str(value):  # a secret inside a dict, list, exception...
                setattr(record, key, self.redact(str(value)))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, every `extra=` field, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                data[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            data["traceback"] = record.exc_text
        return json.dumps(data, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time level logger: message key=value ...`: the extras stay visible in text mode too."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = " ".join(f"{k}={v}" for k, v in vars(record).items() if k not in _STANDARD)
        if not extras:
            return line
        head, sep, tail = line.partition("\n")
        return f"{head} {extras}{sep}{tail}"


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is when a record is emitted, not when logging was set up
    (test runners and daemonisers replace it, and a handler must not hold on to a closed one)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def setup_logging(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Send every log record to `stream` (stderr) in the configured format, secrets redacted."""
    handler = logging.StreamHandler(stream or _CurrentStderr())
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    handler.addFilter(RedactSecrets(settings.secret_values()))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    return handler


@dataclass
class Handled:
    """What the request log line will say; set `outcome` to override the default."""

    platform: str
    kind: str
    outcome: str = "ok"
    via: str = ""


@contextmanager
def handled(log: logging.Logger, platform: str, kind: str, via: str = "") -> Iterator[Handled]:
    """Log one info line when the block ends: platform, command kind, latency and outcome
    (and `via`: how it came in, e.g. slash, mention, dm, click, home).

    Never pass message text as `kind`: use `request_kind(text)`. A `UserError` is an expected
    outcome ("user_error"); any other exception is "error" (and is re-raised either way).
    """
    entry = Handled(platform, kind, via=via)
    started = time.perf_counter()
    try:
        yield entry
    except UserError:
        entry.outcome = "user_error"
        raise
    except BaseException:
        entry.outcome = "error"
        raise
    finally:
        latency = round((time.perf_counter() - started) * 1000, 1)
        fields: dict[str, object] = {"platform": entry.platform, "kind": entry.kind, "latency_ms": latency, "outcome": entry.outcome}
        if entry.via:
            fields["via"] = entry.via
        log.info("handled %s %s", entry.platform, entry.kind, extra=fields)


def request_kind(text: str) -> str:
    """The command word of `text` if it is a known command, else "question" (never user text)."""
    from bot.commands import HELP_TOPICS, split_command

    word, _rest = split_command(text)
    known = set(HELP_TOPICS) | {"help", "compare", "share", "vs"}
    return word if word in known else "question"


def click_kind(action_id: str) -> str:
    """The kind of a button click for the request log: quiz, ask or button (never the id's text)."""
    return actions.kind(action_id)
