"""Properties: what several notes share, as data (`knowledge/properties/*.yaml`).

Three kinds, each answering a kind of exam question without code keyed on its wording:
- a `Property` is a set of notes with a trait ("which are NoSQL databases?", "is IAM global?");
- an `Ordering` ranks notes on one dimension ("takes the longest to retrieve", "cheapest");
- a `Responsibility` says who does a task for each service ("who patches the OS on RDS?").
Each is found in a question by its `phrases`. The format is in docs/knowledge-format.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    phrases: tuple[str, ...]
    members: frozenset[str]
    why: str
    non_members: frozenset[str] = frozenset()
    source: str = ""


@dataclass(frozen=True)
class Ordering:
    id: str
    name: str
    ranks: tuple[tuple[str, ...], ...]  # lowest first; notes in one rank are tied
    low: tuple[str, ...]
    high: tuple[str, ...]
    why: str
    source: str = ""

    @property
    def phrases(self) -> tuple[str, ...]:
        return self.low + self.high

    def rank(self, entry_id: str) -> int | None:
        for i, tied in enumerate(self.ranks):
            if entry_id in tied:
                return i
        return None

    def end(self, direction: str, having: Sequence[Property] = ()) -> tuple[str, ...]:
        """The notes at one end ("low" or "high") among those that have every property in
        `having`: "the cheapest support plan with 24/7 phone support" is not the cheapest plan."""
        tiers = self.ranks if direction == "low" else tuple(reversed(self.ranks))
        for tied in tiers:
            kept = tuple(i for i in tied if all(i in p.members for p in having))
            if kept:
                return kept
        return ()


ACTORS = ("customer", "aws", "shared")


@dataclass(frozen=True)
class Responsibility:
    id: str
    task: str
    phrases: tuple[str, ...]
    actors: dict[str, frozenset[str]]  # "customer" / "aws" / "shared" -> note ids
    why: str
    source: str = ""
    default: str | None = None  # who does it when the question names no listed service

    @property
    def name(self) -> str:
        return self.task

    def actor(self, entry_id: str | None) -> str | None:
        for who in ACTORS:
            if entry_id in self.actors.get(who, frozenset()):
                return who
        return self.default


@dataclass(frozen=True)
class Properties:
    properties: tuple[Property, ...] = ()
    orderings: tuple[Ordering, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    of_note: dict[str, tuple[str, ...]] = field(default_factory=dict)  # note id -> property ids it belongs to
    spans: tuple[Span, ...] = field(default=(), repr=False)  # every entry with its from/until, for `on`

    def __len__(self) -> int:
        return len(self.properties) + len(self.orderings) + len(self.responsibilities)

    def on(self, day: date) -> Properties:
        """The entries in force on `day` (all of them stay in `spans`, for the next day asked)."""
        if not self.spans:
            return self
        return assemble([e for e, start, end in self.spans
                         if (start is None or start <= day) and (end is None or day < end)], self.spans)


Span = tuple["Property | Ordering | Responsibility", date | None, date | None]


def assemble(entries: list[Property | Ordering | Responsibility], spans: tuple[Span, ...] = ()) -> Properties:
    """The entries sorted into their kinds, with the note -> property index."""
    properties = tuple(e for e in entries if isinstance(e, Property))
    of_note: dict[str, list[str]] = {}
    for prop in properties:
        for member in sorted(prop.members):
            of_note.setdefault(member, []).append(prop.id)
    return Properties(properties, tuple(e for e in entries if isinstance(e, Ordering)),
                      tuple(e for e in entries if isinstance(e, Responsibility)),
                      {k: tuple(v) for k, v in of_note.items()}, spans)
