"""A plan to an exam date with a private daily reminder at the person's own time, and the weekly
digest of a channel (admin opt-in) with its chart, through the terminal adapter."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from studyterm import START, Term

from bot.storage import ChannelRef
from bot.study.plan import today_plan

CHANNEL = ChannelRef("terminal", "local", "terminal")


def test_pacing_spreads_the_unseen_bank_and_keeps_the_last_days_for_reviews() -> None:
    day = START.date()
    plan = today_plan(day + timedelta(days=41), day - timedelta(days=11), day, 380, 0, 8)
    assert plan.line() == "Day 12 of 52: 8 reviews, 10 new"  # 380 unseen over 41 - 3 days
    assert today_plan(day + timedelta(days=41), day, day, 380, 4, 1).new == 6  # 4 done today
    assert today_plan(day + timedelta(days=2), day, day, 100, 0, 3).new == 0  # reviews only now
    assert today_plan(None, None, day, 100, 2, 0).line() == "Today: 0 reviews, 3 new"


async def test_exam_date_paces_the_day_and_the_reminder_comes_once_at_local_time(term: Term) -> None:
    assert "No exam date set" in await term.type("exam date")
    assert "is not a date" in await term.type("exam date 15/01/2027")
    assert "is not after today" in await term.type("exam date 2026-12-01")
    set_reply = await term.type("exam date 2027-01-15")
    new = math.ceil(len(term.questions) / (39 - 3))  # the whole bank before the last three days
    assert "Exam date set: 2027-01-15" in set_reply and f"39 days to go. Day 1 of 39: 0 reviews, {new} new" in set_reply
    assert "Readiness:" in await term.type("ready") and "Day 1 of 39" in term.reply.footer  # type: ignore[union-attr]
    assert "Daily reminder on" in await term.type("remind on 09:30 Europe/Berlin")  # 08:30 UTC in winter
    await term.scheduler.tick(term.now)  # 09:00 in Berlin: not yet
    assert "Your study for today" not in term.out.getvalue()
    term.later(minutes=31)
    await term.scheduler.tick(term.now)
    await term.scheduler.tick(term.now)
    sent = term.out.getvalue()
    assert sent.count("[to you]\nYour study for today") == 1
    assert f"Day 1 of 39: 0 reviews, {new} new. Start with `review`, then `quiz` for new questions." in sent
    assert f"Day 1 of 39: 0 reviews, {new} new" in await term.type("quiz")  # the plan under each question
    await term.type("1")
    term.later(days=1)
    await term.scheduler.tick(term.now)
    assert "Day 2 of 39: " in term.out.getvalue()
    assert "Daily reminder off" in await term.type("remind off")
    term.later(days=1)
    await term.scheduler.tick(term.now)
    assert term.out.getvalue().count("Your study for today") == 2
    assert "is not a time of day" in await term.type("remind on 25:00")


async def test_the_weekly_digest_is_opt_in_and_posted_on_monday_with_its_chart(
        term: Term, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the terminal saves the chart under ./data/exports
    assert "Weekly digest on" in await term.type("digest on")
    storage = term.storage
    cid = await storage.channel_id(CHANNEL)
    await storage.set_schedule(cid, "09:00", "UTC", frozenset(range(7)), "you", START - timedelta(days=30))
    week = START.date()
    hardest = term.questions[0]
    for offset, qid in enumerate([term.questions[1].id, hardest.id, term.questions[2].id]):
        post_id = await _posted(term, cid, week + timedelta(days=offset), qid)
        for user, right in [("U1", True), ("U2", qid != hardest.id), ("U3", qid != hardest.id)]:
            await storage.record_answer(post_id, "terminal", user, f"name {user}", "A", right, int(right), START)
    for offset in range(3):  # U2 did badly the week before: the most improved
        post_id = await _posted(term, cid, week - timedelta(days=3 + offset), hardest.id)
        await storage.record_answer(post_id, "terminal", "U2", "name U2", "B", False, 0, START)
    term.later(days=7)  # next Monday 08:00 UTC, before the channel's 09:00
    await term.scheduler.tick(term.now)
    assert "Weekly digest" not in term.out.getvalue()
    term.later(hours=1)
    await term.scheduler.tick(term.now)
    await term.scheduler.tick(term.now)
    posted = term.out.getvalue()
    assert posted.count("Weekly digest · week of 2026-12-07") == 1
    assert f"Hardest question\n  {hardest.stem}\n  1 of 3 right." in posted
    assert "Most improved\n  name U2: 0% in the four weeks before, 67% this week" in posted
    assert "Channel accuracy by domain\n  Billing, Pricing, and Support: 78% of 9" in posted
    assert "Streak leaders\n  name U1 (3 days), name U2 (1 day), name U3 (1 day)" in posted
    chart = tmp_path / "data" / "exports" / "awstutor-digest-2026-12-07.png"
    assert f"Saved {Path('data') / 'exports' / chart.name}" in posted
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "Weekly digest off" in await term.type("digest off")


async def _posted(term: Term, cid: int, day: date, qid: str) -> int:
    post_id = await term.storage.claim_post(cid, day.isoformat(), qid, START)
    assert post_id is not None
    await term.storage.mark_posted(post_id, f"m{post_id}", START, START)
    return post_id
