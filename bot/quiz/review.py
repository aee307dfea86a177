"""Spaced review with FSRS: correct is Good, wrong is Again. A miss comes back after a short
learning step (10 minutes, within the same study session); answers right move on by days."""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

LEARNING_STEP = timedelta(minutes=10)


class Reviewer:
    """Computes a person's next review of a question from their previous card and this answer."""

    def __init__(self, desired_retention: float = 0.9) -> None:
        # One learning step: a question answered right the first time goes straight to days (a
        # daily bot has no use for "again in 1 minute"), a miss returns after LEARNING_STEP.
        # Fuzzing off keeps due dates reproducible in tests and predictable for people.
        self.scheduler = Scheduler(
            desired_retention=desired_retention, learning_steps=(LEARNING_STEP,),
            relearning_steps=(LEARNING_STEP,), enable_fuzzing=False,
        )

    def next_card(self, card_json: str | None, correct: bool, now: datetime) -> tuple[str, datetime]:
        """The updated card (JSON) and when it is next due."""
        # card_id=0: Card() would otherwise derive an id from the clock and block for 1 ms.
        card = Card.from_json(card_json) if card_json else Card(card_id=0)
        rating = Rating.Good if correct else Rating.Again
        card, _log = self.scheduler.review_card(card, rating, now)
        return card.to_json(), card.due

    def recall(self, card_json: str, now: datetime) -> float:
        """FSRS's probability that the person recalls the card's question at `now`."""
        return float(self.scheduler.get_card_retrievability(Card.from_json(card_json), now))

    @staticmethod
    def counts_since(card_json: str, now: datetime) -> datetime:
        """From when an answer to this card counts as already given: since it came due, or, if
        it is not due (an old message clicked again), since the answer that moved it on."""
        card = Card.from_json(card_json)
        since: datetime = card.due if card.due <= now else (card.last_review or card.due)
        return since
