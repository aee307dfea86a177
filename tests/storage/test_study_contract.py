"""The storage contract for the study features, on SQLite and PostgreSQL: mock exams, plans,
reminders, mix-ups, digests, `export me` and `forget me`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage import ChannelRef, Storage
from bot.storage.studyrecords import Seen

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=90)


async def test_one_running_exam_per_person_even_when_started_at_once(storage: Storage) -> None:
    started = await asyncio.gather(*(
        storage.start_exam("slack", "U1", [f"q{i}", "q9"], NOW, LATER) for i in range(5)))
    assert sum(created for _row, created in started) == 1
    assert len({row.id for row, _created in started}) == 1
    other, created = await storage.start_exam("slack", "U2", ["q1"], NOW, LATER)
    assert created and other.id != started[0][0].id
    assert (await storage.running_exam("slack", "U1")) == started[0][0]


async def test_an_exam_answer_is_taken_once_and_only_for_the_current_question(storage: Storage) -> None:
    exam, _ = await storage.start_exam("discord", "U1", ["q1", "q2", "q3"], NOW, LATER)
    results = await asyncio.gather(*(
        storage.answer_exam(exam.id, 0, "q1", letter, letter == "A", NOW) for letter in "ABAB"))
    taken = [r for r in results if r is not None]
    assert len(taken) == 1 and taken[0].answers in (("A",), ("B",))
    assert await storage.answer_exam(exam.id, 0, "q1", "C", False, NOW) is None  # an old message
    assert await storage.answer_exam(exam.id, 1, "q3", "C", False, NOW) is None  # not that question
    after = await storage.answer_exam(exam.id, 1, "q2", "CD", True, NOW, next_card=lambda old: (f"{old}+1", NOW))
    assert after is not None and after.position == 2 and after.answers[1] == "CD"
    assert await storage.card("discord", "U1", "q2") == "None+1"  # moved on in the same transaction
    attempts = await storage.attempts("discord", "U1")
    assert sorted((a.question_id, a.kind) for a in attempts) == [("q1", "exam"), ("q2", "exam")]
    await storage.record_practice("discord", "U1", "q2", "quiz", "A", False, NOW + timedelta(hours=1),
                                   since=NOW + timedelta(minutes=30))
    history = await storage.answer_history("discord", "U1")
    assert history["q2"] == Seen(False, NOW + timedelta(hours=1), NOW) and history["q1"].first_at == NOW


async def test_finishing_is_claimed_once_and_frees_the_next_exam(storage: Storage) -> None:
    exam, _ = await storage.start_exam("slack", "U1", ["q1"], NOW, LATER)
    claims = await asyncio.gather(*(storage.finish_exam(exam.id, "done", LATER) for _ in range(4)))
    assert claims.count(True) == 1
    assert await storage.running_exam("slack", "U1") is None
    done = await storage.last_exam("slack", "U1")
    assert done is not None and done.status == "done" and done.finished_at == LATER
    assert await storage.answer_exam(exam.id, 0, "q1", "A", True, LATER) is None
    second, created = await storage.start_exam("slack", "U1", ["q2"], LATER, LATER + timedelta(hours=1))
    assert created and await storage.finish_exam(second.id, "stopped", LATER)
    assert (await storage.last_exam("slack", "U1")) == done  # a stopped exam has no result
    assert await storage.exam_questions_since("slack", "U1", NOW) == {"q1", "q2"}
    assert await storage.exam_questions_since("slack", "U1", LATER + timedelta(seconds=1)) == set()


async def test_plan_changes_only_what_is_given_and_reminders_are_claimed_once_a_day(storage: Storage) -> None:
    assert await storage.plan("slack", "U1") is None
    await storage.save_plan("slack", "U1", NOW, exam_date="2027-01-15", plan_start="2026-03-02")
    await storage.save_plan("slack", "U1", NOW, remind=True, remind_time="07:30", zone="Europe/Berlin")
    plan = await storage.plan("slack", "U1")
    assert plan is not None and plan.exam_date == "2027-01-15" and plan.remind and plan.zone == "Europe/Berlin"
    assert [p.user_id for p in await storage.reminder_plans()] == ["U1"]
    claims = await asyncio.gather(*(storage.claim_reminder("slack", "U1", "2026-03-02") for _ in range(3)))
    assert claims.count(True) == 1
    assert await storage.claim_reminder("slack", "U1", "2026-03-03")
    await storage.save_plan("slack", "U1", NOW, remind=False)
    assert await storage.reminder_plans() == []
    assert not await storage.claim_reminder("slack", "U1", "2026-03-04")


async def test_mixups_count_up_under_concurrency_and_list_most_frequent_first(storage: Storage) -> None:
    counts = await asyncio.gather(*(storage.record_mixup("slack", "U1", "sqs", "sns", NOW) for _ in range(6)))
    assert sorted(counts) == [1, 2, 3, 4, 5, 6]
    await storage.record_mixup("slack", "U1", "shield", "waf", NOW + timedelta(seconds=1))
    top = await storage.top_mixups("slack", "U1")
    assert [(m.right, m.picked, m.count) for m in top] == [("sqs", "sns", 6), ("shield", "waf", 1)]
    assert await storage.top_mixups("slack", "U2") == []


async def test_digest_opt_in_and_weekly_claim(storage: Storage) -> None:
    ref = ChannelRef("slack", "T1", "C1")
    cid = await storage.channel_id(ref)
    await storage.set_schedule(cid, "08:00", "Europe/London", frozenset(range(5)), "UA", NOW)
    assert await storage.digest_channels() == []
    await storage.set_digest(cid, True, "UA", NOW)
    [digest] = await storage.digest_channels()
    assert digest.ref == ref and digest.zone == "Europe/London" and digest.post_time == "08:00"
    claims = await asyncio.gather(*(storage.claim_digest(cid, "2026-03-02") for _ in range(3)))
    assert claims.count(True) == 1
    await storage.set_digest(cid, False, "UA", NOW)
    assert await storage.digest_channels() == [] and not await storage.claim_digest(cid, "2026-03-09")
    [off] = await storage.digest_channels(cid)
    assert off.sent_week == "2026-03-02"


async def test_channel_answers_for_a_week(storage: Storage) -> None:
    cid = await storage.channel_id(ChannelRef("slack", "T1", "C1"))
    for day, qid in [("2026-02-27", "q-old"), ("2026-03-02", "q-mon"), ("2026-03-09", "q-next")]:
        post_id = await storage.claim_post(cid, day, qid, NOW)
        assert post_id is not None
        await storage.record_answer(post_id, "slack", "U1", "Ann", "A", True, 1, NOW)
    week = await storage.channel_answers(cid, "2026-03-02", "2026-03-09")
    assert [(a.question_id, a.name, a.correct) for a in week] == [("q-mon", "Ann", True)]


async def test_export_me_and_forget_me_cover_the_study_data(storage: Storage) -> None:
    exam, _ = await storage.start_exam("slack", "U1", ["q1", "q2"], NOW, LATER)
    await storage.answer_exam(exam.id, 0, "q1", "B", False, NOW)
    await storage.save_plan("slack", "U1", NOW, exam_date="2027-01-15")
    await storage.record_mixup("slack", "U1", "sqs", "sns", NOW)
    await storage.save_card("slack", "U1", "vs:sqs:sns", "{}", NOW)
    assert await storage.all_cards("slack", "U1") == {"vs:sqs:sns": "{}"}
    await storage.start_exam("slack", "U2", ["q1"], NOW, LATER)
    data = await storage.person_export("slack", "U1")
    assert data["exams"][0]["questions"] == ["q1", "q2"] and data["exams"][0]["answers"] == ["B"]
    assert data["study_plans"][0]["exam_date"] == "2027-01-15"
    assert data["mixups"][0]["picked_note"] == "sns" and data["reviews"][0]["question_id"] == "vs:sqs:sns"
    assert data["practice_answers"][0]["kind"] == "exam"
    # One call, one transaction: the exam, plan and mix-up, the exam's practice answer and the card.
    assert await storage.forget_user("slack", "U1") == 5
    assert all(rows == [] for rows in (await storage.person_export("slack", "U1")).values())
    assert await storage.running_exam("slack", "U2") is not None
