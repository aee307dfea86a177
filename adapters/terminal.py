"""`awstutor chat`: the tutor in a terminal, with line editing, history and a simulated channel.

The terminal is the third adapter: it turns a typed line into a `Request`, renders the `Reply`
as text, and turns a typed button label ("A", "1") into a `Click`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Protocol, TextIO

from adapters.lineinput import PlainReader, PromptReader, clean
from bot.commands import HELP_TOPICS
from bot.core import Core
from bot.errors import UserError
from bot.model import Button, Click, Place, Reply, Request, User
from bot.notes import Entry
from bot.quiz.scheduler import Scheduler, TickReport
from bot.quiz.toggles import SELECTED_MARK
from bot.storage import ChannelRef

PLACE = Place(platform="terminal", channel="terminal", workspace="local")
CHANNEL = ChannelRef("terminal", "local", "terminal")
USER = User(id="you", name="you", is_admin=True)  # the person at the keyboard owns the bot
EXPORTS = Path("data") / "exports"
HISTORY = Path(os.environ.get("AWSTUTOR_HISTORY", Path.home() / ".awstutor_history"))
BANNER = (
    "awstutor: your AWS Cloud Practitioner study buddy. Ask anything, e.g. `sts vs cognito`.\n"
    "Paste an exam question with its options as it is. Esc then Enter starts a new line by hand;\n"
    "Tab completes service names. Type `help` for commands, the number or label of a button to\n"
    "click it, Ctrl-D to leave.\n"
    "Simulated channel: `post` posts today's question here, `reveal` closes it and shows the result."
)


class Reader(Protocol):
    async def read(self) -> str | None:
        """The next message, or None at end of input."""
        ...


def render(reply: Reply, color: bool) -> str:
    """A reply as terminal text; buttons are numbered so they can be typed.

    Control characters in the reply (a question quoted back, a name) are dropped: only our own
    styling may send escape sequences to the terminal."""
    reply = _cleaned(reply)
    bold = (lambda s: f"\033[1m{s}\033[0m") if color else (lambda s: s)
    dim = (lambda s: f"\033[2m{s}\033[0m") if color else (lambda s: s)
    out = []
    if reply.title:
        out.append(bold(reply.title))
    if reply.text:
        out.append(reply.text)
    for f in reply.fields:
        value = f.value.replace("\n", "\n  ")
        out.append(f"{bold(f.name)}\n  {value}")
    if reply.buttons:
        out.append("  ".join(f"[{n}] {b.label}" for n, b in enumerate(reply.buttons, 1)))
    if reply.url:
        out.append(dim(reply.url))
    if reply.footer:
        out.append(dim(reply.footer))
    out.extend(render(r, color) for r in reply.extra)
    return "\n".join(out)


def _cleaned(reply: Reply) -> Reply:
    return replace(
        reply, title=clean(reply.title), text=clean(reply.text), url=clean(reply.url), footer=clean(reply.footer),
        fields=tuple(replace(f, name=clean(f.name), value=clean(f.value)) for f in reply.fields),
        buttons=tuple(replace(b, label=clean(b.label)) for b in reply.buttons),
    )


def save_attachment(reply: Reply, folder: Path) -> Reply:
    """A terminal cannot show a file: save it and say where."""
    if reply.attachment is None:
        return reply
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(reply.attachment.filename).name  # never a path from elsewhere
    path.write_bytes(reply.attachment.content)
    return replace(reply, footer=f"Saved {path} ({len(reply.attachment.content):,} bytes).")


def pressed(line: str, buttons: tuple[Button, ...]) -> Button | None:
    """The button a typed line names: its number, or its label (case-insensitive)."""
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1]
    return next((b for b in buttons if b.label.casefold() == text.casefold()), None)




def option(button: Button) -> str:
    """The option a toggle stands for (its label without the selected mark)."""
    return button.label.removeprefix(SELECTED_MARK)


def selected(button: Button) -> bool:
    return button.label.startswith(SELECTED_MARK)


def named_options(line: str, buttons: tuple[Button, ...]) -> set[str]:
    """The options `1 3` or `A, C` names under a multiple-response question (empty otherwise)."""
    toggles = [b for b in buttons if b.toggle]
    words = line.replace(",", " ").split()
    if len(words) < 2 or not toggles:
        return set()
    named = [pressed(word, tuple(toggles)) or next((b for b in toggles if option(b).casefold() == word.casefold()), None)
             for word in words]
    return {option(b) for b in named if b is not None} if all(named) else set()


class TerminalPoster:
    """The simulated channel: scheduled posts and reveals are printed in the chat."""

    platform = "terminal"

    def __init__(self, out: TextIO, color: bool = False) -> None:
        self.out, self.color, self.posted = out, color, 0
        self.last_buttons: tuple[Button, ...] = ()

    async def post(self, place: Place, reply: Reply) -> str:
        reply = save_attachment(reply, EXPORTS)  # the digest's chart
        self.posted += 1
        self.last_buttons = reply.buttons
        print(f"\n[#{place.channel}]\n{render(reply, self.color)}", file=self.out)
        return str(self.posted)

    async def update(self, place: Place, message_id: str, reply: Reply) -> None:
        print(f"\n[#{place.channel}, post {message_id} updated]\n{render(reply, self.color)}", file=self.out)

    async def notify(self, user_id: str, reply: Reply) -> None:
        print(f"\n[to {user_id}]\n{render(reply, self.color)}", file=self.out)


class Session:
    """One terminal conversation: the core, plus the simulated channel's scheduler."""

    def __init__(self, core: Core, scheduler: Scheduler | None, poster: TerminalPoster) -> None:
        self.core, self.scheduler, self.poster = core, scheduler, poster

    async def turn(self, line: str, last: tuple[Button, ...]) -> tuple[Reply | None, tuple[Button, ...]]:
        """One exchange; returns the reply (None when the channel printed it) and clickable buttons."""
        wanted = named_options(line, last)
        if wanted:
            return await self._pick(wanted, last)
        button = pressed(line, last) if last else None
        if button:
            reply = await self.core.click(Click(USER, PLACE, button.action_id))
            return reply, reply.buttons or last  # the next exam question brings its own buttons
        word = line.strip().lower()
        if word in ("post", "reveal") and self.scheduler is not None:
            return await self._channel(word)
        reply = await self.core.handle(Request(USER, PLACE, line))
        return save_attachment(reply, EXPORTS), reply.buttons

    async def _pick(self, wanted: set[str], last: tuple[Button, ...]) -> tuple[Reply | None, tuple[Button, ...]]:
        """`1 3` under a multiple-response question: set exactly those toggles, then submit."""
        reply, buttons = None, last
        for _ in range(len(last)):
            differing = next((b for b in buttons if b.toggle and (option(b) in wanted) != selected(b)), None)
            if differing is None:
                break
            reply = await self.core.click(Click(USER, PLACE, differing.action_id))
            buttons = reply.buttons
        submit = next((b for b in buttons if not b.toggle), None)
        if submit is not None:
            reply = await self.core.click(Click(USER, PLACE, submit.action_id))
        return reply, (reply.buttons if reply is not None else ()) or buttons

    async def _channel(self, word: str) -> tuple[Reply | None, tuple[Button, ...]]:
        assert self.scheduler is not None
        now = self.scheduler.clock()
        if word == "post":
            try:
                await self.scheduler.post_now(CHANNEL, now)
            except UserError as err:
                shown = await self.scheduler.open_question(CHANNEL)
                if shown is None:
                    return Reply(text=err.text, tone="warning"), ()
                note = "Today's question was already posted here; here it is again:"
                return replace(shown, title=f"{note}\n{shown.title}"), shown.buttons
            return None, self.poster.last_buttons
        posts = [p for p in await self.scheduler.storage.open_posts() if p.ref == CHANNEL]
        if not posts:
            return Reply(text="Nothing to reveal: type `post` first.", tone="warning"), ()
        for post in posts:
            await self.scheduler.reveal(post, now, TickReport())
        return None, ()


