"""The tutor: answers a text from the notes. Pure and synchronous; built once at start-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bot import cards, confidence
from bot.choose import RULE_CONFIDENCE, choose
from bot.commands import strip_prefix
from bot.direct import direct
from bot.index import Hit, Index
from bot.layers import load_layers
from bot.model import Reply
from bot.names import MAX_NAME_WORDS
from bot.notes import Entry, Notes
from bot.parse import Pasted, compare_parts, compare_words, lookup_subject, pasted_question
from bot.phrases import PhraseIndex
from bot.text import MAX_INPUT

MIN_COVERAGE = 0.34  # share of the question's weight a note must match to be offered as the answer
NEAR_TIE = 3.0  # name scores this close ask "did you mean"
DIRECT_CONFIDENCE = RULE_CONFIDENCE  # a property entry that answers the question outright
CLOSE = 0.6  # a runner-up scoring at least this share of the best is shown as close
# Open answers' lead over the runner-up, on the tuning half: under 5% right 28% of the time, 30% or more right 88%.
OPEN_UNSURE_BELOW, OPEN_SURE_FROM = 0.05, 0.3
FULL_COVERAGE = 0.6  # an answer covering this share of the question's weight is not doubted for coverage


@dataclass(frozen=True)
class Result:
    id: str
    name: str
    score: int
    why: str


@dataclass(frozen=True)
class Answer:
    """What the tutor made of a text: the kind of question, ranked notes, and the reply."""

    intent: str
    results: tuple[Result, ...]
    reply: Reply
    choice: tuple[str, ...] = ()
    confidence: float = 1.0  # 0-1; see bot/confidence.py

    @property
    def label(self) -> str:
        return confidence.label(self.confidence)


class Tutor:
    """Answers lookups, comparisons, which-service questions and pasted exam questions."""

    def __init__(self, notes: Notes, disabled: frozenset[str] = frozenset()) -> None:
        self.notes = notes
        self.index = Index(notes, disabled)
        self.phrases = PhraseIndex(notes.properties)
        self.disabled = disabled  # question-type rules switched off (to measure what each is worth)

    @classmethod
    def load(cls, knowledge: Path | Sequence[Path]) -> Tutor:
        """Load and validate the notes of one knowledge folder or layers; raises `KnowledgeError`."""
        return cls(load_layers(knowledge))

    def reply(self, text: str) -> Reply:
        return self.answer(text).reply

    def card(self, entry_id: str, as_of: date | None = None) -> Reply:
        """The card of one note by id (the `Ask` buttons); an unknown id is answered as text.
        `as_of` is not read: a Tutor holds one day's view of the notes (`DatedTutor` picks it)."""
        entry = self.notes.entries.get(entry_id)
        return cards.service_card(entry, self.notes.entries) if entry else self.reply(entry_id)

    def facts_differ_on(self, day: date) -> bool:
        """Whether `day` sees other facts than today: never, for a Tutor (it holds one day's
        view of the notes; `DatedTutor` knows the dates)."""
        return False

    def answer(self, text: str, as_of: date | None = None) -> Answer:
        """Work out what is asked and answer it. Never raises for any input text.
        `as_of` is not read here, as in `card`."""
        text = strip_prefix(text or "")
        if text.lower().startswith("lookup "):
            text = text[7:]
        if not text.strip():
            return Answer("unknown", (), _empty())
        answer = self._answer(text[:MAX_INPUT])
        if len(text) > MAX_INPUT:
            note = f"(Your message was long: I read the first {MAX_INPUT:,} characters.)"
            answer = replace(answer, reply=replace(answer.reply, footer=note))
        return answer

    def _answer(self, text: str) -> Answer:
        pasted = pasted_question(text)
        if pasted:
            return self.choose_answer(pasted)
        compared = self._compare(text)
        if compared:
            return compared
        subject = lookup_subject(text)
        if len(subject.split()) <= MAX_NAME_WORDS:  # longer is a question, not a name
            looked = self._lookup(subject)
            if looked:
                return looked
        answered = direct(text, self.index.mentions(text), self.phrases, self.notes.entries)
        if answered:
            return Answer(answered[0], (), answered[1], confidence=DIRECT_CONFIDENCE)
        return self._which(text)

    def _entry(self, entry_id: str) -> Entry:
        return self.notes.entries[entry_id]

    def _lookup(self, subject: str) -> Answer | None:
        found = self.index.resolve(subject)
        if not found:
            return None
        best_id, best = found[0]
        ties = [eid for eid, s in found[1:] if best - s <= NEAR_TIE]
        if ties and best < 100:
            options = [self._entry(best_id), *(self._entry(t) for t in ties)]
            results = tuple(Result(e.id, e.name, round(s), "close spelling") for e, (_, s) in zip(options, found))
            return Answer("lookup", results, cards.did_you_mean(options, subject))
        entry = self._entry(best_id)
        why = "name" if best == 100 else "close spelling of the name"
        return Answer("lookup", (Result(entry.id, entry.name, round(best), why),), cards.service_card(entry, self.notes.entries))

    def _compare(self, text: str) -> Answer | None:
        parts = compare_parts(text)
        if parts:
            ids = [self.index.resolve(p, limit=1) for p in parts]
            if all(ids):
                return self._compare_ids(ids[0][0][0], ids[1][0][0])
        rest = compare_words(text)
        if rest:
            named = self.index.mentions(rest)
            if len(named) == 2:
                return self._compare_ids(*named)
            if parts is None:
                missing = "two services" if not named else "a second service"
                return Answer("compare", (), Reply(text=f"I need {missing} to compare, e.g. `compare sts cognito`.", tone="warning"))
        return None

    def _compare_ids(self, a_id: str, b_id: str) -> Answer:
        a, b = self._entry(a_id), self._entry(b_id)
        results = (Result(a.id, a.name, 100, "named"), Result(b.id, b.name, 100, "named"))
        return Answer("compare", results, cards.compare_card(a, b))

    def _which(self, text: str) -> Answer:
        hits = self.index.search(text, limit=5)
        results = _results(hits)
        wanted = min(2, len({t for t in self.index.query_terms(text) if "_" not in t}))
        if not hits or hits[0].coverage < MIN_COVERAGE or hits[0].matched < wanted:
            return Answer("unknown", results, cards.unknown_card(text[:200], [h.entry for h in hits[:3]]))
        best = hits[0]
        sure = which_confidence(hits)
        reply = cards.answer_card(best.entry, best.why, [h.entry for h in hits[1:3] if h.score >= CLOSE * best.score],
                                  self.notes.entries, sure=confidence.label(sure) != "unsure")
        return Answer("which_service", results, reply, confidence=sure)

    def choose_answer(self, pasted: Pasted) -> Answer:
        """Pick the option(s) of an exam question and say why."""
        picked = choose(self.index, pasted, self.phrases, self.disabled)
        hits = self.index.search(pasted.stem, limit=3)
        reply = cards.choice_card(picked.letters, pasted.options, picked.reasons, pasted.negated,
                                  confidence.label(picked.confidence), picked.runner_up)
        return Answer("choice", _results(hits), reply, tuple(picked.letters), picked.confidence)


def which_confidence(hits: list[Hit]) -> float:
    """How clearly the best note beats the runner-up, scaled down when it covers little of the question."""
    if len(hits) < 2 or hits[0].score <= 0:
        return min(1.0, hits[0].coverage) if hits else 0.0
    lead = max(0.0, 1.0 - hits[1].score / hits[0].score) * min(1.0, hits[0].coverage / FULL_COVERAGE)
    return confidence.rescale(lead, OPEN_UNSURE_BELOW, OPEN_SURE_FROM)


def _results(hits: list[Hit]) -> tuple[Result, ...]:
    if not hits:
        return ()
    top = hits[0].score or 1.0
    return tuple(
        Result(h.entry.id, h.entry.name, round(100 * min(1.0, h.coverage) * h.score / top), h.why) for h in hits
    )


def _empty() -> Reply:
    return Reply(
        title="Ask me about AWS",
        text="Type a question (`which service gives temporary credentials?`), a service name (`sts`), "
        "`compare sts cognito`, or paste an exam question with its options. `help` lists everything.",
        tone="warning",
    )
