"""Passages: BM25 over stemmed words and word pairs of each note's fields, fields weighted, so
rare words count more than common ones (shared/docs/matching-baselines.md). rapidfuzz repairs
misspelt question words against the notes' vocabulary."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from math import fsum  # exact whatever the order: set order varies between runs, sums must not

from rapidfuzz import fuzz, process

from bot.names import MIN_FUZZY_LEN
from bot.notes import Entry
from bot.text import fold, stem, terms, words

FIELD_WEIGHTS = {
    # Names already have their own exact and typo matching; weighing them above keywords here lets
    # an ordinary word inside a name ("connect", "config", "glue") outweigh a question's meaning.
    "names": 2.0,
    "keywords": 2.0,
    "use_cases": 2.0,
    "summary": 1.5,
    "facts": 1.0,
}
# Trap corrections are read line by line (a statement option is judged against them) but not
# scored as the note's words: a correction names the neighbour it is confused with ("... the data
# warehouse is Amazon Redshift"), and as note words that pulled questions about the neighbour to
# the wrong note (refitted: checking half 71.0% with them, 72.3% without; other sets 68.6%, 68.9%).
LINE_ONLY = ("traps",)
K1, B = 1.2, 0.5
TYPO_CUTOFF = 85.0
STEM_SHARE_IS_ALL = 3.0  # see joint_line


@dataclass(frozen=True)
class Hit:
    """A scored candidate and the note line that made it match."""

    entry: Entry
    score: float
    coverage: float
    why: str
    matched: int = 0


def pairs(seq: list[str]) -> list[str]:
    """Adjacent word pairs, so "temporary credentials" counts more than its two words apart."""
    return [f"{a}_{b}" for a, b in zip(seq, seq[1:])]


def line_terms(line: str) -> list[str]:
    toks = terms(line)
    return toks + pairs(toks)


class PassageIndex:
    """Weighted terms and lines of every note, ready to score a question against."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._lengths: list[float] = []
        self._lines: list[list[tuple[str, set[str]]]] = []
        self._doc_terms: list[frozenset[str]] = []
        self._vocab: dict[str, str] = {}
        for i, entry in enumerate(entries):
            self._add_passages(i, entry)
        n = len(entries)
        self.avg_len = sum(self._lengths) / n if n else 1.0
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()
        }
        self.max_idf = max(self.idf.values(), default=1.0)
        # Each posting's BM25 term weight depends only on the note: worked out the first time a
        # query holds the term (all at start-up would cost more than most sessions ever ask).
        self._weighted: dict[str, list[tuple[int, float]]] = {}
        self._vocab_words = list(self._vocab)
        self._sentences: dict[int, tuple[str, ...]] = {}
        # Repairing a misspelt word scans the whole vocabulary: remember the last few thousand.
        self._repair = lru_cache(maxsize=4096)(self._repair_uncached)
        # A pasted question reads each option against the same notes several ways: weigh it once.
        self._weight = lru_cache(maxsize=1024)(self._weight_uncached)
        self._all_scores = lru_cache(maxsize=256)(lambda key: self._scores(key, None))
        self._best_line = lru_cache(maxsize=16384)(self._best_line_uncached)

    def _add_passages(self, i: int, entry: Entry) -> None:
        fields = {
            "names": [entry.name, entry.short, *entry.aliases, *entry.formerly],
            "keywords": list(entry.keywords),
            "use_cases": list(entry.use_cases),
            "summary": [entry.summary],
            "facts": list(entry.facts),
            "traps": [t.right for t in entry.traps],
        }
        weighted: dict[str, float] = defaultdict(float)
        lines: list[tuple[str, set[str]]] = []
        for field, texts in fields.items():
            for text in texts:
                toks = line_terms(text)
                if field not in LINE_ONLY:
                    for t in toks:
                        weighted[t] += FIELD_WEIGHTS[field]
                if field != "names":
                    lines.append((text, set(toks)))
                for w in words(text):
                    self._vocab.setdefault(w, stem(w))
        for t, tf in weighted.items():
            self._postings[t].append((i, tf))
        self._lengths.append(sum(weighted.values()))
        self._doc_terms.append(frozenset(weighted))
        self._lines.append(lines)

    def query_terms(self, text: str) -> list[str]:
        """Stemmed query words (misspellings repaired against the notes' vocabulary) and pairs."""
        toks = [t if t in self.idf or len(t) < MIN_FUZZY_LEN else self._repair(t) for t in terms(text)]
        return toks + pairs(toks)

    def _repair_uncached(self, term: str) -> str:
        hit = process.extractOne(term, self._vocab_words, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return self._vocab[hit[0]] if hit else term

    def scores(self, qterms: list[str], only: set[int] | None = None) -> dict[int, float]:
        """BM25 score of each entry (by position) for the query terms."""
        key = tuple(sorted(set(qterms)))  # a fixed order keeps float sums, and so ties, reproducible
        if only is None:
            return dict(self._all_scores(key))  # a copy: callers reweigh it
        return self._scores(key, only)

    def _scores(self, key: tuple[str, ...], only: set[int] | None) -> dict[int, float]:
        result: dict[int, float] = defaultdict(float)
        for t in key:
            idf = self.idf.get(t)
            if idf is None:
                continue
            weighted = self._weighted.get(t)
            if weighted is None:
                weighted = self._weighted[t] = [
                    (i, tf * (K1 + 1) / (tf + K1 * (1 - B + B * self._lengths[i] / self.avg_len)))
                    for i, tf in self._postings[t]
                ]
            for i, weight in weighted:
                if only is None or i in only:
                    result[i] += idf * weight
        return result

    def coverage(self, i: int, qterms: list[str]) -> float:
        """Share of the query's word weight (rare words weigh more) that entry `i` contains."""
        unique, total = self._weight(tuple(qterms))
        if not total:
            return 0.0
        return fsum(self.idf[t] for t in unique & self._doc_terms[i]) / total

    def _weight_uncached(self, qterms: tuple[str, ...]) -> tuple[frozenset[str], float]:
        unique = frozenset(t for t in qterms if "_" not in t)
        return unique, fsum(self.idf.get(t, self.max_idf) for t in unique)

    def hit(self, i: int, score: float, qterms: list[str]) -> Hit:
        """Describe entry `i`'s match: how much of the query it covers, and the line that matched."""
        entry = self.entries[i]
        unique = set(qterms)
        doc = unique & self._doc_terms[i]
        # A use case written as a student's question ("which pillar covers ...?") matches well but
        # reads oddly as a reason: a statement line that matches at all is shown instead.
        best_line, best, asked, asked_weight = entry.summary, 0.0, "", 0.0
        for line, toks in self._lines[i]:
            weight = fsum(self.idf.get(t, 0.0) for t in unique & toks)
            if line.endswith("?"):
                if weight > asked_weight:
                    asked, asked_weight = line, weight
            elif weight > best:
                best_line, best = line, weight
        if not best and asked:
            best_line = asked
        matched = sum(1 for t in doc if "_" not in t)
        return Hit(entry, score, self.coverage(i, qterms), best_line, matched)

    def best_line(self, i: int, oterms: list[str]) -> tuple[float, str]:
        """The share of the statement's word weight found in one line of note `i`, and that line."""
        return self._best_line(i, tuple(oterms))

    def _best_line_uncached(self, i: int, oterms: tuple[str, ...]) -> tuple[float, str]:
        unique, total = self._weight(oterms)
        best, text = 0.0, ""
        if not total:
            return best, text
        for line, toks in self._lines[i]:
            common = unique & toks
            if common:
                share = fsum(self.idf.get(t, 0.0) for t in common) / total
                if share > best:
                    best, text = share, line
        return best, text

    def joint_line(self, i: int, oterms: list[str], sterms: list[str]) -> float:
        """How well one line of note `i` says the statement *about what the stem asks*: the
        statement's share of word weight in the line, times how much of the stem the same line
        holds (a third of the stem's weight counts as all of it: a fact rarely repeats a question)."""
        ounique, ototal = self._weight(tuple(oterms))
        sunique, _ = self._weight(tuple(sterms))
        sunique = sunique - ounique
        stotal = fsum(self.idf.get(t, self.max_idf) for t in sunique)
        if not ototal or not stotal:
            return 0.0
        best = 0.0
        for _, toks in self._lines[i]:
            said = ounique & toks
            if not said:
                continue
            share = fsum(self.idf.get(t, 0.0) for t in said) / ototal
            if share > best:  # the stem's part is at most 1, so a smaller share cannot win
                asked = fsum(self.idf.get(t, 0.0) for t in sunique & toks) / stotal
                best = max(best, share * min(1.0, STEM_SHARE_IS_ALL * asked))
        return best

    def sentences(self, i: int) -> tuple[str, ...]:
        """Note `i`'s summary, facts and trap corrections, folded (kept once asked for)."""
        if i not in self._sentences:
            entry = self.entries[i]
            self._sentences[i] = tuple(fold(s) for s in (entry.summary, *entry.facts, *(t.right for t in entry.traps)))
        return self._sentences[i]
