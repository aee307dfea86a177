"""Names: every note's name, short name, aliases and old names, matched exactly or by typo.

rapidfuzz corrects typos in names longer than four characters, not counting "AWS" or "Amazon";
short acronyms (EC2/ECS, SNS/SQS/SES) are one edit apart, so they are matched exactly or not at all.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.notes import Entry
from bot.text import name_key, words

MIN_FUZZY_LEN = 5  # names this short are matched exactly or not at all
NAME_CUTOFF = 86.0
MAX_NAME_WORDS = 6  # names and aliases are looked up up to this many words long
# Words that often trail a name without changing what it names ("Amazon EC2 instances").
GENERIC = frozenset(
    "a an the aws amazon instance instances service services feature features tool tools console "
    "database databases option options solution solutions".split()
)


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


class NameIndex:
    """Folded names of every note, for lookups and for finding names inside a text."""

    def __init__(self, entries: list[Entry]) -> None:
        self.names: dict[str, str] = {}
        for entry in entries:
            self._add_names(entry)
        # Typos are matched on the name without "AWS"/"Amazon", so "amazon ecx" is as short, and
        # as un-fuzzy, as "ecx": otherwise the prefix would hide that ECS/EKS/EBS are one letter apart.
        self._fuzzy: dict[str, str] = {}
        for key, entry_id in self.names.items():
            if len(_core(key)) >= MIN_FUZZY_LEN:
                self._fuzzy.setdefault(_core(key), entry_id)
        self._fuzzy_keys = list(self._fuzzy)

    def _add_names(self, entry: Entry) -> None:
        for text in (entry.id.replace("-", " "), entry.name, entry.short, *entry.aliases, *entry.formerly):
            key = name_key(text)
            if key:
                self.names.setdefault(key, entry.id)
        bare = name_key(entry.name.split("(")[0])
        for prefix in ("aws ", "amazon "):
            if bare.startswith(prefix):
                self.names.setdefault(bare[len(prefix):], entry.id)

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

    def holding(self, key: str) -> list[tuple[str, str]]:
        """(name, entry id) for every name that holds the folded words `key` in a row."""
        if not hasattr(self, "_by_word"):
            self._by_word: dict[str, list[tuple[str, str]]] = {}
            for name, entry_id in self.names.items():
                for word in set(name.split()):
                    self._by_word.setdefault(word, []).append((name, entry_id))
        first = key.split()[0] if key else ""
        return [(name, entry_id) for name, entry_id in self._by_word.get(first, ())
                if f" {key} " in f" {name} "]

    def mention_spans(self, toks: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, entry id) for each name in the word list, longest names first."""
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            for n in range(min(MAX_NAME_WORDS, len(toks) - i), 0, -1):
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
