"""`export me` carries the study data (exams, plan, mix-ups, cards) and `forget me` deletes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from studyterm import Term

from adapters.terminal import PLACE, USER
from bot.model import Request


async def test_export_me_then_forget_me_covers_exams_plans_and_mixups(
        term: Term, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the terminal saves the file under ./data/exports
    await term.type("exam 5")
    await term.type("1")
    await term.type("exam date 2027-01-15")
    await term.type("remind on 07:00 Europe/Paris")
    await term.storage.record_mixup("terminal", "you", "sqs", "sns", term.now)
    shown = await term.type("export me")
    assert "Your data (" in shown and "Saved data/exports/awstutor-my-data.json" in shown
    data = json.loads((tmp_path / "data" / "exports" / "awstutor-my-data.json").read_text())
    assert data["user_id"] == "you" and len(data["exams"]) == 1 and len(data["exams"][0]["questions"]) == 5
    assert data["study_plans"][0]["exam_date"] == "2027-01-15" and data["study_plans"][0]["zone"] == "Europe/Paris"
    assert data["mixups"][0]["picked_note"] == "sns" and data["practice_answers"][0]["kind"] == "exam"
    assert "Forget you?" in await term.type("forget me")
    done = await term.type("1")
    assert "mock exams, study plan and mix-ups" in done
    assert "No exam date set" in await term.type("exam date")
    assert "Daily reminder is off" in await term.type("remind")
    assert "Mock exam · question 1 of 5" in await term.type("exam 5")  # a fresh one, not resumed
    exported = await term.quiz.study.export_me(Request(USER, PLACE, "export me"))
    assert exported.attachment is not None
    data = json.loads(exported.attachment.content)
    assert data["mixups"] == [] and data["study_plans"] == [] and len(data["exams"]) == 1

