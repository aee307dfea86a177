"""Settings: URLs people actually write, and numbers that would break later."""

import pytest

from bot.config import ConfigError, Settings


def settings(**env: str) -> Settings:
    return Settings.from_env(env, secrets_dir=None)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("sqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("sqlite+aiosqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("postgres://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
    ],
)
def test_database_urls_get_the_async_driver(raw, expected):
    assert settings(DATABASE_URL=raw).database_url == expected


@pytest.mark.parametrize("raw", ["sqlitefoo", "mysql://h/db", "data.db"])
def test_unsupported_database_urls_are_named(raw):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        settings(DATABASE_URL=raw)


@pytest.mark.parametrize("raw", ["nan", "inf", "-1", "0", "soon"])
def test_hours_must_be_a_finite_positive_number(raw):
    with pytest.raises(ConfigError, match="QUIZ_REVEAL_HOURS: expected a positive number"):
        settings(QUIZ_REVEAL_HOURS=raw)


def test_every_problem_is_reported_at_once_and_secrets_stay_out():
    with pytest.raises(ConfigError) as err:
        settings(LOG_FORMAT="xml", RATE_LIMIT_BURST="lots", SLACK_BOT_TOKEN="xoxb-secret-value")
    assert len(err.value.problems) == 2 and "xoxb-secret-value" not in str(err.value)
    assert "xoxb-secret-value" not in repr(settings(SLACK_BOT_TOKEN="xoxb-secret-value"))
