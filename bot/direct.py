"""Direct answers to plain questions in chat, from the properties (knowledge/properties/).

"is IAM global?" -> "Yes: ...", "who patches the guest OS on EC2?" -> "You, the customer",
"which S3 class takes longest to retrieve?" -> the note at that end of the ordering,
"which databases are NoSQL?" -> the members. Each reply leads with one sentence, then the note.
"""

from __future__ import annotations

import re

from bot.actions import ask_button
from bot.cards import footer
from bot.model import Field, Reply
from bot.notes import Entry
from bot.phrases import Found, PhraseIndex, named_properties
from bot.properties import Ordering, Property, Responsibility

_YES_NO = re.compile(r"^\s*(?:is|are|does|do|can)\b", re.I)
_LIST = re.compile(r"\b(?:which|what)\b.*\bare\b|^\s*(?:list|name)\b", re.I)
_WHO = re.compile(r"^\s*who\b|\bwhose (?:job|responsibility)\b|\bresponsible for\b", re.I)
ACTOR_WORDS = {"customer": "You, the customer", "aws": "AWS", "shared": "Both: AWS and you share it"}
RESPONSIBLE = {"customer": "You, the customer, are responsible for", "aws": "AWS is responsible for",
               "shared": "AWS and you share"}


def direct(text: str, named: list[str], phrases: PhraseIndex, entries: dict[str, Entry]) -> tuple[str, Reply] | None:
    """(intent, reply) when a property entry answers the text outright, else None."""
    found_all = phrases.find(text)
    ordered = next((f for f in found_all if isinstance(f.owner, Ordering)), None)
    if ordered is not None:
        having = named_properties(found_all)
        return _superlative(ordered, having, entries)
    for found in found_all:
        owner = found.owner
        if isinstance(owner, Responsibility) and _WHO.search(text):
            return "who", _who(owner, named, entries)
        if isinstance(owner, Property) and named and _YES_NO.match(text):
            return "yes_no", _yes_no(owner, entries[named[0]])
        if isinstance(owner, Property) and _LIST.search(text):
            members = sorted((entries[i] for i in owner.members if i in entries), key=lambda e: e.label)
            return "property", _listed(owner.name, owner.why, members)
    trait = phrases.trait(text) if named and _YES_NO.match(text) else None
    if trait is not None:
        return "yes_no", _yes_no(trait, entries[named[0]])
    return None


def _superlative(found: Found, having: list[Property], entries: dict[str, Entry]) -> tuple[str, Reply] | None:
    """The end of an ordering the text asks for, among the notes with the properties it also names."""
    ordering = found.owner
    assert isinstance(ordering, Ordering)
    end = ordering.end(found.direction, having)
    if not end:
        return None  # nothing on this scale has all of it: better no direct answer than a wrong one
    why = " ".join([ordering.why, *(p.why for p in having)])
    return "ordering", _listed(ordering.name, why, [entries[i] for i in end if i in entries])


def _who(duty: Responsibility, named: list[str], entries: dict[str, Entry]) -> Reply:
    service = next((i for i in named if duty.actor(i) not in (None, duty.default)), named[0] if named else None)
    actor = duty.actor(service)
    where = f" on {entries[service].label}" if service in entries else ""
    if actor is None:
        return Reply(title=duty.task.capitalize(), text=f"It depends on the service. {duty.why}", tone="warning")
    return Reply(title=f"{ACTOR_WORDS[actor]}", text=f"{RESPONSIBLE[actor]} {duty.task}{where}. {duty.why}",
                 fields=_note_fields(entries.get(service or "")), footer="Shared responsibility model")


def _yes_no(prop: Property, entry: Entry) -> Reply:
    kind = prop.name[0].lower() + prop.name[1:]
    if entry.id in prop.members:
        verdict, said = "Yes", f"{entry.label} is one of the {kind}."
    elif entry.id in prop.non_members:
        verdict, said = "No", f"{entry.label} is not one of the {kind}."
    else:
        verdict, said = "Not that I know", f"My notes do not list {entry.label} among the {kind}."
    text = f"{verdict}: {said} {prop.why}"
    return Reply(title=f"{verdict}: {entry.label}", text=text, fields=_note_fields(entry),
                 buttons=(ask_button(entry.label, entry.id),), footer=footer(entry))


def _listed(name: str, why: str, members: list[Entry]) -> Reply:
    labels = ", ".join(e.label for e in members)
    return Reply(title=name, text=f"{labels}. {why}" if labels else why,
                 buttons=tuple(ask_button(e.label, e.id) for e in members[:5]))


def _note_fields(entry: Entry | None) -> tuple[Field, ...]:
    return (Field(entry.label, entry.summary),) if entry else ()
