"""The coverage table: each platform's share of its planned events, and what implements them.

What coverage found (events never sent, retired events still sent...) is a
list of TL5xx diagnostics printed by the shared reporters; this module renders
the report's own table as a :class:`~linter.report.base.ReportSection` before
them, and the closing coverage line after them.  The JSON output carries the
whole report under ``coverage``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Final

from linter.coverage.model import CoverageReport, EventUse, PlatformCoverage
from linter.report.base import ReportSection, RunSummary, Style
from linter.report.text import TextReporter
from linter.text.display import percent, plural

#: Event names longer than this do not widen the name column of the text report.
ALIGN_LIMIT: Final = 40


def coverage_section(report: CoverageReport) -> ReportSection:
    """The table before the findings, the coverage line after them, the data for JSON."""
    def before(style: Style) -> Iterator[str]:
        version = f" {report.plan_version}" if report.plan_version else ""
        yield style(f"Coverage of the tracking plan{version}", bold=True)
        for section in _sections(report):
            yield ""
            yield from _table(section, style)

    def after(style: Style) -> Iterator[str]:
        if report.not_captured and report.payload_stats is not None:
            yield "No captures from: " + ", ".join(report.not_captured)
        yield style(_summary(_sections(report)), bold=True)

    return ReportSection("coverage", report.to_dict(), before, after)


def coverage_summary(report: CoverageReport) -> RunSummary:
    """The closing line's counts: platforms reported, calls and captured events read."""
    sections = _sections(report)
    details = {}
    if report.code is not None:
        details["tracking calls"] = report.code.sent
    captured = sum(section.sent for section in report.captured)
    if report.captured:
        details["captured events"] = captured
    return RunSummary(checked=len(sections), unit="platform", details=details,
                      sections=(coverage_section(report),))


def render_text(report: CoverageReport) -> str:
    """The report as ``tracklint coverage`` prints it: the table, the findings, the totals."""
    stream = io.StringIO()
    TextReporter(stream, color=False).report(report.findings, coverage_summary(report))
    return stream.getvalue()


def _sections(report: CoverageReport) -> list[PlatformCoverage]:
    return ([report.code] if report.code is not None else []) + list(report.captured)


def _headline(section: PlatformCoverage) -> str:
    what = (f"code, {plural(section.sent, 'tracking call')}" if section.source == "code"
            else f"captured, {plural(section.sent, 'event')}")
    verb = "implemented" if section.source == "code" else "seen"
    rate = section.share
    share = "no events planned" if rate is None else (
        f"{len(section.implemented)} of {len(section.planned)} planned events {verb} "
        f"({percent(rate)})")
    return f"{section.platform} ({what}): {share}"


def _table(section: PlatformCoverage, style: Style) -> Iterator[str]:
    code = section.source == "code"
    yield style(_headline(section), bold=True)
    rows = [(use.event, _where(use, code)) for use in section.implemented]
    if rows:
        yield f"  {'implemented' if code else 'seen'}:"
        yield from _aligned(rows)
    if section.unplanned_overflow:
        yield (f"  ... and {plural(section.unplanned_overflow, 'event')} of other names outside "
               "the plan")


def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    """Two columns; very long names do not push every other row to the right."""
    width = min(max(len(name) for name, _ in rows), ALIGN_LIMIT)
    return [f"    {name:<{width}}  {detail}".rstrip() for name, detail in rows]


def _where(use: EventUse, code: bool) -> str:
    if not code:
        return plural(use.count, "event")
    shown = ", ".join(use.locations)
    return shown + (f" and {use.more_locations} more" if use.more_locations else "")


def _summary(sections: list[PlatformCoverage]) -> str:
    parts = []
    for section in sections:
        rate = section.share
        shown = "n/a" if rate is None else percent(rate)
        label = section.platform + (" (code)" if section.source == "code" else "")
        parts.append(f"{label} {shown}")
    return "Coverage: " + (", ".join(parts) if parts else "nothing to report") + "."
