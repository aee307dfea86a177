"""A person with an exam date gets the facts of their exam day in chat, as in practice and review,
when a dated fact changes before it (the support plans on 2027-01-01); others get today's."""

from datetime import UTC, date, datetime
from pathlib import Path

from bot.app import build_app
from bot.config import Settings
from bot.model import Place, Request, User

PLACE = Place(platform="terminal", channel="c1")
TODAY_WORDING = "CLF-C02 tests Basic, Developer"
EXAM_DAY_WORDING = "since January 1, 2027"


async def test_chat_follows_the_exam_day_only_when_facts_change_before_it(tmp_path: Path):
    app = await build_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"))
    # The day this was written, so the dates below stay ahead of it whenever the test runs.
    app.quiz.clock = app.quiz.study.clock = lambda: datetime(2026, 12, 5, 12, tzinfo=UTC)
    app.core.tutor.today = lambda: date(2026, 12, 5)

    async def say(user: User, text: str) -> str:
        reply = await app.core.handle(Request(user=user, place=PLACE, text=text))
        return reply.plain() + "\n" + (reply.footer or "")

    try:
        later, sooner, none = User("u-later"), User("u-sooner"), User("u-none")
        assert "2027-01-15" in await say(later, "exam date 2027-01-15")
        assert "2026-12-20" in await say(sooner, "exam date 2026-12-20")

        after = await say(later, "aws support plans")
        assert EXAM_DAY_WORDING in after and "Facts as of 2027-01-15 (your exam day)" in after
        follow = await say(later, "what about business support?")  # a follow-up stays on the exam day
        assert "discontinued it on January 1, 2027" in follow and "your exam day" in follow
        for user in (sooner, none):  # nothing changes before their day: today's facts, no footer
            reply = await say(user, "aws support plans")
            assert TODAY_WORDING in reply and "Facts as of" not in reply
    finally:
        await app.aclose()
