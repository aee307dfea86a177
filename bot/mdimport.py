"""`awstutor notes import FILE.md... --into DIR`: a study group's Markdown notes as draft knowledge.

Markdown is read with markdown-it-py and front matter with python-frontmatter. A heading (or a
list item) that names a known note adds the lines under it to that note, in an overlay; a
top-level heading that names nothing known starts a draft entry. Nothing is dropped: what cannot
be placed (images, code, tables, raw HTML) is kept under `unplaced` with its source line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.names import MAX_NAME_WORDS

_SLUG = re.compile(r"[^a-z0-9]+")
_USE_CASES = re.compile(r"\buse[- ]?cases?\b", re.I)
DRAFT_LEVEL = 2  # headings this high that name no known note start a draft entry


@dataclass
class Section:
    """Where imported lines go: an overlay of a known note, or a draft entry."""

    id: str
    name: str
    draft: bool
    facts: list[str] = field(default_factory=list)
    use_cases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # "line N: text" of each heading or item that named it

    @property
    def has_lines(self) -> bool:
        return bool(self.facts or self.use_cases or self.keywords or self.links)

    def as_yaml(self, source: str) -> dict[str, Any]:
        added = {k: v for k, v in (("facts", self.facts), ("use_cases", self.use_cases),
                                    ("keywords", _unique(self.keywords)), ("links", _unique(self.links))) if v}
        if not self.draft:
            return {"id": self.id, "source": source, "headings": self.headings, "add": added}
        kind = "service" if self.name.startswith(("AWS ", "Amazon ")) else "concept"  # a guess to check
        missing = ["category", "domain", "summary", "as_of"] + (["aliases", "docs"] if kind == "service" else [])
        return {"id": self.id, "draft": True, "kind": kind, "name": self.name, "missing": missing,
                "headings": self.headings, **added}


@dataclass
class Imported:
    sections: dict[str, Section] = field(default_factory=dict)
    unplaced: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        enriched = sum(1 for s in self.sections.values() if not s.draft)
        drafts = len(self.sections) - enriched
        return f"{enriched} notes enriched, {drafts} new drafts, {len(self.unplaced)} unplaced lines"


@dataclass
class _Inline:
    text: str  # the line's words, markup removed
    bold: list[str]
    links: list[str]
    images: list[str]  # images, kept as Markdown: they cannot go into a note


def _inline(token: Token) -> _Inline:
    parts: list[str] = []
    bold: list[str] = []
    links: list[str] = []
    images: list[str] = []
    in_bold: list[str] | None = None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
            if in_bold is not None:
                in_bold.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "strong_open":
            in_bold = []
        elif child.type == "strong_close" and in_bold is not None:
            bold.append("".join(in_bold).strip(" :"))
            in_bold = None
        elif child.type == "link_open":
            links.append(str(child.attrs.get("href", "")))
        elif child.type == "image":
            images.append(f"![{child.content}]({child.attrs.get('src', '')})")
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    return _Inline(text, [b for b in bold if b], [u for u in links if u.startswith(("http://", "https://"))], images)


class Importer:
    """Walks markdown-it tokens, keeping the heading and list context of every line."""

    def __init__(self, resolve: Callable[[str], str | None], names: dict[str, str], known_ids: set[str]) -> None:
        self.resolve, self.names, self.known_ids = resolve, names, known_ids
        self.result = Imported()

    def run(self, path: Path) -> Imported:
        raw = path.read_text(encoding="utf-8")
        post = frontmatter.loads(raw)
        offset = raw[: len(raw) - len(post.content)].count("\n") if post.metadata else 0
        tokens = MarkdownIt("commonmark").enable("table").parse(post.content)
        self._walk(tokens, offset)
        return self.result

    def _section(self, note_id: str | None, name: str, line: int) -> Section:
        key = note_id or "draft-" + (_SLUG.sub("-", name.lower()).strip("-") or "untitled")
        if key not in self.result.sections:
            label = self.names.get(note_id, name) if note_id else name
            self.result.sections[key] = Section(key, label, draft=note_id is None)
        self.result.sections[key].headings.append(f"line {line}: {name}")
        return self.result.sections[key]

    def _walk(self, tokens: list[Token], offset: int) -> None:
        current: Section | None = None
        label = ""  # a heading or item ending in ":" that the lines below continue
        items: list[tuple[Section | None, str]] = []  # open list items: (target, label) for their children
        pending: tuple[str, int] | None = None  # heading_open tag and level
        row: list[str] = []  # a table row's cells: tables are kept whole, as unplaced lines
        row_line = 0
        for i, token in enumerate(tokens):
            line = offset + (token.map[0] + 1 if token.map else 0)
            if token.type == "heading_open":
                pending = (token.tag, int(token.tag[1:]))
            elif token.type == "inline" and pending:
                current, label = self._heading(_inline(token), pending[1], current, line)
                pending = None
            elif token.type == "list_item_open":
                items.append(items[-1] if items else (current, label))
            elif token.type == "list_item_close" and items:
                items.pop()
            elif token.type == "tr_open":
                row, row_line = [], line
            elif token.type == "inline" and _in_table(tokens, i):
                row.append(_inline(token).text)
            elif token.type == "tr_close":
                self._unplaced(row_line, " | ".join(row))
            elif token.type == "inline":
                target, item_label = items[-1] if items else (current, label)
                text = _inline(token)
                named = self._item(text, target, item_label, line)
                if items and named is not None:
                    items[-1] = named
            elif token.type in ("fence", "code_block", "html_block"):
                for n, text_line in enumerate(token.content.splitlines()):
                    self._unplaced(line + n + (1 if token.type == "fence" else 0), text_line)

    def _heading(self, text: _Inline, level: int, current: Section | None, line: int) -> tuple[Section | None, str]:
        note_id = self.resolve(text.text)
        if note_id:
            return self._section(note_id, text.text, line), ""
        if level <= DRAFT_LEVEL:
            return self._section(None, text.text, line), ""
        if current is None:
            self._unplaced(line, text.text)
            return None, ""
        if text.text.endswith(":"):
            current.headings.append(f"line {line}: {text.text}")
            return current, text.text.rstrip(":")
        self._add(current, text, "", line)
        return current, ""

    def _item(self, text: _Inline, target: Section | None, label: str, line: int) -> tuple[Section | None, str] | None:
        """Place one line. Returns the context its nested items inherit, when it sets one."""
        whole = text.text.rstrip(":").strip()
        note_id = self.resolve(whole) if len(whole.split()) <= MAX_NAME_WORDS else None
        if note_id and note_id in self.known_ids:
            return self._section(note_id, whole, line), ""
        for image in text.images:
            self._unplaced(line, image)
        if not text.text:
            return None
        if target is None:
            self._unplaced(line, text.text)
            return None
        if text.text.endswith(":") and len(whole.split()) <= MAX_NAME_WORDS:
            target.headings.append(f"line {line}: {text.text}")
            return target, whole
        self._add(target, text, label, line)
        return None

    def _add(self, target: Section, text: _Inline, label: str, line: int) -> None:
        target.keywords.extend(text.bold)
        target.links.extend(text.links)
        if label and _USE_CASES.search(label):
            target.use_cases.append(text.text)
        else:
            target.facts.append(f"{label}: {text.text}" if label else text.text)

    def _unplaced(self, line: int, text: str) -> None:
        if text.strip():
            self.result.unplaced.append({"line": line, "text": text})


def _in_table(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].type in ("th_open", "td_open")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def write_draft(path: Path, imported: Imported, into: Path) -> Path:
    """Write what was imported from `path` as `into/notes/<name>.yaml`; returns the file."""
    out = into / "notes" / f"{path.stem}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    body: dict[str, Any] = {}
    overlays = [s.as_yaml(path.name) for s in imported.sections.values() if not s.draft]
    drafts = [s.as_yaml(path.name) for s in imported.sections.values() if s.draft and s.has_lines]
    # A heading whose lines all went to known notes leaves an empty draft: keep only its title.
    imported.unplaced.extend({"line": 0, "text": f"heading: {s.name}"} for s in imported.sections.values()
                             if s.draft and not s.has_lines)
    if overlays:
        body["overlays"] = overlays
    if drafts:
        body["drafts"] = drafts
    if imported.unplaced:
        body["unplaced"] = [{**u, "source": path.name} for u in imported.unplaced]
    header = f"# Imported from {path.name} by `awstutor notes import`. Review, then remove `draft: true`.\n"
    out.write_text(header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return out


def run_import(files: list[Path], into: Path, knowledge: tuple[Path, ...]) -> int:
    """Import each file, print what happened to it, and return the exit code."""
    from bot.tutor import Tutor

    tutor = Tutor.load(knowledge)

    def resolve(text: str) -> str | None:
        found = tutor.index.resolve(text, limit=1)
        return found[0][0] if found else None

    names = {e.id: e.name for e in tutor.notes.entries.values()}
    status = 0
    for path in files:
        if not path.is_file():
            print(f"{path}: no such file")
            status = 1
            continue
        try:
            imported = Importer(resolve, names, set(names)).run(path)
        except (UnicodeDecodeError, yaml.YAMLError) as err:
            print(f"{path}: cannot be read ({err.__class__.__name__}); is it UTF-8 Markdown with valid front matter?")
            status = 1
            continue
        out = write_draft(path, imported, into)
        print(f"{path}: {imported.summary()} -> {out}")
    return status
