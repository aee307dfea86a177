"""The digest's chart: a channel's accuracy per exam domain as a small PNG of horizontal bars.

matplotlib is an optional extra (`pip install 'awstutor[charts]'`); without it the digest goes
out with the same figures as text and no image.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping

log = logging.getLogger(__name__)

BAR = "#ff9900"
PASS_LINE = 0.7


def domain_chart(shares: Mapping[str, tuple[float, int]], title: str) -> bytes | None:
    """PNG bytes of one bar per domain (label -> (share right, answers)), or None without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display; Figure below never touches pyplot's global state
        from matplotlib.figure import Figure
    except ImportError:
        log.info("matplotlib is not installed: the digest goes without its chart")
        return None
    labels = list(shares)[::-1]  # first domain on top
    values = [shares[label][0] * 100 for label in labels]
    figure = Figure(figsize=(6.4, 2.6), dpi=100)
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color=BAR)
    for bar, label in zip(bars, labels):
        share, answers = shares[label]
        axes.text(min(bar.get_width() + 1, 88), bar.get_y() + bar.get_height() / 2,
                  f"{share:.0%} of {answers}", va="center", fontsize=9)
    axes.axvline(PASS_LINE * 100, color="#555555", linestyle="--", linewidth=1)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% right")
    axes.set_title(title, fontsize=10)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
