"""The conversation around the tutor: what a message means given what came before.

`Core` hands every message that is not a command to `Conversation.respond`, which, in order:
presses a remembered button for a bare "1", "B" or "yes"; answers a follow-up ("why not B?",
"more", "compare it with SNS", "and for Windows?") about the last answer or quiz question here;
answers small talk; and otherwise asks the tutor, comparing two terms of one note inside it and
hinting that it answers in English when the text is in another language. What each answer was
about is remembered (`bot.memory`) so the next message can refer to it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from bot import followup as fu
from bot.actions import Answer, Ask, decode, question_of
from bot.commands import strip_prefix
from bot.memory import Context, Memory
from bot.model import Button, Click, Place, Reply, Request, User
from bot.notes import Entry
from bot.parse import compare_parts, pasted_question
from bot.quiz.question import Question
from bot.smalltalk import english_hint, foreign_language, smalltalk
from bot.text import terms
from bot.tutor import Tutor
from bot.within import within_note

Press = Callable[[Click], Awaitable[Reply]]
_BARE_CHOICE = re.compile(r"^\s*\(?([1-9]|10|[a-e])\)?\s*[.!]?\s*$", re.IGNORECASE)
_YES = re.compile(r"^\s*(?:y|yes|yep|yeah|yup|sure|ok(?:ay)?|confirm|do it|go ahead|yes please|yes,? forget me)\s*[.!]*\s*$", re.I)
_NO = re.compile(r"^\s*(?:n|no|nope|cancel|don'?t|never ?mind|no thanks|keep it|stop)\s*[.!]*\s*$", re.IGNORECASE)
_NOTHING_TO_PRESS = Reply(text="There are no buttons to pick from right now. `quiz` gives you a practice question.",
                          tone="warning")


class QuizLookup(Protocol):
    """What follow-ups need from the quiz (implemented by `bot.quiz.service.QuizService`)."""

    def question(self, question_id: str) -> Question | None: ...

    async def question_of_click(self, action_id: str) -> str | None: ...

    async def thread_question(self, place: Place) -> tuple[str, bool] | None: ...

    async def as_of(self, request: Request) -> date: ...


@dataclass(frozen=True)
class Turn:
    """How a message was understood (`intent`, the notes it is about) and the reply."""

    intent: str
    reply: Reply
    notes: tuple[str, ...] = ()


class Conversation:
    """Follow-ups, button words and small talk around the tutor, with a short memory."""

    def __init__(self, tutor: Tutor, quiz: QuizLookup | None = None, memory: Memory | None = None) -> None:
        self.tutor = tutor
        self.quiz = quiz
        self.memory = memory or Memory()

    async def respond(self, request: Request, press: Press) -> Turn:
        """Understand and answer one message that is not a command word."""
        text = strip_prefix(request.text)
        place, user = request.place, request.user
        button = self._pressed(text, place, user)
        if button is not None:
            if not button.action_id:
                return Turn("press", _NOTHING_TO_PRESS if _BARE_CHOICE.match(text) else _kept())
            return Turn("press", await press(Click(user, place, button.action_id)))
        asked = fu.read_followup(text)
        day = await self._exam_day(request) if asked is not None else None
        if asked is not None:
            turn = await self._follow(asked, place, user, day)
            if turn is not None:
                return turn
        chat = smalltalk(text)
        if chat is not None:
            return Turn("smalltalk", chat)
        if asked is None:  # looked up once per message, and not for small talk
            day = await self._exam_day(request)
        return self._ask(text, place, user, as_of=day)

    async def _exam_day(self, request: Request) -> date | None:
        """The person's exam day when the facts change before it (the support plans on
        2027-01-01): they study for the exam they will sit, as practice and review do."""
        # No dated change ahead of today (facts the same on every later day): no plan to look up.
        if self.quiz is None or not self.tutor.facts_differ_on(date.max):
            return None
        day = await self.quiz.as_of(request)
        return day if self.tutor.facts_differ_on(day) else None

    def saw(self, request: Request, command: str, reply: Reply) -> None:
        """Remember a command's reply: its buttons, and the practice question it asked."""
        if reply.buttons:
            self.memory.offer(request.place, request.user, reply.buttons)
        qid = _question_in(reply.buttons)
        question = self.quiz.question(qid) if self.quiz and qid else None
        if question is not None:
            self._remember_question(request.place, request.user, question, revealed=False)

    async def clicked(self, click: Click, reply: Reply) -> None:
        """Remember what a button press was about: an answered question, or a note's card."""
        action = decode(click.action_id)
        if isinstance(action, Ask):
            self.memory.remember(click.place, click.user, Context(intent="lookup", notes=(action.entry,)))
            return
        qid = await self.quiz.question_of_click(click.action_id) if self.quiz else None
        question = self.quiz.question(qid) if self.quiz and qid else None
        if question is not None and isinstance(action, Answer):
            self._remember_question(click.place, click.user, question, revealed=True, choice=action.choice)

    # -- buttons --------------------------------------------------------------------------
    def _pressed(self, text: str, place: Place, user: User) -> Button | None:
        """The remembered button a bare "2", "b" or "yes" means; Button("", "") when the words
        mean a button but there is none to press; None when they are no button words."""
        offered = self.memory.offered(place, user)
        choice = _BARE_CHOICE.match(text)
        if choice:
            pick = choice.group(1).upper()
            by_number = offered[int(pick) - 1] if pick.isdigit() and int(pick) <= len(offered) else None
            by_label = next((b for b in offered if b.label.upper() == pick), None)
            return by_number or by_label or Button("", "")
        confirm = offered[0] if len(offered) == 1 and offered[0].style == "danger" else None
        if _YES.match(text) and confirm is not None:
            self.memory.offer(place, user, ())
            return confirm
        if _NO.match(text) and confirm is not None:
            self.memory.offer(place, user, ())
            return Button("", "")
        return None

    # -- follow-ups -----------------------------------------------------------------------
    async def _context(self, place: Place, user: User) -> Context | None:
        found = self.memory.recall(place, user)
        if found is None and place.thread and self.quiz is not None:
            posted = await self.quiz.thread_question(place)  # a reply in a daily question's thread
            question = self.quiz.question(posted[0]) if posted else None
            if posted and question is not None:
                found = Context(text=question.stem, intent="quiz", question_id=question.id, revealed=posted[1],
                                notes=question.answered_notes())
        return found

    async def _follow(self, asked: fu.FollowUp, place: Place, user: User, day: date | None) -> Turn | None:
        context = await self._context(place, user)
        if context is None:
            if asked.kind in ("about", "why"):
                return None  # "what about s3?" can stand on its own
            return Turn(f"followup:{asked.kind}", Reply(
                text="I have no recent answer here to refer to. Ask your question in full, or paste the exam "
                     "question with its options.", tone="warning"))
        question = self.quiz.question(context.question_id) if self.quiz and context.question_id else None
        if asked.kind in ("why_not", "why") and question is not None:
            if not context.revealed:
                return Turn(f"followup:{asked.kind}", fu.not_yet(question))
            reply = fu.why_not_quiz(question, asked.arg) if asked.arg else fu.why_quiz(question)
            return Turn(f"followup:{asked.kind}", reply, context.notes)
        if asked.kind in ("why_not", "why") and context.options and asked.arg:
            return Turn(f"followup:{asked.kind}", self._why_option(context, asked.arg), context.notes)
        if asked.kind == "compare":
            return self._compare_with(context, asked.arg, place, user, day)
        if asked.kind == "about":
            return self._about(context, asked.arg, place, user, day)
        return self._more(context, place, user, day)

    def _why_option(self, context: Context, letter: str) -> Reply:
        options = dict(context.options)
        notes = {k: self._note_named(v) for k, v in options.items()}
        return fu.why_not_pasted(options, context.choice, letter, notes)

    def _more(self, context: Context, place: Place, user: User, day: date | None) -> Turn:
        entries = self.tutor.notes.entries
        if not context.notes or context.notes[0] not in entries:
            return Turn("followup:more", Reply(text="I have nothing more on that. Try `help`.", tone="warning"))
        first = entries[context.notes[0]]
        if context.intent == "lookup":
            reply = fu.more_on(first, entries)
        else:
            reply = self.tutor.card(first.id, day)
            if context.intent == "compare" and len(context.notes) > 1:
                reply = replace(reply, extra=(self.tutor.card(context.notes[1], day),))
        self.memory.remember(place, user, Context(text=first.name, intent="lookup", notes=(first.id,)))
        return Turn("followup:more", reply, (first.id,))

    def _compare_with(self, context: Context, other: str, place: Place, user: User, day: date | None) -> Turn:
        if not context.notes:
            return Turn("followup:compare", Reply(text=f"Compare what with {other}? Try `compare sqs sns`.", tone="warning"))
        base = self.tutor.notes.entries[context.notes[0]]
        return self._ask(f"compare {base.id.replace('-', ' ')} with {other}", place, user, "followup:compare", day)

    def _about(self, context: Context, words: str, place: Place, user: User, day: date | None) -> Turn:
        if self._note_named(words) is not None or not context.text or context.intent in ("lookup", "compare"):
            return self._ask(words, place, user, "followup:about", day)
        return self._ask(fu.followed_text(context.text, words), place, user, "followup:about", day)

    def _remember_question(self, place: Place, user: User, question: Question, revealed: bool, choice: str = "") -> None:
        self.memory.remember(place, user, Context(text=question.stem, intent="quiz", question_id=question.id,
                                                  revealed=revealed, choice=choice, notes=question.answered_notes()))

    # -- the tutor ------------------------------------------------------------------------
    def _ask(self, text: str, place: Place, user: User, intent: str = "", as_of: date | None = None) -> Turn:
        answer = self.tutor.answer(text, as_of)
        notes = tuple(r.id for r in answer.results)
        reply, kind = answer.reply, answer.intent
        parts = compare_parts(text) if kind == "compare" and len(set(notes[:2])) == 1 and notes else None
        if parts:
            reply = within_note(self.tutor.notes.entries[notes[0]], *parts)
        language = foreign_language(text) if kind not in ("lookup", "compare", "choice") and self._foreign_words(text) else None
        if language:
            named = [(i, self.tutor.notes.entries[i].label) for i in self.tutor.index.mentions(text)]
            return Turn("not_english", english_hint(language, named))
        pasted = pasted_question(text) if kind == "choice" else None
        self.memory.remember(place, user, Context(
            text=pasted.stem if pasted else text, intent=kind, notes=notes, choice="".join(answer.choice),
            options=tuple(pasted.options.items()) if pasted else (),
        ))
        if reply.buttons:
            self.memory.offer(place, user, reply.buttons)
        return Turn(intent or kind, reply, notes)

    def _foreign_words(self, text: str) -> bool:
        """At least two words my notes never use, or letters outside the Latin script."""
        unknown = [t for t in terms(text) if t not in self.tutor.index.idf]
        return len(unknown) >= 2 or sum(1 for ch in text if ch.isalpha() and ord(ch) > 0x24F) >= 2

    def _note_named(self, text: str) -> Entry | None:
        """The note `text` names outright (a name or alias), if any."""
        found = self.tutor.index.resolve(text, limit=1)
        return self.tutor.notes.entries.get(found[0][0]) if found and found[0][1] >= 99 else None


def _question_in(buttons: tuple[Button, ...]) -> str:
    """The question id a practice or review post's buttons carry."""
    return (question_of(decode(buttons[0].action_id)) if buttons else None) or ""


def _kept() -> Reply:
    return Reply(text="OK, nothing was changed.")
