"""A minimal real server for the graceful-shutdown test, built on adapters/lifecycle.py.

It behaves like the Slack HTTP endpoint: `POST /event` with {"id": n} is acknowledged at once
(200) and answered afterwards (a slow answer: WORK seconds), the answer recorded in SQLite.
Run: python shutdown_server.py DB WORK_SECONDS SHUTDOWN_TIMEOUT; prints "READY <port>".
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

from aiohttp import web

from adapters.lifecycle import InFlight, ShuttingDown, run_until_stopped
from bot.config import Settings
from bot.logs import setup_logging


async def main(db_path: Path, work: float, timeout: float) -> int:
    setup_logging(Settings(log_format="json"))
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS answered (id INTEGER PRIMARY KEY)")
    inflight = InFlight()

    async def answer(n: int) -> None:
        await asyncio.sleep(work)  # the slow part: matching, storage, the platform's API
        db.execute("INSERT INTO answered (id) VALUES (?)", (n,))
        db.commit()

    async def event(request: web.Request) -> web.Response:
        n = int((await request.json())["id"])
        try:
            inflight.start_soon(answer(n), name=f"event {n}")
        except ShuttingDown:
            return web.Response(status=503, text="shutting down")
        return web.Response(text="ok")  # the ack

    app = web.Application()
    app.router.add_post("/event", event)
    runner = web.AppRunner(app, handle_signals=False)

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print("READY", site._server.sockets[0].getsockname()[1], flush=True)  # type: ignore[union-attr]

    async def close() -> None:
        db.close()

    stopped = await run_until_stopped(start, runner.cleanup, inflight=inflight, close=close, timeout=timeout)
    return stopped.exit_code


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]))))
