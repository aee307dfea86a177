"""A quiz round as a plain object: what to post, how to judge and answer a click, the reveal.

No I/O: the service loads state, records answers in storage and asks the round for replies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from typing import Protocol

from bot.actions import Asked
from bot.model import Field, Reply
from bot.quiz.question import DOMAIN_NAMES, Question
from bot.quiz.toggles import is_answer, option_buttons, prompt, selection

POINTS = 1  # per correct daily answer
WINNERS_SHOWN = 30  # names under "Got it right"; the rest are counted


class Tally(Protocol):
    """What a reveal shows of the answers (storage's `Tally` has it; a round does no I/O)."""

    @property
    def counts(self) -> dict[str, int]: ...

    @property
    def winners(self) -> list[str]: ...

    @property
    def total(self) -> int: ...


@dataclass(frozen=True)
class Round:
    """One question and where it was asked (a daily post, a practice or review, an exam step),
    which its answer buttons carry."""

    question: Question
    asked: Asked

    def choices(self) -> list[str]:
        """Every answer a click can give: one letter, or a set of letters for 'choose two'."""
        letters = self.question.letters
        return ["".join(c) for c in combinations(letters, len(self.question.answer))]

    def post(self, title: str, private: bool, selected: str = "") -> Reply:
        """The question with its answer buttons (toggles and submit for multiple response)."""
        q = self.question
        options = "\n".join(f"{letter}. {text}" for letter, text in q.options)
        hint = prompt(q, selected)
        return Reply(
            title=title, text=f"{q.stem}\n\n{options}" + (f"\n\n{hint}" if hint else ""),
            buttons=option_buttons(q, self.asked, selected), private=private,
            footer=f"{DOMAIN_NAMES.get(q.domain, q.domain)} · {q.difficulty}",
        )

    def toggled(self, choice: str, title: str) -> Reply:
        """The question redrawn for the clicker with the selection a toggle made."""
        return replace(self.post(title, private=True, selected=selection(choice, self.question)),
                       replace=True)

    def is_choice(self, choice: str) -> bool:
        """True if `choice` is an answer this round takes."""
        return is_answer(choice, self.question)

    def judge(self, choice: str) -> bool:
        """Is `choice` the right answer?"""
        return tuple(sorted(choice)) == tuple(sorted(self.question.answer))

    def answer_reply(self, choice: str, *, repeat: bool = False, closed: bool = False,
                     today: date | None = None) -> Reply:
        """The private reply to a click: right or wrong, why, and why the pick was wrong."""
        q = self.question
        right = self.judge(choice)
        if repeat:
            lead = f"You already answered {_label(choice)}; one answer per question."
        elif closed:
            lead = f"Answers are closed for this question; you answered {_label(choice)}."
        else:
            lead = "Correct!" if right else f"Not quite: you picked {_label(choice)}."
        fields = [Field("Answer", self._answer_text())]
        fields.append(Field("Why", q.explanation))
        fields.extend(Field(f"Why not {letter}", q.why_not[letter])
                      for letter in choice if letter in q.why_not)
        fields.extend(self.changed_since(today))
        return Reply(
            title=lead, text=q.stem, fields=tuple(fields), private=True,
            tone="success" if right else "warning",
        )

    def closed_reply(self, today: date | None = None) -> Reply:
        """The reply to a click after the reveal by someone who never answered."""
        return Reply(title="Answers are closed for this question.", text=self.question.stem,
                     fields=(Field("Answer", self._answer_text()),
                             Field("Why", self.question.explanation), *self.changed_since(today)), private=True)

    def changed_since(self, today: date | None) -> tuple[Field, ...]:
        """For a question no longer in force on `today`: when and what changed since it was asked."""
        end = self.question.end
        if today is None or end is None or today < end:
            return ()
        return (Field("Changed since", f"On {end}: {self.question.changed} "
                                       f"This question describes AWS before that day."),)

    def reveal(self, tally: Tally, title: str, today: date | None = None) -> Reply:
        """The post, edited once answers close: answer, explanation, counts, who got it."""
        q = self.question
        right = "".join(q.answer)
        # Every combination of a choose-two question would be a wall of zeros: show those picked.
        shown = [c for c in self.choices() if len(c) == 1 or tally.counts.get(c) or c == right]
        counts = "  ".join(f"{_label(c)}: {tally.counts.get(c, 0)}" for c in shown)
        winners = ", ".join(tally.winners[:WINNERS_SHOWN]) or "nobody this time"
        if len(tally.winners) > WINNERS_SHOWN:
            winners += f" and {len(tally.winners) - WINNERS_SHOWN} more"
        options = "\n".join(f"{letter}. {text}" for letter, text in q.options)
        return Reply(
            title=f"{title} (answers closed)", text=f"{q.stem}\n\n{options}", private=False,
            fields=(Field("Answer", self._answer_text()), Field("Why", q.explanation),
                    Field(f"Answers ({tally.total})", counts), Field("Got it right", winners),
                    *self.changed_since(today)),
            tone="info",
        )

    def _answer_text(self) -> str:
        return "; ".join(f"{letter}. {self.question.option(letter)}" for letter in self.question.answer)


def _label(choice: str) -> str:
    return "+".join(choice)
