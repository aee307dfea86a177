"""The terminal chat: typing, clicking buttons by number or label, and the simulated channel."""

import asyncio
import io
from dataclasses import replace

import pytest

from adapters.terminal import Session, TerminalPoster, chat, pressed
from bot.app import build_app
from bot.config import Settings
from bot.model import Button

from .conftest import KNOWLEDGE


def run_session(tmp_path, stdin: str = "", reader=None) -> str:
    """The whole chat on the shipped knowledge and a fresh database; what it printed."""
    settings = replace(Settings.from_env({}, secrets_dir=None), knowledge=(KNOWLEDGE,),
                       database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}")
    loop = asyncio.new_event_loop()
    out = io.StringIO()
    try:
        app = loop.run_until_complete(build_app(settings))
        poster = TerminalPoster(out)
        chat(Session(app.core, app.scheduler(poster), poster), loop, io.StringIO(stdin), out, reader=reader)
        loop.run_until_complete(app.aclose())
    finally:
        loop.close()
    return out.getvalue()


@pytest.fixture
def run_chat(tmp_path):
    return lambda lines: run_session(tmp_path, lines)


def test_questions_and_lookups_are_answered(run_chat):
    out = run_chat("sts vs cognito\ncognitio\n")
    assert "AWS STS vs Amazon Cognito" in out
    assert "Amazon Cognito\nSign-up, sign-in" in out


def test_a_typed_number_clicks_a_button(run_chat):
    out = run_chat("what is the meaning of life\n1\n")
    assert "I don't know that one" in out
    unknown, _, after = out.partition("I don't know that one")
    label = after.split("[1] ", 1)[1].split("  [", 1)[0].split("\n", 1)[0]
    card = after.split("\n\n", 1)[1]  # the reply to typing "1"
    assert "Key facts" in card and "facts checked" in card
    assert label.split(" (")[0].replace("AWS ", "").replace("Amazon ", "") in card


def test_daily_flow_in_the_simulated_channel(run_chat):
    first = run_chat("post\n")
    answer = "1 2\n" if "Select two options" in first else "1\n"  # choose-two: both numbers at once
    out = run_chat(f"post\n{answer}{answer}reveal\nleaderboard\n")  # the same channel and database
    assert "Today's question was already posted here; here it is again:" in out
    assert "[#terminal]\nQuestion of the day" in first
    assert "You already answered" in out and "one answer per question." in out
    assert "(answers closed)" in out and "Answers (1)" in out
    assert "Leaderboard" in out


def test_reveal_without_a_post_says_what_to_do(run_chat):
    assert "Nothing to reveal: type `post` first." in run_chat("reveal\n")


def test_pressed_matches_number_or_label_only():
    buttons = (Button("A", "quiz:1:A"), Button("B", "quiz:1:B"))
    assert pressed("2", buttons) == buttons[1]
    assert pressed("a", buttons) == buttons[0]
    assert pressed("3", buttons) is None and pressed("apple", buttons) is None


def test_an_export_is_saved_as_a_file(tmp_path):
    from adapters.terminal import save_attachment
    from bot.model import Attachment, Reply

    reply = save_attachment(Reply(text="x", attachment=Attachment("../../r.csv", b"a,b\n")), tmp_path / "exports")
    saved = tmp_path / "exports" / "r.csv"
    assert saved.read_bytes() == b"a,b\n" and str(saved) in reply.footer


@pytest.fixture
def run_editor(tmp_path):
    """The chat on prompt_toolkit's line editor, fed keystrokes through a pipe as a terminal would."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from adapters.lineinput import PromptReader

    def run(keys: str, history=None) -> str:
        with create_pipe_input() as pipe:
            pipe.send_text(keys + "\x04")  # Ctrl-D ends the chat
            return run_session(tmp_path, reader=PromptReader(["sts"], history, input=pipe, output=DummyOutput()))

    return run


PASTED = ("A company wants a record of every API call made in its AWS account. Which service provides this?\n"
          "A. AWS Config\nB. AWS CloudTrail\nC. Amazon Inspector\nD. AWS Trusted Advisor")


def test_a_pasted_question_with_its_options_is_one_message(run_editor):
    out = run_editor(f"\x1b[200~{PASTED}\x1b[201~\r")
    assert "Answer: B" in out
    assert "I don't know that one" not in out  # no line was answered on its own


def test_several_lines_typed_by_hand_are_one_message(run_editor):
    lines = PASTED.split("\n")
    by_escape = "\x1b\r".join(lines) + "\r"  # Esc then Enter between lines
    by_backslash = "\\\r".join(lines) + "\r"  # a trailing backslash continues the message
    out = run_editor(by_escape + by_backslash)
    assert out.count("Answer: B") == 2 and "I don't know that one" not in out


def test_piped_lines_ending_in_a_backslash_are_joined(run_chat):
    out = run_chat("\\\n".join(PASTED.split("\n")) + "\n")
    assert out.count("Answer: B") == 1


def test_control_characters_never_reach_the_reply_or_the_screen(run_editor):
    out = run_editor("\x1b[200~what is zz\x07\x1b[2J\x1b]0;pwned\x07qq\x1b[201~\r")
    assert "I don't know that one" in out
    assert "\x07" not in out and "\x1b" not in out and "pwned" not in out
    assert "zzqq" in out
    from adapters.terminal import render
    from bot.model import Reply

    assert render(Reply(title="t\x07", text="a\x1b[2Jb", footer="\x1b]0;x\x07f"), color=False) == "t\nab\nf"


def test_history_keeps_no_huge_entries_and_no_control_characters(run_editor, tmp_path):
    from adapters.lineinput import KEEP, MAX_ENTRY, CappedHistory

    history = tmp_path / "history"
    huge = "x" * 50_000
    run_editor(f"sts\r\x1b[200~{huge}\x1b[201~\rwhat is\x1b[200~\x07\x1b[201~ s3\r", history=history)
    saved = history.read_text()
    assert "+sts\n" in saved and "+what is s3\n" in saved
    assert huge[:MAX_ENTRY + 1] not in saved and "\x07" not in saved
    # A file grown elsewhere (or by readline, one entry a line) is cut back to the newest entries.
    history.write_text("\n".join(f"old {n}" for n in range(KEEP + 50)) + "\n" + huge + "\n")
    kept = list(CappedHistory(str(history)).load_history_strings())
    assert len(kept) == KEEP and kept[0] == f"old {KEEP + 49}" and huge not in kept
    assert len(history.read_text()) < 20 * KEEP


def test_tab_completes_service_names():
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from adapters.lineinput import PromptReader
    from adapters.terminal import completion_words
    from bot.tutor import Tutor

    words = completion_words(Tutor.load(KNOWLEDGE).notes.entries.values())
    completer = PromptReader(words, None).session.completer
    assert completer is not None
    found = {c.text for c in completer.get_completions(Document("compare sts cogn"), CompleteEvent())}
    assert "cognito" in found and "leaderboard" in words
