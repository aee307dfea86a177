"""Spaced review with FSRS: correct is Good, wrong is Again; whole days only (no minute steps)."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler


class Reviewer:
    """Computes a person's next review of a question from their previous card and this answer."""

    def __init__(self, desired_retention: float = 0.9) -> None:
        # No learning steps: a daily bot cannot show a card again in 1 or 10 minutes. Fuzzing off
        # keeps due dates reproducible in tests and predictable for people.
        self.scheduler = Scheduler(
            desired_retention=desired_retention, learning_steps=(), relearning_steps=(),
            enable_fuzzing=False,
        )

    def next_card(self, card_json: str | None, correct: bool, now: datetime) -> tuple[str, datetime]:
        """The updated card (JSON) and when it is next due."""
        # card_id=0: Card() would otherwise derive an id from the clock and block for 1 ms.
        card = Card.from_json(card_json) if card_json else Card(card_id=0)
        rating = Rating.Good if correct else Rating.Again
        card, _log = self.scheduler.review_card(card, rating, now)
        return card.to_json(), card.due
