"""The option scorer's fitted weights: what they earn, how they are fitted, and what happens
when the weights file does not fit the code."""

import json

import pytest

from adapters.cli import main
from bot import learned
from bot.evaluate import evaluate
from bot.features import FEATURES
from bot.layers import load_layers
from bot.quiz.bank import load_bank
from bot.tutor import Tutor

from .conftest import KNOWLEDGE, KNOWLEDGE_DAY


def _bank_rows() -> list[dict]:
    notes = load_layers(KNOWLEDGE)
    questions, errors = load_bank(KNOWLEDGE / "quiz", set(notes.entries))
    assert errors == []
    return [{"id": q.id, "question": q.stem, "options": dict(q.options), "answer": list(q.answer)}
            for q in questions if q.in_force(KNOWLEDGE_DAY)]


def test_fitted_weights_answer_more_of_our_own_bank_than_the_hand_made_score(tutor):
    # Our quiz bank is written in our own words and was never fitted on: a fair second check.
    rows = _bank_rows()
    fitted = evaluate(tutor, rows).summary()["all"]["mc_accuracy"]
    by_hand = evaluate(Tutor(load_layers(KNOWLEDGE).view(KNOWLEDGE_DAY), frozenset({"learned"})), rows)
    assert fitted > by_hand.summary()["all"]["mc_accuracy"]


def _example(decisive: int, right: str) -> tuple[dict[str, list[float]], list[str]]:
    """Four options whose features are noise except one, which is high for the right option."""
    features = {}
    for n, letter in enumerate("ABCD"):
        row = [((n * 7 + j * 3) % 5 - 2) / 10 for j in range(len(FEATURES))]
        row[decisive] = 1.0 if letter == right else -0.3
        features[letter] = row
    return features, [right]


def test_fit_learns_the_feature_that_tells_the_answer():
    decisive = list(FEATURES).index("joint")
    weights = learned.fit([_example(decisive, right) for right in "ABCDDCBA"])
    assert weights[decisive] == max(weights)
    assert weights[decisive] > 1.0


def test_fit_without_examples_keeps_the_hand_made_score():
    assert learned.fit([]) == (1.0,) + (0.0,) * (len(FEATURES) - 1)


def test_fit_reads_only_the_tuning_half(tmp_path, capsys):
    # Odd lines (the checking half) are garbage: fitting must not even parse them.
    good = {"question": "Which service issues temporary, limited-privilege credentials?",
            "options": {"A": "Amazon Cognito", "B": "AWS STS", "C": "Amazon S3", "D": "AWS Lambda"}, "answer": ["B"]}
    data = tmp_path / "practice.jsonl"
    data.write_text("".join(f"{{not json {n}\n{json.dumps(good)}\n" for n in range(3)))
    out = tmp_path / "weights.json"
    assert main(["fit", str(data), "--out", str(out)]) == 0
    saved = json.loads(out.read_text())
    assert saved["features"] == list(FEATURES) and len(saved["weights"]) == len(FEATURES)
    assert "tuning half (even lines): 3 rows" in saved["fitted_on"]
    assert learned.load(out).values == tuple(saved["weights"])


def test_fit_names_a_missing_file(tmp_path, capsys):
    assert main(["fit", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl not found" in capsys.readouterr().err


def test_weights_for_other_features_are_refused_with_the_file_named(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"features": ["score", "retired"], "weights": [1.0, 0.5]}))
    with pytest.raises(learned.WeightsError, match=r"old\.json: fitted for features .* run `awstutor fit` again"):
        learned.load(path)
    path.write_text("{broken")
    with pytest.raises(learned.WeightsError, match=r"old\.json: not a weights file"):
        learned.load(path)


def test_shipped_weights_fit_the_features():
    assert len(learned.load().values) == len(FEATURES)
    assert "tuning half" in learned.load().fitted_on
