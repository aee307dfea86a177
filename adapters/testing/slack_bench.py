"""`awstutor bench slack` (or `python -m adapters.testing.slack_bench`): the Slack adapter under load.

1. The HTTP endpoint on 127.0.0.1 with the real tutor: N signed `/aws` commands from C
   concurrent clients; requests/s, ack latency p50/p99/max, and that every command's reply
   reached the fake's response_url.
2. A day's quiz fan-out to M channels through the Poster against the fake Web API with a
   rate limit enforced (429 + Retry-After): time taken and 429s absorbed, paced and unpaced.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import Admins
from adapters.slack.app import Listeners, build_bolt_app
from adapters.slack.endpoint import start_http
from adapters.slack.poster import SlackApi, SlackPoster
from adapters.slack.run import POST_BURST, POSTS_PER_MINUTE
from adapters.testing.slack_fake import BOT_TOKEN, FakeSlack
from adapters.testing.slack_sender import SlackSender
from bot.actions import Answer, DailyPost, encode
from bot.config import Settings
from bot.core import Core
from bot.model import Button, Place, Reply
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter

SECRET = "bench-signing-secret"
QUERIES = ["sts", "compare sts cognito", "which service for single sign-on", "help",
           "s3 glacier", "which service gives temporary credentials?", "cloudtrail vs config"]


async def commands(core: Core, total: int, clients: int, users: int = 200) -> dict[str, Any]:
    """Fire `total` signed slash commands from `clients` concurrent clients; measure acks."""
    fake = FakeSlack()
    await fake.start()
    api = SlackApi(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url))
    listeners = Listeners(Pipeline(core, RateLimiter(burst=total, per_minute=60), admins=Admins(api).is_admin), api)
    serving = await start_http(build_bolt_app(listeners), SECRET, "127.0.0.1", 0)
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        sender = SlackSender(f"http://127.0.0.1:{serving.port}/slack/events", SECRET, session)
        started = time.perf_counter()
        latencies, statuses = await _fire(sender, fake, total, clients, users)
        acked = time.perf_counter() - started
        await fake.wait_until(lambda: len(fake.of("response_url")) >= total, timeout=300)
        replied = time.perf_counter() - started
    await serving.cleanup()
    await fake.close()
    got = {c.data["_n"] for c in fake.of("response_url")}
    return {
        "commands": total, "clients": clients,
        "acked_per_s": round(total / acked, 1), "replied_per_s": round(total / replied, 1),
        "ack_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "ack_p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "ack_max_ms": round(max(latencies) * 1000, 1),
        "non_200": sum(s != 200 for s in statuses),
        "every_command_replied": got == {str(n) for n in range(total)},
        "users_info_calls": len(fake.of("users.info")),
    }


async def fanout(channels: int, fake_per_minute: int, fake_burst: int, pace: int, concurrency: int = 20) -> dict[str, Any]:
    """Post a quiz question to `channels` channels against a rate-limited fake."""
    fake = FakeSlack()
    await fake.start()
    fake.rate_limit("chat.postMessage", per_minute=fake_per_minute, burst=fake_burst)
    pacer = RateLimiter(POST_BURST, pace) if pace else None
    api = SlackApi(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url), max_retries=20)
    poster = SlackPoster(api, pace=pacer)
    question = Reply(title="Daily question", text="Which service issues temporary credentials?",
                     buttons=tuple(Button(f"{o})", encode(Answer(DailyPost(1), o))) for o in "ABCD"), private=False)
    gate = asyncio.Semaphore(concurrency)

    async def post(n: int) -> str:
        async with gate:
            return await poster.post(Place("slack", f"C{n:04d}"), question)

    started = time.perf_counter()
    stamps = await asyncio.gather(*(post(n) for n in range(channels)))
    took = time.perf_counter() - started
    await fake.close()
    return {
        "channels": channels, "fake_limit_per_min": fake_per_minute, "fake_burst": fake_burst,
        "pace_per_min": pace or "off", "seconds": round(took, 1),
        "posted": sum(1 for s in stamps if s), "429s_absorbed": api.rate_limited,
    }


async def _fire(
    sender: SlackSender, fake: FakeSlack, total: int, clients: int, users: int
) -> tuple[list[float], list[int]]:
    """`clients` workers sharing one queue of `total` commands; each ack's latency and status."""
    latencies: list[float] = []
    statuses: list[int] = []
    numbers = iter(range(total))

    async def client() -> None:
        for n in numbers:
            started = time.perf_counter()
            status, _ = await sender.command(
                QUERIES[n % len(QUERIES)], f"U{n % users:04d}", "C1", fake.response_url(n)
            )
            latencies.append(time.perf_counter() - started)
            statuses.append(status)

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, statuses


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _core(knowledge: Path | tuple[Path, ...] | None) -> Core:
    from bot.tutor import Tutor

    return Core(Tutor.load(knowledge or Settings.from_env().knowledge))


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every measurement, in order."""
    results = [await commands(_core(getattr(args, "knowledge", None)), args.commands, args.clients)]
    for pace in (args.pace, 0):
        results.append(await fanout(args.channels, args.fake_per_minute, args.fake_burst, pace))
    return results


def add_args(p: argparse.ArgumentParser) -> None:
    """Options of `awstutor bench slack` (`--json` and `--knowledge` come from the caller)."""
    p.add_argument("--commands", type=int, default=2000)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--channels", type=int, default=500)
    p.add_argument("--fake-per-minute", type=int, default=1200, help="the fake's chat.postMessage limit")
    p.add_argument("--fake-burst", type=int, default=50)
    p.add_argument("--pace", type=int, default=POSTS_PER_MINUTE, help="our posts per minute (0: unpaced)")


def main(args: argparse.Namespace) -> int:
    """Run the bench and print one line per measurement."""
    # 429s are the point of the fan-out measurement; their per-call warnings are noise here.
    logging.getLogger("adapters.slack.poster").setLevel(logging.ERROR)
    for result in asyncio.run(run(args)):
        print(json.dumps(result) if getattr(args, "json", False) else "  ".join(f"{k}={v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m adapters.testing.slack_bench")
    parser.add_argument("--knowledge", type=Path)
    parser.add_argument("--json", action="store_true")
    add_args(parser)
    raise SystemExit(main(parser.parse_args()))
