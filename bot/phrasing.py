"""Everyday chat phrasing, rewritten into the forms the parser reads.

Students type "whats sts", "whats the diff between sqs and sns", "hey so what is an sg??",
"should i use sqs or sns" and "sqs vs sns whats the difference". `everyday` drops the greeting
and politeness around a question, spells out chat shorthand for the question words, and turns
"X or Y" choices into "X vs Y", so `bot.parse` needs one pattern per kind of question, not one
per way of typing it. Only the scaffolding changes: the words naming services are left alone.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE
_LEADING = re.compile(
    r"^\s*(?:(?:hey|hi|hello|yo|ok(?:ay)?|so|um+|uh+|hmm+|well|btw|pls|please|quick question|question|"
    r"sorry|excuse me|and|but)\b[\s,:;!.-]*)+",
    _FLAGS,
)
_TRAILING = re.compile(
    r"(?:[\s,;:!.-]*\b(?:please|pls|plz|thanks|thank you|thx|ty|exactly|again|briefly|quickly|"
    r"for the exam|in aws|on aws|in simple terms|in simple words|in plain english|for me)\b)+[\s?!.]*$",
    _FLAGS,
)
# "whats", "what's", "what s", "wats", "wat is", "whta is", "what r" -> "what is" / "what are".
_WHAT_IS = re.compile(r"^\s*(?:what\s*'?\s*s|wh?at'?s|wat\s+is|whta\s+is|what\s+is)\b", _FLAGS)
_WHAT_ARE = re.compile(r"^\s*(?:what\s*'?\s*re|what\s+r|wat\s+are|what\s+are)\b", _FLAGS)
_TELL_WHAT = re.compile(
    r"^\s*(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?tell\s+me\s+what\s+(.+?)\s+(?:is|are|means|does)\s*\??$",
    _FLAGS,
)
_ASK_TO = re.compile(
    r"^\s*(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:tell me|explain|describe|define)"
    r"(?:\s+(?:to me|what))?\b",
    _FLAGS,
)
_KNOW = re.compile(r"^\s*(?:do you know|what do you know about|i want to know about|help me understand|eli5:?)\s+", _FLAGS)
_WHAT_DOES = re.compile(r"^\s*what\s+(?:does|do)\s+(.+?)\s+do\s*\??$", _FLAGS)
_USED_FOR = re.compile(r"^\s*what\s+(?:is|are)\s+(.+?)\s+(?:used\s+)?for\s*\??$", _FLAGS)
_WHAT_IS_IT = re.compile(r"^\s*what\s+(?:is|are)\s+(.+?)\s+exactly\s*\??$", _FLAGS)
_DEFINITION = re.compile(r"^\s*(?:meaning|definition)\s+of\s+(.+?)\s*\??$|^\s*(.+?)\s+(?:meaning|definition)\s*\??$", _FLAGS)
# Comparisons.
_DIFF_WORDS = re.compile(
    r"\b(?:what\s+is|what\s+are)\s+the\s+(?:main\s+|key\s+|real\s+)?(?:diff|differences?|difference)\s+"
    r"(?:between|b/w|btw|of)\b|\b(?:diff|differences?)\s+(?:between|b/w|btw)\b",
    _FLAGS,
)
_DIFFER = re.compile(r"^\s*how\s+(?:do|does)\s+(.+?)\s+and\s+(.+?)\s+differ\s*\??$", _FLAGS)
_TRAILING_DIFF = re.compile(
    r"\s*[,;:-]?\s*(?:(?:what\s+is|whats)\s+the\s+difference|difference|which\s+(?:one|is\s+better|should\s+i\s+use)|"
    r"which\s+to\s+use|when\s+to\s+use\s+which)\s*\??\s*$",
    _FLAGS,
)
_CHOICE = re.compile(
    r"^\s*(?:(?:should|do|would)\s+i\s+(?:use|pick|choose|go\s+with)|when\s+(?:should\s+i|to)\s+use|"
    r"(?:use|pick|choose))\s+(.+?)\s+(?:or|vs\.?|versus)\s+(.+?)\s*\??$",
    _FLAGS,
)
_BARE_OR = re.compile(r"^\s*([\w./&-]+(?:\s+[\w./&-]+){0,2})\s+or\s+([\w./&-]+(?:\s+[\w./&-]+){0,2})\s*\??$", _FLAGS)
_VS = re.compile(r"\s+(?:v|vs|vs\.|versus)\s+", _FLAGS)


def everyday(text: str) -> str:
    """`text` with chat scaffolding normalised; the question itself is unchanged."""
    text = _strip_scaffolding(text)
    text = _WHAT_ARE.sub("what are", text, count=1)
    text = _WHAT_IS.sub("what is", text, count=1)
    text = _TELL_WHAT.sub(r"what is \1", text, count=1)
    text = _ASK_TO.sub("explain", text, count=1)
    text = _KNOW.sub("tell me about ", text, count=1)
    for pattern in (_WHAT_DOES, _USED_FOR, _WHAT_IS_IT, _DEFINITION):
        m = pattern.match(text)
        if m:
            text = "what is " + next(g for g in m.groups() if g)
            break
    return _comparison(text)


def _strip_scaffolding(text: str) -> str:
    text = _LEADING.sub("", text.strip(), count=1)
    text = _TRAILING.sub("", text)
    return re.sub(r"[?!.]{2,}$", "?", text.strip())


def _comparison(text: str) -> str:
    """Every way of asking for a difference, as "difference between X and Y" or "X vs Y"."""
    text = _DIFF_WORDS.sub("difference between", text, count=1)
    m = _DIFFER.match(text) or _CHOICE.match(text)
    if m:
        return f"{m.group(1)} vs {m.group(2)}"
    if _VS.search(text):
        return _TRAILING_DIFF.sub("", text)
    m = _BARE_OR.match(text)
    if m:
        return f"{m.group(1)} vs {m.group(2)}"
    return text
