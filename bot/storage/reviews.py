"""Spaced-review cards: one FSRS card (as JSON) per person and question, with its due time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc, utc


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
        stmt = self._insert(s.reviews).values(
            platform=platform, user_id=user_id, question_id=question_id, card=card,
            due=must_utc(due),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "user_id", "question_id"],
            set_={"card": stmt.excluded.card, "due": stmt.excluded.due},
        )
        async with self._write() as conn:
            await conn.execute(stmt)

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
