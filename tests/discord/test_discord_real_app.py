"""The bot on the real app (`bot.app.build_app`): the scheduler's daily post through the Discord
poster, a click judged by the real quiz service, the same click after a restart, and /aws quiz."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from dchelpers import ADMIN, GUILD, MEMBER, OTHER, body_of, single_answer, text_of

from adapters.discord.run import build_parts, deps_for
from adapters.testing.discord_bench import running
from adapters.testing.discord_payloads import button, slash
from bot.config import Settings
from bot.storage import ChannelRef
from tests.core.conftest import KNOWLEDGE

EPHEMERAL = 64



async def _click(fake, message: dict, custom_id: str, user: str) -> str:
    iid = fake.snowflake()
    await fake.dispatch("INTERACTION_CREATE", button(iid, custom_id, message, user, GUILD))
    call = await asyncio.wait_for(fake.callback(iid), 10)
    assert call.data["type"] == 4 and call.data["data"]["flags"] & EPHEMERAL
    return text_of(call)


async def test_daily_post_click_and_restart_on_the_real_app(fake, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)) as bot:
            assert bot.deps.scheduler is not None and bot.scheduler_task is not None  # runs in-process
            ref = ChannelRef("discord", GUILD, str(int(GUILD) + 1))
            post_id = await single_answer(parts.app, bot).post_now(ref, datetime.now(UTC))
            post = await parts.app.storage.post(post_id)
            message = fake.messages[post.message_id]
            ids = [b["custom_id"] for row in message["components"] for b in row["components"]]
            assert ids and all(i.startswith(f"quiz:{post_id}:") for i in ids)
            first = await _click(fake, message, ids[0], MEMBER)
            assert "Why" in first

        async with running(fake, deps_for(settings, parts)):  # a new bot instance, same storage
            again = await _click(fake, message, ids[1], MEMBER)
            assert "already answered" in again
            await _click(fake, message, ids[1], OTHER)
        assert (await parts.app.storage.tally(post_id)).total == 2
    finally:
        await parts.aclose()


async def test_practice_quiz_command_on_the_real_app(fake, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)):
            iid = fake.snowflake()
            await fake.dispatch("INTERACTION_CREATE", slash(iid, "quiz", {}, MEMBER, GUILD))
            call = await asyncio.wait_for(fake.callback(iid), 10)
            buttons = [b for row in body_of(call)["components"] for b in row["components"]]
            assert buttons and all(b["custom_id"].startswith("quiz:p:") for b in buttons)
    finally:
        await parts.aclose()


HEADER = b"date,question,user_id,name,choice,correct,points\r\n"  # RFC 4180 line ends


async def _files_answer(fake, payload: dict) -> tuple[dict, list]:
    """The visible answer to a slash command and the files it carried (from the callback, or
    from the edit that replaces 'thinking...' if the bot deferred)."""
    await fake.dispatch("INTERACTION_CREATE", payload)
    call = await asyncio.wait_for(fake.callback(payload["id"]), 10)
    if call.data["type"] == 5:
        [call] = await fake.wait_for(rf"PATCH /webhooks/\d+/tok-{payload['id']}/messages/@original")
        return call.data, call.files
    return call.data["data"], call.files


async def test_admin_export_sends_the_csv_as_an_ephemeral_file(fake, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)) as bot:
            channel = str(int(GUILD) + 1)
            post_id = await single_answer(parts.app, bot).post_now(
                ChannelRef("discord", GUILD, channel), datetime.now(UTC))
            post = await parts.app.storage.post(post_id)
            message = fake.messages[post.message_id]
            choice = message["components"][0]["components"][1]["custom_id"]
            await _click(fake, message, choice, MEMBER)

            refused, none = await _files_answer(fake, slash(fake.snowflake(), "export", {}, MEMBER, GUILD,
                                                            group="aws-admin"))
            assert "admin" in str(refused["embeds"]).lower() and none == []

            body, [sent] = await _files_answer(fake, slash(fake.snowflake(), "export", {}, ADMIN, GUILD,
                                                           admin=True, group="aws-admin"))
        assert body["flags"] & EPHEMERAL and sent.part == "files[0]"
        assert sent.filename == f"awstutor-{channel}-results.csv"
        lines = sent.content.decode().splitlines()
        assert sent.content.startswith(HEADER) and len(lines) == 2
        assert lines[1].split(",")[1:3] == [post.question_id, MEMBER]
        assert lines[1].split(",")[4] == choice.rsplit(":", 1)[1]
        assert "Results export (1 answer" in str(body["embeds"])
    finally:
        await parts.aclose()


async def test_autocomplete_offers_an_alias_added_by_a_reload(fake, tmp_path: Path):
    from adapters.testing.discord_payloads import autocomplete

    group = tmp_path / "ours"
    (group / "notes").mkdir(parents=True)
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}", knowledge=(KNOWLEDGE, group))
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)):
            async def offered(typed: str) -> list[str]:
                iid = fake.snowflake()
                await fake.dispatch("INTERACTION_CREATE", autocomplete(iid, "lookup", "service", typed, MEMBER, GUILD))
                call = await asyncio.wait_for(fake.callback(iid), 10)
                return [c["value"] for c in call.data["data"]["choices"]]

            assert await offered("token vending") == []
            (group / "notes" / "ours.yaml").write_text(
                "overlays:\n  - id: sts\n    add: {aliases: [token vending machine]}\n", encoding="utf-8")
            assert parts.app.reload() == []
            assert await offered("token vending") == ["AWS Security Token Service (AWS STS)"]
    finally:
        await parts.aclose()
