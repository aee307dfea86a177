"""How sure an answer is, said in words a student can act on.

Confidence is 0-1: from the rule that decided (bot/rules.py) or from how clearly the best
candidate beats the next. The cut-offs were set on the tuning half of the dev set and are
checked on the other half (README, "Calibration").
"""

from __future__ import annotations

SURE = 0.5
LIKELY = 0.12
LABELS = ("sure", "likely", "unsure")


def label(confidence: float) -> str:
    if confidence >= SURE:
        return "sure"
    if confidence >= LIKELY:
        return "likely"
    return "unsure"


def lead_in(confidence: float) -> str:
    """The words a reply opens with, so a student knows how far to trust it."""
    return {"sure": "", "likely": "Probably: ", "unsure": "Not sure: "}[label(confidence)]
