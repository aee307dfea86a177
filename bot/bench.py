"""`awstutor bench`: answering latency over a fixed query mix, start-up time and peak memory."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.layers import load_layers
from bot.notes import Entry, Notes

QUERIES = [
    "sts", "cognitio", "simple ad", "security token service", "ad connector", "s3", "ec2", "lamda",
    "which service gives temporary limited-privilege credentials?",
    "what do I use for single sign-on across accounts?",
    "sts vs cognito", "compare guardduty inspector", "difference between AD Connector and Simple AD",
    "which service protects against DDoS attacks?",
    "cheapest storage for archives I rarely read",
    "Which AWS service records API calls made in my account for auditing?",
    "How can a company run containers without managing servers?",
    "A company wants to migrate an on-premises Oracle database to Amazon Aurora. Which services help? (Choose TWO.)\n"
    "A. AWS Database Migration Service\nB. AWS Schema Conversion Tool\nC. AWS Snowmobile\nD. AWS DataSync\nE. Amazon Athena",
    "Which pillar of the Well-Architected Framework covers recovering from failures?\n"
    "A. Reliability\nB. Security\nC. Cost optimization\nD. Operational excellence",
    "what is the meaning of life",
]


def scaled(notes: Notes, k: int) -> Notes:
    """The notes replicated `k` times under new ids (aliases made unique), to show growth."""
    if k <= 1:
        return notes
    entries: dict[str, Entry] = dict(notes.entries)
    for n in range(1, k):
        for e in notes.entries.values():
            new_id = f"{e.id}-x{n}"
            entries[new_id] = replace(
                e, id=new_id, aliases=tuple(f"{a} x{n}" for a in e.aliases), formerly=(), short=f"{e.label} x{n}",
                name=f"{e.name} x{n}",
            )
    return Notes(entries)


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run_bench(knowledge: Path | Sequence[Path], scale: int = 1, rounds: int = 50) -> dict[str, Any]:
    """Time start-up (load + index) and `rounds` passes over the query mix."""
    started = time.perf_counter()
    from bot.tutor import Tutor  # counted in start-up: importing the matcher is part of it

    notes = scaled(load_layers(knowledge), scale)
    tutor = Tutor(notes)
    startup = time.perf_counter() - started
    timings = []
    for _ in range(rounds):
        for q in QUERIES:
            t0 = time.perf_counter()
            tutor.answer(q)
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {
        "entries": len(notes),
        "scale": scale,
        "queries": len(timings),
        "startup_s": round(startup, 3),
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
        "max_ms": round(timings[-1], 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
