"""Study plans (exam date, daily reminder), mix-ups, weekly digests, and a person's study data
for `export me` and `forget me`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from bot.storage import schema as s
from bot.storage.base import StorageBase, must_utc, utc
from bot.storage.records import ChannelRef
from bot.storage.studyrecords import ChannelAnswer, DigestChannel, Mixup, Plan
from bot.storage.studyschema import PERSONAL, digests, mixups, study_plans


class PlansMixin(StorageBase):
    """Storage for plans, reminders, mix-ups and digests."""

    async def plan(self, platform: str, user_id: str) -> Plan | None:
        """The person's plan, if they ever set a date or a reminder."""
        p = study_plans
        async with self._read() as conn:
            row = (await conn.execute(select(p).where(
                (p.c.platform == platform) & (p.c.user_id == user_id)))).first()
        return None if row is None else _plan(row)

    async def save_plan(self, platform: str, user_id: str, now: datetime, **values: Any) -> None:
        """Create or change the person's plan; only the given columns change."""
        values = {**values, "updated_at": must_utc(now)}
        stmt = self._insert(study_plans).values(platform=platform, user_id=user_id,
                                                **{"remind": False, **values})
        stmt = stmt.on_conflict_do_update(index_elements=["platform", "user_id"], set_=values)
        async with self._write() as conn:
            await conn.execute(stmt)

    async def reminder_plans(self) -> list[Plan]:
        """Every plan with the daily reminder on."""
        async with self._read() as conn:
            rows = (await conn.execute(select(study_plans).where(study_plans.c.remind))).all()
        return [_plan(row) for row in rows]

    async def claim_reminder(self, platform: str, user_id: str, local_date: str) -> bool:
        """Mark today's reminder as sent; True for the one caller that claimed it."""
        p = study_plans
        async with self._write() as conn:
            result = await conn.execute(update(p).where(
                (p.c.platform == platform) & (p.c.user_id == user_id) & p.c.remind
                & (p.c.reminded_on.is_(None) | (p.c.reminded_on != local_date))
            ).values(reminded_on=local_date))
            return bool(result.rowcount)

    async def record_mixup(self, platform: str, user_id: str, right: str, picked: str, now: datetime) -> int:
        """Count one more time `picked` was chosen where `right` was the answer; the new count."""
        m = mixups
        stmt = self._insert(m).values(platform=platform, user_id=user_id, right_note=right,
                                      picked_note=picked, count=1, last_at=must_utc(now))
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "user_id", "right_note", "picked_note"],
            set_={"count": m.c.count + 1, "last_at": stmt.excluded.last_at})
        where = ((m.c.platform == platform) & (m.c.user_id == user_id) & (m.c.right_note == right)
                 & (m.c.picked_note == picked))
        async with self._write() as conn:
            await conn.execute(stmt)
            count = (await conn.execute(select(m.c.count).where(where))).scalar_one()
        return int(count)

    async def top_mixups(self, platform: str, user_id: str, limit: int = 3) -> list[Mixup]:
        """The person's most frequent mix-ups, most frequent (then most recent) first."""
        m = mixups
        query = (select(m.c.right_note, m.c.picked_note, m.c.count.label("times"))
                 .where((m.c.platform == platform) & (m.c.user_id == user_id))
                 .order_by(m.c.count.desc(), m.c.last_at.desc()).limit(limit))
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [Mixup(r.right_note, r.picked_note, int(r.times)) for r in rows]

    async def set_digest(self, channel_id: int, enabled: bool, admin_user_id: str, now: datetime) -> None:
        """Switch a channel's weekly digest on or off."""
        values = {"enabled": enabled, "admin_user_id": admin_user_id, "updated_at": must_utc(now)}
        stmt = self._insert(digests).values(channel_id=channel_id, **values)
        async with self._write() as conn:
            await conn.execute(stmt.on_conflict_do_update(index_elements=["channel_id"], set_=values))

    async def digest_channels(self, channel_id: int | None = None) -> list[DigestChannel]:
        """Channels with the digest on (or the one asked for, on or not), with zone and time."""
        c, d = s.channels, digests
        query = select(d, c.c.platform, c.c.workspace, c.c.channel, c.c.zone, c.c.post_time).join(
            c, c.c.id == d.c.channel_id)
        query = query.where(d.c.channel_id == channel_id) if channel_id is not None else query.where(d.c.enabled)
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [DigestChannel(int(r.channel_id), ChannelRef(r.platform, r.workspace, r.channel),
                              r.zone or "UTC", r.post_time or "09:00", r.sent_week, r.admin_user_id or "",
                              bool(r.enabled)) for r in rows]

    async def claim_digest(self, channel_id: int, week: str) -> bool:
        """Mark the digest of `week` as sent in the channel; True for the one caller that did."""
        d = digests
        async with self._write() as conn:
            result = await conn.execute(update(d).where(
                (d.c.channel_id == channel_id) & d.c.enabled
                & (d.c.sent_week.is_(None) | (d.c.sent_week != week))).values(sent_week=week))
            return bool(result.rowcount)

    async def channel_answers(self, channel_id: int, since_date: str, until_date: str) -> list[ChannelAnswer]:
        """Answers to the channel's daily questions posted from `since_date` to before `until_date`."""
        a, p = s.answers, s.posts
        query = (select(p.c.question_id, a.c.user_id, a.c.user_name, a.c.correct, p.c.local_date)
                 .join(p, p.c.id == a.c.post_id)
                 .where((p.c.channel_id == channel_id) & (p.c.local_date >= since_date)
                        & (p.c.local_date < until_date)))
        async with self._read() as conn:
            rows = (await conn.execute(query)).all()
        return [ChannelAnswer(r.question_id or "", r.user_id, r.user_name or r.user_id, bool(r.correct),
                              r.local_date) for r in rows]

    async def person_export(self, platform: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about one person, table by table, as JSON-ready rows."""
        out: dict[str, list[dict[str, Any]]] = {}
        async with self._read() as conn:
            daily = (select(s.posts.c.local_date, s.posts.c.question_id, s.answers)
                     .join(s.posts, s.posts.c.id == s.answers.c.post_id)
                     .where((s.answers.c.platform == platform) & (s.answers.c.user_id == user_id)))
            out["daily_answers"] = [_jsonable(r) for r in (await conn.execute(daily)).all()]
            for table in (s.practice, s.practice_latest, s.reviews, *PERSONAL):
                query = select(table).where((table.c.platform == platform) & (table.c.user_id == user_id))
                out[table.name] = [_jsonable(r) for r in (await conn.execute(query)).all()]
        return out


def _jsonable(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row._mapping.items():
        if isinstance(value, datetime):
            value = (utc(value) or value).isoformat()
        elif isinstance(value, str) and key in ("questions", "answers", "card"):
            value = json.loads(value)
        out[str(key)] = value
    return out


def _plan(row: Any) -> Plan:
    return Plan(platform=row.platform, user_id=row.user_id, exam_date=row.exam_date,
                plan_start=row.plan_start, remind=bool(row.remind), remind_time=row.remind_time or "09:00",
                zone=row.zone or "UTC", reminded_on=row.reminded_on)
