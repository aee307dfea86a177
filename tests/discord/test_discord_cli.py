"""`awstutor discord`: the invite URL without token or network, and start-up refusals."""

from __future__ import annotations

import argparse
import asyncio
import re
import threading

import discord
import pytest
import yarl

from adapters.discord import cli
from adapters.discord.bot import fingerprint
from adapters.discord.views import TEMPLATE, dynamic_button
from adapters.testing.discord_fake import TOKEN, FakeDiscord


def _run(monkeypatch, capsys, env: dict[str, str], *argv: str) -> tuple[int, str, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["discord", *argv])
    code = args.func(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_invite_url_has_the_minimal_permissions(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, {"DISCORD_APPLICATION_ID": "123456789012345678"}, "--invite-url")
    assert code == 0
    url = out.strip()
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678")
    assert "scope=bot+applications.commands" in url
    bits = int(re.search(r"permissions=(\d+)", url)[1])  # type: ignore[index]
    assert bits == (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)
    assert not bits & (1 << 3) and not bits & (1 << 17)  # never administrator or mention-everyone


def test_invite_url_without_application_id_names_the_variable(monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, {}, "--invite-url")
    assert code == 2 and "DISCORD_APPLICATION_ID is not set" in err


def test_start_without_token_names_it_before_any_network(monkeypatch, capsys):
    def no_network(*_a, **_k):
        raise AssertionError("tried to start without a token")

    monkeypatch.setattr("asyncio.run", no_network)
    code, _, err = _run(monkeypatch, capsys, {"DISCORD_SHARDS": "auto"})
    assert code == 2 and "DISCORD_TOKEN is not set" in err


def test_malformed_shards_are_reported(monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, {"DISCORD_TOKEN": "tok-SECRET", "DISCORD_SHARDS": "lots"})
    assert code == 2 and "DISCORD_SHARDS" in err and "tok-SECRET" not in err


@pytest.mark.parametrize(("action_id", "kind"), [
    ("quiz:42:B", "CoreButton"), ("quiz:42:AC", "CoreButton"), ("quiz:p:ec2-basics:E", "CoreButton"),
    ("ask:sts vs cognito", "CoreButton"), ("quiz:42:F", None), ("ask:" + "x" * 120, None), ("other", None),
])
def test_only_ids_discord_can_carry_become_persistent_buttons(action_id, kind):
    item = dynamic_button("B", action_id, "default")
    assert (type(item).__name__ if item else None) == kind
    if kind is not None:
        assert re.fullmatch(TEMPLATE, action_id)  # discord.py routes the click back to it


def test_command_fingerprint_ignores_ids_and_server_defaults():
    local = [{"name": "aws", "type": 1, "description": "d", "default_member_permissions": 32,
              "integration_types": None, "contexts": None, "dm_permission": True,
              "options": [{"name": "ask", "type": 1, "required": False}]}]
    remote = [{"name": "aws", "type": 1, "description": "d", "default_member_permissions": "32", "id": "9",
               "version": "7", "options": [{"name": "ask", "type": 1}], "integration_types": [0],
               "contexts": None, "nsfw": False}]
    assert fingerprint(local) == fingerprint(remote)
    for changed in ({"description": "new"}, {"dm_permission": False}, {"integration_types": [0, 1]}):
        assert fingerprint(local) != fingerprint([{**remote[0], **changed}])


@pytest.fixture
def threaded_fake(monkeypatch, tmp_path):
    """The fake on its own loop in a thread, so `awstutor discord` can run `asyncio.run` here."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = FakeDiscord()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_a_rejected_token_is_one_line_naming_it(threaded_fake, monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, {"DISCORD_TOKEN": "wrong-SECRET"})
    assert code == 2 and threaded_fake.of("GET /users/@me")  # Discord answered 401
    assert "DISCORD_TOKEN" in err and "Reset Token" in err
    assert "Traceback" not in err and "wrong-SECRET" not in err
    # Log lines may come first; the reason is one line, the last, and said once.
    lines = err.strip().splitlines()
    assert lines[-1].startswith("awstutor discord cannot start:") and "Reset Token" in lines[-1]
    assert sum("cannot start" in line for line in lines) == 1


def test_a_refused_privileged_intent_names_the_portal_setting(threaded_fake, monkeypatch, capsys):
    def privileged() -> discord.Intents:
        wanted = discord.Intents.none()
        wanted.message_content = True  # not granted in the fake's application flags
        return wanted

    monkeypatch.setattr("adapters.discord.bot.intents", privileged)
    code, _, err = _run(monkeypatch, capsys, {"DISCORD_TOKEN": TOKEN})
    assert code == 2 and "4014" in err and "Privileged Gateway Intents" in err
    assert "Traceback" not in err and TOKEN not in err


def test_the_bench_points_discord_py_at_its_fake_only_while_it_runs():
    from adapters.testing.discord_bench import pointed_at

    before = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    fake.port = 4321
    with pointed_at(fake):
        assert fake.api_base == discord.http.Route.BASE and "4321" in discord.http.Route.BASE
    assert before == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
