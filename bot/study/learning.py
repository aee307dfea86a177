"""What every answer teaches (daily, practice, review, mock exam): the question's review card
moves on (FSRS), and a wrong pick that is a known mix-up is counted and queues its "A vs B" card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.quiz.question import Question
from bot.quiz.review import Reviewer
from bot.storage import Storage
from bot.study.mixups import Mixups, item_id


class Learning:
    """Updates review cards and mix-ups after an answer."""

    def __init__(self, storage: Storage, reviewer: Reviewer, mixups: Mixups) -> None:
        self.storage = storage
        self.reviewer = reviewer
        self.mixups = mixups

    async def answered(self, platform: str, user_id: str, question: Question, choice: str,
                       correct: bool, now: datetime, rated: bool = False) -> None:
        """Record what one answer means for the person's reviews (`rated`: the question's own
        card already moved on with the answer)."""
        if not rated:
            await self.rate(platform, user_id, question.id, correct, now)
        if correct:
            return
        for right, picked in self.mixups.pairs(question, choice):
            await self.storage.record_mixup(platform, user_id, right, picked, now)
            # A new pair joins the queue now; a pair mixed up again counts as forgotten.
            await self.rate(platform, user_id, item_id(right, picked), False, now)

    def card_mover(self, correct: bool, now: datetime) -> Callable[[str | None], tuple[str, datetime]]:
        """How a stored card moves on by this answer (for storage to apply in its transaction)."""
        return lambda old: self.reviewer.next_card(old, correct, now)

    async def rate(self, platform: str, user_id: str, item: str, remembered: bool, now: datetime) -> None:
        """Move one review item's card on by an answer (right = Good, wrong = Again)."""
        old = await self.storage.card(platform, user_id, item)
        card, due = self.reviewer.next_card(old, remembered, now)
        await self.storage.save_card(platform, user_id, item, card, due)
