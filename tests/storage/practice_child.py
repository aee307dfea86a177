"""Run by test_kill.py in a subprocess: practice-quiz clicks through the real QuizService as fast
as possible, printing each clicker's user id once the click was answered, until killed."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.model import Click, Place, User
from bot.quiz.bank import load_bank
from bot.quiz.service import QuizService
from bot.storage import open_storage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "quiz" / "good"
NOTES = {"sts", "mfa", "iam-users", "budgets", "ec2", "cloud-advantages"}
PLACE = Place(platform="slack", channel="D1", workspace="T1", is_dm=True)


async def main(url: str, schema: str) -> None:
    store = await open_storage(url, schema=schema or None)
    questions, _errors = load_bank(FIXTURES, NOTES)
    service = QuizService(store, questions)
    single = [q for q in questions if len(q.answer) == 1]
    counter = iter(range(10**9))

    async def clicker() -> None:
        while True:
            n = next(counter)
            question = single[n % len(single)]
            user = User(f"U{n}")
            await service.click(Click(user, PLACE, f"quiz:p:{question.id}:{question.answer[0]}"))
            sys.stdout.write(f"{user.id}\n")
            sys.stdout.flush()

    await asyncio.gather(*(clicker() for _ in range(20)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
