"""Mix-ups: a wrong option that names a note the notes list as confused with the right answer's
note is a pair worth studying. Pairs become "A vs B" review cards (`vs:<a>:<b>` in the review
queue) showing the deciding difference from the notes."""

from __future__ import annotations

from collections.abc import Mapping

from bot.actions import MixupRating, encode
from bot.cards import how_to_tell
from bot.model import Button, Field, Reply
from bot.notes import Entry
from bot.quiz.question import Question
from bot.text import name_key

VS = "vs:"  # review-queue ids of mix-up cards: vs:<right note>:<picked note>


class Mixups:
    """Finds the known confusions in a wrong answer and renders their cards."""

    def __init__(self, notes: Mapping[str, Entry]) -> None:
        self.notes = dict(notes)
        self.by_name: dict[str, str] = {}
        for entry in self.notes.values():
            for said in (entry.name, entry.short, *entry.aliases, *entry.formerly, entry.id.replace("-", " ")):
                if said:
                    self.by_name.setdefault(name_key(said), entry.id)

    def note_of(self, option_text: str) -> str | None:
        """The note an option names exactly ("Amazon SNS", "SNS"), if any."""
        return self.by_name.get(name_key(option_text))

    def pairs(self, question: Question, choice: str) -> list[tuple[str, str]]:
        """(right note, picked note) for each picked wrong option that is a known confusion."""
        right = [n for n in question.answered_notes() if n in self.notes]
        right += [n for n in (self.note_of(question.option(x)) for x in question.answer) if n and n not in right]
        found: list[tuple[str, str]] = []
        for letter in choice:
            picked = self.note_of(question.option(letter)) if letter not in question.answer else None
            if picked is None or picked in right:
                continue
            found += [(r, picked) for r in right if self._confused(r, picked) and (r, picked) not in found]
        return found

    def _confused(self, a: str, b: str) -> bool:
        return bool(how_to_tell(self.notes[a], self.notes[b]))

    def label(self, note_id: str) -> str:
        entry = self.notes.get(note_id)
        return entry.label if entry else note_id

    def card(self, item: str, due: int) -> Reply | None:
        """The review card of a `vs:` item, or None if a note was removed since."""
        right, picked = parse(item)
        a, b = self.notes.get(right), self.notes.get(picked)
        if a is None or b is None:
            return None
        return Reply(
            title=f"Review ({due} due): {a.label} vs {b.label}",
            text=f"You picked {b.label} where {a.label} was the answer. The deciding difference: "
                 f"{how_to_tell(a, b)}",
            fields=(Field(a.label, a.summary, inline=True), Field(b.label, b.summary, inline=True)),
            buttons=(Button("Got it", encode(MixupRating(right, picked, got_it=True)), style="primary"),
                     Button("Still mixing them up", encode(MixupRating(right, picked, got_it=False)))),
            footer=f"More: `compare {a.label} vs {b.label}`",
        )


def item_id(right: str, picked: str) -> str:
    """The review-queue id of a mix-up card."""
    return f"{VS}{right}:{picked}"


def parse(item: str) -> tuple[str, str]:
    """(right, picked) from a `vs:` review id."""
    right, _, picked = item.removeprefix(VS).partition(":")
    return right, picked
