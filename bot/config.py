"""Settings: one frozen object built from an injectable mapping (the environment by default).

Every malformed or missing variable is reported at once, by name, with what it expects.
Secrets can also come from files in `/run/secrets/<lower-case name>` (Docker secrets) and never
appear in reprs, logs or error messages. `variables()` lists every variable read, with a
one-line description: `.env.example` and the README are tested against it.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from bot.layers import parse_layers
from knowledge import shipped_dir

SECRET_NAMES = frozenset(
    {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN", "DATABASE_URL"}
)
_PASSWORD = re.compile(r"(://[^:/@]*:)([^@]*)(@)")


class ConfigError(Exception):
    """Start-up cannot go on; `str()` lists every problem, one per line, secrets never included."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _var(default: Any, doc: str, env: str = "", secret: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={"doc": doc, "env": env, "secret": secret})


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with `Settings.from_env()`; tests pass a dict."""

    database_url: str = _var(
        "sqlite+aiosqlite:///./data/awstutor.db",
        "sqlite+aiosqlite:///path or postgresql://user:pass@host/db; the password is kept secret",
        secret=True,
    )
    knowledge: tuple[Path, ...] = _var(
        (shipped_dir(),),
        "knowledge folders layered in order, separated by ':'; 'shipped' is the knowledge that comes with "
        "awstutor (default: shipped; a study group: shipped:/data/our-notes)", env="AWSTUTOR_KNOWLEDGE",
    )
    log_level: str = _var("info", "debug, info, warning or error")
    log_format: str = _var("text", "text for people, json for log collectors (one object per line)")
    quiz_reveal_hours: float = _var(8.0, "hours after a daily question is posted before the answer is revealed")
    quiz_grace_hours: float = _var(2.0, "hours after a missed posting time (bot down) in which the daily question is still posted; later it is skipped and logged")
    rate_limit_burst: int = _var(5, "questions one person may ask back to back")
    rate_limit_per_minute: int = _var(20, "sustained questions per person per minute")
    shutdown_timeout: float = _var(20.0, "seconds to finish in-flight answers after SIGTERM before exiting")
    heartbeat_file: str = _var("", "file touched every few seconds while the bot runs; `awstutor health` checks it")
    slack_bot_token: str = _var("", "Slack bot token (xoxb-...): OAuth & Permissions page", secret=True)
    slack_app_token: str = _var("", "Slack app-level token (xapp-...) for Socket Mode", secret=True)
    slack_signing_secret: str = _var("", "Slack signing secret for HTTP mode: Basic Information page", secret=True)
    slack_api_url: str = _var("https://slack.com/api/", "Slack Web API base URL (proxies, GovSlack, tests)")
    slack_admin_user_ids: frozenset[str] = _var(frozenset(), "comma-separated Slack user ids treated as admins")
    discord_token: str = _var("", "Discord bot token: Developer Portal, Bot page", secret=True)
    discord_application_id: str = _var("", "Discord application id (for the invite URL and command sync)")
    discord_guild_ids: tuple[int, ...] = _var((), "comma-separated guild ids to sync slash commands to at once")
    discord_shards: str = _var("", "'auto' or a number of shards (needed past 2,500 guilds)")
    discord_api_url: str = _var("https://discord.com/api/v10/", "Discord REST base URL for the bot and `awstutor doctor`; the bot connects to the gateway that API names")
    # Malformed settings of one adapter, reported when that adapter starts (`require`), not before.
    adapter_problems: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, metadata={"internal": True})

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, secrets_dir: Path | None = Path("/run/secrets")
    ) -> Settings:
        """Read every variable; raise `ConfigError` listing all malformed ones at once."""
        env = dict(os.environ if env is None else env)
        if secrets_dir is not None:
            _read_secret_files(env, secrets_dir)
        values: dict[str, Any] = {}
        problems: list[str] = []
        later: dict[str, tuple[str, ...]] = {}
        for f in fields(cls):
            name = env_name(f.name)
            raw = env.get(name, "").strip()
            if not raw or f.name == "adapter_problems":
                continue
            parse = _PARSERS.get(f.name, str)
            try:
                values[f.name] = parse(raw)
            except ValueError as err:
                group = adapter_of(f.name)
                if group:  # a Slack setting must not stop Discord or the terminal from starting
                    later[group] = (*later.get(group, ()), f"{name}: {err}")
                else:
                    problems.append(f"{name}: {err}")
        if problems:
            raise ConfigError(problems)
        return cls(**values, adapter_problems=later)

    def require(self, *names: str) -> None:
        """Raise `ConfigError` naming every malformed setting of the adapters `names` belong to,
        and every variable in `names` that is not set: what an adapter checks as it starts."""
        groups = {adapter_of(n) for n in names} - {""}
        problems = [p for g in sorted(groups) for p in self.adapter_problems.get(g, ())]
        problems += [f"{env_name(n)} is not set (see .env.example)" for n in names if not getattr(self, n)]
        if problems:
            raise ConfigError(problems)

    def secret_values(self) -> tuple[str, ...]:
        """Every configured secret (tokens, the database password), for log redaction."""
        values = [getattr(self, f.name) for f in fields(self) if f.metadata.get("secret")]
        values.extend(password_of(self.database_url))
        return tuple(v for v in values if isinstance(v, str) and len(v) >= 4 and "://" not in v)

    @property
    def knowledge_dir(self) -> Path:
        """The first knowledge layer (the shipped knowledge unless AWSTUTOR_KNOWLEDGE says otherwise)."""
        return self.knowledge[0]

    @property
    def database_display(self) -> str:
        """The database URL with its password masked: safe to print."""
        return display_url(self.database_url)


def adapter_of(field_name: str) -> str:
    """"slack" or "discord" for an adapter's own setting (named by its prefix), else ""."""
    prefix = field_name.split("_", 1)[0]
    return prefix if prefix in ("slack", "discord") else ""


