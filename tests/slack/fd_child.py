"""Child process for test_connections: serve the real endpoint, print its port, then open files
until the process has no file descriptor left, so that accepting a connection fails with EMFILE.
Logs go to stderr; closing stdin frees the descriptors and ends the process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from datetime import date

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import Admins
from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.endpoint import start_http
from adapters.slack.poster import SlackApi
from bot.core import Core
from bot.model import Reply
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter


class Tutor:
    def reply(self, text: str) -> Reply:
        return Reply(text=text)

    def card(self, entry_id: str, as_of: date | None = None) -> Reply:
        return Reply(text=entry_id)


def use_up_descriptors() -> list[int]:
    taken: list[int] = []
    with contextlib.suppress(OSError):
        while True:
            taken.append(os.open(os.devnull, os.O_RDONLY))
    return taken


async def main() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    api = SlackApi(AsyncWebClient(token="xoxb-unused", base_url="http://127.0.0.1:9/api/"))
    listeners = Listeners(Pipeline(Core(Tutor()), RateLimiter(1, 1), admins=Admins(api).is_admin), api)
    serving = await start_http(build_bolt_app(listeners), "secret", "127.0.0.1", 0)
    stdin_closed = asyncio.ensure_future(asyncio.to_thread(sys.stdin.buffer.read))
    await asyncio.sleep(0)  # let the reader thread start before the descriptors are gone
    taken = use_up_descriptors()
    print(serving.port, flush=True)
    await stdin_closed
    for fd in taken:
        os.close(fd)
    await serving.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
