"""Answers (daily and practice), scores, streaks, review cards, forgetting and export.

Scores are never kept as running totals: they are sums over the answers table, whose primary
key (post, platform, user) makes a second answer impossible. So concurrent clicks cannot make a
score drift. Practice answers count once per window through the `practice_latest` primary key.
An answer and the review card it changes are written in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, literal, select, union_all, update

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc
from bot.storage.records import AnswerResult, Attempt, Score, Tally
from bot.storage.reviews import Reschedule, ReviewsMixin
from bot.storage.studyschema import PERSONAL


class AnswersMixin(ReviewsMixin, StorageBase):
    """Storage for what people answered and what they should review."""

    async def record_answer(
        self, post_id: int, platform: str, user_id: str, user_name: str,
        choice: str, correct: bool, points: int, now: datetime, reschedule: Reschedule | None = None,
    ) -> AnswerResult | None:
        """Record a person's first answer to a daily post; None if the post does not exist.

        The post row is share-locked (PostgreSQL) so a reveal cannot slip between the check
        that answers are open and the insert. A recorded answer updates the person's review
        card (`reschedule`, question `question_id` of the post) in the same transaction."""
        async with self._write() as conn:
            post = (await conn.execute(
                select(s.posts.c.revealed_at, s.posts.c.question_id).where(s.posts.c.id == post_id)
                .with_for_update(read=True)
            )).first()
            if post is None:
                return None
            closed = post.revealed_at is not None
            if not closed:
                stmt = self._insert(s.answers).values(
                    post_id=post_id, platform=platform, user_id=user_id,
                    user_name=user_name[:100], choice=choice, correct=correct,
                    points=points, answered_at=must_utc(now),
                ).on_conflict_do_nothing().returning(s.answers.c.post_id)
                if (await conn.execute(stmt)).first() is not None:
                    if reschedule is not None and post.question_id:
                        await self._reschedule(conn, platform, user_id, post.question_id, reschedule)
                    return AnswerResult(recorded=True, closed=False, choice=choice, correct=correct)
            mine = (await conn.execute(
                select(s.answers.c.choice, s.answers.c.correct).where(
                    (s.answers.c.post_id == post_id) & (s.answers.c.platform == platform)
                    & (s.answers.c.user_id == user_id)
                )
            )).first()
        if mine is None:
            return AnswerResult(recorded=False, closed=closed, choice=None, correct=None)
        return AnswerResult(recorded=False, closed=closed, choice=mine.choice,
                            correct=bool(mine.correct))

    async def tally(self, post_id: int) -> Tally:
        """Counts per option and who got it right (in answer order)."""
        async with self._read() as conn:
            rows = (await conn.execute(
                select(s.answers.c.choice, s.answers.c.correct, s.answers.c.user_name,
                       s.answers.c.user_id)
                .where(s.answers.c.post_id == post_id)
                .order_by(s.answers.c.answered_at)
            )).all()
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.choice] = counts.get(row.choice, 0) + 1
        winners = [row.user_name or row.user_id for row in rows if row.correct]
        return Tally(counts=counts, winners=winners, total=len(rows))

    async def record_practice(
        self, platform: str, user_id: str, question_id: str, kind: str, choice: str,
        correct: bool, now: datetime, since: datetime, reschedule: Reschedule | None = None,
    ) -> str | None:
        """Record a practice (`quiz`) or `review` answer unless one was counted since `since`.

        Returns None when recorded, else the earlier choice: clicking again, or clicking the
        right button after seeing the explanation, must not count twice. These answers never
        count on leaderboards. One conditional upsert decides, so concurrent clicks count once
        on every backend; the history row and the review card (`reschedule`) are written in the
        same transaction.
        """
        latest = s.practice_latest
        claim = self._insert(latest).values(
            platform=platform, user_id=user_id, question_id=question_id, choice=choice,
            answered_at=must_utc(now),
        )
        claim = claim.on_conflict_do_update(
            index_elements=["platform", "user_id", "question_id"],
            set_={"choice": claim.excluded.choice, "answered_at": claim.excluded.answered_at},
            where=latest.c.answered_at < must_utc(since),
        ).returning(latest.c.question_id)
        async with self._write() as conn:
            if (await conn.execute(claim)).first() is None:
                return str((await conn.execute(select(latest.c.choice).where(
                    (latest.c.platform == platform) & (latest.c.user_id == user_id)
                    & (latest.c.question_id == question_id)
                ))).scalar_one())
            await conn.execute(s.practice.insert().values(
                platform=platform, user_id=user_id, question_id=question_id, kind=kind,
                choice=choice, correct=correct, answered_at=must_utc(now),
            ))
            if reschedule is not None:
                await self._reschedule(conn, platform, user_id, question_id, reschedule)
        return None

    async def leaderboard(self, channel_id: int, since: datetime | None, limit: int = 10) -> list[Score]:
        """Top scorers in a channel since `since` (all time if None), ties by earliest answer."""
        a = s.answers
        query = (
            select(a.c.user_id, func.max(a.c.user_name).label("name"),
                   func.sum(a.c.points).label("points"), func.count().label("answered"))
            .join(s.posts, s.posts.c.id == a.c.post_id)
            .where(s.posts.c.channel_id == channel_id)
            .group_by(a.c.platform, a.c.user_id)
            .order_by(func.sum(a.c.points).desc(), func.min(a.c.answered_at))
            .limit(limit)
        )
        if since is not None:
            query = query.where(a.c.answered_at >= must_utc(since))
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [Score(r.user_id, r.name or r.user_id, int(r.points or 0), int(r.answered))
                for r in rows]

    async def attempts(self, platform: str, user_id: str) -> list[Attempt]:
        """Every answer the person gave, daily and practice, for stats."""
        a, p = s.answers, s.practice
        daily = (
            select(s.posts.c.question_id, a.c.correct, literal("daily").label("kind"))
            .join(s.posts, s.posts.c.id == a.c.post_id)
            .where((a.c.platform == platform) & (a.c.user_id == user_id))
        )
        practice = select(p.c.question_id, p.c.correct, p.c.kind).where(
            (p.c.platform == platform) & (p.c.user_id == user_id)
        )
        async with self._read() as conn:
            rows = (await conn.execute(union_all(daily, practice))).all()
        return [Attempt(str(r[0]), bool(r[1]), str(r[2])) for r in rows]

    async def streak(self, channel_id: int, platform: str, user_id: str) -> int:
        """Consecutive daily posts in the channel answered correctly, newest first.

        A post still open and not answered yet does not break the streak."""
        mine = select(s.answers.c.post_id, s.answers.c.correct).where(
            (s.answers.c.platform == platform) & (s.answers.c.user_id == user_id)
        ).subquery()
        query = (
            select(s.posts.c.revealed_at, mine.c.correct)
            .outerjoin(mine, mine.c.post_id == s.posts.c.id)
            .where((s.posts.c.channel_id == channel_id) & (s.posts.c.status == "posted"))
            .order_by(s.posts.c.local_date.desc())
            .limit(1000)
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        count = 0
        for index, row in enumerate(rows):
            if index == 0 and row.correct is None and row.revealed_at is None:
                continue
            if not row.correct:
                break
            count += 1
        return count

    async def forget_user(self, platform: str, user_id: str) -> int:
        """Delete everything stored about one person, in one transaction (a crash midway leaves
        it all, never half); the number of rows removed."""
        removed = 0
        async with self._write() as conn:
            for table in (s.answers, s.practice, s.reviews, *PERSONAL):
                result = await conn.execute(delete(table).where(
                    (table.c.platform == platform) & (table.c.user_id == user_id)
                ))
                removed += result.rowcount or 0
            # Derived from the practice answers above: not counted as records of its own.
            latest = s.practice_latest
            await conn.execute(delete(latest).where(
                (latest.c.platform == platform) & (latest.c.user_id == user_id)
            ))
            # The schedule stays, but it no longer names this person as the one to tell.
            await conn.execute(update(s.channels).where(
                (s.channels.c.platform == platform) & (s.channels.c.admin_user_id == user_id)
            ).values(admin_user_id=None))
        return removed

    async def export_rows(self, channel_id: int) -> list[tuple[str, str, str, str, str, bool, int]]:
        """(local date, question, user id, name, choice, correct, points) for every answer."""
        a = s.answers
        query = (
            select(s.posts.c.local_date, s.posts.c.question_id, a.c.user_id, a.c.user_name,
                   a.c.choice, a.c.correct, a.c.points)
            .join(s.posts, s.posts.c.id == a.c.post_id)
            .where(s.posts.c.channel_id == channel_id)
            .order_by(s.posts.c.local_date, a.c.answered_at)
        )
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [(r[0], r[1] or "", r[2], r[3], r[4], bool(r[5]), int(r[6])) for r in rows]
