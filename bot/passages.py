"""Passages: BM25 over stemmed words and word pairs of each note's fields, fields weighted, so
rare words count more than common ones (shared/docs/matching-baselines.md). rapidfuzz repairs
misspelt question words against the notes' vocabulary."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.names import MIN_FUZZY_LEN
from bot.notes import Entry
from bot.text import stem, terms, words

FIELD_WEIGHTS = {
    # Names already have their own exact and typo matching; weighing them above keywords here lets
    # an ordinary word inside a name ("connect", "config", "glue") outweigh a question's meaning.
    "names": 2.0,
    "keywords": 2.0,
    "use_cases": 2.0,
    "summary": 1.5,
    "facts": 1.0,
    "traps": 1.0,
}
K1, B = 1.2, 0.5
TYPO_CUTOFF = 85.0


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
        self._vocab_words = list(self._vocab)
        # Repairing a misspelt word scans the whole vocabulary: remember the last few thousand.
        self._repair = lru_cache(maxsize=4096)(self._repair_uncached)

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
        result: dict[int, float] = defaultdict(float)
        for t in sorted(set(qterms)):  # a fixed order keeps float sums, and so ties, reproducible
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, tf in self._postings[t]:
                if only is not None and i not in only:
                    continue
                norm = tf + K1 * (1 - B + B * self._lengths[i] / self.avg_len)
                result[i] += idf * tf * (K1 + 1) / norm
        return result

    def coverage(self, i: int, qterms: list[str]) -> float:
        """Share of the query's word weight (rare words weigh more) that entry `i` contains."""
        unique = {t for t in qterms if "_" not in t}
        total = sum(self.idf.get(t, self.max_idf) for t in sorted(unique))
        if not total:
            return 0.0
        return sum(self.idf[t] for t in sorted(unique & self._doc_terms[i])) / total

    def hit(self, i: int, score: float, qterms: list[str]) -> Hit:
        """Describe entry `i`'s match: how much of the query it covers, and the line that matched."""
        entry = self.entries[i]
        unique = set(qterms)
        doc = unique & self._doc_terms[i]
        best_line, best = entry.summary, 0.0
        for line, toks in self._lines[i]:
            weight = sum(self.idf.get(t, 0.0) for t in sorted(unique & toks))
            if weight > best:
                best_line, best = line, weight
        matched = sum(1 for t in doc if "_" not in t)
        return Hit(entry, score, self.coverage(i, qterms), best_line, matched)

    def best_line(self, i: int, oterms: list[str]) -> tuple[float, str]:
        """The share of the statement's word weight found in one line of note `i`, and that line."""
        unique = {t for t in oterms if "_" not in t}
        total = sum(self.idf.get(t, self.max_idf) for t in sorted(unique))
        best, text = 0.0, ""
        for line, toks in self._lines[i]:
            share = sum(self.idf.get(t, 0.0) for t in sorted(unique & toks)) / total if total else 0.0
            if share > best:
                best, text = share, line
        return best, text
