"""Pick the option(s) of a pasted exam question from the notes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.index import Index
from bot.parse import Pasted
from bot.text import words

STATEMENT_FLOOR = 0.1  # lets a statement that matches a note score a little even if the stem says nothing


@dataclass(frozen=True)
class Choice:
    letters: list[str]
    scores: dict[str, float]
    named: dict[str, list[str]]  # letter -> entry ids the option names
    reasons: dict[str, str]


def option_entries(index: Index, option: str) -> list[str]:
    """The notes an option names: the whole option as a name, else names inside it."""
    resolved = index.resolve(option, limit=1)
    if resolved:
        return [resolved[0][0]]
    return index.mentions(option)[:2]


def choose(index: Index, q: Pasted) -> Choice:
    """Score every option against the stem and take the best (or, for NOT questions, the worst).

    Every option is scored on one scale: how relevant its note is to the stem (0-1), times how
    much of the option's own words that note covers (1 for an option that is a service's name).
    """
    named = {letter: option_entries(index, text) for letter, text in q.options.items()}
    stem_terms = _without_option_names(index, q.stem, named)
    stem_scores = index.scores(stem_terms)
    top = max(stem_scores.values(), default=0.0) or 1.0
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for letter, text in q.options.items():
        resolved = index.resolve(text, limit=1)
        if resolved:
            i = index.position(resolved[0][0])
            scores[letter] = stem_scores.get(i, 0.0) / top
            reasons[letter] = index.hit(i, 0.0, stem_terms).why if scores[letter] else index.entries[i].summary
        else:
            scores[letter], reasons[letter] = _statement_score(index, text, stem_scores, top)
    ranked = sorted(scores, key=lambda k: (scores[k], -ord(k)), reverse=not q.negated)
    return Choice(sorted(ranked[: q.picks]), scores, named, reasons)


def _without_option_names(index: Index, stem: str, named: dict[str, list[str]]) -> list[str]:
    """Stem terms minus the places that name an option, so naming a service favours none."""
    options = {entry_id for ids in named.values() for entry_id in ids}
    toks = words(stem)
    for start, end, entry_id in reversed(index.mention_spans(toks)):
        if entry_id in options:
            del toks[start:end]
    return index.query_terms(" ".join(toks))


def _statement_score(index: Index, option: str, stem_scores: dict[int, float], top: float) -> tuple[float, str]:
    """An option that is not a name: the best note it describes, weighed by that note's relevance."""
    oterms = index.query_terms(option)
    if not oterms:
        return 0.0, ""
    best, why = 0.0, ""
    for i in index.scores(oterms):
        value = index.coverage(i, oterms) * (STATEMENT_FLOOR + stem_scores.get(i, 0.0) / top) / (1 + STATEMENT_FLOOR)
        if value > best:
            best, why = value, index.hit(i, 0.0, oterms).why
    return best, why
