"""A study group's own notes: Markdown import, layered knowledge, overlays and their errors."""

import re
from pathlib import Path

import yaml

from bot.cli import main
from bot.layers import check_layers, parse_layers
from bot.quiz.bank import load_banks
from bot.tutor import Tutor
from tests.core.conftest import KNOWLEDGE

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_38efe72eb74ed8af.txt"
SEED_TEXT = """---
title: Advanced Identity
tags: [CLF-C02]
---
## AWS STS (Security Token Service)

- Enables creating <font color=#EB4925>temporary, limited-privileged credentials</font>
- <font color=#EBAC25>Use cases:</font>
\t- IAM Roles for cross / same account access
## Directory Services

- <font color=#EBAC25>AD Connector</font>
\t- Directory Gateway (proxy) to redirect to on-premise AD
- <font color=#EBAC25>Simple AD</font>
\t- Cannot be joined with on-premise AD
## AWS IAM Identity Center

### One login (single sign-on) for:

- AWS Accounts in AWS Organizations
"""


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def words_of_lines(markdown: str) -> list[str]:
    """Each source line's words, markup stripped: what the import must keep somewhere."""
    body = markdown.split("---", 2)[2] if markdown.startswith("---") else markdown
    out = []
    for line in body.splitlines():
        plain = re.sub(r"(?<!!)\[([^\]]*)\]\([^)]*\)", r"\1", line)
        plain = re.sub(r"<[^>]+>|^[\s#>*_|-]+|[*_`|]+", " ", plain)
        plain = re.sub(r"^\s*\d+\.\s|!\[[^\]]*\]\(([^)]*)\)", r" \1 ", plain)
        if re.search(r"[A-Za-z0-9]", plain) and not set(plain.strip()) <= set("-:| "):
            out.append(" ".join(plain.split()))
    return out


def import_file(tmp_path: Path, name: str, text: str) -> tuple[Path, dict]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    into = tmp_path / "our-notes"
    assert main(["--knowledge", str(KNOWLEDGE), "notes", "import", str(source), "--into", str(into)]) == 0
    written = into / "notes" / f"{source.stem}.yaml"
    return into, yaml.safe_load(written.read_text(encoding="utf-8"))


def assert_nothing_lost(markdown: str, data: dict) -> None:
    kept = " ".join(" ".join(re.sub(r"[*_`|]", " ", s).split()) for s in strings(data))
    missing = [line for line in words_of_lines(markdown) if line.rstrip(":") not in kept]
    assert missing == []


def test_importing_the_seed_chapter_enriches_the_identity_notes(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else SEED_TEXT
    into, data = import_file(tmp_path, "identity.md", text)
    overlaid = {o["id"] for o in data["overlays"]}
    assert {"sts", "directory-service", "ad-connector", "simple-ad", "iam-identity-center"} <= overlaid
    if SEED.exists():
        assert {"cognito", "managed-microsoft-ad"} <= overlaid
    assert_nothing_lost(text, data)
    notes, errors = check_layers([KNOWLEDGE, into])
    assert errors == []
    assert "Cannot be joined with on-premise AD" in notes.entries["simple-ad"].facts
    assert "notes enriched" in capsys.readouterr().out


def test_odd_markdown_loses_no_line(tmp_path):
    text = """# Our week 3 notes

Plain paragraph before any service heading.

## Amazon S3

1. numbered fact one
   - nested under the numbered one
     - nested deeper still
2. numbered fact two with a [link](https://docs.aws.amazon.com/s3/) and **bold term**

| class | use |
| --- | --- |
| Standard | hot data |

```
aws s3 ls
```

<div>raw html block</div>

### A heading without bullets under S3

## Something we made up

- a line under an unknown heading
"""
    into, data = import_file(tmp_path, "odd.md", text)
    assert_nothing_lost(text, data)
    s3 = next(o for o in data["overlays"] if o["id"] == "s3")
    assert "bold term" in s3["add"]["keywords"] and "https://docs.aws.amazon.com/s3/" in s3["add"]["links"]
    draft = next(d for d in data["drafts"] if d["name"] == "Something we made up")
    assert draft["draft"] is True and "summary" in draft["missing"]
    assert {u["text"] for u in data["unplaced"]} >= {"aws s3 ls", "<div>raw html block</div>"}
    assert check_layers([KNOWLEDGE, into])[1] == []


def layer(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "group"
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "notes" / "ours.yaml").write_text(body, encoding="utf-8")
    return folder


def test_overlay_conflicts_are_one_sentence_each(tmp_path):
    folder = layer(tmp_path, """overlays:
  - id: no-such-note
    add: {facts: [x]}
  - id: sts
    add: {colour: [red]}
entries:
  - id: sts
    kind: concept
    name: Our STS
    category: Ours
    domain: security-compliance
    summary: Shadowing the shipped note.
    as_of: "2026-12-05"
""")
    path = folder / "notes" / "ours.yaml"
    errors = check_layers([KNOWLEDGE, folder])[1]
    assert errors == [
        f"{path}:7: entry 'sts', field 'id': a note with this id already exists (identity.yaml); add to it under `overlays:` instead.",
        f"{path}:2: overlay 'no-such-note', field 'id': names no known note (an overlay adds to a note; a new note goes under `entries:`).",
        f"{path}:5: overlay 'sts', field 'add': cannot add to 'colour' (addable: facts, use_cases, keywords, aliases, links, traps).",
    ]


def test_a_layer_adds_and_replaces_and_the_card_says_which_facts_are_ours(tmp_path):
    folder = layer(tmp_path, """overlays:
  - id: sts
    add:
      facts: [Our group remembers STS as the credential vending machine.]
    replace:
      summary: Temporary AWS credentials, in our words.
""")
    tutor = Tutor.load(parse_layers(f"shipped:{folder}", KNOWLEDGE))
    card = tutor.answer("sts").reply
    assert card.text.startswith("Temporary AWS credentials, in our words.")
    ours = next(f for f in card.fields if f.name == "From your notes")
    assert "credential vending machine" in ours.value
    assert "credential vending machine" not in next(f for f in card.fields if f.name == "Key facts").value


def test_group_questions_join_the_bank_without_replacing_shipped_ones(tmp_path):
    folder = layer(tmp_path, "overlays: []\n")
    (folder / "quiz").mkdir()
    shipped = (KNOWLEDGE / "quiz" / "security.yaml").read_text(encoding="utf-8")
    (folder / "quiz" / "ours.yaml").write_text(shipped, encoding="utf-8")
    notes, _ = check_layers([KNOWLEDGE, folder])
    questions, errors = load_banks([KNOWLEDGE, folder], set(notes.entries))
    assert errors and all("is already defined in" in e for e in errors)
    assert len({q.id for q in questions}) == len(questions)


def test_shipped_word_and_single_folder(tmp_path):
    assert parse_layers("shipped", KNOWLEDGE) == (KNOWLEDGE,)
    assert parse_layers(f"shipped:{tmp_path}", KNOWLEDGE) == (KNOWLEDGE, tmp_path)
    assert parse_layers(str(tmp_path), KNOWLEDGE) == (tmp_path,)


def test_knowledge_option_takes_layers(tmp_path, capsys):
    from adapters.cli import main as awstutor

    folder = layer(tmp_path, "overlays:\n  - id: sts\n    add: {facts: [Our own STS line.]}\n")
    assert awstutor(["--knowledge", f"shipped:{folder}", "ask", "sts"]) == 0
    assert "Our own STS line." in capsys.readouterr().out
