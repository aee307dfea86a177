"""Discord fixtures: the protocol fake on 127.0.0.1, our real bot connected to it, real storage.

The core is `bot.core.Core` with the real tutor (so lookups and autocomplete use the shipped
notes) and `StoredQuiz`, a stand-in quiz that records daily answers in real SQLite storage, so a
restart (a new bot instance on the same storage) is a real restart. Helpers are in `dchelpers`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
import pytest_asyncio
import yarl
from dchelpers import Harness, harness_for, make_deps
from storedquiz import StoredQuiz

from adapters.testing.discord_fake import FakeDiscord
from bot.config import Settings
from bot.storage import Storage, open_storage
from bot.tutor import Tutor


@pytest.fixture(autouse=True)
def _no_discord_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("DISCORD_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def tutor() -> Tutor:
    return Tutor.load(Settings().knowledge_dir)


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
    try:
        yield server
    finally:
        await server.close()
    # After the bot closed (the harness is torn down first): a late second answer counts too.
    assert server.answered_twice() == [], "an interaction was answered more than once"


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    storage = await open_storage(f"sqlite+aiosqlite:///{tmp_path / 'discord.db'}")
    try:
        yield storage
    finally:
        await storage.aclose()


@pytest_asyncio.fixture
async def dc(fake: FakeDiscord, tutor: Tutor, store: Storage, request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    """Our bot, ready, against the fake. Parametrise indirectly with the question burst."""
    quiz = StoredQuiz(store)
    async with harness_for(fake, make_deps(tutor, quiz, burst=getattr(request, "param", 50)), quiz) as h:
        yield h

