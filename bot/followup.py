"""Follow-ups: "why not B?", "why?", "more", "compare it with SNS", "and for Windows?".

`read_followup` reads the phrasing; the reply builders below answer it from what it refers to,
which `bot.conversation` looks up in its memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.actions import ask_button
from bot.cards import how_to_tell
from bot.model import Field, Reply
from bot.notes import Entry
from bot.quiz.question import Question

_FLAGS = re.IGNORECASE
_OPENING = r"^\s*(?:(?:but|and|so|ok(?:ay)?|hmm+|wait)[\s,]+)*"
_LETTER = r"(?:option\s+|answer\s+|choice\s+)?\(?([a-e])\)?"
_WHY_NOT = [
    re.compile(_OPENING + r"why\s+(?:not|isn'?t\s+it|is\s*n'?t\s+it|wasn'?t\s+it|is\s+it\s+not|not\s+just)\s+" + _LETTER + r"\s*[?!.]*$", _FLAGS),
    re.compile(_OPENING + r"why\s+(?:is|was)\s+" + _LETTER + r"\s+(?:wrong|incorrect|not\s+right|not\s+correct|not\s+it)\s*[?!.]*$", _FLAGS),
    re.compile(_OPENING + r"what(?:'?s|\s+is)\s+wrong\s+with\s+" + _LETTER + r"\s*[?!.]*$", _FLAGS),
    re.compile(_OPENING + r"(?:what|how)\s+about\s+" + _LETTER + r"\s*[?!.]*$", _FLAGS),
]
_WHY = re.compile(_OPENING + r"(?:why(?:\s+(?:is\s+(?:it|that)|that(?:\s+one)?|so|is\s+" + _LETTER + r"(?:\s+(?:right|correct))?|" + _LETTER + r"))?|how\s+come|explain(?:\s+(?:that|it|why))?)\s*[?!.]*$", _FLAGS)
_MORE = re.compile(_OPENING + r"(?:(?:tell\s+me\s+)?more(?:\s+(?:please|pls|info|details|about\s+(?:it|that|this)))?|go\s+on|details|expand|elaborate|and\s*\?|keep\s+going)\s*[?!.]*$", _FLAGS)
_COMPARE = re.compile(
    _OPENING + r"(?:compare\s+(?:it|that|this|them)\s+(?:with|to|and)|compare\s+(?:with|to)|how\s+(?:does|is)\s+(?:it|that)\s+"
    r"(?:compare[ds]?\s+(?:with|to)|different\s+from|differ\s+from)|(?:and\s+)?(?:vs\.?|versus)|"
    r"what(?:'?s|\s+is)\s+the\s+difference\s+(?:with|to|from))\s+(.+?)\s*[?!.]*$",
    _FLAGS,
)
_ABOUT = re.compile(
    _OPENING + r"(?:(?:what|how)\s+about|and|same\s+(?:for|with)|what\s+if\s+it'?s|is\s+it\s+the\s+same\s+for)\s+(?:for\s+|with\s+|in\s+|on\s+)?(.+?)\s*[?!.]*$",
    _FLAGS,
)

_QUESTION = re.compile(r"^(?:what|which|who|how|why|when|where|is|are|does|do|can|should)\b", _FLAGS)


@dataclass(frozen=True)
class FollowUp:
    """`kind` is why_not, why, more, compare or about; `arg` is the letter or the other subject."""

    kind: str
    arg: str = ""


def read_followup(text: str) -> FollowUp | None:
    """The follow-up `text` asks for, or None if it reads as a question of its own."""
    text = text.strip()
    if len(text) > 80 or "\n" in text:
        return None
    for pattern in _WHY_NOT:
        m = pattern.match(text)
        if m:
            return FollowUp("why_not", m.group(1).upper())
    m = _WHY.match(text)
    if m:
        return FollowUp("why", next((g.upper() for g in m.groups() if g), ""))
    if _MORE.match(text):
        return FollowUp("more")
    m = _COMPARE.match(text)
    if m:
        return FollowUp("compare", m.group(1))
    m = _ABOUT.match(text)
    if m and len(m.group(1).split()) <= 5 and not _QUESTION.match(m.group(1)):
        return FollowUp("about", m.group(1))
    return None


# --- answering a follow-up about what the memory holds -------------------------------------------


def why_not_quiz(question: Question, letter: str) -> Reply:
    """"why not B?" after a quiz question: the bank's own reason, with the answer."""
    if letter not in question.letters:
        return Reply(text=f"That question has options {', '.join(question.letters)}; there is no {letter}.", tone="warning")
    answer = "; ".join(f"{k}. {question.option(k)}" for k in question.answer)
    if letter in question.answer:
        return Reply(title=f"{letter} is right", text=question.stem,
                     fields=(Field("Answer", answer), Field("Why", question.explanation)))
    reason = question.why_not.get(letter) or "My question bank gives no reason of its own for this option."
    return Reply(title=f"Why not {letter}: {question.option(letter)}", text=reason,
                 fields=(Field("Answer", answer), Field("Why", question.explanation)))


