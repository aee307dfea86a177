"""A terminal conversation for the study tests: the real terminal adapter's Session and renderer
over the real core and quiz service, with a clock the test moves."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from adapters.terminal import PLACE, USER, Session, TerminalPoster, render
from bot.core import Core
from bot.model import Button, Click, Reply
from bot.quiz.question import Question
from bot.quiz.scheduler import Scheduler
from bot.quiz.service import QuizService
from bot.storage import Storage
from bot.study.ticker import StudyTicker
from bot.tutor import Tutor

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # a Monday


@dataclass
class Term:
    """A terminal conversation: `type(line)` is what a person types, the result what they see."""

    storage: Storage
    tutor: Tutor
    questions: list[Question]
    now: datetime = START
    seed: int = 7
    out: io.StringIO = field(default_factory=io.StringIO)
    last: tuple[Button, ...] = ()
    reply: Reply | None = None

    def __post_init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        """A new process on the same database: new core, service and session."""
        self.quiz = QuizService(self.storage, self.questions, clock=lambda: self.now, rng=random.Random(self.seed),
                                notes=self.tutor.notes.entries,
                                topic_names={e.id: e.label for e in self.tutor.notes.entries.values()})
        self.poster = TerminalPoster(self.out)
        ticker = StudyTicker(self.quiz.study, self.poster, platform="terminal")
        self.scheduler = Scheduler(self.storage, self.questions, self.poster, clock=lambda: self.now, extras=(ticker,))
        self.session = Session(Core(self.tutor, self.quiz), self.scheduler, self.poster)

    async def type(self, line: str) -> str:
        reply, self.last = await self.session.turn(line, self.last)
        self.reply = reply
        return render(reply, color=False) if reply is not None else ""

    async def click(self, action_id: str) -> Reply:
        return await self.session.core.click(Click(USER, PLACE, action_id))

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)
