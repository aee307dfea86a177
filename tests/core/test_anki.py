"""Anki decks open as what they are (an .apkg is a zip with an SQLite collection) and hold the notes."""

import io
import sqlite3
import zipfile

from bot.anki import deck_bytes
from bot.quiz.bank import load_bank
from tests.core.conftest import KNOWLEDGE


def collection(apkg: bytes, tmp_path):
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "c.anki2")


def test_a_deck_holds_one_tagged_note_per_question_with_stable_ids(tmp_path, tutor):
    questions, _ = load_bank(KNOWLEDGE / "quiz", set(tutor.notes.entries))
    chosen = questions[:20]
    db = collection(deck_bytes(chosen, "awstutor test"), tmp_path)
    rows = db.execute("select guid, tags, flds from notes").fetchall()
    assert len(rows) == 20
    first = next(r for r in rows if r[2].split("\x1f")[5] == chosen[0].id)
    stem, options, answer, explanation, why_not, _ = first[2].split("\x1f")
    assert chosen[0].explanation[:30] in explanation.replace("&#x27;", "'").replace("&quot;", '"')
    assert why_not.count("Not ") == len(chosen[0].why_not)
    assert "domain::" in first[1] and "topic::" in first[1]
    (tmp_path / "again").mkdir()
    again = collection(deck_bytes(chosen, "awstutor test"), tmp_path / "again")
    assert {r[0] for r in again.execute("select guid from notes")} == {r[0] for r in rows}


def test_a_deck_holds_the_questions_of_one_day(tmp_path, capsys):
    from adapters.cli import main

    ids = {}
    for day in ("2026-12-05", "2027-02-01"):
        out = tmp_path / f"{day}.apkg"
        assert main(["--knowledge", str(KNOWLEDGE), "deck", "--out", str(out), "--as-of", day]) == 0
        (tmp_path / day).mkdir()
        rows = collection(out.read_bytes(), tmp_path / day).execute("select flds from notes").fetchall()
        ids[day] = {r[0].split("\x1f")[5] for r in rows}
    assert "q-bil-developer-support-email" in ids["2026-12-05"] - ids["2027-02-01"]
    assert "q-bil-developer-support-successor" in ids["2027-02-01"] - ids["2026-12-05"]