def why_quiz(question: Question) -> Reply:
    """"why?" after a quiz question: its answer and explanation."""
    answer = "; ".join(f"{k}. {question.option(k)}" for k in question.answer)
    return Reply(title=f"Why {'+'.join(question.answer)}", text=question.explanation, fields=(Field("Answer", answer),))


def not_yet(question: Question) -> Reply:
    """Asked about a question whose answers are still open: no spoilers."""
    return Reply(title="Answers are still open", text="Pick your answer with the buttons first; then ask me "
                 f"`why not B?` and I'll explain.\n\n{question.stem}", tone="warning")


def why_not_pasted(options: dict[str, str], picked: str, letter: str, notes: dict[str, Entry | None]) -> Reply:
    """"why not B?" after a pasted question: what B is, and how it differs from the pick."""
    if letter not in options:
        return Reply(text=f"That question has options {', '.join(options)}; there is no {letter}.", tone="warning")
    mine, theirs = notes.get(picked[:1]), notes.get(letter)
    said = f"{letter}. {options[letter]}"
    if letter in picked:
        text = f"I picked {said}." + (f" {theirs.label}: {theirs.summary}" if theirs else "")
        return Reply(title=f"Why {letter}", text=text)
    text = f"I picked {', '.join(picked)}; {said} fits less well."
    fields = [Field(theirs.label, theirs.summary)] if theirs else []
    how = how_to_tell(mine, theirs) if mine and theirs and mine.id != theirs.id else ""
    if how:
        fields.append(Field("How to tell them apart", how))
    return Reply(title=f"Why not {letter}?", text=text, fields=tuple(fields),
                 footer="I match questions against my notes; double-check with the linked docs.")


def more_on(entry: Entry, entries: dict[str, Entry]) -> Reply:
    """"more" after the full card: where to go from here."""
    related = [entries[r] for r in entry.related if r in entries]
    return Reply(
        title=f"More on {entry.label}",
        text="The card above holds all of my note. To go further:",
        fields=(Field("Related", ", ".join(e.label for e in related)),) if related else (),
        buttons=tuple(ask_button(e.label, e.id) for e in related[:3]),
        url=entry.docs,
        footer=f"Practise it: `quiz {entry.aliases[0] if entry.aliases else entry.label}`",
    )


def followed_text(previous: str, words: str) -> str:
    """The earlier question asked again about `words`: "... for Linux?" + "for Windows" replaces
    the "for ..." part; anything else is added to the question."""
    previous = previous.rstrip(" ?!.")
    asked = re.sub(r"^(?:for|with|in|on)\s+", "", words, flags=_FLAGS)
    cut = re.search(r"\s(?:for|with|in|on)\s+[^,;]*$", previous, _FLAGS)
    return f"{previous[: cut.start()]} for {asked}?" if cut else f"{previous} {asked}?"
