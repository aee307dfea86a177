"""Knowledge read once is reused until a file changes; an edited file is always read again."""

import shutil

from bot.layers import load_layers
from bot.quiz.bank import load_banks
from tests.core.conftest import KNOWLEDGE


def test_unchanged_knowledge_is_reused_and_an_edit_is_read_again(tmp_path):
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    first = load_layers(copy)
    assert load_layers(copy).entries["sts"] is first.entries["sts"]  # nothing changed: not read again

    notes = copy / "notes" / "identity.yaml"
    text = notes.read_text(encoding="utf-8")
    summary = first.entries["sts"].summary
    notes.write_text(text.replace(summary, summary + " Edited."), encoding="utf-8")
    assert load_layers(copy).entries["sts"].summary == summary + " Edited."

    bank = copy / "quiz" / "security.yaml"
    ids = {q.id for q in load_banks([copy], set(first.entries))[0]}
    lines = bank.read_text(encoding="utf-8")
    bank.write_text(lines.replace("id: q-sec-", "id: q-sec-renamed-", 1), encoding="utf-8")
    renamed = {q.id for q in load_banks([copy], set(first.entries))[0]}
    assert renamed != ids and any(i.startswith("q-sec-renamed-") for i in renamed)
