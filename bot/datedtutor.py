"""The tutor on a given day: today's facts by default, another day's with `as of YYYY-MM-DD`.

`DatedTutor` stands where `Core` and `Conversation` expect a tutor. It builds one
tutor per distinct view of the notes (the dated versions make only a handful, so days between
two changes share one) and hands each question to the tutor of its day. Buttons on a reply for
another day carry that day (`Ask(entry, day)`), so the cards they open stay on it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from bot.actions import Ask, decode, encode
from bot.asof import split_as_of
from bot.cards import bullets
from bot.changes import note_changes
from bot.commands import strip_prefix
from bot.dated import SOON, view_key
from bot.index import Index
from bot.model import Button, Field, Reply
from bot.notes import Notes
from bot.tutor import Answer, Tutor

Keep = Callable[[tuple[int, tuple[date, ...]], Callable[[], Tutor]], Tutor]  # (view key, build) -> tutor
MAX_LISTED = 12  # changes listed in reply to a bare `as of DATE`


class DatedTutor:
    """Answers with the notes as they stand on a day: today's unless a question names another.
    `make` builds a tutor from notes (`Tutor`, or a stand-in in tests). It offers what `Core` and
    `Conversation` use of a tutor, so it stands where they expect one and follows the date."""

    def __init__(self, notes: Notes, make: Callable[[Notes], Tutor], today: Callable[[], date] = date.today,
                 horizon: timedelta = SOON, keep: Keep | None = None) -> None:
        self.base, self.make, self.today, self.horizon = notes, make, today, horizon  # base: every version
        self.keep = keep or (lambda _key, build: build())
        self._bounds = notes.change_days()
        self._made: dict[tuple[int, tuple[date, ...]], Tutor] = {}

    def on(self, as_of: date) -> Tutor:
        """The tutor for `as_of`, built the first time its view of the notes is needed (or
        taken from `keep`, which may hold one built from the same knowledge before)."""
        key = view_key(self._bounds, as_of, self.horizon)
        if key not in self._made:
            self._made[key] = self.keep(key, lambda: self.make(self.base.view(as_of)))
        return self._made[key]

    def facts_differ_on(self, day: date) -> bool:
        """Whether a dated fact changes between today and `day` (a person's exam day)."""
        return bisect_right(self._bounds, day) != bisect_right(self._bounds, self.today())

    @property
    def notes(self) -> Notes:
        """Today's notes (for the conversation's follow-ups)."""
        return self.on(self.today()).notes

    @property
    def index(self) -> Index:
        """Today's search index (for the conversation's follow-ups)."""
        return self.on(self.today()).index

    def answer(self, text: str, as_of: date | None = None) -> Answer:
        """Answer `text` with the facts of the day it names (`as of ...`), else of `as_of`
        (a person's exam day), else of today. Raises `UserError` for an unreadable date."""
        named, rest = split_as_of(strip_prefix(text))
        if named is None:
            answer = self.on(as_of or self.today()).answer(text)
            return replace(answer, reply=dated(answer.reply, as_of, "your exam day")) if as_of else answer
        if not rest:
            return Answer("as_of", (), self.differences(named))
        answer = self.on(named).answer(rest)
        return replace(answer, reply=dated(answer.reply, named))

    def reply(self, text: str, as_of: date | None = None) -> Reply:
        return self.answer(text, as_of).reply

    def card(self, entry_id: str, as_of: date | None = None) -> Reply:
        """The card of one note (an `Ask` button), as of `as_of` if given."""
        reply = self.on(as_of or self.today()).card(entry_id)
        return dated(reply, as_of) if as_of else reply

    def differences(self, day: date) -> Reply:
        """What differs on `day` from today, for `as of DATE` with no question after it."""
        today = self.today()
        first, last = sorted((today, day))
        found = [(e, c) for e, c in note_changes(self.base.entries.values(), first, last) if c.field != "use_cases"]
        lines = [f"{e.label}: {c.line()}" for e, c in found[:MAX_LISTED]]
        if len(found) > MAX_LISTED:
            lines.append(f"and {len(found) - MAX_LISTED} more")
        between = f"Between {first} and {last}"
        fields = (Field(f"{between} my notes change", bullets(lines, len(lines))),) if lines else ()
        return Reply(
            title=f"Facts as of {day}",
            text=f"Put the date before a question to get that day's facts, e.g. `as of {day} developer support`."
                 + ("" if lines else f" {between} nothing in my notes changes."),
            fields=fields, footer=f"Today is {today}.",
        )


def dated(reply: Reply, day: date, why: str = "") -> Reply:
    """`reply` marked as answering for `day` (and `why` that day), its note buttons kept on it."""
    note = f"Facts as of {day}" + (f" ({why})" if why else "")
    return replace(reply, footer=f"{reply.footer} · {note}" if reply.footer else note,
                   buttons=_keep_day(reply, day), extra=tuple(replace(r, buttons=_keep_day(r, day)) for r in reply.extra))


def _keep_day(reply: Reply, day: date) -> tuple[Button, ...]:
    return tuple(_on_day(b, day) for b in reply.buttons)


def _on_day(button: Button, day: date) -> Button:
    action = decode(button.action_id)
    if isinstance(action, Ask) and action.day is None:
        return replace(button, action_id=encode(replace(action, day=day)))
    return button
