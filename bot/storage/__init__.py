"""Durable storage behind one small interface: `Storage` over SQLite or PostgreSQL.

`await open_storage(url)` builds the engine and applies pending migrations.
"""

from __future__ import annotations

from bot.storage.answers import AnswersMixin
from bot.storage.deliveries import DeliveriesMixin
from bot.storage.engine import make_engine
from bot.storage.exams import ExamsMixin
from bot.storage.migrations import migrate
from bot.storage.plans import PlansMixin
from bot.storage.pools import PoolsMixin
from bot.storage.posts import PostsMixin
from bot.storage.records import (
    AnswerResult,
    Attempt,
    ChannelRef,
    Post,
    Schedule,
    Score,
    Tally,
)
from bot.storage.reviews import ReviewsMixin

__all__ = [
    "AnswerResult", "Attempt", "ChannelRef", "Post", "Schedule", "Score", "Storage", "Tally",
    "open_storage",
]


class Storage(PostsMixin, AnswersMixin, ExamsMixin, ReviewsMixin, DeliveriesMixin, PlansMixin, PoolsMixin):
    """Everything the quiz stores. Build with `open_storage`."""


async def open_storage(url: str, schema: str | None = None) -> Storage:
    """Connect to `url`, apply pending migrations, and return the storage."""
    engine = make_engine(url, schema=schema)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return Storage(engine)
