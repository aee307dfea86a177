"""How sure an answer is, said in words a student can act on.

Confidence is 0-1: from the rule that decided (bot/rules.py) or from how clearly the best
candidate beats the next. The cut-offs were set on the tuning half of the dev set and are
checked on the other half (README, "Calibration").
"""

from __future__ import annotations

SURE = 0.4  # tuning half: answers at or above were right 95.7% of the time (33% of rows)
LIKELY = 0.03  # below: right 47% of the time (16% of rows)
LABELS = ("sure", "likely", "unsure")


def label(confidence: float) -> str:
    if confidence >= SURE:
        return "sure"
    if confidence >= LIKELY:
        return "likely"
    return "unsure"


def rescale(raw: float, unsure_below: float, sure_from: float) -> float:
    """Put another measure on this scale: `unsure_below` maps to LIKELY and `sure_from` to SURE."""
    if raw < unsure_below:
        return LIKELY * raw / unsure_below
    if raw < sure_from:
        return LIKELY + (SURE - LIKELY) * (raw - unsure_below) / (sure_from - unsure_below)
    return min(1.0, SURE + (1 - SURE) * (raw - sure_from) / (1 - sure_from))
