"""The request pipeline (bot/pipeline.py): rate limit, admin check and visibility, each decided
once for every platform. The adapters' own tests (tests/slack, tests/discord) show each applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.core import Core
from bot.model import Click, Place, Reply, Request, User
from bot.pipeline import Pipeline, planned
from bot.ratelimit import RateLimiter

CHANNEL = Place("slack", "C1", "T1")
DM = Place("slack", "D1", "T1", is_dm=True)
ANN = User("U1", "Ann")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class EchoTutor:
    def reply(self, text: str) -> Reply:
        return Reply(text=f"You asked: {text}")

    def card(self, entry_id: str, as_of: object = None) -> Reply:
        return Reply(text=f"card {entry_id}")


class AdminQuiz:
    """Answers `schedule` with whether the core saw an admin, anything else plainly."""

    async def command(self, request: Request, name: str, args: str) -> Reply:
        return Reply(text=f"{name}: admin={request.user.is_admin}", private=name != "leaderboard")

    async def click(self, click: Click) -> Reply:
        return Reply(text="answer recorded")


def pipeline(burst: int = 50, clock: Clock | None = None, admins: object = None) -> Pipeline:
    return Pipeline(Core(EchoTutor(), AdminQuiz()), RateLimiter(burst, 6), clock=clock or Clock(),
                    admins=admins)  # type: ignore[arg-type]


def said(text: str, place: Place = CHANNEL, via: str = "command", user: User = ANN) -> Request:
    return Request(user, place, text, via=via)  # type: ignore[arg-type]


# -- rate limit ------------------------------------------------------------------------------
async def test_questions_beyond_the_burst_get_the_notice_until_a_token_comes_back():
    clock = Clock()
    pipe = pipeline(burst=2, clock=clock)
    replies = [await pipe.handle(said(f"q{n}")) for n in range(3)]
    assert [r.outcome for r in replies] == ["ok", "ok", "rate_limited"]
    assert "faster than I can keep up" in replies[2].text and replies[2].visibility == "private"
    clock.now += 10  # one token every 10 s at 6 a minute
    assert (await pipe.handle(said("again"))).text == "You asked: again"


async def test_note_buttons_count_as_questions_quiz_answers_do_not():
    pipe = pipeline(burst=1)
    assert (await pipe.click(Click(ANN, CHANNEL, "ask:sts"))).text == "card sts"
    assert (await pipe.click(Click(ANN, CHANNEL, "ask:iam"))).outcome == "rate_limited"
    assert (await pipe.click(Click(ANN, CHANNEL, "quiz:7:B"))).text == "answer recorded"


async def test_a_flood_of_mentions_hears_the_notice_once_a_window_interactions_every_time():
    clock = Clock()
    pipe = pipeline(burst=1, clock=clock)
    await pipe.handle(said("first", via="mention"))
    seen = [(await pipe.handle(said("more", via="mention"))).visibility for _ in range(3)]
    assert seen == ["private", "nobody", "nobody"]
    slash = [(await pipe.handle(said("more"))).visibility for _ in range(2)]
    assert slash == ["private", "private"]  # a slash command must be answered
    clock.now += 61
    assert (await pipe.handle(said("more", via="mention"))).visibility == "thread"  # a token is back
    assert (await pipe.handle(said("more", via="mention"))).visibility == "private"  # a new window


async def test_one_person_is_one_bucket_others_are_still_answered():
    pipe = pipeline(burst=1)
    await pipe.handle(said("q", place=CHANNEL))
    assert (await pipe.handle(said("q", place=DM))).outcome == "rate_limited"
    assert (await pipe.handle(said("q", user=User("U2")))).outcome == "ok"


async def test_app_home_is_not_a_question():
    pipe = pipeline(burst=1)
    await pipe.handle(said("q"))
    assert (await pipe.handle(said("stats", via="home"))).outcome == "ok"


# -- admin -----------------------------------------------------------------------------------
async def test_the_admin_lookup_is_asked_only_for_commands_that_depend_on_it():
    asked: list[str] = []

    async def lookup(user_id: str) -> bool:
        asked.append(user_id)
        return True

    pipe = pipeline(admins=lookup)
    assert (await pipe.handle(said("schedule 09:00"))).text == "schedule: admin=True"
    assert (await pipe.handle(said("stats"))).text == "stats: admin=False"
    await pipe.handle(said("what is sts?"))
    await pipe.click(Click(ANN, CHANNEL, "quiz:7:B"))
    assert asked == ["U1"]


async def test_without_a_lookup_the_platforms_own_flag_stands():
    pipe = pipeline()
    boss = User("U9", is_admin=True)
    assert (await pipe.handle(said("schedule 09:00", user=boss))).text == "schedule: admin=True"
    assert (await pipe.handle(said("schedule 09:00"))).text == "schedule: admin=False"


# -- visibility ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "via", "place", "seen"), [
    ("what is sts?", "command", CHANNEL, "private"),  # a slash command's answer is the asker's
    ("leaderboard", "command", CHANNEL, "channel"),  # unless the core made it public
    ("share sts", "command", CHANNEL, "channel"),
    ("what is sts?", "mention", CHANNEL, "thread"),  # asked in public, answered in its thread
    ("share sts", "mention", CHANNEL, "thread"),
    ("stats", "mention", CHANNEL, "private"),  # about the asker alone
    ("schedule 09:00", "mention", CHANNEL, "private"),  # a personal command, even refused
    ("stats", "mention", DM, "thread"),  # a DM is answered in the DM
])
async def test_who_sees_the_reply(text, via, place, seen):
    assert (await pipeline().handle(said(text, place=place, via=via))).visibility == seen


async def test_a_click_is_answered_to_the_clicker_alone():
    assert (await pipeline().click(Click(ANN, CHANNEL, "quiz:7:B"))).visibility == "private"


def test_a_deferral_promises_the_channel_only_for_channel_commands():
    assert [planned(said(t)) for t in ("share sts", "leaderboard", "stats", "what is sts?")] == \
        ["channel", "channel", "private", "private"]


async def test_yes_to_forget_me_in_a_channel_stays_private(tmp_path: Path):
    """The word "yes" is no command: what the core did with it (pressed the confirm button)
    decides, so the confirmation is not answered in the public thread."""
    app = await build_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"))
    try:
        pipe = Pipeline(app.core)
        prompt = await pipe.handle(said("forget me", via="mention"))
        assert prompt.buttons and prompt.visibility == "private"
        done = await pipe.handle(said("yes", via="mention"))
        assert "forgotten you" in done.title and done.visibility == "private"
        answer = await pipe.handle(said("which service gives temporary credentials?", via="mention"))
        assert answer.visibility == "thread"
    finally:
        await app.aclose()
