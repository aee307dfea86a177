"""Turn matched notes into neutral replies (title, text, fields, buttons). No platform here."""

from __future__ import annotations

import re

from bot.actions import ask_button
from bot.dated import card_lines
from bot.model import Field, Reply
from bot.notes import Entry

MAX_ITEMS = 4
CARD_FACTS = 6  # a card shows every fact a note usually has; longer lists are cut here
CARD_USE_CASES = 5


def bullets(items: tuple[str, ...] | list[str], limit: int = MAX_ITEMS) -> str:
    return "\n".join(f"• {item}" for item in list(items)[:limit])


def how_to_tell(a: Entry, b: Entry) -> str:
    """The note's own sentence on telling `a` from `b`, whichever side wrote it."""
    for c in a.confused_with:
        if c.id == b.id:
            return c.how
    for c in b.confused_with:
        if c.id == a.id:
            return c.how
    return ""


def footer(entry: Entry) -> str:
    return f"{entry.category} · exam domain: {entry.domain_name} · facts checked {entry.as_of}"


STATUS_LINES = {
    "closed-to-new-customers": "Closed to new customers: accounts that already use it can keep using it; "
    "new accounts cannot start.",
    "retired": "Retired: AWS has ended this service. Older practice questions may still name it.",
}


# A summary that already says so ("closed to new customers since ...") needs no status line.
_SAYS_STATUS = re.compile(r"new customers|retired|discontinued|ended support", re.IGNORECASE)


def service_card(entry: Entry, entries: dict[str, Entry]) -> Reply:
    """The full card for one note."""
    text = entry.summary
    if entry.status in STATUS_LINES and not _SAYS_STATUS.search(entry.summary):
        text += f"\n{STATUS_LINES[entry.status]}"
    if entry.formerly:
        text += f"\nFormerly: {', '.join(entry.formerly)}."
    fields = []
    ours = set(entry.from_notes)
    facts = [f for f in entry.facts if f not in ours]
    use_cases = [u for u in entry.use_cases if u not in ours]
    if facts:
        fields.append(Field("Key facts", bullets(facts, CARD_FACTS)))
    changes = card_lines(entry.changes, entry.label)
    if changes:
        fields.append(Field("Changes soon", bullets(changes, len(changes))))
    if use_cases:
        fields.append(Field("Use it to", bullets(use_cases, CARD_USE_CASES)))
    if entry.from_notes:
        fields.append(Field("From your notes", bullets(entry.from_notes, CARD_FACTS)))
    confused = [(entries[c.id], c.how) for c in entry.confused_with if c.id in entries]
    if confused:
        fields.append(Field("Often confused with", bullets([f"{e.label}: {how}" for e, how in confused], 3)))
    if entry.traps:
        fields.append(Field("Common traps", bullets([f"Not true: {t.wrong} {t.right}" for t in entry.traps], 3)))
    related = [entries[r].label for r in entry.related if r in entries]
    if related:
        fields.append(Field("Related", ", ".join(related)))
    return Reply(title=entry.name, text=text, fields=tuple(fields), url=entry.docs, footer=footer(entry))


def compare_card(a: Entry, b: Entry) -> Reply:
    """Two notes side by side, the deciding difference first."""
    deciding = how_to_tell(a, b) or f"{a.label}: {a.summary}\n{b.label}: {b.summary}"
    fields = [
        Field(a.label, a.summary, inline=True),
        Field(b.label, b.summary, inline=True),
        Field(f"{a.label} fits when you want to", bullets(a.use_cases, 3), inline=True),
        Field(f"{b.label} fits when you want to", bullets(b.use_cases, 3), inline=True),
    ]
    if a.category != b.category:
        fields.append(Field("Categories", f"{a.label}: {a.category}\n{b.label}: {b.category}"))
    return Reply(title=f"{a.label} vs {b.label}", text=f"The deciding difference: {deciding}", fields=tuple(fields))


def why_sentence(entry: Entry, line: str) -> str:
    """One plain sentence linking the question to the note line that matched it."""
    line = line.strip().rstrip(".")
    if line in entry.use_cases:
        return f"Why: it is what you use to {line[0].lower() + line[1:]}."
    if line in entry.keywords:
        return f"Why: {entry.label} is the one my notes tie to “{line}”."
    if line == entry.summary.rstrip("."):
        return "Why: that is what it is for, in one line (above)."
    return f"Why: {line}."


