"""A recurring event logged at most once per interval, with how often it happened.

An attacker decides how often refusals, dropped connections and resource errors happen; one log
line each would let them fill the disk (the issue saw 100 MB of accept() errors in 40 s).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable


class Tally:
    """Counts `note()` calls; logs `message` with the count at most once per `interval` seconds."""

    def __init__(self, log: logging.Logger, level: int, message: str, interval: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.log = log
        self.level = level
        self.message = message
        self.interval = interval
        self.clock = clock
        self.total = 0
        self._pending = 0
        self._logged_at: float | None = None

    def note(self, detail: str = "") -> None:
        """Count one more; log if nothing was logged in the last `interval` seconds. `detail`
        must never carry request content (it is for things like an errno name)."""
        self.total += 1
        self._pending += 1
        now = self.clock()
        if self._logged_at is not None and now - self._logged_at < self.interval:
            return
        suffix = f" ({detail})" if detail else ""
        self.log.log(self.level, "%s%s: %d since the last report, at most one report per %ds",
                     self.message, suffix, self._pending, int(self.interval))
        self._pending = 0
        self._logged_at = now
