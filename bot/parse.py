"""Read what kind of question a text is: lookup, compare, pasted exam question, or open question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.phrasing import everyday

LETTERS = "ABCDEF"

_OPTION_LINE = re.compile(r"^\s*(?:\(?([A-Fa-f])[.):]|\[([A-Fa-f])\])\s+(\S.*)$")
_BULLET_LINE = re.compile(r"^\s*[-*\u2022]\s+(\S.*)$")
_INLINE_OPTION = re.compile(r"(?:^|\s)\(?([A-F])[.)]\s+")
_CHOOSE = re.compile(r"\b(?:choose|select|pick)\s*(?:the\s+)?(two|2|three|3)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:NOT|EXCEPT|INCORRECT|FALSE)\b|\bleast (?:likely|suitable)\b|\bnot (?:a|an|true|correct)\b")
_COMPARE = [
    re.compile(r"^\s*(?:compare|comparison of)\s+(.+?)\s+(?:and|with|to|vs\.?|versus|&)\s+(.+?)\s*\??$", re.I),
    re.compile(r"^\s*(?:what(?:'s| is) the )?differences? between\s+(.+?)\s+(?:and|&|vs\.?|versus)\s+(.+?)\s*\??$", re.I),
    re.compile(r"^\s*(?:how (?:is|does)\s+)?(.+?)\s+(?:vs\.?|versus|compared to|differ(?:s|ent)? from)\s+(.+?)\s*\??$", re.I),
]
_COMPARE_WORD = re.compile(r"^\s*(?:compare|diff)\s+(.+?)\s*\??$", re.I)
_LOOKUP = re.compile(
    r"^\s*(?:lookup|look up|what(?:'s| is| are)|tell me about|explain|describe|define|info)\s+(.+?)\s*\??$",
    re.I,
)
_LEADING_ASK = re.compile(r"^\s*ask\s+", re.I)


@dataclass(frozen=True)
class Pasted:
    """An exam question pasted with its options."""

    stem: str
    options: dict[str, str]
    picks: int
    negated: bool


def pasted_question(text: str) -> Pasted | None:
    """Split a pasted question into stem and options; None when there are fewer than two options."""
    lines = text.splitlines()
    options: dict[str, str] = {}
    stem_lines: list[str] = []
    for line in lines:
        m = _OPTION_LINE.match(line)
        b = _BULLET_LINE.match(line) if not m else None
        if m:
            letter = (m.group(1) or m.group(2)).upper()
            options[letter] = m.group(3).strip()
        elif b and stem_lines:
            options[LETTERS[len(options)] if len(options) < len(LETTERS) else "?"] = b.group(1).strip()
        elif options and line.strip():
            last = list(options)[-1]
            options[last] += " " + line.strip()  # an option that wraps onto the next line
        elif line.strip():
            stem_lines.append(line.strip())
    if len(options) < 2:
        return _inline(text)
    return exam_question(" ".join(stem_lines), options)


def _inline(text: str) -> Pasted | None:
    """Options written on one line: "... ? A. foo B. bar C. baz"."""
    marks = list(_INLINE_OPTION.finditer(text))
    letters = [m.group(1) for m in marks]
    if len(marks) < 3 or letters != list(LETTERS[: len(letters)]):
        return None
    options = {}
    for m, nxt in zip(marks, marks[1:] + [None]):
        options[m.group(1)] = text[m.end() : nxt.start() if nxt else len(text)].strip()
    return exam_question(text[: marks[0].start()].strip(), options)


def exam_question(stem: str, options: dict[str, str]) -> Pasted:
    """A question from its stem and lettered options (how many to pick and NOT read from the stem)."""
    m = _CHOOSE.search(stem)
    picks = 1
    if m:
        picks = 3 if m.group(1).lower() in ("three", "3") else 2
    options = {k: v for k, v in options.items() if v and k != "?"}
    return Pasted(stem=stem, options=options, picks=min(picks, max(1, len(options) - 1)),
                  negated=bool(_NEGATED.search(asking_sentence(stem))))


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z(])")
_INSTRUCTION = re.compile(r"\(?\s*(?:choose|select|pick)\b", re.IGNORECASE)  # "(Choose TWO.)" asks nothing


def asking_sentence(stem: str) -> str:
    """The sentence that asks (the last one with a question mark, else the last one): a NOT in
    the scenario before it ("hardware that is NOT shared") describes the need, not the question."""
    sentences = [s for s in _SENTENCE_END.split(stem.strip()) if s.strip() and not _INSTRUCTION.match(s)]
    asking = [s for s in sentences if "?" in s]
    return asking[-1] if asking else (sentences[-1] if sentences else stem)


def compare_parts(text: str) -> tuple[str, str] | None:
    """The two things to compare, when the text asks for a comparison."""
    text = everyday(_LEADING_ASK.sub("", text))
    for pattern in _COMPARE:
        m = pattern.match(text)
        if m:
            return m.group(1).strip(" ?"), m.group(2).strip(" ?")
    return None


def compare_words(text: str) -> str | None:
    """`compare sts cognito`: the words after "compare" when no separator was typed."""
    m = _COMPARE_WORD.match(text)
    return m.group(1) if m else None


def lookup_subject(text: str) -> str:
    """`what is STS?` -> `STS`; otherwise the text itself without a trailing question mark."""
    text = everyday(_LEADING_ASK.sub("", text))
    m = _LOOKUP.match(text)
    subject = m.group(1) if m else text
    subject = re.sub(r"^(?:an?|the)\s+", "", subject.strip(), flags=re.I)
    return subject.strip(" ?!.")
