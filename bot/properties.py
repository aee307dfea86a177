"""Properties: what several notes share, as data (`knowledge/properties/*.yaml`).

Three kinds, each answering a kind of exam question without code keyed on its wording:
- a `Property` is a set of notes with a trait ("which are NoSQL databases?", "is IAM global?");
- an `Ordering` ranks notes on one dimension ("takes the longest to retrieve", "cheapest");
- a `Responsibility` says who does a task for each service ("who patches the OS on RDS?").
Each is found in a question by its `phrases`. The format is in docs/knowledge-format.md.
"""

from __future__ import annotations

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

    def __len__(self) -> int:
        return len(self.properties) + len(self.orderings) + len(self.responsibilities)


def in_force(item: dict[str, object], today: date) -> bool:
    """An entry with `from`/`until` dates applies from `from` (inclusive) until `until` (exclusive)."""
    start, end = item.get("from"), item.get("until")
    if isinstance(start, str) and today < date.fromisoformat(start):
        return False
    return not (isinstance(end, str) and today >= date.fromisoformat(end))
