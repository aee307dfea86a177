"""A fixed list of student phrasings (tests/data/phrasings.yaml): each gets the right intent and
note, or is read as the right command with the right arguments."""

from pathlib import Path

import pytest
import yaml

from bot.commands import near_command, split_command
from bot.conversation import Conversation
from bot.model import Click, Place, Reply, Request, User

ROWS = yaml.safe_load((Path(__file__).parents[1] / "data" / "phrasings.yaml").read_text(encoding="utf-8"))
PLACE, STUDENT = Place("terminal", "terminal", "local"), User("you")


async def _press(click: Click) -> Reply:
    return Reply(text=f"pressed {click.action_id}")


async def understood(conversation: Conversation, text: str) -> dict[str, str | None]:
    """What `text` is read as, the way `bot.core.Core` routes it."""
    name, args = split_command(text)
    if name:
        return {"intent": "command", "command": name, "args": args}
    usage = near_command(text)
    if usage is not None:
        return {"intent": "usage", "command": usage.title.split()[0]}
    turn = await conversation.respond(Request(STUDENT, PLACE, text), _press)
    return {"intent": turn.intent, "note": turn.notes[0] if turn.notes else None}


def test_there_are_sixty_phrasings():
    assert len(ROWS) == 60 and len({(r.get("after"), r["say"]) for r in ROWS}) == 60


@pytest.mark.parametrize("row", ROWS, ids=[r["say"] for r in ROWS])
async def test_each_phrasing_is_understood(tutor, row):
    conversation = Conversation(tutor)
    if row.get("after"):
        await understood(conversation, row["after"])
    expected = {k: v for k, v in row.items() if k not in ("say", "after")}
    if expected["intent"] not in ("command", "usage"):
        expected.setdefault("note", None)
    assert await understood(conversation, row["say"]) == expected
