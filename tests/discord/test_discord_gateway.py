"""Start-up through the real gateway handshake: intents, command sync only when changed, shards."""

from __future__ import annotations

import discord
from dchelpers import CHANNEL, GUILD, MEMBER, make_deps, text_of
from storedquiz import StoredQuiz

from adapters.testing.discord_bench import running
from adapters.testing.discord_fake import BOT_ID, MESSAGE_CONTENT_FLAGS
from adapters.testing.discord_payloads import channel_message

MESSAGE_CONTENT = 1 << 15


async def test_ready_without_message_content_and_commands_synced_once(fake, tutor, store):
    quiz = StoredQuiz(store)
    async with running(fake, make_deps(tutor, quiz)) as bot:
        assert bot.is_ready() and bot.synced
    [identify] = fake.identifies
    assert not identify["intents"] & MESSAGE_CONTENT  # 4014 on real Discord if not granted
    [put] = fake.of(r"PUT /applications/\d+/commands")
    by_name = {c["name"]: c for c in put.data}
    assert set(by_name) == {"aws", "aws-admin"}
    assert int(by_name["aws-admin"]["default_member_permissions"]) == 32  # Manage Server
    subs = {o["name"] for o in by_name["aws"]["options"]}
    assert subs == {"ask", "share", "lookup", "compare", "quiz", "review", "stats", "leaderboard", "forget",
                    "help", "exam", "ready", "remind", "my-data", "anki"}
    assert {o["name"] for o in by_name["aws-admin"]["options"]} == {"schedule", "export", "digest", "deck", "reload", "pool"}

    stored = fake.commands["global"]  # as Discord keeps them: its defaults filled in
    assert all(c["integration_types"] == [0] and "dm_permission" in c for c in stored)
    async with running(fake, make_deps(tutor, quiz)) as again:  # a restart with the same commands
        assert not again.synced
    assert len(fake.of(r"PUT /applications/\d+/commands")) == 1
    assert len(fake.identifies) == 2


async def test_message_content_is_never_requested_and_mentions_still_work(fake, tutor, store):
    fake.app_flags = MESSAGE_CONTENT_FLAGS  # granted in the portal: still not needed
    async with running(fake, make_deps(tutor, StoredQuiz(store))):
        await fake.dispatch("MESSAGE_CREATE", channel_message(fake.snowflake(), CHANNEL, MEMBER,
                                                              f"<@{BOT_ID}> what is sts?", GUILD, True))
        [sent] = await fake.wait_for(rf"POST /channels/{CHANNEL}/messages")
    assert not fake.identifies[0]["intents"] & MESSAGE_CONTENT
    assert "Security Token Service" in text_of(sent)


async def test_test_guilds_get_their_own_commands(fake, tutor, store):
    from dataclasses import replace

    deps = replace(make_deps(tutor, StoredQuiz(store)), guild_ids=(int(fake.guilds[0]),))
    async with running(fake, deps):
        pass
    [put] = fake.of(r"PUT /applications/\d+/guilds/\d+/commands")
    assert put.path.endswith(f"/guilds/{fake.guilds[0]}/commands")
    assert not fake.of(r"PUT /applications/\d+/commands")


async def test_auto_sharded_bot_asks_discord_for_the_shard_count(fake, tutor, store, monkeypatch):
    identified: list[tuple[int | None, bool]] = []

    async def no_pause(_client: object, shard_id: int | None, *, initial: bool = False) -> None:
        identified.append((shard_id, initial))  # discord.py waits 5 s before each later shard: the fake needs no pause

    monkeypatch.setattr(discord.Client, "before_identify_hook", no_pause)
    fake.shards = 2
    fake.guilds = ("800000000000000001", "800000000004194305")  # (id >> 22) % 2 gives 0 and 1
    async with running(fake, make_deps(tutor, StoredQuiz(store)), shards="auto") as bot:
        assert bot.shard_count == 2 and len(bot.guilds) == 2
    assert fake.of("GET /gateway/bot")
    assert sorted(i["shard"][0] for i in fake.identifies) == [0, 1]
    assert sorted(identified, key=str) == [(0, True), (1, False)]  # the second shard would have waited
