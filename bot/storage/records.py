"""Plain rows handed out by storage, so callers never see SQLAlchemy objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ChannelRef:
    """A channel as (platform, workspace, channel)."""

    platform: str
    workspace: str
    channel: str


@dataclass(frozen=True)
class Schedule:
    """A channel's daily-question schedule. `weekdays` holds 0 (Monday) to 6 (Sunday)."""

    channel_id: int
    ref: ChannelRef
    post_time: str
    zone: str
    weekdays: frozenset[int]
    enabled: bool
    admin_user_id: str
    updated_at: datetime


@dataclass(frozen=True)
class Post:
    """One claimed daily post."""

    id: int
    channel_id: int
    ref: ChannelRef
    local_date: str
    question_id: str | None
    status: str
    message_id: str | None
    posted_at: datetime | None
    reveal_at: datetime | None
    revealed_at: datetime | None
    admin_user_id: str


@dataclass(frozen=True)
class AnswerResult:
    """What happened to a click: `recorded` is False for a repeat or a click after the reveal;
    `choice`/`correct` are the person's answer on record (None if they never answered)."""

    recorded: bool
    closed: bool
    choice: str | None
    correct: bool | None


@dataclass(frozen=True)
class Tally:
    """Per-option counts and the names of the people who got it right, for the reveal."""

    counts: dict[str, int]
    winners: list[str]
    total: int


@dataclass(frozen=True)
class Score:
    """A leaderboard line."""

    user_id: str
    name: str
    points: int
    answered: int


@dataclass(frozen=True)
class Attempt:
    """One answer by a person, daily or practice, for stats."""

    question_id: str
    correct: bool
    kind: str
