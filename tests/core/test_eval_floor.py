"""Answer quality may not slip: the dev set's checking half (odd lines) is scored on every run,
with floors a little under the README's figures. The tuning half is reported, not guarded."""

import os
from pathlib import Path

import pytest

from bot.evaluate import evaluate, read_questions

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "practice-dev.jsonl"
# Checking-half floors: about one point under what the README reports.
FLOORS = {"service": 92.0, "other": 60.5, "all": 74.0, "multiple": 59.0}
SURE_ACCURACY_FLOOR = 95.0


@pytest.fixture(scope="module")
def checking_half(tutor):
    if not DEV.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{DEV} is missing: CI must score the dev set")
        pytest.skip(f"{DEV} is not here (it lives in the project's shared folder)")
    rows = [row for n, row in enumerate(read_questions(DEV), 1) if n % 2 == 1]
    return evaluate(tutor, rows).summary()


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_multiple_choice_accuracy_holds(checking_half, kind):
    assert checking_half[kind]["mc_accuracy"] >= FLOORS[kind]


def test_answers_labelled_sure_are_mostly_right(checking_half):
    assert checking_half["calibration"]["sure"]["mc_accuracy"] >= SURE_ACCURACY_FLOOR
