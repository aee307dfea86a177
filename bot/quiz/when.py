"""Schedules in everyday words: `9am London weekdays`, `weekdays 21:30 America/New_York`, `noon utc`.

The words may come in any order. A time is 24-hour `HH:MM`, `9am`, `9:30pm`, `noon` or a bare
hour that cannot be misread (0 or 13-23; a bare 9 could be morning or evening, so it is asked
about). A zone is an IANA name or a city in one (`London`, `new york`, `Sao Paulo`), or UTC.
Days are `bot.quiz.timeplan.parse_days` words, plus `every day`, `mon to fri` and `mondays`.
Errors say what was understood and what was not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from zoneinfo import available_timezones

from bot.errors import UserError
from bot.quiz.timeplan import DAY_WORDS, EXAMPLE, FULL_DAYS, describe_days, parse_days, parse_time, parse_zone

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_FILLERS = frozenset("at on in every each and the time zone tz from".split())
_UTC = {"utc": "UTC", "gmt": "UTC", "z": "UTC"}
_CONTINENTS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
_RANGE = re.compile(r"\b([a-z]{3,9})\s+(?:to|through|thru|till|until)\s+([a-z]{3,9})\b")


@dataclass
class Scan:
    """What a schedule text holds: the parts understood and the words that were not."""

    time: str | None = None
    zone: str | None = None
    days: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    ambiguous: str = ""

    def understood(self) -> str:
        parts = [p for p in (self.time, self.zone) if p]
        if self.days:
            parts.append(describe_days(frozenset(self.days)))
        return f"I understood {', '.join(parts)}. " if parts else ""


def looks_like_schedule(args: str) -> bool:
    """A time or a zone, and at most one word that is neither: `9am London weekdays`, not
    `a Lambda function to run every hour`."""
    scan = scan_schedule(args)
    return bool(scan.time or scan.zone or scan.ambiguous) and len(scan.unknown) <= 1


def read_schedule(args: str) -> tuple[str, str, frozenset[int]]:
    """(HH:MM, IANA zone, weekdays) from everyday words; days default to every day."""
    scan = scan_schedule(args)
    said = scan.understood()
    if scan.ambiguous:
        raise UserError(f"{said}Is `{scan.ambiguous}` in the morning or the evening? Say `{scan.ambiguous}am`, "
                        f"`{scan.ambiguous}pm` or 24-hour HH:MM, {EXAMPLE}.")
    for word in scan.unknown:
        if _time_like(word):
            parse_time(word)  # raises "not a time of day", naming the word
        if scan.zone is None:
            _reraise(said, _zone_named, word)
        _reraise(said, parse_days, word)
    if scan.time is None:
        raise UserError(f"{said}Give a time of day too, such as 9am or 21:30, {EXAMPLE}.")
    if scan.zone is None:
        raise UserError(f"{said}Which time zone? Add a city such as London or an IANA name such as "
                        f"America/New_York, {EXAMPLE}.")
    return scan.time, scan.zone, frozenset(scan.days or range(7))


def _zone_named(word: str) -> str:
    """An IANA name, or the error, which suggests the closest city when one is close."""
    close = get_close_matches(word, list(_cities()), n=1, cutoff=0.8)
    if close:
        city = _cities()[close[0]]
        raise UserError(f"`{word[:40]}` is not a time zone I know. Did you mean {close[0].title()} ({city})?")
    return parse_zone(word)


def _reraise(said: str, check: Callable[[str], object], word: str) -> None:
    """Run `check(word)`; its error, if any, is raised again after what was understood."""
    try:
        check(word)
    except UserError as err:
        raise UserError(f"{said}{err.text}") from None


def scan_schedule(args: str) -> Scan:
    """Sort the words of a schedule into time, zone, days and not understood."""
    scan = Scan()
    text = _RANGE.sub(r"\1-\2", args.lower().replace("every day", "daily").replace("every weekday", "weekdays"))
    words = text.split()
    i = 0
    while i < len(words):
        i += _take(scan, words, i)
    return scan


def _take(scan: Scan, words: list[str], i: int) -> int:
    """Read the word(s) at `i` into `scan`; how many words were used."""
    word, nxt = words[i], words[i + 1] if i + 1 < len(words) else ""
    if scan.time is None and nxt in ("am", "pm") and _CLOCK.match(word + nxt):
        return 2 if _clock(scan, word + nxt) else 1
    if scan.time is None and _clock(scan, word):
        return 1
    for n in (3, 2, 1):
        zone = city_zone(" ".join(words[i : i + n]))
        if zone and scan.zone is None:
            scan.zone = zone
            return n
    days = _days(word)
    if days is not None:
        scan.days.update(days)
    elif word not in _FILLERS:
        scan.unknown.append(word)
    return 1


def _clock(scan: Scan, word: str) -> bool:
    """Read a time of day into `scan`; False if `word` is not one."""
    if word in _NAMED_TIMES:
        scan.time = _NAMED_TIMES[word]
        return True
    m = _CLOCK.match(word)
    if not m or (m[2] is None and m[3] is None and word.isdigit() and 1 <= int(word) <= 12):
        if m:
            scan.ambiguous = word
        return bool(m)
    hour, minute, half = int(m[1]), int(m[2] or 0), (m[3] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return False
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return False
    scan.time = f"{hour:02d}:{minute:02d}"
    return True


def _time_like(word: str) -> bool:
    return bool(re.match(r"^\d{1,2}[:.h]\d{2}$", word))


def _days(word: str) -> set[int] | None:
    word = word.strip(",")
    if word.endswith("s") and word[:-1] in FULL_DAYS:  # "mondays"
        word = word[:-1]
    if word in ("weekday", "weekend"):
        word += "s"
    try:
        return set(parse_days(word)) if word in DAY_WORDS or word[:3].isalpha() else None
    except UserError:
        return None


def city_zone(words: str) -> str | None:
    """The IANA zone `words` name: the zone itself, a city in it, or UTC/GMT; None if unknown."""
    key = words.strip(",").lower().replace("_", " ")
    if key in _UTC:
        return _UTC[key]
    return _zones().get(key.replace(" ", "_")) or _cities().get(key)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """City name -> zone, for cities that name exactly one zone (aliases such as
    America/Indiana/Indianapolis lose to the shorter America/Indianapolis)."""
    found: dict[str, list[str]] = {}
    for zone in available_timezones():
        if zone.startswith(_CONTINENTS):
            found.setdefault(zone.rsplit("/", 1)[1].lower().replace("_", " "), []).append(zone)
    cities = {}
    for city, zones in found.items():
        shortest = min(z.count("/") for z in zones)
        best = [z for z in zones if z.count("/") == shortest]
        if len(best) == 1:
            cities[city] = best[0]
    return cities
