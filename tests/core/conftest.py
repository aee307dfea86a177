from datetime import date
from pathlib import Path

import pytest

from bot.layers import load_layers
from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
# The day the shared tutor's facts are viewed for: dated knowledge (the support plans change on
# 2027-01-01) would otherwise make answers, and the eval floors, depend on when the suite runs.
KNOWLEDGE_DAY = date(2026, 12, 5)


@pytest.fixture(scope="session")
def tutor() -> Tutor:
    return Tutor(load_layers(KNOWLEDGE).view(KNOWLEDGE_DAY))
