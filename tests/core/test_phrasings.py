"""A fixed list of student phrasings (tests/data/phrasings.yaml): each gets the right intent and note."""

from pathlib import Path

import pytest
import yaml

ROWS = yaml.safe_load((Path(__file__).parents[1] / "data" / "phrasings.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", ROWS, ids=[r["say"] for r in ROWS])
def test_each_phrasing_is_understood(tutor, row):
    answer = tutor.answer(row["say"])
    assert (answer.intent, answer.results[0].id if answer.results else None) == (row["intent"], row.get("note"))
