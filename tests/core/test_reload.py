"""`reload` (and SIGHUP): new knowledge is used only when it has no error; otherwise the old stays."""

import os
import signal
from pathlib import Path

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.model import Place, Request, User
from tests.core.conftest import KNOWLEDGE

ADMIN, MEMBER = User("a1", is_admin=True), User("m1")
PLACE = Place(platform="terminal", channel="c1")


@pytest.fixture
async def app(tmp_path: Path):
    group = tmp_path / "group"
    (group / "notes").mkdir(parents=True)
    (group / "notes" / "ours.yaml").write_text("overlays:\n  - id: sts\n    add: {facts: [First version.]}\n")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.db'}", knowledge=(KNOWLEDGE, group))
    app = await build_app(settings)
    yield app, group
    await app.aclose()


async def ask(app, text: str, user: User = ADMIN) -> str:
    return (await app.core.handle(Request(user=user, place=PLACE, text=text))).plain()


async def test_reload_switches_to_new_knowledge_only_when_it_is_valid(app):
    app, group = app
    assert "First version." in await ask(app, "sts")
    (group / "notes" / "ours.yaml").write_text("overlays:\n  - id: sts\n    add: {facts: [Second version.]}\n")
    assert "Knowledge reloaded" in await ask(app, "reload")
    assert "Second version." in await ask(app, "sts")
    (group / "notes" / "ours.yaml").write_text("overlays:\n  - id: no-such-note\n    add: {facts: [Broken.]}\n")
    refused = await ask(app, "reload")
    assert "Reload refused" in refused and "no-such-note" in refused
    assert "Second version." in await ask(app, "sts")


async def test_reload_is_for_admins(app):
    app, _ = app
    assert "Only admins can reload" in await ask(app, "reload", MEMBER)


async def test_sighup_reloads(app):
    import asyncio

    from adapters.lifecycle import run_until_stopped

    app, group = app
    stop = asyncio.Event()

    async def start() -> None:
        (group / "notes" / "ours.yaml").write_text("overlays:\n  - id: sts\n    add: {facts: [After HUP.]}\n")
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):  # the handler runs on a later turn of the loop
            if "After HUP." in app.tutor.notes.entries["sts"].facts:
                break
            await asyncio.sleep(0.005)
        stop.set()

    async def nothing() -> None:
        return None

    await run_until_stopped(start, nothing, stop_event=stop, reload=app.reload)
    assert "After HUP." in await ask(app, "sts")




async def test_a_confirmation_typed_as_yes_stays_personal(app):
    app, _ = app
    place = Place(platform="slack", channel="C1", workspace="T1")
    prompt = await app.core.handle(Request(user=MEMBER, place=place, text="forget me"))
    assert prompt.personal and prompt.buttons
    confirmed = await app.core.handle(Request(user=MEMBER, place=place, text="yes"))
    assert confirmed.personal, confirmed
    answer = await app.core.handle(Request(user=MEMBER, place=place, text="which service gives temporary credentials?"))
    assert not answer.personal


async def test_a_reload_counts_the_groups_own_questions_apart_from_the_shipped_ones(app):
    app, group = app
    assert app.quiz.group_questions == frozenset()
    (group / "quiz").mkdir()
    shipped = (KNOWLEDGE / "quiz" / "security.yaml").read_text(encoding="utf-8")
    first = shipped.index("  - id: ", shipped.index("questions:"))
    second = shipped.index("  - id: ", first + 1)
    one = "questions:\n" + shipped[first:second].replace("id: q-", "id: ours-q-", 1)
    (group / "quiz" / "ours.yaml").write_text(one, encoding="utf-8")
    assert "Knowledge reloaded" in await ask(app, "reload")
    [ours] = app.quiz.group_questions
    assert ours.startswith("ours-q-") and len(app.quiz.questions) > 300
