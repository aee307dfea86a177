"""The study tables (migration 4): mock exams, study plans, mix-ups and weekly digests.

They share `bot.storage.schema.metadata`, so `metadata.create_all` and the tests see them too.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from bot.storage.schema import metadata

exams = Table(
    "exams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("user_id", String(64), nullable=False),
    # True while the exam runs, NULL once it ends: the unique constraint then allows one running
    # exam per person (NULLs never collide) and any number of finished ones.
    Column("running", Boolean, nullable=True),
    Column("status", String(10), nullable=False),  # running, done, stopped
    Column("questions", Text, nullable=False),  # JSON list of question ids, in the order asked
    Column("answers", Text, nullable=False),  # JSON list of the choices given so far
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("platform", "user_id", "running", name="uq_exams_running"),
)
Index("ix_exams_user", exams.c.platform, exams.c.user_id, exams.c.started_at)

study_plans = Table(
    "study_plans",
    metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("exam_date", String(10)),  # YYYY-MM-DD, the person's exam day
    Column("plan_start", String(10)),  # the day the date was set: "day 1" of the plan
    Column("remind", Boolean, nullable=False, default=False),
    Column("remind_time", String(5)),  # HH:MM in `zone`
    Column("zone", String(64)),
    Column("reminded_on", String(10)),  # local date of the last reminder sent (one a day)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_study_plans_remind", study_plans.c.remind)

mixups = Table(
    "mixups",
    metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("right_note", String(100), primary_key=True),
    Column("picked_note", String(100), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

digests = Table(
    "digests",
    metadata,
    Column("channel_id", Integer, ForeignKey("channels.id"), primary_key=True),
    Column("enabled", Boolean, nullable=False),
    Column("admin_user_id", String(64)),
    Column("sent_week", String(10)),  # local Monday of the last week reported (one digest a week)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

STUDY_TABLES = [exams, study_plans, mixups, digests]

PERSONAL = (exams, study_plans, mixups)  # rows about one person, besides answers and reviews
