"""The drift report for a terminal: the matrix, then the findings, the drifting properties
and the app versions.

The findings are ordinary diagnostics (TL4xx), printed by the shared text
reporter like those of every command; this module renders the report's own
tables as :class:`~linter.report.base.ReportSection` text around them.  Plain
text that reads well in a CI log (no colour unless asked) and fits a
100-column terminal for the usual four platforms.  Long names and values are
shortened with an ellipsis; the JSON and HTML outputs carry everything.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Final

from linter.drift.formatting import number, percent, plural, scalar, shorten
from linter.drift.model import (
    DriftReport,
    EventDrift,
    PlatformCell,
    PlatformVersions,
    PropertyDrift,
    PropertyOnPlatform,
    Range,
    ValueCount,
    VersionCount,
)
from linter.drift.render_json import drift_document
from linter.report.base import ReportSection, RunSummary, Style
from linter.report.text import TextReporter

_EVENT_WIDTH: Final = 30
_CELL_WIDTH: Final = 15
_VALUE_CHARS: Final = 18
_VERSION_ROWS: Final = 12


def drift_section(report: DriftReport) -> ReportSection:
    """The report's tables: header and matrix before the findings, details after them;
    the whole report as data for the JSON output."""
    def before(style: Style) -> list[str]:
        return _joined([list(_header(report, style)), list(_matrix(report, style))])

    def after(style: Style) -> list[str]:
        return _joined([list(_properties(report, style)),
                        list(_versions(report.versions, style)), list(_footer(report, style))])

    return ReportSection("drift", drift_document(report), before, after)


def _joined(parts: Sequence[list[str]]) -> list[str]:
    """The non-empty parts, a blank line between them, without trailing spaces."""
    joined: list[str] = []
    for lines in parts:
        if lines:
            joined.extend([""] if joined else [])
            joined.extend(line.rstrip() for line in lines)
    return joined


def drift_summary(report: DriftReport) -> RunSummary:
    """The closing line's counts: events read, event names and platforms (and never
    "All checks passed" when no event was read)."""
    checked = report.inputs.events or report.total
    return RunSummary(checked=checked, unit="event",
                      details={"event names": len(report.events),
                               "platforms": len(report.platforms)},
                      sections=(drift_section(report),),
                      headline=None if checked or report.findings else
                      "Nothing was checked.")


def render_text(report: DriftReport, *, color: bool = False) -> str:
    """The whole report as ``tracklint drift`` prints it, ending with a newline."""
    stream = io.StringIO()
    TextReporter(stream, color=color).report(report.findings, drift_summary(report))
    return stream.getvalue()


# -- header and footer -------------------------------------------------------------


def _header(report: DriftReport, style: Style) -> Iterator[str]:
    inputs = report.inputs
    plan = f" \u00b7 plan {report.plan_version}" if report.plan_version else ""
    yield style("tracklint drift", bold=True) + plan
    read = (f"{plural(inputs.events, 'event')} from {plural(inputs.files, 'file')}"
            if inputs.files else plural(inputs.events, "event"))
    details = [f"{plural(inputs.records, 'record')}"] if inputs.records else []
    if inputs.non_events:
        details.append(f"{inputs.non_events} not product events")
    if inputs.unreadable:
        details.append(style(f"{inputs.unreadable} unreadable", fg="yellow"))
    yield read + (f" ({', '.join(details)})" if details else "") + \
        f" \u00b7 platforms: {', '.join(report.platforms) or 'none'}"


def _footer(report: DriftReport, style: Style) -> Iterator[str]:
    for problem in report.inputs.problems:
        yield style("unreadable: ", fg="yellow") + problem
    overflow = report.overflow
    if overflow.any:
        yield style("limits: ", fg="yellow") + (
            f"{overflow.events} events of unplanned names beyond {report.limits.max_events}, "
            f"{overflow.properties} property values beyond {report.limits.max_properties} "
            f"names per event, {overflow.versions} events of versions beyond "
            f"{report.limits.max_versions} were counted but not broken down")
    drifting = sum(event.has_drift for event in report.events)
    if not report.events:
        yield style("No events were read.", fg="yellow", bold=True)
    elif drifting:
        verb = "breaks" if drifting == 1 else "break"
        yield (f"{drifting} of {plural(len(report.events), 'event')} {verb} the plan on at "
               "least one platform.")
    else:
        yield "Every event conforms to the plan on every platform that sends it."


# -- matrix -------------------------------------------------------------------------


def _matrix(report: DriftReport, style: Style) -> Iterator[str]:
    if not report.events:
        return
    yield style("CONFORMANCE", bold=True) + "  share of events without errors (events)"
    yield style(_pad("EVENT", _EVENT_WIDTH) + "".join(
        _pad(platform.upper(), _CELL_WIDTH) for platform in report.platforms), dim=True)
    for event in report.events:
        yield _pad(_event_label(event), _EVENT_WIDTH) + "".join(
            _cell(cell, style) for cell in event.cells)
    totals = [report.platform_totals(platform) for platform in report.platforms]
    yield style(_pad("all events", _EVENT_WIDTH), bold=True) + "".join(
        _rate_cell(conformant, count, style) for count, conformant in totals)
    yield style("\u00b7 not planned, not sent    - planned, not sent", dim=True)


def _event_label(event: EventDrift) -> str:
    badge = "" if event.status == "active" else f" [{event.status}]"
    return shorten(event.name, _EVENT_WIDTH - 1 - len(badge)) + badge


def _cell(cell: PlatformCell, style: Style) -> str:
    if not cell.count:
        return _pad("-" if cell.planned else "\u00b7", _CELL_WIDTH)
    return _rate_cell(cell.conformant, cell.count, style)


def _rate_cell(conformant: int, count: int, style: Style) -> str:
    if not count:
        return _pad("\u00b7", _CELL_WIDTH)
    rate = conformant / count
    text = f"{percent(rate):<7}{'(' + str(count) + ')':>6}"
    return style(text, fg=_rate_colour(rate)) + " " * max(_CELL_WIDTH - len(text), 1)


def _rate_colour(rate: float) -> str:
    return "green" if rate >= 1.0 else "yellow" if rate >= 0.9 else "red"


# -- properties ---------------------------------------------------------------------


def _properties(report: DriftReport, style: Style) -> Iterator[str]:
    flagged = [(event, prop) for event in report.events for prop in event.properties
               if prop.flags]
    if not flagged:
        return
    yield style("PROPERTY DRIFT", bold=True) + "  what each platform sends"
    for event, prop in flagged:
        yield ""
        yield _property_title(event, prop, style)
        for on in prop.platforms:
            yield "    " + _property_line(on, style)


def _property_title(event: EventDrift, prop: PropertyDrift, style: Style) -> str:
    planned = "not in the plan"
    if prop.planned:
        planned = prop.type or "any"
        if prop.enum is not None:
            planned += " in " + "|".join(str(v) for v in prop.enum)
    flags = ", ".join(flag.replace("_", " ") for flag in prop.flags)
    renamed = f" (for '{prop.renamed_to}')" if prop.renamed_to else ""
    return (f"  {style(event.name, bold=True)} \u00b7 {style(prop.name, bold=True)}{renamed}"
            f"  {style(planned, dim=True)}  [{style(flags, fg='yellow')}]")


def _property_line(on: PropertyOnPlatform, style: Style) -> str:
    colour = {"ok": "green", "drift": "red", "missing": "red", "partial": "red", "extra": "yellow",
              "unused": "yellow"}.get(on.status)
    status = style(f"{on.status:<8}", fg=colour) if colour else f"{on.status:<8}"
    types = ", ".join(f"{kind} {count}" for kind, count in on.types)
    parts = [f"{on.platform:<9}{status} {on.present:>5}/{on.events:<6}", f"{types:<22}"]
    values = ", ".join(_value(v) for v in on.top_values)
    if values:
        parts.append(values)
    ranges = _ranges(on.numbers, on.lengths)
    if ranges:
        parts.append(style(ranges, dim=True))
    return "  ".join(parts).rstrip()


def _value(value: ValueCount) -> str:
    shown = (repr(shorten(value.value, _VALUE_CHARS)) if isinstance(value.value, str)
             else scalar(value.value))
    marker = "!" if value.in_plan is False else ""
    approx = "~" if value.error else ""
    return f"{shown}{marker} \u00d7{approx}{value.count}"


def _ranges(numbers: Range | None, lengths: Range | None) -> str:
    parts = []
    if numbers is not None:
        parts.append(f"{number(numbers.minimum)}..{number(numbers.maximum)}")
    if lengths is not None:
        parts.append(f"len {number(lengths.minimum)}..{number(lengths.maximum)}")
    return "  ".join(parts)


# -- versions -------------------------------------------------------------------------


def _versions(views: Sequence[PlatformVersions], style: Style) -> Iterator[str]:
    if not views:
        return
    threshold = percent(views[0].threshold)
    yield style("APP VERSIONS", bold=True) + (
        f"  conforms since: the oldest version from which every later version is "
        f">= {threshold} conformant")
    for view in views:
        yield ""
        yield from _platform_versions(view, style)


def _platform_versions(view: PlatformVersions, style: Style) -> Iterator[str]:
    since = (style(f"conforms since {view.conforms_since}", fg="green")
             if view.conforms_since else style("newest version does not conform", fg="red"))
    yield f"  {style(view.platform, bold=True)}  {since}"
    for use in view.retired:
        instead = f", replaced by '{use.replaced_by}'" if use.replaced_by else ""
        yield style(f"    {use.status} '{use.event}'{instead}: {use.count} events from "
                    f"{', '.join(use.versions[:6])}"
                    f"{' ...' if len(use.versions) > 6 else ''}", fg="yellow")
    yield style(f"    {'VERSION':<16}{'EVENTS':>7}  {'CONFORMANT':<11}NOTES", dim=True)
    for row in view.versions[:_VERSION_ROWS]:
        yield "    " + _version_row(row, style)
    hidden = len(view.versions) - _VERSION_ROWS
    if hidden > 0:
        older = sum(row.count for row in view.versions[_VERSION_ROWS:])
        yield style(f"    ... {hidden} older versions ({plural(older, 'event')})", dim=True)
    if view.other is not None:
        yield "    " + _version_row(view.other, style)
    if view.unversioned:
        yield style(f"    {plural(view.unversioned, 'event')} without an app version",
                    dim=True)


def _version_row(row: VersionCount, style: Style) -> str:
    notes = [f"{name} ({count})" for name, count in row.retired_events]
    notes += [f"{issue.describe()} ({issue.count})" for issue in row.issues
              if issue.code not in ("TL203", "TL204")][:3]
    rate = style(f"{percent(row.rate):<11}", fg=_rate_colour(row.rate))
    return f"{shorten(row.version, 15):<16}{row.count:>7}  {rate}{'; '.join(notes)}".rstrip()


# -- helpers ------------------------------------------------------------------------------


def _pad(text: str, width: int) -> str:
    return text.ljust(width) if len(text) < width else shorten(text, width - 1) + " "


