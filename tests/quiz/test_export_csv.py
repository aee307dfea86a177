"""The results export opened in a spreadsheet: no user text runs as a formula, no row is split."""

from __future__ import annotations

import csv
import io

from bot.quiz.stats import export_reply

HOSTILE_NAMES = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A9)",
                 "\t=1+1", "\r=1+1", "Ann\rBob", "Ann\nBob", "plain"]


def _export(names: list[str]) -> str:
    rows = [("2026-03-02", "q-one", f"U{i}", name, "A", True, 1) for i, name in enumerate(names)]
    reply = export_reply(rows, "C1")
    assert reply.attachment is not None
    return reply.attachment.content.decode("utf-8")


def test_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    parsed = list(csv.reader(io.StringIO(_export(HOSTILE_NAMES), newline="")))
    names = [row[3] for row in parsed[1:]]
    assert len(names) == len(HOSTILE_NAMES), "one row per answer, whatever the names hold"
    for name, shown in zip(HOSTILE_NAMES, names):
        if name[0] in "=+-@\t\r":
            assert shown == "'" + name, f"{name!r} would run as a formula"
        else:
            assert shown == name


def test_a_carriage_return_inside_a_name_is_quoted() -> None:
    # Unquoted, a bare CR ends the row for spreadsheets that split lines on it.
    assert '"Ann\rBob"' in _export(["Ann\rBob"])
