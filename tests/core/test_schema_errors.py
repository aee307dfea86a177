"""Each kind of knowledge error gets one sentence naming file, line, entry id and field."""

from pathlib import Path

import pytest

from bot.notes import check_notes

GOOD = """\
  - id: {id}
    kind: service
    name: {name}
    aliases: [{alias}]
    category: Security, Identity, and Compliance
    domain: security-compliance
    summary: A test service.
    use_cases: [one thing, another thing, a third thing]
    keywords: [test]
    facts: [It exists.]
    docs: https://docs.aws.amazon.com/test
    as_of: "2026-11-26"
"""


def write(folder: Path, name: str, body: str, sub: str = "notes") -> Path:
    notes = folder / sub
    notes.mkdir(exist_ok=True)
    path = notes / name
    path.write_text(body, encoding="utf-8")
    return path


def entry(id: str = "alpha", name: str = "Alpha Service", alias: str = "alpha svc", extra: str = "") -> str:
    return GOOD.format(id=id, name=name, alias=alias) + extra


def errors_for(tmp_path: Path) -> list[str]:
    _, errors = check_notes(tmp_path)
    return errors


def only(errors: list[str]) -> str:
    assert len(errors) == 1, errors
    return errors[0]


def test_a_good_file_has_no_errors(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + entry())
    assert errors_for(tmp_path) == []


def test_unknown_key_names_file_line_id_and_field(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    colour: blue\n"))
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path}:14: entry 'alpha', field 'colour': unknown field")


def test_duplicate_id_across_files_points_at_both(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + entry())
    path_b = write(tmp_path, "b.yaml", "entries:\n" + entry(alias="other alias", name="Other"))
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path_b}:2: entry 'alpha', field 'id': duplicate id")
    assert "a.yaml:2" in msg


def test_duplicate_alias_across_files(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + entry())
    path_b = write(tmp_path, "b.yaml", "entries:\n" + entry(id="beta", name="Beta"))
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path_b}:5: entry 'beta', field 'aliases': 'alpha svc' is already used by entry 'alpha'")


def test_dangling_confused_with(tmp_path):
    extra = "    confused_with:\n      - id: ghost\n        how: It is not real.\n"
    path = write(tmp_path, "a.yaml", "entries:\n" + entry(extra=extra))
    msg = only(errors_for(tmp_path))
    assert msg == f"{path}:15: entry 'alpha', field 'confused_with': unknown id 'ghost'."


def test_dangling_related(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    related: [nowhere]\n"))
    assert only(errors_for(tmp_path)) == f"{path}:14: entry 'alpha', field 'related': unknown id 'nowhere'."


def test_unquoted_yes_no_is_an_error(tmp_path):
    body = "entries:\n" + entry().replace("summary: A test service.", "summary: no")
    path = write(tmp_path, "a.yaml", body)
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path}:8: entry 'alpha', field 'summary': unquoted 'no' is read by YAML as a boolean")


def test_missing_required_field(tmp_path):
    body = "entries:\n" + entry().replace("    domain: security-compliance\n", "")
    path = write(tmp_path, "a.yaml", body)
    assert only(errors_for(tmp_path)) == f"{path}:2: entry 'alpha', field 'domain': is required."


def test_bad_value_says_what_is_allowed(tmp_path):
    body = "entries:\n" + entry().replace("domain: security-compliance", "domain: security")
    path = write(tmp_path, "a.yaml", body)
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path}:7: entry 'alpha', field 'domain': must be one of cloud-concepts")


def test_too_few_use_cases(tmp_path):
    body = "entries:\n" + entry().replace("[one thing, another thing, a third thing]", "[just one]")
    path = write(tmp_path, "a.yaml", body)
    assert "needs at least 3 use cases, has 1" in only(errors_for(tmp_path))
    assert only(errors_for(tmp_path)).startswith(f"{path}:9: entry 'alpha', field 'use_cases'")


def test_duplicate_key_in_one_entry(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    summary: Again.\n"))
    assert only(errors_for(tmp_path)) == f"{path}:14: key 'summary' appears twice in one mapping; keep one."


def test_malformed_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "a.yaml", "entries:\n  - id: a\n    name: [unclosed\n")
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path}:") and "not valid YAML" in msg


@pytest.mark.parametrize("body", ["just text\n", "entries: 3\n", "{}\n"])
def test_file_without_an_entries_list(tmp_path, body):
    path = write(tmp_path, "a.yaml", body)
    assert only(errors_for(tmp_path)) == f"{path}:1: file: expected a top-level 'entries:' list."


def test_every_problem_is_reported_at_once(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + entry(extra="    colour: blue\n    related: [nowhere]\n"))
    write(tmp_path, "b.yaml", "entries: [\n")
    assert len(errors_for(tmp_path)) == 3


def test_aliases_clash_the_way_the_matcher_reads_them(tmp_path):
    write(tmp_path, "a.yaml", "entries:\n" + entry())
    path_b = write(tmp_path, "b.yaml", "entries:\n" + entry(id="beta", name="Beta", alias="Alpha-SVC"))
    msg = only(errors_for(tmp_path))
    assert msg.startswith(f"{path_b}:5: entry 'beta', field 'aliases': 'Alpha-SVC' is already used by entry 'alpha'")
