"""Channels, schedules and daily posts, with the exactly-once claim per (channel, local date)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc, utc
from bot.storage.records import ChannelRef, Post, Schedule


class PostsMixin(StorageBase):
    """Storage for channels, their schedules and the posts made in them."""

    async def find_channel(self, ref: ChannelRef) -> int | None:
        """The channel's id if the bot has seen it, without creating anything (for reads)."""
        async with self._read() as conn:
            found = (await conn.execute(select(s.channels.c.id).where(_channel_is(ref)))).scalar()
        return None if found is None else int(found)

    async def channel_id(self, ref: ChannelRef) -> int:
        """The channel's id, creating the row on first use (safe under concurrency)."""
        found = await self.find_channel(ref)
        if found is not None:
            return found
        where = _channel_is(ref)
        async with self._write() as conn:
            stmt = self._insert(s.channels).values(
                platform=ref.platform, workspace=ref.workspace, channel=ref.channel, enabled=False
            )
            await conn.execute(stmt.on_conflict_do_nothing())
            return int((await conn.execute(select(s.channels.c.id).where(where))).scalar_one())

    async def set_schedule(
        self, channel_id: int, post_time: str, zone: str, weekdays: frozenset[int],
        admin_user_id: str, now: datetime,
    ) -> None:
        """Switch the daily question on (or change when it is posted)."""
        days = "".join(str(d) for d in sorted(weekdays))
        async with self._write() as conn:
            await conn.execute(
                update(s.channels).where(s.channels.c.id == channel_id).values(
                    post_time=post_time, zone=zone, weekdays=days, enabled=True,
                    admin_user_id=admin_user_id, updated_at=must_utc(now),
                )
            )

    async def disable_schedule(self, channel_id: int, now: datetime) -> bool:
        """Switch the daily question off; False if it was not on."""
        async with self._write() as conn:
            result = await conn.execute(
                update(s.channels)
                .where((s.channels.c.id == channel_id) & s.channels.c.enabled)
                .values(enabled=False, updated_at=must_utc(now))
            )
            return bool(result.rowcount)

    async def schedule(self, channel_id: int) -> Schedule | None:
        """The channel's schedule if it has ever had one."""
        async with self._read() as conn:
            row = (await conn.execute(
                select(s.channels).where(s.channels.c.id == channel_id)
            )).first()
        return _schedule(row) if row is not None and row.post_time else None

    async def schedules(self) -> list[Schedule]:
        """Every enabled schedule."""
        async with self._read() as conn:
            rows = (await conn.execute(select(s.channels).where(s.channels.c.enabled))).all()
        return [_schedule(row) for row in rows]

    async def claim_post(
        self, channel_id: int, local_date: str, question_id: str | None, now: datetime,
        status: str = "claimed",
    ) -> int | None:
        """Claim the channel's post for `local_date`; the post id, or None if already claimed."""
        stmt = self._insert(s.posts).values(
            channel_id=channel_id, local_date=local_date, question_id=question_id,
            status=status, claimed_at=must_utc(now),
        ).on_conflict_do_nothing().returning(s.posts.c.id)
        async with self._write() as conn:
            row = (await conn.execute(stmt)).first()
        return None if row is None else int(row[0])

    async def mark_posted(
        self, post_id: int, message_id: str, now: datetime, reveal_at: datetime
    ) -> None:
        """Record the platform's message id once the post went out."""
        await self._set_post(post_id, status="posted", message_id=message_id,
                             posted_at=must_utc(now), reveal_at=must_utc(reveal_at))

    async def mark_failed(self, post_id: int, detail: str) -> None:
        """Record that the post could not be made (it is not retried)."""
        await self._set_post(post_id, status="failed", detail=detail[:200])

    async def _set_post(self, post_id: int, **values: Any) -> None:
        async with self._write() as conn:
            await conn.execute(update(s.posts).where(s.posts.c.id == post_id).values(**values))

    async def post(self, post_id: int) -> Post | None:
        """One post by id."""
        rows = await self._posts(s.posts.c.id == post_id)
        return rows[0] if rows else None

    async def post_by_message(self, ref: ChannelRef, message_id: str) -> Post | None:
        """The daily post that is message `message_id` in the channel (for replies in its thread)."""
        rows = await self._posts(_channel_is(ref) & (s.posts.c.message_id == message_id))
        return rows[-1] if rows else None

    async def used_questions(self, channel_id: int) -> dict[str, int]:
        """How many times each question has been posted (or claimed) in the channel."""
        query = (
            select(s.posts.c.question_id, func.count())
            .where((s.posts.c.channel_id == channel_id) & s.posts.c.question_id.is_not(None))
            .group_by(s.posts.c.question_id)
        )
        async with self._read() as conn:
            return {str(q): int(n) for q, n in (await conn.execute(query)).all()}

    async def claimed_days(self, since_date: str) -> set[tuple[int, str]]:
        """(channel id, local date) of every post claimed on or after `since_date`."""
        query = select(s.posts.c.channel_id, s.posts.c.local_date).where(
            s.posts.c.local_date >= since_date
        )
        async with self._read() as conn:
            return {(int(c), str(d)) for c, d in (await conn.execute(query)).all()}

    async def open_posts(self, channel_id: int | None = None) -> list[Post]:
        """Posted and not yet revealed, optionally in one channel."""
        where = (s.posts.c.status == "posted") & s.posts.c.revealed_at.is_(None)
        if channel_id is not None:
            where = where & (s.posts.c.channel_id == channel_id)
        return await self._posts(where)

    async def stale_claims(self, before: datetime) -> list[Post]:
        """Claimed before `before` and never sent: the process stopped between claim and send."""
        return await self._posts((s.posts.c.status == "claimed") & (s.posts.c.claimed_at < must_utc(before)))

    async def claim_reveal(self, post_id: int, now: datetime) -> bool:
        """Close answers on a post; True for the one caller that closed it."""
        async with self._write() as conn:
            result = await conn.execute(
                update(s.posts)
                .where((s.posts.c.id == post_id) & s.posts.c.revealed_at.is_(None))
                .values(revealed_at=must_utc(now))
            )
            return bool(result.rowcount)

    async def _posts(self, where: Any) -> list[Post]:
        query = (
            select(s.posts, s.channels.c.platform, s.channels.c.workspace, s.channels.c.channel,
                   s.channels.c.admin_user_id)
            .join(s.channels, s.channels.c.id == s.posts.c.channel_id)
            .where(where)
            .order_by(s.posts.c.id)
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [_post(row) for row in rows]


def _channel_is(ref: ChannelRef) -> Any:
    return (
        (s.channels.c.platform == ref.platform)
        & (s.channels.c.workspace == ref.workspace)
        & (s.channels.c.channel == ref.channel)
    )


def _schedule(row: Any) -> Schedule:
    return Schedule(
        channel_id=row.id,
        ref=ChannelRef(row.platform, row.workspace, row.channel),
        post_time=row.post_time or "",
        zone=row.zone or "",
        weekdays=frozenset(int(d) for d in row.weekdays or ""),
        enabled=bool(row.enabled),
        admin_user_id=row.admin_user_id or "",
        updated_at=utc(row.updated_at) or datetime.min.replace(tzinfo=UTC),
    )


def _post(row: Any) -> Post:
    return Post(
        id=row.id, channel_id=row.channel_id,
        ref=ChannelRef(row.platform, row.workspace, row.channel),
        local_date=row.local_date, question_id=row.question_id, status=row.status,
        message_id=row.message_id, posted_at=utc(row.posted_at), reveal_at=utc(row.reveal_at),
        revealed_at=utc(row.revealed_at), admin_user_id=row.admin_user_id or "",
    )
