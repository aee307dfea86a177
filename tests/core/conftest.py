from pathlib import Path

import pytest

from bot.tutor import Tutor

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def tutor() -> Tutor:
    return Tutor.load(KNOWLEDGE)
