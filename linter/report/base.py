"""The reporter base class: render diagnostics, never produce or filter them.

Reporters receive plain :class:`Diagnostic` values and a :class:`RunSummary`; they
do not know whether the diagnostics came from plan lint, code, payloads, a drift
or coverage report or a plan diff.  A command's own tables (the drift matrix, the
coverage table, the diff verdict) travel in the summary as :class:`ReportSection`
values: text between or after the diagnostics, data in the JSON and SARIF output.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO

from linter.diagnostics import Diagnostic, Severity

#: Applies terminal styles (click's keywords: ``fg``, ``bold``, ``dim``...) when colour is on.
Style = Callable[..., str]


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A command's own tables or verdict, shown beside the diagnostics.

    ``key`` names it in the JSON document (and the SARIF run's properties);
    ``data`` is its JSON value (``None``: text only).  ``before`` and ``after``
    give its text lines, styled with the reporter's style function, printed
    before the diagnostics (a table they refer to) and after them.
    """

    key: str
    data: Any = None
    before: Callable[[Style], Iterable[str]] | None = None
    after: Callable[[Style], Iterable[str]] | None = None


class CodeCounter:
    """Counts diagnostics by code and severity as they pass.

    A run that does not keep every diagnostic (streamed, or capped by
    ``--max-diagnostics``) hands its counter to :class:`RunSummary`, so the
    summary and the ``--statistics`` table count everything found.
    """

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}
        self.errors = 0
        self.warnings = 0
        self.fixable = 0
        self.unsafe = 0
        self.total = 0

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> CodeCounter:
        counter = cls()
        for diagnostic in diagnostics:
            counter.add(diagnostic)
        return counter

    def add(self, diagnostic: Diagnostic) -> None:
        row = self._counts.setdefault(diagnostic.code, [0, 0])
        row[0] += 1
        row[1] += diagnostic.fixable
        self.fixable += diagnostic.fixable
        self.unsafe += diagnostic.fix is not None and not diagnostic.fix.safe
        self.total += 1
        self.errors += diagnostic.severity is Severity.ERROR
        self.warnings += diagnostic.severity is Severity.WARNING

    def rows(self) -> list[tuple[str, int, int]]:
        """(code, count, fixable) rows, most frequent first: the ``--statistics`` table."""
        return sorted(((code, n, f) for code, (n, f) in self._counts.items()),
                      key=lambda row: (-row[1], row[0]))


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run looked at, for the closing lines of a report.

    ``checked`` counts the inputs (files, records...) named by ``unit``;
    ``details`` holds command-specific counters (records read, unreadable...).
    ``counts`` are the totals when the reporter is not given every diagnostic
    found (``None``: count the ones given); ``sections`` are the command's own
    tables.
    """

    checked: int = 0
    unit: str = "file"
    details: dict[str, Any] = field(default_factory=dict)
    fixed: int = 0
    # Inputs counted in ``checked`` that could not be checked, by reason (too large...).
    not_checked: Mapping[str, int] = field(default_factory=dict)
    # Other inputs the run needed but could not read (a module names are imported from).
    unread: Mapping[str, int] = field(default_factory=dict)
    # Calls that look like tracking but could not be resolved (None: not a code check).
    unresolved: int | None = None
    # Replaces the closing "Found N errors" line, e.g. when nothing could be checked.
    headline: str | None = None
    counts: CodeCounter | None = None
    sections: tuple[ReportSection, ...] = ()

    def totals(self, diagnostics: Sequence[Diagnostic]) -> CodeCounter:
        """The counts the summary reports: ``counts`` if set, else those of ``diagnostics``."""
        return self.counts if self.counts is not None else CodeCounter.of(diagnostics)


class Reporter(abc.ABC):
    """One output format.  ``statistics``: print only the per-rule table; ``quiet``:
    print the diagnostics only (no sections, no summary), for formats where that differs."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, *, color: bool | None = None, statistics: bool = False,
                 show_source: bool = True, quiet: bool = False) -> None:
        self.stream = stream
        self.color = use_color(stream) if color is None else color
        self.statistics = statistics
        self.show_source = show_source
        self.quiet = quiet

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


def count_by_code(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int, int]]:
    return CodeCounter.of(diagnostics).rows()
