"""Anki decks (.apkg) of quiz questions, made with genanki.

One Anki note per question: the stem and options on the front; the answer, explanation and a
why-not line for every wrong option on the back; tagged by exam domain and topic. Note ids come
from the question id (genanki's guid), so importing a newer deck updates cards instead of
duplicating them.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Iterable
from pathlib import Path

import genanki

from bot.quiz.question import DOMAIN_NAMES, Question

# Fixed ids: Anki recognises the same model and deck across exports by them.
MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
MODEL = genanki.Model(
    MODEL_ID,
    "awstutor question",
    fields=[{"name": "Question"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"},
            {"name": "WhyNot"}, {"name": "Id"}],
    templates=[{
        "name": "Card 1",
        "qfmt": "{{Question}}<br><br>{{Options}}",
        "afmt": "{{FrontSide}}<hr id=answer><b>{{Answer}}</b><br><br>{{Explanation}}<br><br>{{WhyNot}}",
    }],
    sort_field_index=5,
)


def _tag(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text.lower())


def note_for(question: Question) -> genanki.Note:
    options = "<br>".join(f"{k}. {html.escape(v)}" for k, v in question.options)
    answer = ", ".join(f"{k}. {html.escape(question.option(k))}" for k in question.answer)
    why_not = "<br>".join(f"Not {k}: {html.escape(line)}" for k, line in sorted(question.why_not.items()))
    tags = [f"domain::{_tag(DOMAIN_NAMES.get(question.domain, question.domain))}",
            *(f"topic::{_tag(t)}" for t in question.tests)]
    return genanki.Note(
        model=MODEL,
        fields=[html.escape(question.stem), options, answer, html.escape(question.explanation), why_not, question.id],
        tags=tags,
        guid=genanki.guid_for("awstutor", question.id),
    )


def deck_bytes(questions: Iterable[Question], title: str) -> bytes:
    """An .apkg file holding one note per question."""
    deck = genanki.Deck(DECK_ID, title)
    for question in questions:
        deck.add_note(note_for(question))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
