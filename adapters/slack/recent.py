"""A small set of recently seen keys that forgets them after `ttl` seconds."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class Recent:
    """Remembers keys for `ttl` seconds, at most `max_keys` of them (oldest forgotten first)."""

    def __init__(self, ttl: float, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self.clock = clock
        self._until: OrderedDict[str, float] = OrderedDict()

    def seen(self, key: str) -> bool:
        """Whether `key` was added less than `ttl` seconds ago."""
        now = self.clock()
        while self._until and next(iter(self._until.values())) <= now:
            self._until.popitem(last=False)
        return key in self._until

    def add(self, key: str) -> None:
        """Remember `key` for `ttl` seconds from now."""
        self._until[key] = self.clock() + self.ttl
        self._until.move_to_end(key)
        while len(self._until) > self.max_keys:
            self._until.popitem(last=False)

    def forget(self, key: str) -> None:
        """Forget `key` now."""
        self._until.pop(key, None)
