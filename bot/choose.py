"""Pick the option(s) of a pasted exam question from the notes."""

from __future__ import annotations

from dataclasses import dataclass

from bot import learned
from bot.confidence import SURE
from bot.features import option_features
from bot.index import Index
from bot.parse import Pasted
from bot.phrases import PhraseIndex
from bot.rules import Ask, decide
from bot.text import words

LINE_WEIGHT = 0.3  # share of a statement's match taken from the note's best single line (tuning half: 0-1 tried)
STATEMENT_CANDIDATES = 12  # notes read line by line per statement option
STATEMENT_FLOOR = 0.1  # lets a statement that matches a note score a little even if the stem says nothing


RULE_CONFIDENCE = 0.95  # a rule's answer when it wants exactly as many options as asked for
# Margins between sentences mean less than margins between service names (tuning half: a lead of
# half the score was right 99% of the time between names, about 80% between sentences).
STATEMENT_DOUBT = 0.55
# When the fitted weights pick other options than the hand-made score, the answer is contested:
# never "sure", whatever the hand-made margin says.
CONTESTED = 0.75 * SURE


@dataclass(frozen=True)
class Choice:
    letters: list[str]
    reasons: dict[str, str]
    confidence: float = 0.0  # 0-1, from the rule that decided or the scores' margin
    rule: str = ""  # the question-type rule that decided, "" when the scores did
    runner_up: str = ""  # the best option left out, offered when the answer is not sure


def option_entries(index: Index, option: str) -> list[str]:
    """The notes an option names: the whole option as a name, else names inside it."""
    resolved = index.resolve(option, limit=1)
    if resolved:
        return [resolved[0][0]]
    return index.mentions(option)[:2]


CONTEXT_WORDS = 3  # an option this short that names nothing may name a note in the stem's context


def in_context(index: Index, option: str, stem_scores: dict[int, float]) -> list[str]:
    """The note a bare word names in the stem's context: "Enterprise" among support plans is
    Enterprise Support. Of the notes whose name holds the option's words, the one the stem is
    most about; [] when the stem is about none of them."""
    key = " ".join(words(option))
    if not key or len(key.split()) > CONTEXT_WORDS:
        return []
    best, best_score = "", 0.0
    for _, entry_id in index.holding(key):
        score = stem_scores.get(index.position(entry_id), 0.0)
        if score > best_score:
            best, best_score = entry_id, score
    return [best] if best else []


def option_name(index: Index, option: str, named: list[str]) -> str | None:
    """The note an option is the name of: by its own name, or a bare word read in the stem's
    context ("Reliability" among pillars); None for a statement that only mentions notes."""
    resolved = index.resolve(option, limit=1)
    if resolved:
        return resolved[0][0]
    return named[0] if len(named) == 1 and not index.mentions(option) else None


