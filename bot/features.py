"""What the option scorer reads of each option of a pasted question, as numbers.

Each feature is one way an option can be backed by the notes. None of them is keyed on a
question's wording; how much each counts is fitted on the tuning half of the dev set
(`awstutor fit`, bot/learned.py) and judged on the checking half and on unseen practice sets.
Features are compared between the options of one question, so each is centred on the
question's mean; a negated question ("which is NOT ...") wants the least backed option, so its
features change sign.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.index import Index
from bot.text import fold

CANDIDATES = 8  # notes an option is compared with, by BM25 on its own words
CLOSE_READ = 5  # of those, notes whose lines are compared with it sentence by sentence
FULL_LENGTH = 12  # distinct words from which an option counts as long
# "always", "never", "no need to": sweeping claims, which the notes rarely back.
_ABSOLUTE = re.compile(
    r"\b(always|never|cannot|can ?not|completely|complete control|solely|every|no need|not need|"
    r"not possible|not allowed|impossible|guarantee[sd]?|eliminates?)\b"
)

FEATURES: dict[str, str] = {
    "score": "the option's score from note relevance and coverage (bot/choose.py), over the best option's",
    "covered": "the most of the option's word weight any one note holds, whatever the stem asks",
    "line": "the most of the option's word weight any one note line holds",
    "joint": "the most of the option's word weight one line holds that also holds the stem's words",
    "subject": "the most of the option's word weight one line of a note the stem names holds",
    "relevant": "the best note's relevance to the stem times how much of the option it holds",
    "sentence": "how close the option reads to one sentence of a note (rapidfuzz token_set_ratio)",
    "absolute": "the option makes a sweeping claim (always, never, no need to)",
    "length": "how many distinct words the option has, up to 12",
}


def option_features(
    index: Index,
    options: dict[str, str],
    scores: dict[str, float],
    stem_terms: list[str],
    subjects: list[str],
    negated: bool,
) -> dict[str, list[float]]:
    """One list of numbers per option, in the order of FEATURES, centred on the question."""
    top = max(scores.values(), default=0.0) or 1.0
    stem_scores = index.scores(stem_terms)
    stem_top = max(stem_scores.values(), default=0.0) or 1.0
    subject_at = [index.position(entry_id) for entry_id in subjects]
    raw: dict[str, list[float]] = {}
    for letter, text in options.items():
        oterms = index.query_terms(text)
        notes = sorted(index.scores(oterms).items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES] if oterms else []
        ids = [i for i, _ in notes]
        raw[letter] = [
            scores[letter] / top,
            max((index.coverage(i, oterms) for i in ids), default=0.0),
            max((index.best_line(i, oterms)[0] for i in ids), default=0.0),
            max((index.joint_line(i, oterms, stem_terms) for i in ids), default=0.0),
            max((index.best_line(i, oterms)[0] for i in subject_at), default=0.0),
            max((stem_scores.get(i, 0.0) / stem_top * index.coverage(i, oterms) for i in ids), default=0.0),
            _closest_sentence(index, text, ids[:CLOSE_READ]),
            1.0 if _ABSOLUTE.search(fold(text)) else 0.0,
            min(1.0, len({t for t in oterms if "_" not in t}) / FULL_LENGTH),
        ]
    sign = -1.0 if negated else 1.0
    means = [sum(col) / len(col) for col in zip(*raw.values())] if raw else []
    return {k: [sign * (x - m) for x, m in zip(values, means)] for k, values in raw.items()}


def _closest_sentence(index: Index, text: str, positions: list[int]) -> float:
    folded = fold(text)
    sentences = [sentence for i in positions for sentence in index.sentences(i)]
    found = process.extractOne(folded, sentences, scorer=fuzz.token_set_ratio)
    return found[1] / 100 if found else 0.0
