"""How numbers and counts read in every report, so that all of them agree.

The text, JSON-adjacent and HTML renderers of every command (check, validate,
drift, coverage, plan diff) take their counts and rates from here: one plural
rule ("1 event", "2 events") and one rounding of rates.
"""

from __future__ import annotations

import math


def plural(count: int, word: str) -> str:
    """``1 event``, ``2 events``, ``1,234 events``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def percent(rate: float) -> str:
    """``100%``, ``0%`` or one decimal, rounded down so 99.96% never shows as 100%."""
    if rate >= 1.0:
        return "100%"
    if rate <= 0.0:
        return "0%"
    return f"{math.floor(rate * 1000) / 10:.1f}%"


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[:max(width - 1, 0)] + "\u2026"
