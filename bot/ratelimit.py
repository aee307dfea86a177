"""A per-key token bucket: `burst` requests at once, refilled at `per_minute`.

Pure and clock-free (callers pass `now`, seconds from any monotonic clock), so adapters share it
and tests drive it without sleeping. Used per person for questions (`check`, keyed on
`platform:user_id`, so one person is one bucket whichever channel or workspace they ask in) and
per API method for pacing (`allow`).
"""

from __future__ import annotations

from bot.model import Reply


def user_key(platform: str, user_id: str) -> str:
    """The bucket of one person on one platform."""
    return f"{platform}:{user_id}"


class RateLimiter:
    """Token buckets keyed by any string (e.g. ``"slack:U456"``)."""

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

    def check(self, platform: str, user_id: str, now: float) -> Reply | None:
        """None if this person may ask now (a token is taken), else the reply telling them when."""
        key = user_key(platform, user_id)
        if self.allow(key, now):
            return None
        return self.too_fast(self.retry_after(key, now))

    def too_fast(self, wait: float) -> Reply:
        """The private notice for someone over their rate; `wait` in seconds."""
        return Reply(
            text=(
                f"You're asking faster than I can keep up. Try again in {max(1, round(wait))} s "
                f"(up to {self.burst} questions at once, {round(self.rate * 60)} a minute)."
            ),
            tone="warning",
        )

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