def answer_card(best: Entry, why: str, others: list[Entry], entries: dict[str, Entry], sure: bool = True) -> Reply:
    """A which-service answer: the service, the note line it matched, and its look-alikes.

    When the two best are close (`sure` False), both are offered with what tells them apart.
    """
    if not sure and others:
        return _two_candidates(best, others[0], why)
    text = "\n".join(t for t in (best.summary, why_sentence(best, why)) if t)
    confused = [(entries[c.id], c.how) for c in best.confused_with if c.id in entries][:2]
    fields = []
    if confused:
        fields.append(Field("Often confused with", bullets([f"{e.label}: {how}" for e, how in confused])))
    close = [e for e in others if e.id not in {c.id for c, _ in confused}][:2]
    buttons = tuple(ask_button(e.label, e.id) for e in close)
    return Reply(
        title=f"{best.name}",
        text=text,
        fields=tuple(fields),
        buttons=buttons,
        url=best.docs,
        footer=f"Look it up: `{best.aliases[0] if best.aliases else best.label}` · compare: `compare {best.label} ...`",
    )


def _two_candidates(a: Entry, b: Entry, why: str) -> Reply:
    deciding = how_to_tell(a, b)
    text = f"My two best matches are close: {a.label} or {b.label}."
    if deciding:
        text += f"\nWhat tells them apart: {deciding}"
    fields = (Field(a.label, a.summary, inline=True), Field(b.label, b.summary, inline=True))
    return Reply(
        title=f"Not sure: {a.label} or {b.label}",
        text=text,
        fields=fields,
        buttons=(ask_button(a.label, a.id), ask_button(b.label, b.id)),
        footer="Add a detail to your question (what it is for, who uses it) and ask again.",
        tone="warning",
    )


def did_you_mean(candidates: list[Entry], asked: str) -> Reply:
    names = " or ".join(e.label for e in candidates)
    return Reply(
        title="Did you mean…",
        text=f"“{asked}” is close to {names}. Pick one:",
        buttons=tuple(ask_button(e.label, e.id) for e in candidates),
        tone="warning",
    )


def unknown_card(asked: str, nearest: list[Entry]) -> Reply:
    """An honest "I don't know", with the nearest topics to try."""
    text = f"I don't have a note that answers “{asked}”."
    if nearest:
        text += " The nearest topics I know:"
    return Reply(
        title="I don't know that one",
        text=text,
        fields=(Field("Try", ", ".join(e.label for e in nearest)),) if nearest else (),
        buttons=tuple(ask_button(e.label, e.id) for e in nearest[:3]),
        footer="Type `help` for what I can do.",
        tone="warning",
    )


def choice_card(
    letters: list[str], options: dict[str, str], reasons: dict[str, str], negated: bool,
    sureness: str = "sure", runner_up: str = "",
) -> Reply:
    """The answer to a pasted exam question: the letters, how sure, why, and why not the others."""
    picked = ", ".join(letters)
    lines = [f"{letter}. {options[letter]}: {reasons.get(letter, '')}".rstrip(": ") for letter in letters]
    others = [f"{k}. {v}: {reasons[k]}" for k, v in options.items() if k not in letters and reasons.get(k)]
    fields = [Field("Why", "\n".join(lines))]
    if others:
        fields.append(Field("The others", "\n".join(others[:4])))
    note = " (the question asks which is NOT, so I picked the weakest match)" if negated else ""
    title, text = f"Answer: {picked}", f"From my notes, the best fit is {picked}{note}."
    if sureness == "likely":
        title, text = f"Probably: {picked}", f"From my notes, {picked} fits best{note}, but not by much."
    elif sureness == "unsure" and runner_up:
        title = f"Not sure: {picked} or {runner_up}"
        text = f"My notes do not settle this one: {picked} fits a little better than {runner_up}{note}. Check both against the docs."
    return Reply(
        title=title,
        text=text,
        fields=tuple(fields),
        footer="I match your question against my notes; double-check with the linked docs.",
        tone="info" if sureness == "sure" else "warning",
    )
