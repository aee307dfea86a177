"""Settings: one frozen object built from an injectable mapping (the environment by default).

Every malformed or missing variable is reported at once, by name, with what it expects.
Secrets can also come from files in `/run/secrets/<lower-case name>` (Docker secrets) and never
appear in reprs, logs or error messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

SECRET_NAMES = frozenset(
    {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"}
)


class ConfigError(Exception):
    """Start-up cannot go on; `str()` lists every problem, one per line, secrets never included."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _secret() -> Any:
    return field(default="", repr=False)


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with `Settings.from_env()`; tests pass a dict."""

    database_url: str = "sqlite+aiosqlite:///./data/awstutor.db"
    knowledge_dir: Path = Path(__file__).resolve().parent.parent / "knowledge"
    log_level: str = "info"
    log_format: str = "text"
    quiz_reveal_hours: float = 8.0
    quiz_grace_hours: float = 2.0
    rate_limit_burst: int = 5
    rate_limit_per_minute: int = 20
    slack_bot_token: str = _secret()
    slack_app_token: str = _secret()
    slack_signing_secret: str = _secret()
    slack_api_url: str = "https://slack.com/api/"
    slack_admin_user_ids: frozenset[str] = frozenset()
    discord_token: str = _secret()
    discord_application_id: str = ""
    discord_guild_ids: tuple[int, ...] = ()
    discord_shards: str = ""

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, secrets_dir: Path | None = Path("/run/secrets")
    ) -> Settings:
        """Read every variable; raise `ConfigError` listing all malformed ones at once."""
        env = dict(os.environ if env is None else env)
        if secrets_dir is not None:
            for name in SECRET_NAMES:
                path = secrets_dir / name.lower()
                if not env.get(name) and path.is_file():
                    env[name] = path.read_text(encoding="utf-8").strip()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for f in fields(cls):
            name = f.name.upper()
            if name == "KNOWLEDGE_DIR":
                name = "AWSTUTOR_KNOWLEDGE"
            raw = env.get(name, "").strip()
            if not raw:
                continue
            parse = _PARSERS.get(f.name, str)
            try:
                values[f.name] = parse(raw)
            except ValueError as err:
                problems.append(f"{name}: {err}")
        if problems:
            raise ConfigError(problems)
        return cls(**values)

    def require(self, *names: str) -> None:
        """Raise `ConfigError` naming every variable in `names` that is not set."""
        missing = [n.upper() for n in names if not getattr(self, n)]
        if missing:
            raise ConfigError([f"{n} is not set (see .env.example)" for n in missing])


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.lower() not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}, got {raw!r}")
        return raw.lower()

    return parse


def _positive(kind: type) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            raise ValueError(f"expected a positive number, got {raw!r}") from None
        if value <= 0:
            raise ValueError(f"expected a positive number, got {raw!r}")
        return value

    return parse


def _database_url(raw: str) -> str:
    if raw.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + raw.split("://", 1)[1]
    if raw.startswith(("sqlite", "postgresql+asyncpg://")):
        return raw
    raise ValueError("expected a sqlite:/// or postgresql:// URL")


def _url(raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ValueError("expected an http(s) URL")
    return raw if raw.endswith("/") else raw + "/"


def _ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.replace(";", ",").split(",") if part.strip())


def _guild_ids(raw: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in _ids(raw))
    except ValueError:
        raise ValueError("expected comma-separated numeric guild ids") from None


def _shards(raw: str) -> str:
    if raw != "auto" and not raw.isdigit():
        raise ValueError(f"expected 'auto' or a number of shards, got {raw!r}")
    return raw


_PARSERS: dict[str, Callable[[str], Any]] = {
    "database_url": _database_url,
    "knowledge_dir": Path,
    "log_level": _choice("debug", "info", "warning", "error"),
    "log_format": _choice("text", "json"),
    "quiz_reveal_hours": _positive(float),
    "quiz_grace_hours": _positive(float),
    "rate_limit_burst": _positive(int),
    "rate_limit_per_minute": _positive(int),
    "slack_api_url": _url,
    "slack_admin_user_ids": _ids,
    "discord_guild_ids": _guild_ids,
    "discord_shards": _shards,
}
