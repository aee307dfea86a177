"""Property, ordering and responsibility files are checked like notes: one sentence per problem,
naming file, line, entry id and field; traps on notes too."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.notes import check_notes
from tests.core.test_schema_errors import entry, only, write

NOTES = "entries:\n" + entry("alpha", "Alpha Service", "alpha svc") + entry("beta", "Beta Service", "beta svc") \
    + entry("gamma", "Gamma Service", "gamma svc")

PROPERTY = """\
properties:
  - id: fast-things
    name: Fast things
    phrases: [very fast, quick service]
    members: [alpha, beta]
    non_members: [gamma]
    why: Alpha and Beta are fast.
    as_of: "2026-12-05"
"""


def write_props(folder: Path, name: str, body: str) -> Path:
    return write(folder, name, body, sub="properties")


def check(tmp_path: Path, *bodies: str, today: date | None = None):
    write(tmp_path, "n.yaml", NOTES)
    paths = [write_props(tmp_path, f"p{i}.yaml", body) for i, body in enumerate(bodies)]
    notes, errors = check_notes(tmp_path)
    return notes, errors, paths


def test_a_good_property_loads_with_its_members(tmp_path):
    notes, errors, _ = check(tmp_path, PROPERTY)
    assert errors == []
    (prop,) = notes.properties.properties
    assert prop.members == {"alpha", "beta"} and prop.non_members == {"gamma"}
    assert notes.properties.of_note["alpha"] == ("fast-things",)


def test_unknown_member_names_file_line_id_and_field(tmp_path):
    _, errors, (path,) = check(tmp_path, PROPERTY.replace("[alpha, beta]", "[alpha, delta]"))
    assert only(errors) == f"{path}:5: property 'fast-things', field 'members': unknown note id 'delta'."


def test_a_note_cannot_be_member_and_non_member(tmp_path):
    _, errors, (path,) = check(tmp_path, PROPERTY.replace("[gamma]", "[beta]"))
    assert only(errors).startswith(f"{path}:6: property 'fast-things', field 'non_members': note 'beta' is listed twice")


def test_a_phrase_may_name_only_one_property(tmp_path):
    other = PROPERTY.replace("fast-things", "quick-things").replace("very fast", "Very  fast!")
    _, errors, (_, path) = check(tmp_path, PROPERTY, other)
    assert only(errors).startswith(f"{path}:4: property 'quick-things', field 'phrases': phrase 'very fast' is already used by property 'fast-things'")


def test_unknown_field_and_missing_field(tmp_path):
    body = PROPERTY.replace("    why: Alpha and Beta are fast.\n", "    colour: blue\n")
    _, errors, (path,) = check(tmp_path, body)
    assert f"{path}:7: property 'fast-things', field 'colour': unknown field" in errors[0]
    assert errors[1] == f"{path}:2: property 'fast-things', field 'why': is required."


def test_ordering_ties_and_duplicates(tmp_path):
    body = """\
orderings:
  - id: speed
    name: By speed
    order: [[alpha, beta], gamma]
    low: [slowest of all]
    high: [fastest of all]
    why: Gamma is fastest.
    as_of: "2026-12-05"
"""
    notes, errors, _ = check(tmp_path, body)
    assert errors == []
    (ordering,) = notes.properties.orderings
    assert ordering.rank("alpha") == ordering.rank("beta") == 0 and ordering.rank("gamma") == 1
    _, errors, (path,) = check(tmp_path, body.replace("[[alpha, beta], gamma]", "[alpha, gamma, alpha]"))
    assert only(errors).startswith(f"{path}:4: ordering 'speed', field 'order': note 'alpha' is listed twice")


def test_responsibility_actor_lists(tmp_path):
    body = """\
responsibilities:
  - id: patching
    task: patching the operating system
    phrases: [patch the os]
    customer: [alpha]
    aws: [beta, alpha]
    why: It depends.
    as_of: "2026-12-05"
"""
    _, errors, (path,) = check(tmp_path, body)
    assert only(errors) == f"{path}:6: responsibility 'patching', field 'aws': note 'alpha' is listed twice (also in 'customer')."


def test_dates_bound_when_an_entry_is_in_force(tmp_path):
    dated = PROPERTY.replace('    as_of: "2026-12-05"\n', '    as_of: "2026-12-05"\n    until: "2027-01-01"\n')
    write(tmp_path, "n.yaml", NOTES)
    write_props(tmp_path, "p.yaml", dated)
    from bot.propload import check_properties
    before, _ = check_properties(tmp_path / "properties", {"alpha", "beta", "gamma"}, date(2026, 12, 31))
    after, _ = check_properties(tmp_path / "properties", {"alpha", "beta", "gamma"}, date(2027, 1, 1))
    assert len(before.properties) == 1 and len(after.properties) == 0
    _, errors, (path,) = check(tmp_path, dated.replace('until: "2027-01-01"', 'from: "2027-02-01"\n    until: "2027-01-01"'))
    assert only(errors) == f"{path}:10: property 'fast-things', field 'until': must be after 'from' (2027-02-01)."


def test_malformed_file_is_one_error(tmp_path):
    _, errors, (path,) = check(tmp_path, "colours: [red]\n")
    assert only(errors) == f"{path}:1: file: expected top-level lists named properties, orderings, responsibilities and nothing else."


def test_traps_need_wrong_and_right(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    traps:\n      - wrong: It is slow.\n"))
    _, errors = check_notes(tmp_path)
    assert only(errors) == f"{path}:15: entry 'alpha', field 'traps': item 1 needs 'right' as text."
    write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    traps:\n      - wrong: It is slow.\n        right: It is fast.\n"))
    notes, errors = check_notes(tmp_path)
    assert errors == [] and notes.entries["alpha"].traps[0].right == "It is fast."


def test_the_card_shows_common_traps(tmp_path):
    from bot import cards
    write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    traps:\n      - wrong: It is slow.\n        right: It is fast.\n"))
    notes, _ = check_notes(tmp_path)
    card = cards.service_card(notes.entries["alpha"], notes.entries)
    traps = next(f for f in card.fields if f.name == "Common traps")
    assert traps.value == "• Not true: It is slow. It is fast."


def test_the_card_says_when_a_service_is_closed_to_new_customers(tmp_path):
    from bot import cards
    write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    status: closed-to-new-customers\n")
          + entry(id="beta", name="Beta Service", alias="beta svc"))
    notes, errors = check_notes(tmp_path)
    assert errors == []
    closed = cards.service_card(notes.entries["alpha"], notes.entries).text
    assert "Closed to new customers" in closed and "new accounts cannot start" in closed
    assert "Closed to new customers" not in cards.service_card(notes.entries["beta"], notes.entries).text
    # Said once: a summary that already says it gets no second line.
    said = replace(notes.entries["alpha"], summary="A service; closed to new customers since 2026.")
    assert "Closed to new customers:" not in cards.service_card(said, notes.entries).text
