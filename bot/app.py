"""Composition: `await build_app(settings)` gives adapters everything they need in one object.

Adapters never build storage or services themselves; they hold an `App`, call `app.core`, start
`app.scheduler(poster)` with their own Poster, and `await app.aclose()` on shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.conversation import Conversation
from bot.core import Core
from bot.model import Poster
from bot.quiz.bank import load_banks
from bot.quiz.scheduler import Scheduler
from bot.quiz.service import QuizService
from bot.storage import Storage, open_storage
from bot.study.ticker import StudyTicker
from bot.tutor import Tutor

log = logging.getLogger(__name__)


@dataclass
class App:
    """The running bot minus its platform: core, tutor, storage, quiz, and a scheduler factory."""

    core: Core
    tutor: Tutor
    storage: Storage
    quiz: QuizService
    scheduler: Callable[[Poster], Scheduler]

    async def aclose(self) -> None:
        """Release the database connections."""
        await self.storage.aclose()


async def build_app(settings: Settings) -> App:
    """Load notes and the quiz bank, open storage (applying migrations), wire the core.

    Broken quiz questions are logged and left out (`awstutor validate` lists them); broken notes
    stop start-up (`Tutor.load` raises `KnowledgeError`)."""
    tutor = Tutor.load(settings.knowledge)
    questions, errors = load_banks(settings.knowledge, set(tutor.notes.entries))
    for error in errors:
        log.warning("quiz bank: %s", error)
    storage = await open_storage(settings.database_url)
    quiz = QuizService(storage, questions, topic_names={e.id: e.label for e in tutor.notes.entries.values()},
                       resolve_topic=lambda text: next(iter(tutor.index.resolve(text, limit=1)), ("", 0.0))[0] or None,
                       notes=tutor.notes.entries,
                       group_questions=frozenset(q.id for q in load_banks(settings.knowledge[1:], set(tutor.notes.entries))[0]))

    def scheduler(poster: Poster) -> Scheduler:
        # Reminders and digests go only to the poster's own platform when it says which it is.
        study = StudyTicker(quiz.study, poster, platform=getattr(poster, "platform", None))
        return Scheduler(storage, questions, poster, reveal_hours=settings.quiz_reveal_hours,
                         grace_hours=settings.quiz_grace_hours, extras=(study,))

    return App(core=Core(tutor, quiz, Conversation(tutor, quiz)), tutor=tutor, storage=storage, quiz=quiz, scheduler=scheduler)
