"""How much each option feature (bot/features.py) counts: weights fitted on the tuning half of
the dev set by `awstutor fit`, stored beside the code in option_weights.json.

The model is a conditional logit: an option's score is the weighted sum of its features, and the
chance that it is the answer is its softmax among the question's options. It is fitted by
gradient ascent on that likelihood with a small L2 penalty. Nine weights need no library: the
usual ones (scikit-learn, statsmodels' ConditionalLogit) would add SciPy to a chat bot for this.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.features import FEATURES

WEIGHTS_FILE = Path(__file__).with_name("option_weights.json")
L2 = 0.01
EPOCHS = 300
RATE = 0.5


@dataclass(frozen=True)
class Weights:
    values: tuple[float, ...]
    fitted_on: str = ""  # which rows, so the figures can be reproduced

    def score(self, features: dict[str, list[float]]) -> dict[str, float]:
        return {k: sum(w * x for w, x in zip(self.values, f)) for k, f in features.items()}


# A question's features per option, and its right letters.
Example = tuple[dict[str, list[float]], Sequence[str]]


def fit(examples: Sequence[Example], l2: float = L2, epochs: int = EPOCHS, rate: float = RATE) -> tuple[float, ...]:
    """Weights that make the right options likeliest. They start from the hand-made score alone
    (weight 1, the rest 0), so with no examples the scorer is what it was before fitting."""
    n = len(FEATURES)
    w = [1.0] + [0.0] * (n - 1)
    used = [(f, [k for k in right if k in f]) for f, right in examples if f]
    used = [(f, right) for f, right in used if right]
    if not used:
        return tuple(w)
    for _ in range(epochs):
        grad = [0.0] * n
        for features, right in used:
            p = _softmax(Weights(tuple(w)).score(features))
            expected = [sum(p[k] * features[k][j] for k in features) for j in range(n)]
            for letter in right:
                for j in range(n):
                    grad[j] += features[letter][j] - expected[j]
        w = [wj + rate * (gj / len(used) - l2 * wj) for wj, gj in zip(w, grad)]
    return tuple(round(x, 4) for x in w)


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


class WeightsError(ValueError):
    pass


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS_FILE) -> Weights:
    """The fitted weights; an error naming the file when they do not fit the features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        named = dict(zip(data["features"], data["weights"], strict=True))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise WeightsError(f"{path}: not a weights file ({err}); run `awstutor fit` to write it") from None
    if list(named) != list(FEATURES):
        raise WeightsError(f"{path}: fitted for features {list(named)}, the scorer reads {list(FEATURES)}; "
                           "run `awstutor fit` again")
    return Weights(tuple(float(named[f]) for f in FEATURES), str(data.get("fitted_on", "")))


def save(weights: Weights, path: Path = WEIGHTS_FILE) -> None:
    data = {"fitted_on": weights.fitted_on, "features": list(FEATURES), "weights": list(weights.values)}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    load.cache_clear()
