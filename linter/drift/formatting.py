"""Number and text formatting shared by the text and HTML renderers, so they agree."""

from __future__ import annotations

import math

from linter.drift.model import Scalar


def percent(rate: float) -> str:
    """``100%``, ``0%`` or one decimal, rounded down so 99.96% never shows as 100%."""
    if rate >= 1.0:
        return "100%"
    if rate <= 0.0:
        return "0%"
    return f"{math.floor(rate * 1000) / 10:.1f}%"


def number(value: float) -> str:
    """A number as short as it reads: ``130`` for 130.0, ``7.25``, ``1.5e+09``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def scalar(value: Scalar) -> str:
    """A JSON scalar as JSON writes it: strings quoted, ``true``, ``null``, numbers."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[:max(width - 1, 0)] + "\u2026"