def completion_words(entries: Iterable[Entry]) -> list[str]:
    """What Tab completes: command words, and every note's id, short name and aliases."""
    words = set(HELP_TOPICS) | {"help", "post", "reveal", "exit"}
    for entry in entries:
        words.update(name.lower() for name in (entry.id.replace("-", " "), entry.short, *entry.aliases) if name)
    return sorted(words)


def chat(session: Session, loop: asyncio.AbstractEventLoop, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
         reader: Reader | None = None, words: Iterable[str] = ()) -> int:
    """Run the conversation until end of input: a line editor on a terminal, plain lines otherwise."""
    interactive = reader is not None or (stdin.isatty() and out.isatty())
    color = interactive and out.isatty() and not os.environ.get("NO_COLOR")
    session.poster.color = color
    if reader is None:
        reader = PromptReader(words, HISTORY) if interactive else PlainReader(stdin)
    last: tuple[Button, ...] = ()
    if interactive:
        print(BANNER, file=out)
    while True:
        line = loop.run_until_complete(reader.read())
        if line is None or line.strip().lower() in ("exit", "quit", "bye"):
            break
        if not line.strip():
            continue
        reply, last = loop.run_until_complete(session.turn(line, last))
        if reply is not None:
            print(render(reply, color) + "\n", file=out)
    if interactive:
        print("Bye, and good luck with the exam!", file=out)
    return 0