def named_options(index: Index, q: Pasted, disabled: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """The notes each option names, bare words read in the stem's context."""
    named = {letter: option_entries(index, text) for letter, text in q.options.items()}
    if "context-names" not in disabled and not all(named.values()):
        stem_scores = index.scores(index.query_terms(q.stem))
        for letter, text in q.options.items():
            if not named[letter]:
                named[letter] = in_context(index, text, stem_scores)
    return named


def choose(index: Index, q: Pasted, phrases: PhraseIndex | None = None, disabled: frozenset[str] = frozenset()) -> Choice:
    """The option(s) of an exam question: by a question-type rule when one applies, else by score.

    Every option is scored on one scale: how relevant its note is to the stem (0-1), times how
    much of the option's own words that note covers (1 for an option that is a service's name).
    A rule (bot/rules.py) that wants options overrides the scores; the scores break its ties.
    With no rule, the fitted weights (bot/learned.py) rank the options by that score and the
    other features of bot/features.py; the hand-made score's margin still says how sure it is.
    """
    named = named_options(index, q, disabled)
    stem_terms = _without_option_names(index, q.stem, named)
    scores, reasons = option_scores(index, q, named, stem_terms, disabled)
    ranked = sorted(scores, key=lambda k: (scores[k], -ord(k)), reverse=not q.negated)
    decision = None
    if phrases is not None:
        decision = decide(_ask(index, q, named, phrases), disabled)
    names_only = all(option_name(index, text, named[k]) for k, text in q.options.items())
    doubt = 1.0 if names_only else STATEMENT_DOUBT
    if not decision:
        confidence = doubt * margin(scores, ranked, q.picks, q.negated)
        if "learned" not in disabled:
            weighed = learned.load().score(_features(index, q, named, scores, stem_terms))
            by_hand = sorted(ranked[: q.picks])
            ranked = sorted(weighed, key=lambda k: (weighed[k], -ord(k)), reverse=True)
            if sorted(ranked[: q.picks]) != by_hand:
                confidence = min(confidence, CONTESTED)
        return Choice(sorted(ranked[: q.picks]), reasons, confidence, runner_up=_first_out(ranked, ranked[: q.picks]))
    wanted = [k for k in ranked if k in decision.letters]
    letters = (wanted + [k for k in ranked if k not in wanted])[: q.picks]
    for k, why in decision.reasons or tuple((k, decision.why) for k in decision.letters):
        reasons[k] = why
    exact = len(wanted) == q.picks
    confidence = RULE_CONFIDENCE if exact else doubt * margin(scores, ranked, q.picks, q.negated) * RULE_CONFIDENCE
    return Choice(sorted(letters), reasons, confidence, decision.rule, _first_out(ranked, letters))


def _features(index: Index, q: Pasted, named: dict[str, list[str]], scores: dict[str, float],
              stem_terms: list[str]) -> dict[str, list[float]]:
    in_options = {entry_id for ids in named.values() for entry_id in ids}
    subjects = [entry_id for entry_id in index.mentions(q.stem) if entry_id not in in_options]
    return option_features(index, q.options, scores, stem_terms, subjects, q.negated)


def scored_features(index: Index, q: Pasted, phrases: PhraseIndex, disabled: frozenset[str] = frozenset()
                    ) -> dict[str, list[float]] | None:
    """The option features `choose` weighs for this question, or None when a rule decides it
    (what `awstutor fit` learns from)."""
    named = named_options(index, q, disabled)
    if decide(_ask(index, q, named, phrases), disabled):
        return None
    stem_terms = _without_option_names(index, q.stem, named)
    return _features(index, q, named, option_scores(index, q, named, stem_terms, disabled)[0], stem_terms)


def _ask(index: Index, q: Pasted, named: dict[str, list[str]], phrases: PhraseIndex) -> Ask:
    return Ask(q.stem, q.options, named, index.mentions(q.stem), q.picks, q.negated, phrases, index.known_false)


def _first_out(ranked: list[str], picked: list[str]) -> str:
    return next((k for k in ranked if k not in picked), "")


def margin(scores: dict[str, float], ranked: list[str], picks: int, negated: bool) -> float:
    """How clearly the last picked option beats the first one left out (0 = a tie, 1 = alone)."""
    if len(ranked) <= picks:
        return 1.0
    last, first_out = scores[ranked[picks - 1]], scores[ranked[picks]]
    if negated:
        last, first_out = first_out, last
    return 0.0 if last <= 0 else max(0.0, min(1.0, 1.0 - first_out / last))


def option_scores(
    index: Index, q: Pasted, named: dict[str, list[str]], stem_terms: list[str], disabled: frozenset[str] = frozenset()
) -> tuple[dict[str, float], dict[str, str]]:
    """Each option's relevance to the stem (its terms without the options' names, see
    `_without_option_names`) on one 0-1 scale, and the note line behind it."""
    stem_scores = index.scores(stem_terms)
    top = max(stem_scores.values(), default=0.0) or 1.0
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for letter, text in q.options.items():
        name = option_name(index, text, named[letter])
        if name:
            i = index.position(name)
            scores[letter] = stem_scores.get(i, 0.0) / top
            reasons[letter] = index.hit(i, 0.0, stem_terms).why if scores[letter] else index.entries[i].summary
        else:
            scores[letter], reasons[letter] = _statement_score(index, text, stem_scores, top, disabled)
    return scores, reasons


def _without_option_names(index: Index, stem: str, named: dict[str, list[str]]) -> list[str]:
    """Stem terms minus the places that name an option, so naming a service favours none."""
    options = {entry_id for ids in named.values() for entry_id in ids}
    toks = words(stem)
    for start, end, entry_id in reversed(index.mention_spans(toks)):
        if entry_id in options:
            del toks[start:end]
    return index.query_terms(" ".join(toks))


def _statement_score(
    index: Index, option: str, stem_scores: dict[int, float], top: float, disabled: frozenset[str]
) -> tuple[float, str]:
    """An option that is not a name: the best note it describes, weighed by that note's relevance.

    How well a note describes the statement mixes the note as a whole with its single best line
    (a statement is usually one fact; a trap's correction counts as a line). Counting a statement
    against a trap that says the same lost accuracy on both halves of the dev set, so it is not done.
    """
    oterms = index.query_terms(option)
    if not oterms:
        return 0.0, ""
    best, why = 0.0, ""
    relevance = {i: (STATEMENT_FLOOR + stem_scores.get(i, 0.0) / top) / (1 + STATEMENT_FLOOR) for i in index.scores(oterms)}
    note_level = {i: index.coverage(i, oterms) for i in relevance}
    # Reading lines is the costly part: only the notes that could win are read line by line.
    for i in sorted(relevance, key=lambda i: (-relevance[i] * note_level[i], i))[:STATEMENT_CANDIDATES]:
        line, text = index.best_line(i, oterms)
        line_weight = 0.0 if "best-line" in disabled else LINE_WEIGHT
        described = (1 - line_weight) * note_level[i] + line_weight * line
        value = relevance[i] * described
        if value > best:
            best, why = value, text or index.hit(i, 0.0, oterms).why
    return best, why
