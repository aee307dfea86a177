"""Composition: `await build_app(settings)` gives adapters everything they need in one object.

Adapters never build storage or services themselves; they hold an `App`, call `app.core`, start
`app.scheduler(poster)` with their own Poster, and `await app.aclose()` on shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from bot.config import Settings
from bot.conversation import Conversation
from bot.core import Core
from bot.datedtutor import DatedTutor
from bot.knowcache import cached
from bot.layers import load_layers
from bot.memory import Memory
from bot.model import Poster
from bot.notes import Notes
from bot.quiz.bank import load_banks
from bot.quiz.question import Question
from bot.quiz.scheduler import Scheduler
from bot.quiz.service import QuizService
from bot.storage import Storage, open_storage
from bot.study.ticker import StudyTicker
from bot.tutor import Tutor
from bot.validate import check_all

log = logging.getLogger(__name__)


@dataclass
class App:
    """The running bot minus its platform: core, tutor, storage, quiz, and a scheduler factory."""

    core: Core
    tutor: Tutor
    storage: Storage
    quiz: QuizService
    scheduler: Callable[[Poster], Scheduler]
    settings: Settings | None = None
    running: list[tuple[Scheduler, StudyTicker]] = field(default_factory=list)  # what `scheduler()` made

    async def aclose(self) -> None:
        """Release the database connections."""
        await self.storage.aclose()

    def reload(self) -> list[str]:
        """Read the knowledge again and switch to it, or keep what runs and return every problem.

        Nothing changes unless the new notes and quiz bank have no error at all (`awstutor
        validate` prints the same list). Answers, reviews and exams live in the database and carry on.
        """
        if self.settings is None:
            return ["this bot was started without settings, so there is nothing to reload from"]
        notes, questions, errors = check_all(self.settings.knowledge)
        if errors:
            log.warning("reload refused: %d problem(s) in the knowledge; still serving the old", len(errors))
            return errors
        old = self.core.talk.memory if isinstance(self.core.talk, Conversation) else None
        self.tutor, dated, self.quiz, talk = _wire(self.settings, notes, questions, self.storage, old)
        self.core.tutor, self.core.quiz, self.core.talk = dated, self.quiz, talk
        for scheduler, ticker in self.running:
            scheduler.use_bank(questions)
            scheduler.group_questions = self.quiz.group_questions
            ticker.study = self.quiz.study
        log.info("knowledge reloaded: %d notes, %d questions", len(notes), len(questions))
        return []


def _wire(settings: Settings, notes: Notes, questions: list[Question], storage: Storage,
          memory: Memory | None = None) -> tuple[Tutor, DatedTutor, QuizService, Conversation]:
    """Today's tutor, the dated tutor the core answers through (today's facts, or another day's
    with `as of YYYY-MM-DD`), the quiz and the conversation."""
    # The same knowledge files make the same index: a reload with nothing changed reuses it.
    dated = DatedTutor(notes, Tutor, keep=lambda key, build: cached("tutor", settings.knowledge, build, key))
    tutor = dated.on(date.today())
    shipped = settings.knowledge[0] / "quiz"
    group = frozenset(q.id for q in questions if Path(q.source).parent != shipped)  # the group's own layers
    quiz = QuizService(storage, questions, topic_names={e.id: e.label for e in tutor.notes.entries.values()},
                       resolve_topic=lambda text: next(iter(tutor.index.resolve(text, limit=1)), ("", 0.0))[0] or None,
                       notes=tutor.notes.entries, group_questions=group)
    # The conversation reads the tutor through DatedTutor too, so it follows the date (and `as of`).
    return tutor, dated, quiz, Conversation(cast(Tutor, dated), quiz, memory)


async def build_app(settings: Settings) -> App:
    """Load notes and the quiz bank, open storage (applying migrations), wire the core.

    Broken quiz questions are logged and left out (`awstutor validate` lists them); broken notes
    stop start-up (`load_layers` raises `KnowledgeError`)."""
    notes = load_layers(settings.knowledge)
    questions, errors = load_banks(settings.knowledge, set(notes.entries))
    for error in errors:
        log.warning("quiz bank: %s", error)
    storage = await open_storage(settings.database_url)
    tutor, dated, quiz, talk = _wire(settings, notes, questions, storage)
    app = App(core=Core(dated, quiz, talk), tutor=tutor, storage=storage, quiz=quiz,
              scheduler=lambda poster: _scheduler(app, poster), settings=settings)
    app.core.reload = app.reload
    return app


def _scheduler(app: App, poster: Poster) -> Scheduler:
    # Reminders and digests go only to the poster's own platform when it says which it is.
    settings = app.settings or Settings()
    ticker = StudyTicker(app.quiz.study, poster, platform=getattr(poster, "platform", None))
    scheduler = Scheduler(app.storage, app.quiz.questions, poster, reveal_hours=settings.quiz_reveal_hours,
                          grace_hours=settings.quiz_grace_hours, extras=(ticker,))
    scheduler.group_questions = app.quiz.group_questions
    app.running.append((scheduler, ticker))
    return scheduler
