"""Find the properties, orderings and responsibilities a text asks about, by their phrases.

Phrases are compared as stemmed word sequences, so "NoSQL databases" finds "nosql database"
and "retrieves slowest" finds "slowest retrieval" only if written so (word order counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.properties import Ordering, Properties, Property, Responsibility
from bot.text import stem, words

Owner = Property | Ordering | Responsibility


@dataclass(frozen=True)
class Found:
    """A phrase found in a text: whose it is, which end of an ordering it asks for, where."""

    owner: Owner
    direction: str  # "" for properties and responsibilities, "low" or "high" for orderings
    start: int
    length: int


_GENERIC = frozenset(stem(w) for w in ("service", "services"))


def named_properties(found: list[Found]) -> list[Property]:
    """The properties among phrases found in a text, each once, in the order found."""
    return list({f.owner.id: f.owner for f in found if isinstance(f.owner, Property)}.values())


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


class PhraseIndex:
    """Every phrase of every property entry, keyed by its first stemmed word."""

    def __init__(self, props: Properties) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Owner, str]]] = defaultdict(list)
        # "global service" -> "global": the trait alone, for "is S3 regional?". Kept apart
        # because in an exam stem a bare "global" or "regional" is often about something else.
        self._traits: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._props = {prop.id: prop for prop in props.properties}
        for prop in props.properties:
            for phrase in prop.phrases:
                toks = tuple(stems(phrase))
                if len(toks) > 1 and toks[-1] in _GENERIC:
                    self._traits[toks[:-1]].add(prop.id)
        for prop in props.properties:
            self._add(prop, prop.phrases, "")
        for duty in props.responsibilities:
            self._add(duty, duty.phrases, "")
        for ordering in props.orderings:
            self._add(ordering, ordering.low, "low")
            self._add(ordering, ordering.high, "high")

    def _add(self, owner: Owner, phrases: tuple[str, ...], direction: str) -> None:
        for phrase in phrases:
            toks = tuple(stems(phrase))
            if toks:
                self._by_first[toks[0]].append((toks, owner, direction))

    def trait(self, text: str) -> Property | None:
        """The one property whose phrase, less a closing "service", ends `text` ("is S3 regional?")."""
        toks = stems(text)
        for n in range(min(len(toks), 4), 0, -1):
            owners = self._traits.get(tuple(toks[-n:]), set())
            if len(owners) == 1:
                return self._props[next(iter(owners))]
        return None

    def find(self, text: str) -> list[Found]:
        """Phrases in `text`, longest first; a shorter phrase inside a longer one is not counted."""
        toks = stems(text)
        found: list[Found] = []
        for i, tok in enumerate(toks):
            for phrase, owner, direction in self._by_first.get(tok, ()):
                if tuple(toks[i : i + len(phrase)]) == phrase:
                    found.append(Found(owner, direction, i, len(phrase)))
        found.sort(key=lambda f: (-f.length, f.start))
        kept: list[Found] = []
        for f in found:
            if not any(k.start <= f.start and f.start + f.length <= k.start + k.length for k in kept):
                kept.append(f)
        return kept
