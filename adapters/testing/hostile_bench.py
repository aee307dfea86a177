"""`awstutor bench hostile`: the worst answer time over the fixed hostile inputs (`adapters.testing.hostile`).

Each input goes the whole way a platform message goes: the core (`Core.handle`, the real tutor)
and then the Slack and Discord renderers (Discord only when discord.py is installed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from typing import Any

from adapters.testing.hostile import SIZE, TARGET_MS, inputs, measure
from bot.config import Settings
from bot.core import Core
from bot.model import Place, Reply, Request, User

ASKER = User("U-bench", "bench")
PLACE = Place(platform="slack", channel="C-bench", workspace="T-bench")


def renderers() -> list[Callable[[Reply], Any]]:
    """The reply renderers to include: Slack always (pure Python), Discord when installed."""
    from adapters.slack import render as slack

    found: list[Callable[[Reply], Any]] = [slack.message]
    try:
        from adapters.discord import render as discord
    except ModuleNotFoundError:
        return found
    found.append(discord.message)
    return found


async def run(settings: Settings, size: int = SIZE) -> dict[str, Any]:
    """Answer and render every hostile input; the timings, slowest first."""
    from bot.tutor import Tutor

    core = Core(Tutor.load(settings.knowledge_dir))
    render = renderers()

    async def answer(text: str) -> None:
        reply = await core.handle(Request(ASKER, PLACE, text))
        for message in render:
            message(reply)

    timings = await measure(answer, inputs(size))
    return {
        "size_chars": size, "target_ms": TARGET_MS, "renderers": len(render),
        "worst_ms": timings[0].ms, "worst_input": timings[0].name,
        "within_target": timings[0].ms < TARGET_MS,
        "inputs": {t.name: t.ms for t in timings},
    }


def main(args: argparse.Namespace) -> int:
    """Print the worst case and every input's time (`--json` for one object)."""
    result = asyncio.run(run(Settings.from_env(), args.size))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    verdict = "within" if result["within_target"] else "OVER"
    print(f"worst: {result['worst_ms']} ms ({result['worst_input']}), {verdict} the {TARGET_MS:.0f} ms target "
          f"at {result['size_chars']:,} characters, core + {result['renderers']} renderer(s)")
    for name, ms in result["inputs"].items():
        print(f"{ms:>10.2f} ms  {name}")
    return 0
