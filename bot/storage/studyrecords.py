"""Plain rows for the study features (mock exams, plans, mix-ups, digests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.records import ChannelRef


@dataclass(frozen=True)
class ExamRow:
    """One mock exam: the questions in the order asked and the choices given so far."""

    id: int
    platform: str
    user_id: str
    status: str  # running, done, stopped
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    started_at: datetime
    ends_at: datetime
    finished_at: datetime | None

    @property
    def position(self) -> int:
        """The index of the next question to answer."""
        return len(self.answers)


@dataclass(frozen=True)
class Plan:
    """A person's exam date and daily reminder."""

    platform: str
    user_id: str
    exam_date: str | None
    plan_start: str | None
    remind: bool
    remind_time: str
    zone: str
    reminded_on: str | None


@dataclass(frozen=True)
class Mixup:
    """How often a person picked `picked` when `right` was the answer."""

    right: str
    picked: str
    count: int


@dataclass(frozen=True)
class DigestChannel:
    """A channel whose admin switched the weekly digest on, with its schedule's zone and time."""

    channel_id: int
    ref: ChannelRef
    zone: str
    post_time: str
    sent_week: str | None
    admin_user_id: str
    enabled: bool = True


@dataclass(frozen=True)
class ChannelAnswer:
    """One answer to a channel's daily question, for the digest."""

    question_id: str
    user_id: str
    name: str
    correct: bool
    local_date: str


@dataclass(frozen=True)
class Seen:
    """A person's history with one question: the latest answer and the first time they saw it."""

    correct: bool
    last_at: datetime
    first_at: datetime
