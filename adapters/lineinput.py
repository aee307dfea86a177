"""Reading what the person types in the terminal: a line editor on a TTY, plain lines otherwise.

On a terminal, prompt_toolkit gives line editing, history, Tab completion of service names and
bracketed paste, so a pasted exam question with its A-D lines arrives as one message. Several
lines can also be typed by hand: Esc then Enter (or a line ending in `\\`) starts a new line.
Without a TTY (pipes, tests) each line is one message, and a trailing `\\` joins the next.
Control characters (ESC sequences, BEL, ...) never reach the bot, the screen or the history.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings

MAX_ENTRY = 2000  # characters: a pasted exam question is kept in history, a pasted log file is not
KEEP = 500  # history entries kept in the file
PROMPT = "you> "
CONTINUATION = "...  "

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \) and two-character ESC sequences.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def clean(text: str) -> str:
    """`text` without terminal escape sequences or control characters; line ends become \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


class CappedHistory(FileHistory):
    """prompt_toolkit's file history, minus what should not be kept: entries longer than
    `MAX_ENTRY` characters, control characters, and all but the newest `KEEP` entries."""

    def load_history_strings(self) -> Iterable[str]:
        found = list(super().load_history_strings()) or _plain_lines(Path(str(self.filename)))
        kept = [s for s in (clean(s) for s in found) if 0 < len(s) <= MAX_ENTRY][:KEEP]
        if kept != found:
            self._rewrite(kept)
        return kept

    def store_string(self, string: str) -> None:
        string = clean(string).strip()
        if 0 < len(string) <= MAX_ENTRY:
            super().store_string(string)

    def _rewrite(self, newest_first: list[str]) -> None:
        path = Path(str(self.filename))
        body = "".join("\n# kept\n" + "".join(f"+{line}\n" for line in s.split("\n")) for s in reversed(newest_first))
        with contextlib.suppress(OSError):  # a read-only home must not stop the chat
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, path)


def _plain_lines(path: Path) -> list[str]:
    """History written by readline (one entry per line, no `+`), newest first."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in reversed(lines) if line and not line.startswith("_HiStOrY_")]


def _bindings() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("escape", "enter")
    def _newline(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    @Condition
    def _continued() -> bool:
        from prompt_toolkit.application import get_app

        return get_app().current_buffer.document.text_before_cursor.endswith("\\")

    @keys.add("enter", filter=_continued)
    def _continue(event: Any) -> None:
        buffer = event.current_buffer
        buffer.delete_before_cursor(1)
        buffer.insert_text("\n")

    return keys


class PromptReader:
    """The line editor for a real terminal (or, in tests, prompt_toolkit's pipe input)."""

    def __init__(self, words: Iterable[str], history: Path | None, **io: Any) -> None:
        self.session: PromptSession[str] = PromptSession(
            history=CappedHistory(str(history)) if history else None,
            completer=WordCompleter(sorted(set(words)), ignore_case=True),
            complete_while_typing=False,  # Tab completes; no menu popping up mid-question
            key_bindings=_bindings(),
            prompt_continuation=CONTINUATION,
            **io,
        )

    async def read(self) -> str | None:
        """The next message, or None at end of input (Ctrl-D)."""
        try:
            return clean(await self.session.prompt_async(PROMPT))
        except EOFError:
            return None
        except KeyboardInterrupt:  # Ctrl-C clears the line, as in a shell
            return ""


class PlainReader:
    """Lines from a pipe or file: one message per line, a trailing `\\` joins the next line."""

    def __init__(self, stdin: TextIO) -> None:
        self.stdin = stdin

    async def read(self) -> str | None:
        """The next message, or None at end of input."""
        parts: list[str] = []
        while True:
            line = self.stdin.readline()
            if not line:
                return clean("\n".join(parts)) if parts else None
            line = line.rstrip("\n")
            if not line.endswith("\\"):
                return clean("\n".join([*parts, line]))
            parts.append(line[:-1])
