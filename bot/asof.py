"""`as of YYYY-MM-DD`: the day whose facts a question (or a practice question) should use.

Written before or after the question: `as of 2027-02-01 developer support`, `developer support as
of 2027-02-01`, or alone after `quiz`. Only a date-like word counts, so "as of now" stays text.
"""

from __future__ import annotations

import re
from datetime import date

from bot.errors import UserError

_DAY = r"(\d{4}-\d{1,2}-\d{1,2})"
_LEADING = re.compile(rf"^\s*as\s+of\s+{_DAY}(?![\w-])[\s,:;]*(.*)$", re.IGNORECASE | re.DOTALL)
_TRAILING = re.compile(rf"^(.*?)[\s,;(]*\bas\s+of\s+{_DAY}\)?[\s?.!]*$", re.IGNORECASE | re.DOTALL)
EXAMPLE = "`as of 2027-02-01 developer support`"


def peel_as_of(text: str) -> tuple[str, str]:
    """(the `as of <date-like word>` phrase, the rest) when `text` starts or ends with one, else
    ("", text). Never raises: for routing a command before the date is read."""
    leading = _LEADING.match(text or "")
    if leading:
        return f"as of {leading[1]}", leading[2].strip()
    trailing = _TRAILING.match(text or "")
    if trailing:
        return f"as of {trailing[2]}", trailing[1].strip()
    return "", text


def split_as_of(text: str) -> tuple[date | None, str]:
    """(the day named by `as of`, the rest of the text); (None, text) when there is none.

    Raises `UserError` for a date-like word that is not a real day (2027-02-30)."""
    phrase, rest = peel_as_of(text)
    return (_day(phrase.split()[-1]), rest) if phrase else (None, text)


def _day(word: str) -> date:
    try:
        year, month, day = (int(part) for part in word.split("-"))
        return date(year, month, day)
    except ValueError:
        raise UserError(f"`{word}` is not a date I can read: write it YYYY-MM-DD, e.g. {EXAMPLE}.") from None
