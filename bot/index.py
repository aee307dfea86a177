"""The search index, built once at start-up.

Two kinds of matching, each where it works (see shared/docs/matching-baselines.md):
- names: exact lookup of folded aliases, and rapidfuzz for typos in names longer than four
  characters (short acronyms such as EC2/ECS or SNS/SQS are one edit apart, so never fuzzy);
- passages: BM25 over stemmed words and word pairs of each note's fields, fields weighted, so
  rare words count more than common ones. rapidfuzz also repairs misspelt question words.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.notes import Entry, Notes
from bot.text import name_key, stem, terms, words

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
MIN_FUZZY_LEN = 5  # names this short are matched exactly or not at all
NAME_CUTOFF = 86.0
# Words that often trail a name without changing what it names ("Amazon EC2 instances").
GENERIC = frozenset(
    "a an the aws amazon instance instances service services feature features tool tools console "
    "database databases option options solution solutions".split()
)
TYPO_CUTOFF = 85.0


OTHER_KIND = 0.6  # weight of notes of the other kind than the question asks for
_ASKS_SERVICE = re.compile(r"\b(services?|tools?|features?|products?|offerings?)\b", re.I)
_ASKS_CONCEPT = re.compile(r"\b(pillars?|perspectives?|strateg(?:y|ies)|principles?|models?|advantages?|benefits?|concepts?)\b", re.I)


def asks_for(text: str) -> str:
    """"service" or "concept" when the question says which kind of answer it wants, else ""."""
    concept = _ASKS_CONCEPT.search(text)
    service = _ASKS_SERVICE.search(text)
    if concept and not service:
        return "concept"
    if service and not concept:
        return "service"
    return ""


@dataclass(frozen=True)
class Hit:
    """A scored candidate and the note line that made it match."""

    entry: Entry
    score: float
    coverage: float
    why: str
    matched: int = 0


def _core(key: str) -> str:
    """A folded name without a leading "aws" or "amazon" (or a misspelt "amazom")."""
    first, _, rest = key.partition(" ")
    if rest and (first == "aws" or fuzz.ratio(first, "amazon") >= 80):
        return rest
    return key


def _same_shape(typed: str, alias: str) -> bool:
    """A typo keeps the word count and the digits: "business" is not "q business", "cloud" not "cloud9"."""
    digits = lambda s: [c for c in s if c.isdigit()]  # noqa: E731
    return len(typed.split()) == len(alias.split()) and digits(typed) == digits(alias)


def pairs(seq: list[str]) -> list[str]:
    """Adjacent word pairs, so "temporary credentials" counts more than its two words apart."""
    return [f"{a}_{b}" for a, b in zip(seq, seq[1:])]


def line_terms(line: str) -> list[str]:
    toks = terms(line)
    return toks + pairs(toks)


class Index:
    """Names and passages of every note, ready to query."""

    def __init__(self, notes: Notes, disabled: frozenset[str] = frozenset()) -> None:
        self.disabled = disabled  # scoring rules switched off (bot/rules.py SCORING_RULES)
        self.entries = list(notes.entries.values())
        self._positions = {e.id: i for i, e in enumerate(self.entries)}
        self.names: dict[str, str] = {}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._lengths: list[float] = []
        self._lines: list[list[tuple[str, set[str]]]] = []
        self._wrong: list[list[tuple[str, set[str]]]] = []  # each note's traps: statements that are false
        self._doc_terms: list[frozenset[str]] = []
        self._vocab: dict[str, str] = {}
        for i, entry in enumerate(self.entries):
            self._add_names(entry)
            self._add_passages(i, entry)
        n = len(self.entries)
        self.avg_len = sum(self._lengths) / n if n else 1.0
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()
        }
        self.max_idf = max(self.idf.values(), default=1.0)
        # Typos are matched on the name without "AWS"/"Amazon", so "amazon ecx" is as short, and
        # as un-fuzzy, as "ecx": otherwise the prefix would hide that ECS/EKS/EBS are one letter apart.
        self._fuzzy: dict[str, str] = {}
        for key, entry_id in self.names.items():
            if len(_core(key)) >= MIN_FUZZY_LEN:
                self._fuzzy.setdefault(_core(key), entry_id)
        self._fuzzy_keys = list(self._fuzzy)
        self._vocab_words = list(self._vocab)
        # Repairing a misspelt word scans the whole vocabulary: remember the last few thousand.
        self._repair = lru_cache(maxsize=4096)(self._repair_uncached)

    # -- building -------------------------------------------------------------------------
    def _add_names(self, entry: Entry) -> None:
        for text in (entry.id.replace("-", " "), entry.name, entry.short, *entry.aliases, *entry.formerly):
            key = name_key(text)
            if key:
                self.names.setdefault(key, entry.id)
        bare = name_key(entry.name.split("(")[0])
        for prefix in ("aws ", "amazon "):
            if bare.startswith(prefix):
                self.names.setdefault(bare[len(prefix):], entry.id)

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
        self._wrong.append([(t.wrong, set(line_terms(t.wrong))) for t in entry.traps])

    # -- names ----------------------------------------------------------------------------
    def resolve(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """Entries whose name or alias is `text`: exact first, else close spellings (typos).

        "Full Name (ACRONYM)" is tried whole, then each part on its own.
        """
        found = self._resolve(text, limit)
        if not found and "(" in text:
            outer, _, inner = text.partition("(")
            found = self._resolve(outer, limit) or self._resolve(inner.rstrip(") "), limit)
        return found

    def _resolve(self, text: str, limit: int) -> list[tuple[str, float]]:
        key = name_key(text)
        if not key:
            return []
        if key in self.names:
            return [(self.names[key], 100.0)]
        toks = key.split()
        spans = self.mention_spans(toks)
        named = {t for start, end, _ in spans for t in range(start, end)}
        if len(spans) == 1 and all(i in named or t in GENERIC for i, t in enumerate(toks)):
            return [(spans[0][2], 99.0)]
        typed = _core(key)
        if len(typed) < MIN_FUZZY_LEN:
            return []
        found = process.extract(typed, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=10)
        best: dict[str, float] = {}
        for alias, score, _ in found:
            if not _same_shape(typed, alias):
                continue
            entry_id = self._fuzzy[alias]
            best[entry_id] = max(best.get(entry_id, 0.0), score)
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    def mention_spans(self, toks: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, entry id) for each name in the word list, longest names first."""
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            for n in range(min(6, len(toks) - i), 0, -1):
                entry_id = self.names.get(" ".join(toks[i : i + n]))
                if entry_id:
                    spans.append((i, i + n, entry_id))
                    i += n
                    break
            else:
                i += 1
        return spans

    def mentions(self, text: str) -> list[str]:
        """Entry ids named anywhere in `text`, in order of appearance, each once."""
        seen: list[str] = []
        for _, _, entry_id in self.mention_spans(words(text)):
            if entry_id not in seen:
                seen.append(entry_id)
        return seen

    # -- passages -------------------------------------------------------------------------
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

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best entries for a question, best first, favouring the kind of thing it asks for."""
        qterms = self.query_terms(text)
        wants = asks_for(text)
        scored = self.scores(qterms)
        if wants and "kind" not in self.disabled:
            for i in scored:
                if (self.entries[i].kind == "concept") != (wants == "concept"):
                    scored[i] *= OTHER_KIND
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])[:limit]
        return [self.hit(i, s, qterms) for i, s in ranked]

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

    def line_match(self, i: int, must: set[str], qterms: set[str]) -> float:
        """Best weight of query terms on one line of entry `i` that contains any of `must`.

        Tells apart options that map to the same note: the line that names "Application Load
        Balancer" is the one that should agree with the question, not the note as a whole.
        """
        best = 0.0
        for _, toks in self._lines[i]:
            if toks & must:
                best = max(best, sum(self.idf.get(t, 0.0) for t in sorted(toks & qterms)))
        return best

    def best_line(self, i: int, oterms: list[str], wrong: bool = False) -> tuple[float, str]:
        """The share of the statement's word weight found in one line of note `i`, and that line.

        With `wrong`, the lines searched are the note's traps (statements that are false).
        """
        unique = {t for t in oterms if "_" not in t}
        total = sum(self.idf.get(t, self.max_idf) for t in sorted(unique))
        best, text = 0.0, ""
        for line, toks in (self._wrong if wrong else self._lines)[i]:
            share = sum(self.idf[t] for t in sorted(unique & toks)) / total if total else 0.0
            if share > best:
                best, text = share, line
        return best, text

    def position(self, entry_id: str) -> int:
        return self._positions[entry_id]
