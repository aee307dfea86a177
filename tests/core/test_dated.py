"""Dated facts: what a person sees before and after a change, and `as of` a day they name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.core import Core
from bot.datedtutor import DatedTutor
from bot.layers import load_layers
from bot.model import Place, Request, User
from bot.notes import load_notes
from bot.tutor import Tutor

from .test_schema_errors import entry, write

DATED = """\
    summary:
      - text: Alpha is sold today.
        until: "2027-01-01"
      - text: Alpha was retired on January 1, 2027.
        from: "2027-01-01"
    use_cases: [one thing, another thing, a third thing]
    keywords: [test]
    facts:
      - It has an undated fact.
      - text: Alpha is on sale in every Region.
        until: "2027-01-01"
        id: sale
      - text: Alpha stopped being sold on January 1, 2027.
        from: "2027-01-01"
        id: sale
      - text: A brand new fact from spring.
        from: "2027-04-01"
"""


def dated_notes(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    body = entry(extra="").replace(
        "    summary: A test service.\n    use_cases: [one thing, another thing, a third thing]\n"
        "    keywords: [test]\n    facts: [It exists.]\n", DATED)
    write(folder, "a.yaml", "entries:\n" + body)
    return folder


def card_text(folder: Path, day: date) -> str:
    tutor = Tutor(load_notes(folder).view(day))
    return tutor.card("alpha").plain()


def test_a_dated_fact_shows_before_its_until_and_not_after(tmp_path):
    dated_notes(tmp_path)
    before, after = card_text(tmp_path, date(2026, 12, 31)), card_text(tmp_path, date(2027, 1, 1))
    assert "• Alpha is on sale in every Region." in before
    assert "Alpha is on sale in every Region" not in after
    assert "Alpha stopped being sold on January 1, 2027." in after
    assert before.splitlines()[1] == "Alpha is sold today." and after.splitlines()[1] == "Alpha was retired on January 1, 2027."
    assert "It has an undated fact." in before and "It has an undated fact." in after


def test_a_card_says_what_changes_soon_within_90_days(tmp_path):
    dated_notes(tmp_path)
    soon = card_text(tmp_path, date(2026, 12, 5))
    assert "Changes soon: • Changes on 2027-01-01: Alpha was retired on January 1, 2027." in soon
    assert "• Changes on 2027-01-01: Alpha stopped being sold on January 1, 2027." in soon
    assert "From 2027-04-01" not in soon  # 117 days ahead: not soon yet
    assert "Changes soon: • From 2027-04-01: A brand new fact from spring." in card_text(tmp_path, date(2027, 2, 1))
    assert "Changes soon" not in card_text(tmp_path, date(2027, 5, 1))


def test_as_of_changes_the_card_and_keeps_buttons_on_that_day(tmp_path):
    dated_notes(tmp_path)
    dated = DatedTutor(load_notes(tmp_path), Tutor, today=lambda: date(2026, 12, 5))
    today = dated.reply("alpha svc")
    later = dated.reply("as of 2027-02-01 alpha svc")
    assert "Alpha is on sale in every Region." in today.plain() and today.footer.endswith("2026-11-26")
    assert "Alpha stopped being sold" in later.plain() and "Alpha is on sale" not in later.plain()
    assert later.footer.endswith("· Facts as of 2027-02-01")
    assert dated.reply("alpha svc as of 2027-02-01").plain() == later.plain()
    assert "Alpha stopped being sold" in dated.card("alpha", date(2027, 2, 1)).plain()
    # A person's exam day, passed by the caller, works the same way.
    assert "Alpha stopped being sold" in dated.reply("alpha svc", as_of=date(2027, 2, 1)).plain()


def test_days_between_two_changes_share_one_tutor(tmp_path):
    dated_notes(tmp_path)
    built: list[object] = []

    def make(notes):  # type: ignore[no-untyped-def]
        built.append(notes)
        return Tutor(notes)

    dated = DatedTutor(load_notes(tmp_path), make, today=lambda: date(2026, 12, 5))
    assert dated.on(date(2026, 6, 1)) is dated.on(date(2026, 7, 1))  # nothing changes within 90 days of either
    assert dated.on(date(2027, 2, 1)) is not dated.on(date(2026, 6, 1))
    assert len(built) == 2


def test_as_of_alone_lists_what_differs_and_a_bad_date_is_explained(tmp_path):
    import asyncio

    dated_notes(tmp_path)
    core = Core(DatedTutor(load_notes(tmp_path), Tutor, today=lambda: date(2026, 12, 5)))
    ask = lambda text: asyncio.run(core.handle(Request(User("U1"), Place("terminal", "local"), text)))  # noqa: E731
    listed = ask("as of 2027-05-01")
    assert listed.title == "Facts as of 2027-05-01"
    assert "Alpha Service: Changes on 2027-01-01: Alpha stopped being sold on January 1, 2027." in listed.plain()
    assert "Alpha Service: From 2027-04-01: A brand new fact from spring." in listed.plain()
    bad = ask("as of 2027-02-30 alpha svc")
    assert bad.tone == "warning" and "`2027-02-30` is not a date I can read" in bad.text


def test_a_groups_overlay_fact_stays_in_every_view(tmp_path):
    shipped = dated_notes(tmp_path / "shipped")
    group = tmp_path / "group"
    group.mkdir()
    write(group, "ours.yaml", "overlays:\n  - id: alpha\n    add:\n      facts: [Our teacher says alpha matters.]\n")
    notes = load_layers([shipped, group])
    for day in (date(2026, 12, 31), date(2027, 1, 2)):
        assert "Our teacher says alpha matters." in notes.view(day).entries["alpha"].facts


def test_a_running_bot_moves_to_the_new_facts_on_the_day_they_change(tmp_path):
    """Through the conversation, as the app wires it: no restart needed at midnight."""
    import asyncio
    from typing import cast

    from bot.conversation import Conversation

    dated_notes(tmp_path)
    days = [date(2026, 12, 31)]
    dated = DatedTutor(load_notes(tmp_path), Tutor, today=lambda: days[0])
    core = Core(dated, None, Conversation(cast(Tutor, dated)))
    ask = lambda text: asyncio.run(core.handle(Request(User("U1"), Place("terminal", "local"), text))).plain()  # noqa: E731
    assert "Alpha is on sale in every Region." in ask("alpha svc")
    assert "Alpha stopped being sold" in ask("as of 2027-01-01 alpha svc")
    days[0] = date(2027, 1, 1)
    assert "Alpha stopped being sold" in ask("alpha svc") and "Alpha is on sale" not in ask("alpha svc")


def test_dated_property_entries_follow_the_day_viewed(tmp_path):
    """Loaded once (say in December), the notes still drop a property that ends on 1 January."""
    dated_notes(tmp_path)
    (tmp_path / "properties").mkdir()
    (tmp_path / "properties" / "p.yaml").write_text(
        "properties:\n  - id: on-sale\n    name: Services on sale\n    phrases: [on sale]\n    members: [alpha]\n"
        '    why: Alpha is sold.\n    until: "2027-01-01"\n    as_of: "2026-12-05"\n', encoding="utf-8")
    notes = load_notes(tmp_path)
    assert [p.id for p in notes.view(date(2026, 12, 31)).properties.properties] == ["on-sale"]
    after = notes.view(date(2027, 1, 1)).properties
    assert after.properties == () and after.of_note == {}
    assert notes.view(date(2026, 12, 31)).properties.of_note == {"alpha": ("on-sale",)}
    assert date(2027, 1, 1) in notes.change_days()
