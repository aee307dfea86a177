"""Spaced-review cards: one FSRS card (as JSON) per person and question, with its due time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc, utc

# Given a person's stored card for a question (JSON; None if they have none), the next card and
# when it is due: `bot.quiz.review.Reviewer.next_card` with the answer bound.
Reschedule = Callable[[str | None], tuple[str, datetime]]


class ReviewsMixin(StorageBase):
    """Storage for review cards; the scheduling maths lives in `bot.quiz.review`."""

    async def card(self, platform: str, user_id: str, question_id: str) -> str | None:
        """The stored card JSON, or None for a question never answered."""
        r = s.reviews
        async with self._read() as conn:
            return (await conn.execute(select(r.c.card).where(
                (r.c.platform == platform) & (r.c.user_id == user_id)
                & (r.c.question_id == question_id)
            ))).scalar()

    async def save_card(
        self, platform: str, user_id: str, question_id: str, card: str, due: datetime
    ) -> None:
        """Insert or replace a card."""
        async with self._write() as conn:
            await conn.execute(self._card_upsert(platform, user_id, question_id, card, due))

    async def _reschedule(
        self, conn: AsyncConnection, platform: str, user_id: str, question_id: str, reschedule: Reschedule
    ) -> None:
        """Update the person's card inside the caller's transaction (the one recording the answer),
        so an answer is never stored without its card. The old card is locked (PostgreSQL) so two
        answers to the same question cannot both start from it."""
        r = s.reviews
        old = (await conn.execute(select(r.c.card).where(
            (r.c.platform == platform) & (r.c.user_id == user_id) & (r.c.question_id == question_id)
        ).with_for_update())).scalar()
        card, due = reschedule(old)
        await conn.execute(self._card_upsert(platform, user_id, question_id, card, due))

    def _card_upsert(self, platform: str, user_id: str, question_id: str, card: str, due: datetime) -> Any:
        stmt = self._insert(s.reviews).values(
            platform=platform, user_id=user_id, question_id=question_id, card=card,
            due=must_utc(due),
        )
        return stmt.on_conflict_do_update(
            index_elements=["platform", "user_id", "question_id"],
            set_={"card": stmt.excluded.card, "due": stmt.excluded.due},
        )

    async def due_cards(self, platform: str, user_id: str, now: datetime) -> list[str]:
        """Question ids due for review, most overdue first."""
        r = s.reviews
        async with self._read() as conn:
            result = await conn.execute(
                select(r.c.question_id).where(
                    (r.c.platform == platform) & (r.c.user_id == user_id)
                    & (r.c.due <= must_utc(now))
                ).order_by(r.c.due)
            )
            return [str(q) for q in result.scalars()]

    async def next_due(self, platform: str, user_id: str) -> datetime | None:
        """When the person's next card comes due (None without cards)."""
        r = s.reviews
        async with self._read() as conn:
            value = (await conn.execute(select(func.min(r.c.due)).where(
                (r.c.platform == platform) & (r.c.user_id == user_id)
            ))).scalar()
        return utc(value)
