"""The reporter base class: render diagnostics, never produce or filter them.

Reporters receive plain :class:`Diagnostic` values and a :class:`RunSummary`; they
do not know whether the diagnostics came from plan lint, code or payloads.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO

from linter.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run looked at, for the closing lines of a report.

    ``checked`` counts the inputs (files, records...) named by ``unit``;
    ``details`` holds command-specific counters (records read, unreadable...).
    """

    checked: int = 0
    unit: str = "file"
    details: dict[str, Any] = field(default_factory=dict)
    fixed: int = 0
    # Replaces the closing "Found N errors" line, e.g. when nothing could be checked.
    headline: str | None = None


class Reporter(abc.ABC):
    name: ClassVar[str]

    def __init__(self, stream: TextIO, *, color: bool | None = None, statistics: bool = False,
                 show_source: bool = True) -> None:
        self.stream = stream
        self.color = use_color(stream) if color is None else color
        self.statistics = statistics
        self.show_source = show_source

    @abc.abstractmethod
    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        """Render the diagnostics and the closing summary to the stream."""

    def write(self, text: str = "") -> None:
        self.stream.write(text + "\n")


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class CodeCounter:
    """Counts diagnostics by code as they pass, so a streamed run can print statistics."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def add(self, diagnostic: Diagnostic) -> None:
        row = self._counts.setdefault(diagnostic.code, [0, 0])
        row[0] += 1
        row[1] += diagnostic.fixable

    def rows(self) -> list[tuple[str, int, int]]:
        """(code, count, fixable) rows, most frequent first: the ``--statistics`` table."""
        return sorted(((code, n, f) for code, (n, f) in self._counts.items()),
                      key=lambda row: (-row[1], row[0]))


def count_by_code(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int, int]]:
    counter = CodeCounter()
    for diagnostic in diagnostics:
        counter.add(diagnostic)
    return counter.rows()
