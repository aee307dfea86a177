"""A per-key token bucket: `burst` requests at once, refilled at `per_minute`.

Pure and clock-free (callers pass `now`, seconds from any monotonic clock), so adapters share it
and tests drive it without sleeping. Used per user for questions and per API method for pacing.
"""

from __future__ import annotations


class RateLimiter:
    """Token buckets keyed by any string (e.g. ``"T123:U456"``)."""

    def __init__(self, burst: int, per_minute: float, max_keys: int = 10_000) -> None:
        if burst < 1 or per_minute <= 0:
            raise ValueError("burst must be >= 1 and per_minute > 0")
        self.burst = burst
        self.rate = per_minute / 60.0
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Take one token for `key` if there is one; return whether the action may go ahead."""
        tokens = self._tokens(key, now)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > self.max_keys:
            self._prune(now)
        return True

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until `key` will have a token again (0 if it has one now)."""
        missing = 1.0 - self._tokens(key, now)
        return max(0.0, missing / self.rate)

    def _tokens(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + max(0.0, now - then) * self.rate)

    def _prune(self, now: float) -> None:
        # A full bucket carries no information: forgetting it changes nothing, and keeps memory
        # bounded by the number of recently active keys.
        for key in [k for k in self._buckets if self._tokens(k, now) >= self.burst]:
            del self._buckets[key]
