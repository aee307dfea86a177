"""Two terms that one note covers, compared inside it: "rto vs rpo", "pilot light vs warm standby".

Comparing the note with itself says nothing, so each term gets the line of the note that is
about it, and a line naming both (the note's own "how they differ") comes first when there is one.
"""

from __future__ import annotations

import re

from bot.actions import ask_button
from bot.model import Field, Reply
from bot.notes import Entry
from bot.text import SYNONYMS, fold

_CONTRAST = re.compile(r"\bdiffer|\bvs\.?\b|\bwhereas\b|\bwhile\b|\bunlike\b", re.IGNORECASE)


def _pattern(term: str) -> re.Pattern[str]:
    """The term, or its spelled-out form ("rto" -> "recovery time objective"), as whole words."""
    forms = [term, SYNONYMS.get(term, "")]
    return re.compile("|".join(rf"\b{re.escape(f)}\b" for f in forms if f), re.IGNORECASE)


def _lines(entry: Entry) -> list[str]:
    return [*entry.facts, *entry.use_cases]


def _about(lines: list[str], term: re.Pattern[str], other: re.Pattern[str]) -> str:
    """The line that is most about `term`: it names it early and does not name `other`."""
    found = [(line, m.start()) for line in lines if (m := term.search(line)) and not other.search(line)]
    return min(found, key=lambda f: f[1])[0] if found else ""


def _shown(term: str) -> str:
    """"rto" -> "RTO" (short terms are acronyms), "pilot light" -> "Pilot light"."""
    return term.upper() if len(term) <= 4 else term[:1].upper() + term[1:]


def within_note(entry: Entry, first: str, second: str) -> Reply:
    """The reply to comparing two things that are both parts of `entry`."""
    a, b = fold(first).strip(), fold(second).strip()
    pa, pb = _pattern(a), _pattern(b)
    both = [line for line in entry.facts if pa.search(line) and pb.search(line) and _CONTRAST.search(line)]
    fields = [Field("How they differ", both[0])] if both else []
    for term, mine, other in ((first, pa, pb), (second, pb, pa)):
        line = _about(_lines(entry), mine, other)
        fields.append(Field(_shown(term), line or "My note has no line of its own on this."))
    return Reply(
        title=f"{_shown(first)} vs {_shown(second)}",
        text=f"Both are part of my note on {entry.label}, so here is what it says about each.",
        fields=tuple(fields),
        buttons=(ask_button(entry.label, entry.id),),
        url=entry.docs,
    )
