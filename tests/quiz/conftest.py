"""Quiz fixtures: the fixture bank, a recording Poster, and a `quiz` world with a settable clock."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest_asyncio

from bot.model import Click, Place, PostError, Reply, Request, User
from bot.quiz.bank import load_bank
from bot.quiz.question import Question
from bot.quiz.scheduler import Scheduler
from bot.quiz.service import QuizService
from bot.storage import Storage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "quiz" / "good"
NOTES = {"sts", "mfa", "iam-users", "budgets", "ec2", "cloud-advantages"}
CHANNEL = Place(platform="slack", channel="C1", workspace="T1")
ADMIN = User("U-admin", "Ada", is_admin=True)


def bank() -> list[Question]:
    questions, errors = load_bank(FIXTURES, NOTES)
    assert errors == []
    return questions


@dataclass
class FakePoster:
    """Records posts, edits and DMs; `fail_with` makes the next posts raise PostError."""

    posts: list[tuple[Place, Reply]] = field(default_factory=list)
    updates: list[tuple[Place, str, Reply]] = field(default_factory=list)
    notes: list[tuple[str, Reply]] = field(default_factory=list)
    fail_with: str | None = None

    async def post(self, place: Place, reply: Reply) -> str:
        if self.fail_with:
            raise PostError(self.fail_with)
        self.posts.append((place, reply))
        return f"m{len(self.posts)}"

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        self.updates.append((place, message_id, reply))

    async def notify(self, user_id: str, reply: Reply) -> None:
        self.notes.append((user_id, reply))


@dataclass
class Quiz:
    """Service + scheduler over one storage, sharing a clock the test moves by hand."""

    storage: Storage
    poster: FakePoster
    now: datetime
    service: QuizService = field(init=False)
    scheduler: Scheduler = field(init=False)

    def __post_init__(self) -> None:
        self.service = QuizService(self.storage, bank(), clock=lambda: self.now, rng=random.Random(1))
        self.scheduler = self.make_scheduler()

    def make_scheduler(self, poster: FakePoster | None = None) -> Scheduler:
        return Scheduler(self.storage, bank(), poster or self.poster, rng=random.Random(2),
                         clock=lambda: self.now)

    async def say(self, text: str, user: User = ADMIN, place: Place = CHANNEL) -> Reply:
        name, _, args = text.partition(" ")
        return await self.service.command(Request(user, place, text), name, args)

    async def click(self, action_id: str, user: User, place: Place = CHANNEL) -> Reply:
        return await self.service.click(Click(user=user, place=place, action_id=action_id))


@pytest_asyncio.fixture
async def quiz(storage: Storage) -> AsyncIterator[Quiz]:
    """A quiz world on the parametrised storage, clock at Monday 2 March 2026 08:00 UTC."""
    yield Quiz(storage, FakePoster(), datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
