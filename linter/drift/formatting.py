"""Number and text formatting shared by the text and HTML renderers, so they agree."""

from __future__ import annotations

from linter.drift.model import Scalar
from linter.text.display import percent, plural, shorten

__all__ = ["number", "percent", "plural", "scalar", "shorten"]


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

