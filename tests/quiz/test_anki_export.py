"""`export anki`: a person's missed and due questions as an Anki deck; admins get the bank."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from typing import TYPE_CHECKING

import pytest

from bot.errors import UserError
from bot.model import Place, User

if TYPE_CHECKING:
    from tests.quiz.conftest import Quiz

ANN, ADMIN = User("U1", "Ann"), User("U9", "Ada", is_admin=True)
DM = Place(platform="slack", channel="D1", workspace="T1", is_dm=True)


def deck_ids(apkg: bytes, tmp_path) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    return {row[0].split("\x1f")[5] for row in sqlite3.connect(tmp_path / "c.anki2").execute("select flds from notes")}


async def test_a_persons_deck_holds_what_they_missed(quiz: Quiz, tmp_path) -> None:
    with pytest.raises(UserError, match="Nothing to put in a deck yet"):
        await quiz.say("export anki", user=ANN, place=DM)
    practice = await quiz.say("quiz", user=ANN, place=DM)
    qid = practice.buttons[0].action_id.split(":")[2]
    question = quiz.service.bank[qid]
    wrong = next(letter for letter, _ in question.options if letter not in question.answer)
    await quiz.click(f"quiz:p:{qid}:{wrong}", ANN, place=DM)
    reply = await quiz.say("export anki", user=ANN, place=DM)
    assert reply.attachment is not None and reply.attachment.filename == "awstutor.apkg"
    assert deck_ids(reply.attachment.content, tmp_path) == {qid}


async def test_the_whole_bank_is_for_admins(quiz: Quiz, tmp_path) -> None:
    with pytest.raises(UserError, match="Only admins"):
        await quiz.say("export anki all", user=ANN, place=DM)
    reply = await quiz.say("export anki all", user=ADMIN, place=DM)
    assert reply.attachment is not None
    assert deck_ids(reply.attachment.content, tmp_path) == {q.id for q in quiz.service.questions}
