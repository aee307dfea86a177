"""The tables, as SQLAlchemy Core objects (the current shape; `migrations.py` builds it).

Times are stored as UTC. Users are (platform, user_id); channels are (platform, workspace,
channel) with a surrogate integer id so posts and answers stay small.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

channels = Table(
    "channels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    # Schedule: post_time "HH:MM", IANA zone, weekdays as "0123456" (Monday = 0).
    Column("post_time", String(5)),
    Column("zone", String(64)),
    Column("weekdays", String(7)),
    Column("enabled", Boolean, nullable=False, default=False),
    Column("admin_user_id", String(64)),
    Column("updated_at", DateTime(timezone=True)),
    UniqueConstraint("platform", "workspace", "channel", name="uq_channels_place"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel_id", Integer, ForeignKey("channels.id"), nullable=False),
    Column("local_date", String(10), nullable=False),
    Column("question_id", String(100)),
    # claimed -> posted -> (revealed_at set) ; or failed / skipped.
    Column("status", String(10), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("posted_at", DateTime(timezone=True)),
    Column("reveal_at", DateTime(timezone=True)),
    Column("revealed_at", DateTime(timezone=True)),
    Column("message_id", String(100)),
    Column("detail", String(200)),
    UniqueConstraint("channel_id", "local_date", name="uq_posts_channel_day"),
)
Index("ix_posts_open", posts.c.status, posts.c.revealed_at)

answers = Table(
    "answers",
    metadata,
    Column("post_id", Integer, ForeignKey("posts.id"), primary_key=True),
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("user_name", String(100), nullable=False, default=""),
    Column("choice", String(5), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("points", Integer, nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)
Index("ix_answers_user", answers.c.platform, answers.c.user_id)

practice = Table(
    "practice_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("question_id", String(100), nullable=False),
    Column("kind", String(10), nullable=False),  # "quiz" or "review"
    Column("choice", String(5), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)
Index("ix_practice_user", practice.c.platform, practice.c.user_id)

# The counted practice answer per person and question (migration 2). Its primary key is what makes
# "one counted answer per window" hold under concurrent clicks: recording is one conditional
# upsert on this row, never a read followed by an insert.
practice_latest = Table(
    "practice_latest",
    metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("question_id", String(100), primary_key=True),
    Column("choice", String(5), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("platform", String(20), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("question_id", String(100), primary_key=True),
    Column("card", Text, nullable=False),  # fsrs.Card.to_json()
    Column("due", DateTime(timezone=True), nullable=False),
)
Index("ix_reviews_due", reviews.c.platform, reviews.c.user_id, reviews.c.due)

# Events already taken by some process (see bot/storage/deliveries.py); rows expire.
deliveries = Table(
    "deliveries",
    metadata,
    Column("platform", String(20), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
Index("ix_deliveries_expires", deliveries.c.expires_at)

# Which questions a channel's daily quiz and practice draw from: shipped, own (the study group's
# knowledge layers) or both (no row: both).
channel_pools = Table(
    "channel_pools",
    metadata,
    Column("channel_id", Integer, ForeignKey("channels.id"), primary_key=True),
    Column("pool", String(10), nullable=False),
)
