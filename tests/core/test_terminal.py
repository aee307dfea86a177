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


@pytest.fixture
def run_chat(tmp_path):
    def run(lines: str) -> str:
        settings = replace(Settings.from_env({}, secrets_dir=None), knowledge=(KNOWLEDGE,),
                           database_url=f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}")
        loop = asyncio.new_event_loop()
        out = io.StringIO()
        try:
            app = loop.run_until_complete(build_app(settings))
            poster = TerminalPoster(out)
            chat(Session(app.core, app.scheduler(poster), poster), loop, io.StringIO(lines), out)
            loop.run_until_complete(app.aclose())
        finally:
            loop.close()
        return out.getvalue()

    return run


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
    out = run_chat("post\n1\n1\nreveal\nleaderboard\n")  # button 1 exists for single and pair answers
    assert "[#terminal]\nQuestion of the day" in out
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
