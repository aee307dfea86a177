"""The search index, built once at start-up: names (bot/names.py) and passages (bot/passages.py),
each used where it works (see shared/docs/matching-baselines.md), plus the one weight that reads
what kind of answer a question wants.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.names import NameIndex
from bot.notes import Notes, Trap
from bot.passages import Hit, PassageIndex, line_terms, pairs
from bot.text import fold

TRAP_MATCH = 88.0  # token-sort ratio from which an option repeats a trap's false statement
TRAP_MIN_WORDS = 5  # shorter options are too generic to be a known false statement
OTHER_KIND = 0.6  # weight of notes of the other kind than the question asks for
_ASKS_SERVICE = re.compile(r"\b(services?|tools?|features?|products?|offerings?)\b", re.I)
_ASKS_CONCEPT = re.compile(r"\b(pillars?|perspectives?|strateg(?:y|ies)|principles?|models?|advantages?|benefits?|concepts?)\b", re.I)


def asks_for(text: str) -> str:
    """"service" or "concept" when the question says which kind of answer it wants, else ""."""
    concept = _ASKS_CONCEPT.search(text)
    service = _ASKS_SERVICE.search(text)
    if concept and not service:
        return "concept"
    if service and not concept:
        return "service"
    return ""


class Index(NameIndex, PassageIndex):
    """Names and passages of every note, ready to query."""

    def __init__(self, notes: Notes, disabled: frozenset[str] = frozenset()) -> None:
        self.disabled = disabled  # scoring rules switched off (bot/rules.py SCORING_RULES)
        entries = list(notes.entries.values())
        self._positions = {e.id: i for i, e in enumerate(entries)}
        NameIndex.__init__(self, entries)
        PassageIndex.__init__(self, entries)

    def position(self, entry_id: str) -> int:
        return self._positions[entry_id]

    def known_false(self, text: str) -> Trap | None:
        """The trap whose false statement `text` repeats, nearly word for word, if any."""
        if not hasattr(self, "_wrongs"):
            self._traps = [t for e in self.entries for t in e.traps]
            self._wrongs = [fold(t.wrong) for t in self._traps]
        folded = fold(text)
        if len(folded.split()) < TRAP_MIN_WORDS or not self._wrongs:
            return None
        found = process.extractOne(folded, self._wrongs, scorer=fuzz.token_sort_ratio, score_cutoff=TRAP_MATCH)
        return self._traps[found[2]] if found else None

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best entries for a question, best first, favouring the kind of thing it asks for."""
        qterms = self.query_terms(text)
        wants = asks_for(text)
        scored = self.scores(qterms)
        if wants and "kind" not in self.disabled:
            for i in scored:
                if (self.entries[i].kind == "concept") != (wants == "concept"):
                    scored[i] *= OTHER_KIND
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])[:limit]
        return [self.hit(i, s, qterms) for i, s in ranked]


__all__ = ["Hit", "Index", "asks_for", "line_terms", "pairs"]