def env_name(field_name: str) -> str:
    """The environment variable a settings field is read from."""
    for f in fields(Settings):
        if f.name == field_name:
            return str(f.metadata.get("env") or field_name.upper())
    return field_name.upper()


def variables() -> dict[str, str]:
    """Every environment variable the settings read, with a one-line description."""
    return {env_name(f.name): str(f.metadata["doc"]) for f in fields(Settings) if not f.metadata.get("internal")}


def password_of(url: str) -> list[str]:
    """The password inside a database URL, if any (to redact it wherever it appears): as written
    and as decoded, and for an unreadable URL everything between the first `:` and the last `@`
    of its authority, so no reading of it leaves a piece unredacted."""
    rest = (url or "").split("://", 1)[-1]
    userinfo = rest.rsplit("@", 1)[0] if "@" in rest else ""
    widest = userinfo.split(":", 1)[1] if ":" in userinfo else ""
    found = [widest, unquote(widest)]
    match = _PASSWORD.search(url or "")
    if match:
        found += [match.group(2), unquote(match.group(2))]
    return list(dict.fromkeys(p for p in found if p))


def display_url(url: str) -> str:
    """`url` with everything between the user name and the host masked."""
    scheme, sep, rest = (url or "").partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, host = rest.rsplit("@", 1)
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in userinfo else url


def _read_secret_files(env: dict[str, str], secrets_dir: Path) -> None:
    for name in SECRET_NAMES:
        path = secrets_dir / name.lower()
        if not env.get(name) and path.is_file():
            env[name] = path.read_text(encoding="utf-8").strip()


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
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"expected a positive number, got {raw!r}")
        return value

    return parse


ENCODE_HINT = (
    "percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F, "
    "? as %3F, # as %23, % as %25), e.g. python3 -c 'import urllib.parse, getpass; "
    "print(urllib.parse.quote(getpass.getpass(), safe=\"\"))'"
)


def _database_url(raw: str) -> str:
    if raw.startswith(("postgres://", "postgresql://")):
        return _checked_postgres("postgresql+asyncpg://" + raw.split("://", 1)[1])
    if raw.startswith(("sqlite:///", "sqlite+pysqlite:///")):
        return "sqlite+aiosqlite:///" + raw.split(":///", 1)[1]  # the bot needs the async driver
    if raw.startswith("sqlite+aiosqlite:///"):
        return raw
    if raw.startswith("postgresql+asyncpg://"):
        return _checked_postgres(raw)
    raise ValueError("expected a sqlite+aiosqlite:///path or postgresql://user:pass@host/db URL")


def _checked_postgres(url: str) -> str:
    """The URL if SQLAlchemy reads it as written; else a one-line reason that quotes no part of it.

    A second `@` is read as the end of the password, so the rest of the password would become
    the host name (and show up in errors): refuse it instead of guessing."""
    from sqlalchemy.engine import make_url

    if url.count("@") > 1:
        raise ValueError(f"the password (or user name) contains an unencoded @; {ENCODE_HINT}")
    try:
        make_url(url)
    except Exception:  # its message can quote the password: say what to do instead
        raise ValueError(f"cannot be read as postgresql://user:password@host:port/database; {ENCODE_HINT}") from None
    return url


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
    "knowledge": lambda raw: parse_layers(raw, shipped_dir()),
    "log_level": _choice("debug", "info", "warning", "error"),
    "log_format": _choice("text", "json"),
    "quiz_reveal_hours": _positive(float),
    "quiz_grace_hours": _positive(float),
    "rate_limit_burst": _positive(int),
    "rate_limit_per_minute": _positive(int),
    "shutdown_timeout": _positive(float),
    "slack_api_url": _url,
    "slack_admin_user_ids": _ids,
    "discord_guild_ids": _guild_ids,
    "discord_shards": _shards,
    "discord_api_url": _url,
}
