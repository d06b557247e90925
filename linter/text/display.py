"""How text reads in every report, so that all of them agree, and stay safe.

The text and HTML renderers of every command (check, validate, drift, coverage,
plan diff) take their counts and rates from here: one plural rule ("1 event",
"2 events") and one rounding of rates; and text from payloads or source code
goes through one escaping function (:func:`printable`) before it reaches a
terminal or a report.
"""

from __future__ import annotations

import re


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 event``, ``2 events``, ``1,234 events``; ``many`` for ``fix`` -> ``fixes``."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def percent(rate: float) -> str:
    """A share (0.0 to 1.0) as every report shows it: ``100%``, ``0%`` or one decimal.

    Rounded to the nearest tenth (2 of 3 is ``66.7%``, as the JSON's 0.6667 reads),
    except that only all is ``100%`` and only none is ``0%``: 9,999 of 10,000 shows
    as ``99.9%``, so a report never rounds a failure into a pass.
    """
    if rate >= 1.0:
        return "100%"
    if rate <= 0.0:
        return "0%"
    tenths = min(max(round(rate * 1000), 1), 999)
    return f"{tenths / 10:.1f}%"


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[:max(width - 1, 0)] + "\u2026"


# -- text from payloads and source literals, on its way to a terminal or a report -----------

#: Characters that must never reach a terminal or an XML report raw: C0 and C1 controls
#: (escape sequences, carriage returns, bells...), DEL, line and paragraph separators,
#: bidirectional overrides (which can reorder what a reader sees) and lone surrogates.
_UNPRINTABLE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[{_UNPRINTABLE}]")
#: The same, except the colour sequences (SGR) tracklint's own styling writes.
_CONTROL_KEEPING_COLOUR = re.compile(f"(\x1b\\[[0-9;]*m)|[{_UNPRINTABLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    if match.lastindex:  # a colour sequence that is kept
        return match.group(1)
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, *, keep_colour: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\n``).

    Event names, property keys and values come from payloads and source literals
    that anyone can write; printed raw, one could clear the screen, set the window
    title, or print a fake "All payloads conform" line.  Every text renderer
    writes through this function.  ``keep_colour`` keeps the SGR colour sequences
    (``ESC [ ... m``) the text reporter adds itself; every other escape goes.
    """
    pattern = _CONTROL_KEEPING_COLOUR if keep_colour else _CONTROL
    return pattern.sub(_escaped, text)
