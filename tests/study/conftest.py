"""Study fixtures: the shipped notes and bank, SQLite storage, and a terminal conversation."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from studyterm import Term

from bot.quiz.bank import load_bank
from bot.quiz.question import Question
from bot.storage import Storage, open_storage
from bot.tutor import Tutor

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="session")
def tutor() -> Tutor:
    return Tutor.load(KNOWLEDGE)


@pytest.fixture(scope="session")
def questions(tutor: Tutor) -> list[Question]:
    found, errors = load_bank(KNOWLEDGE / "quiz", set(tutor.notes.entries))
    assert not errors
    return found


@pytest_asyncio.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await open_storage(f"sqlite+aiosqlite:///{tmp_path / 'study.db'}")
    try:
        yield store
    finally:
        await store.aclose()


@pytest_asyncio.fixture
async def memory_disk_sqlite() -> AsyncIterator[Storage]:
    """SQLite on a memory-backed disk where there is one: the simulations write hundreds of
    answers, each committed with a full sync, which on a real disk costs seconds."""
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        store = await open_storage(f"sqlite+aiosqlite:///{Path(folder) / 'simulated.db'}")
        try:
            yield store
        finally:
            await store.aclose()


@pytest_asyncio.fixture
async def term(sqlite: Storage, tutor: Tutor, questions: list[Question]) -> Term:
    return Term(sqlite, tutor, questions)
