"""The shipped manifest asks for exactly what the adapter uses."""

from __future__ import annotations

from pathlib import Path

from bot.yamlload import load_yaml

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def test_manifest_matches_the_listeners():
    data, duplicates = load_yaml(MANIFEST)
    assert not duplicates
    assert [c["command"] for c in data["features"]["slash_commands"]] == ["/aws"]
    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "app_mention", "message.im"}
    assert set(data["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "files:write", "im:history", "im:write", "users:read"}
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is True
    assert data["features"]["app_home"]["home_tab_enabled"] is True
