"""Run by test_kill.py in a subprocess: answer as fast as possible, printing each acknowledged
answer's user id after `record_answer` returned (i.e. after commit), until killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from bot.storage import open_storage


async def main(url: str, schema: str, post_id: int) -> None:
    store = await open_storage(url, schema=schema or None)
    counter = iter(range(10**9))

    async def writer() -> None:
        while True:
            user = f"U{next(counter)}"
            result = await store.record_answer(post_id, "slack", user, user, "A", True, 1,
                                               datetime.now(UTC))
            if result is not None and result.recorded:
                sys.stdout.write(f"{user}\n")
                sys.stdout.flush()

    await asyncio.gather(*(writer() for _ in range(20)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
