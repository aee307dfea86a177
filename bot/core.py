"""The one object adapters talk to: `Core.handle(request)` and `Core.click(click)`.

It routes command words (`quiz`, `stats`, `schedule`, ...) to the quiz service and everything
else to the tutor. It never raises to an adapter: expected failures become a specific reply,
unexpected ones are logged and answered generically.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from bot.actions import Ask, decode
from bot.commands import QUIZ_COMMANDS, help_reply, is_personal, near_command, split_command
from bot.errors import UserError
from bot.model import Click, Reply, Request

if TYPE_CHECKING:
    from bot.conversation import Turn

log = logging.getLogger(__name__)

SORRY = Reply(
    title="Something went wrong on my side",
    text="That one failed unexpectedly and has been logged. Please try again in a moment.",
    tone="error",
)


class Answerer(Protocol):
    def reply(self, text: str) -> Reply: ...

    def card(self, entry_id: str, as_of: date | None = None) -> Reply: ...


class QuizCommands(Protocol):
    """Implemented by `bot.quiz.service.QuizService`."""

    async def command(self, request: Request, name: str, args: str) -> Reply: ...

    async def click(self, click: Click) -> Reply: ...


class Talk(Protocol):
    """Implemented by `bot.conversation.Conversation`: follow-ups, button words, small talk."""

    async def respond(self, request: Request, press: Callable[[Click], Awaitable[Reply]]) -> Turn: ...

    def saw(self, request: Request, command: str, reply: Reply) -> None: ...

    async def clicked(self, click: Click, reply: Reply) -> None: ...


class Core:
    """Platform-neutral entry point. Adapters hold one and call it; it never calls them."""

    def __init__(self, tutor: Answerer, quiz: QuizCommands | None = None, talk: Talk | None = None) -> None:
        self.tutor = tutor
        self.quiz = quiz
        self.talk = talk  # None: every message goes straight to the tutor (no memory of the last answer)
        self.reload: Callable[[], list[str]] | None = None  # `reload`: re-read the knowledge (App.reload)

    async def handle(self, request: Request) -> Reply:
        """Answer one request. Always returns a reply."""
        reply = await _safely(self._route(request), "request failed", request.place.platform)
        # A personal command's reply is about the asker alone, its refusals included.
        return replace(reply, personal=True) if is_personal(request.text) else reply

    async def click(self, click: Click) -> Reply:
        """Handle a button press; the reply is for the clicker alone."""
        return await _safely(self._click(click), "click failed", click.place.platform)

    async def _click(self, click: Click) -> Reply:
        action = decode(click.action_id)
        if isinstance(action, Ask):
            reply = self.tutor.card(action.entry, action.day)
        elif action is not None and self.quiz is not None:
            reply = await self.quiz.click(click)
        else:
            return Reply(text="That button is no longer active.", tone="warning")
        if self.talk is not None:
            await self.talk.clicked(click, reply)
        return reply

    def _reload(self, request: Request) -> Reply:
        if not request.user.is_admin:
            raise UserError("Only admins can reload the knowledge.")
        if self.reload is None:
            raise UserError("Reloading is not available here.")
        return _reload_reply(self.reload())

    async def _route(self, request: Request) -> Reply:
        name, args = split_command(request.text)
        if name == "help":
            return help_reply(args)
        if name == "reload":
            return self._reload(request)
        if name == "share":
            if not args:
                raise UserError("Tell me what to share, e.g. `share sts vs cognito`.")
            answer = self.tutor.reply(args)
            return _public(answer)
        if name in QUIZ_COMMANDS:
            if self.quiz is None:
                raise UserError("The quiz is not switched on here (no database configured).")
            reply = await self.quiz.command(request, name, args)
            if self.talk is not None:
                self.talk.saw(request, name, reply)
            return reply
        usage = near_command(request.text)
        if usage is not None:
            return usage
        if self.talk is not None:
            turn = await self.talk.respond(request, self._click)
            # A button pressed by typing ("yes", "1") is answered like the click: to the asker alone.
            return replace(turn.reply, personal=True) if turn.intent == "press" else turn.reply
        return self.tutor.reply(request.text)


def _reload_reply(errors: list[str]) -> Reply:
    if not errors:
        return Reply(title="Knowledge reloaded", text="New notes and questions are in use from now on.")
    shown = "\n".join(f"• {e}" for e in errors[:5])
    more = f"\n…and {len(errors) - 5} more (`awstutor validate` lists them all)." if len(errors) > 5 else ""
    return Reply(title="Reload refused: still using the knowledge that was loaded",
                 text=f"{len(errors)} problem(s) in the new knowledge:\n{shown}{more}", tone="error")


async def _safely(work: Awaitable[Reply], what: str, platform: str) -> Reply:
    """Expected failures become their own text; anything else is logged and answered generically."""
    try:
        return await work
    except UserError as err:
        return Reply(text=err.text, tone="warning")
    except Exception:
        log.exception(what, extra={"platform": platform})
        return SORRY


def _public(reply: Reply) -> Reply:
    return replace(reply, private=False)
