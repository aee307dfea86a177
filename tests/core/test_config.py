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


def test_a_malformed_setting_of_one_adapter_stops_only_that_adapter():
    settings = Settings.from_env({"DISCORD_GUILD_IDS": "general", "SLACK_BOT_TOKEN": "xoxb-1",
                                  "SLACK_APP_TOKEN": "xapp-1"}, secrets_dir=None)
    settings.require("slack_bot_token", "slack_app_token")  # Slack and the terminal still start
    with pytest.raises(ConfigError) as err:
        settings.require("discord_token")
    assert err.value.problems == ["DISCORD_GUILD_IDS: expected comma-separated numeric guild ids",
                                  "DISCORD_TOKEN is not set (see .env.example)"]


def test_a_malformed_core_setting_still_stops_everything():
    with pytest.raises(ConfigError):
        Settings.from_env({"QUIZ_REVEAL_HOURS": "soon", "DISCORD_SHARDS": "many"}, secrets_dir=None)


def test_doctor_reports_an_adapters_malformed_setting():
    from bot.doctor import check_settings

    settings, checks = check_settings({"DISCORD_SHARDS": "many"})
    assert settings is not None
    assert [(c.status, c.detail) for c in checks if c.status == "fail"] == [
        ("fail", "DISCORD_SHARDS: expected 'auto' or a number of shards, got 'many'")]
