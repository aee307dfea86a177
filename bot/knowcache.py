"""Reuse knowledge already read when no file in its layers has changed.

A process that builds the bot more than once (a `reload` with nothing changed, a test suite
that starts many bots) reads and validates the same YAML and builds the same index again each
time; the results do not change once built (frozen notes and questions, a read-only index), so
they can be shared. The key is every YAML file's path, size and modification time, so any edit
is read again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
KEEP = 4  # results of each kind remembered at once (layer sets, days' views), oldest dropped first

_caches: dict[str, OrderedDict[tuple[Any, ...], Any]] = {}


def signature(layers: Sequence[Path]) -> tuple[Any, ...]:
    """What the knowledge in `layers` is: each YAML file with its size and modification time."""
    files = []
    for layer in layers:
        for path in sorted(layer.rglob("*.yaml")) if layer.is_dir() else []:
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(str(layer) for layer in layers), tuple(files)


def cached(kind: str, layers: Sequence[Path], build: Callable[[], T], *extra: Any) -> T:
    """`build()`'s result for these layers, reused while none of their files changed."""
    cache = _caches.setdefault(kind, OrderedDict())
    key = (signature(layers), extra)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = build()
    cache[key] = value
    while len(cache) > KEEP:
        cache.popitem(last=False)
    return value
