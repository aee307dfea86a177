"""The shipped knowledge: notes, quiz bank and syllabus as YAML, installed with the package.

Only data lives here; the code that reads it is in `bot`. Installed wheels carry the YAML as
package data, so the bot finds it through importlib.resources wherever it was installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_dir() -> Path:
    """The folder of the knowledge that came with this installation."""
    return Path(str(files(__name__)))
