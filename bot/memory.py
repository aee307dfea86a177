"""Short-lived memory of the conversation, so "why not B?", "more" and "yes" refer to something.

Per person and channel (and per thread, so a reply in an answer's thread on Slack or Discord
refers to that answer), in memory, bounded in size and age: a restart forgets, which only means
a follow-up gets an "I have nothing to refer to" reply.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.model import Button, Place, User

TTL = 30 * 60.0  # seconds a context stays referable
SIZE = 10_000  # contexts kept at most (the oldest go first)
Key = tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What the last answer was about."""

    text: str = ""  # what was asked
    intent: str = ""  # lookup, compare, which_service, choice, quiz, a command word, ...
    notes: tuple[str, ...] = ()  # note ids the answer is about, best first
    question_id: str = ""  # a quiz question answered or revealed
    revealed: bool = True  # False while a daily question's answers are open
    choice: str = ""  # the letters picked (by the person in a quiz, by the tutor for a pasted question)
    options: tuple[tuple[str, str], ...] = ()  # a pasted question's lettered options
    at: float = 0.0


@dataclass
class Memory:
    """Contexts and offered buttons, least recently used dropped first, each for `ttl` seconds."""

    ttl: float = TTL
    size: int = SIZE
    clock: Callable[[], float] = time.monotonic
    _items: OrderedDict[Key, tuple[float, object]] = field(default_factory=OrderedDict)

    def remember(self, place: Place, user: User, context: Context) -> Context:
        """Keep `context` for this person here, and for the thread when there is one."""
        context = replace(context, at=self.clock())
        for key in _keys(place, user):
            self._put(key, context)
        return context

    def recall(self, place: Place, user: User) -> Context | None:
        """This thread's context, else this person's latest here; None if none is fresh."""
        for key in _keys(place, user):
            found = self._get(key)
            if isinstance(found, Context):
                return found
        return None

    def offer(self, place: Place, user: User, buttons: tuple[Button, ...]) -> None:
        """Remember the buttons last shown to this person here (a bare "1" or "yes" presses one)."""
        self._put(_person(place, user) + ("buttons",), buttons)

    def offered(self, place: Place, user: User) -> tuple[Button, ...]:
        found = self._get(_person(place, user) + ("buttons",))
        return found if isinstance(found, tuple) else ()

    def _put(self, key: Key, value: object) -> None:
        self._items[key] = (self.clock(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def _get(self, key: Key) -> object | None:
        item = self._items.get(key)
        if item is None or self.clock() - item[0] > self.ttl:
            return None
        return item[1]


def _person(place: Place, user: User) -> Key:
    return (place.platform, place.workspace, place.channel, "person", user.id)


def _keys(place: Place, user: User) -> list[Key]:
    thread = [(place.platform, place.workspace, place.channel, "thread", place.thread)] if place.thread else []
    return [*thread, _person(place, user)]
