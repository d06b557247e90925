"""The drift report as one self-contained HTML file (``--output-format html``).

The file is meant to be opened from a CI artifact or an e-mail, offline: all
CSS and JavaScript are inline, there are no fonts, images or scripts to fetch,
and a Content-Security-Policy forbids any network access and any script but
the report's own (pinned by its SHA-256), so even a payload value that escaped
escaping could not run.  Every value that comes from payloads (event and
property names, values, versions, messages) goes through :func:`esc`.

The page is fully rendered here; the script only adds interaction (choose the
event to drill into, filter the matrix), so without JavaScript every event's
drill-down is simply shown one after another.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from linter import __version__
from linter.diagnostics import Diagnostic, Severity
from linter.drift.compare import case_variants, families, families_for_type
from linter.drift.formatting import number, percent, plural, scalar, shorten
from linter.drift.model import (
    DriftReport,
    EventDrift,
    IssueCount,
    PlatformCell,
    PlatformVersions,
    PropertyDrift,
    PropertyOnPlatform,
    ValueCount,
    VersionCount,
)
from linter.rules import RULES

_FLAG_LABELS: Final = {
    "missing": "missing",
    "extra": "extra",
    "renamed": "renamed",
    "platform_gap": "platform gap",
    "type_drift": "type drift",
    "value_drift": "value drift",
}
_STATUS_LABELS: Final = {
    "ok": "sent",
    "drift": "sent, drifting",
    "missing": "missing",
    "partial": "partly missing",
    "unused": "never sent",
    "extra": "not planned",
    "absent": "not sent",
}
_VALUE_CHARS: Final = 28


def esc(value: object) -> str:
    """Text or attribute content: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape(str(value), quote=True)


def render_html(report: DriftReport, *, title: str = "Tracking drift report") -> str:
    """The complete HTML document."""
    default = _default_event(report)
    body = "".join([
        _header(report, title),
        '<main class="page">',
        _cards(report),
        '<div class="grid">',
        _matrix_panel(report),
        _findings_panel(report),
        "</div>",
        _drilldown(report),
        _versions_panel(report),
        _footer(report),
        "</main>",
    ])
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; "
              f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="tracklint {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f'<body data-default="{esc(default)}">\n{body}\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _event_id(index: int) -> str:
    """Element ids are built from positions, never from payload text."""
    return f"ev-{index}"


def _default_event(report: DriftReport) -> str:
    """The event shown first: the one with the most error findings, else the first one."""
    names = [event.name for event in report.events]
    errors = {name: 0 for name in names}
    for finding in report.findings:
        if finding.event in errors and finding.severity is Severity.ERROR:
            errors[finding.event] += 1
    worst = max(names, key=lambda name: errors[name], default=None)
    return _event_id(names.index(worst) if worst is not None and errors[worst] else 0)


# -- header, cards, footer -----------------------------------------------------------


def _header(report: DriftReport, title: str) -> str:
    verdict = ('<span class="verdict bad">Drift found</span>' if report.has_drift
               else '<span class="verdict good">No drift</span>')
    plan = f"plan {esc(report.plan_version)} \u00b7 " if report.plan_version else ""
    inputs = report.inputs
    source = (f"{plural(inputs.events, 'event')} from {plural(inputs.files, 'capture file')}"
              if inputs.files else plural(inputs.events, "event"))
    return (
        '<header class="top"><div class="top-inner">'
        '<div class="brand"><span class="logo">tl</span><div>'
        f'<h1>{esc(title)}</h1><p class="sub">{plan}{esc(source)} \u00b7 '
        f"{esc(', '.join(report.platforms) or 'no platforms')}</p></div></div>"
        f"{verdict}</div></header>"
    )


def _cards(report: DriftReport) -> str:
    total, conformant = report.total, report.conformant
    rate = conformant / total if total else None
    drifting = sum(event.has_drift for event in report.events)
    errors = sum(f.severity is Severity.ERROR for f in report.findings)
    cards = [
        ("Events analysed", f"{total:,}", f"{plural(len(report.events), 'event name')}", ""),
        ("Conformance", percent(rate) if rate is not None else "\u2013",
         f"{conformant:,} of {total:,} without errors", _rate_class(rate)),
        ("Drifting events", str(drifting), f"of {len(report.events)}",
         "r0" if drifting else "r100"),
        ("Findings", str(len(report.findings)), plural(errors, "error"),
         "r0" if errors else "r100"),
        ("Platforms", str(len(report.platforms)), ", ".join(report.platforms) or "none", ""),
    ]
    return '<section class="cards">' + "".join(
        f'<div class="card {cls}"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="hint">{esc(hint)}</div></div>'
        for label, value, hint, cls in cards) + "</section>"


def _footer(report: DriftReport) -> str:
    inputs, limits, overflow = report.inputs, report.limits, report.overflow
    lines = [
        f"Read {plural(inputs.records, 'record')}: {plural(inputs.events, 'event')}, "
        f"{inputs.non_events} non-events (page, screen, identify...), "
        f"{inputs.unreadable} unreadable, {plural(inputs.file_problems, 'file problem')}.",
        f"Conformance: share of events without an error from the plan's rules (a "
        f"deprecated event is a warning, so it conforms; a removed one does not). "
        f"\u201cConforms since\u201d: the oldest app "
        f"version from which every later version is at least {percent(limits.threshold)} "
        f"conformant. Top values are estimated with {limits.top_k}-slot Space-Saving "
        f"sketches (\u2248 marks an estimate).",
    ]
    if overflow.any:
        lines.append(
            f"Limits reached: {overflow.events} events of unplanned names beyond "
            f"{limits.max_events}, {overflow.properties} properties beyond "
            f"{limits.max_properties} names per event and platform, {overflow.versions} "
            f"events of versions beyond {limits.max_versions} were counted only.")
    lines += [f"Unreadable: {problem}" for problem in inputs.problems]
    return ('<footer class="foot">' + "".join(f"<p>{esc(line)}</p>" for line in lines)
            + f"<p>Generated by tracklint {esc(__version__)}. This file is self-contained "
            "and works offline.</p></footer>")


# -- matrix ---------------------------------------------------------------------------


def _rate_class(rate: float | None) -> str:
    """The colour band of a conformance rate (``r100`` green ... ``r0`` red)."""
    if rate is None:
        return "none"
    if rate >= 1.0:
        return "r100"
    if rate >= 0.99:
        return "r99"
    if rate >= 0.9:
        return "r90"
    if rate >= 0.5:
        return "r50"
    return "r0"


def _matrix_panel(report: DriftReport) -> str:
    head = "".join(f'<th class="plat">{esc(p)}</th>' for p in report.platforms)
    rows = "".join(_matrix_row(event, index) for index, event in enumerate(report.events))
    totals = "".join(_total_cell(*report.platform_totals(p)) for p in report.platforms)
    legend = "".join(f'<span class="key {cls}">{esc(text)}</span>' for cls, text in (
        ("r100", "100%"), ("r99", "\u2265 99%"), ("r90", "\u2265 90%"), ("r50", "\u2265 50%"),
        ("r0", "< 50%"), ("none", "planned, not sent"), ("na", "not planned")))
    return (
        '<section class="panel matrix-panel" id="matrix"><div class="panel-head">'
        "<h2>Conformance by event and platform</h2>"
        '<div class="tools"><input id="filter" type="search" placeholder="Filter events" '
        'aria-label="Filter events"><label class="toggle"><input id="only-drift" '
        'type="checkbox"> drifting only</label></div></div>'
        '<p class="caption">Share of each platform\u2019s events with no error against the '
        "plan. Click an event for its drill-down.</p>"
        f'<table class="matrix"><thead><tr><th class="ev">Event</th>{head}</tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><th class="ev">All events</th>{totals}</tr>'
        f'</tfoot></table><div class="legend">{legend}</div></section>'
    )


def _matrix_row(event: EventDrift, index: int) -> str:
    badge = _status_badge(event.status)
    cells = "".join(_matrix_cell(cell) for cell in event.cells)
    return (
        f'<tr class="ev-row" data-event="{_event_id(index)}" '
        f'data-name="{esc(event.name.casefold())}" data-drift="{int(event.has_drift)}">'
        f'<th class="ev" scope="row"><a href="#{_event_id(index)}" title="{esc(event.name)}">'
        f'{esc(event.name)}</a>'
        f"{badge}</th>{cells}</tr>"
    )


def _status_badge(status: str) -> str:
    if status == "active":
        return ""
    return f' <span class="badge st-{esc(status)}">{esc(status)}</span>'


def _matrix_cell(cell: PlatformCell) -> str:
    if not cell.count:
        cls, text = ("none", "\u2013") if cell.planned else ("na", "\u00b7")
        title = "planned, no events" if cell.planned else "not planned for this platform"
        return f'<td class="cell {cls}" title="{esc(title)}">{text}</td>'
    rate = cell.rate or 0.0
    note = "" if cell.planned else '<span class="flag">not planned</span>'
    return (
        f'<td class="cell {_rate_class(rate)}" data-rate="{rate:.4f}" '
        f'data-platform="{esc(cell.platform)}">'
        f'<span class="rate">{percent(rate)}</span>'
        f'<span class="n">{cell.conformant:,} / {cell.count:,}</span>{note}</td>'
    )


def _total_cell(count: int, conformant: int) -> str:
    if not count:
        return '<td class="cell na">\u00b7</td>'
    rate = conformant / count
    return (f'<td class="cell {_rate_class(rate)}"><span class="rate">{percent(rate)}</span>'
            f'<span class="n">{conformant:,} / {count:,}</span></td>')


# -- findings ---------------------------------------------------------------------------


def _findings_panel(report: DriftReport) -> str:
    names = {event.name: index for index, event in enumerate(report.events)}
    items = "".join(_finding(finding, names) for finding in report.findings)
    if not items:
        items = '<li class="empty">No drift: every platform sends what the plan says.</li>'
    counts = " \u00b7 ".join(
        plural(n, level) for level in ("error", "warning", "info")
        if (n := sum(f.severity.value == level for f in report.findings)))
    return (
        '<section class="panel findings-panel" id="findings"><div class="panel-head">'
        f'<h2>Findings</h2><span class="muted">{esc(counts)}</span></div>'
        f'<ol class="findings">{items}</ol></section>'
    )


def _finding(finding: Diagnostic, names: dict[str, int]) -> str:
    name = finding.event or ""
    index = names.get(name)
    event = (f'<a class="ev-link" href="#{_event_id(index)}" data-event="{_event_id(index)}">'
             f"{esc(name)}</a>" if index is not None else esc(name))
    prop = finding.extra.get("property")
    shown = f' \u00b7 <code>{esc(prop)}</code>' if isinstance(prop, str) else ""
    rule = RULES.get(finding.code)
    label = rule.name.replace("-", " ") if rule is not None else finding.code
    hint = f'<div class="f-hint">{esc(finding.hint)}</div>' if finding.hint else ""
    severity = finding.severity.value
    return (
        f'<li class="finding sev-{severity}" data-code="{esc(finding.code)}">'
        f'<div class="f-head"><span class="sev">{severity}</span>'
        f'<span class="kind">{esc(finding.code)} {esc(label)}</span>{event}{shown}</div>'
        f'<div class="f-msg">{esc(finding.message)}</div>{hint}</li>'
    )


# -- drill-down ----------------------------------------------------------------------------


def _drilldown(report: DriftReport) -> str:
    drift = " \u2014 drift"
    options = "".join(
        f'<option value="{_event_id(i)}">{esc(e.name)}{drift if e.has_drift else ""}</option>'
        for i, e in enumerate(report.events))
    details = "".join(_detail(event, index) for index, event in enumerate(report.events))
    return (
        '<section class="panel" id="drilldown"><div class="panel-head">'
        "<h2>Event drill-down</h2>"
        f'<select id="event-select" aria-label="Event">{options}</select></div>'
        f"{details}</section>"
    )


def _detail(event: EventDrift, index: int) -> str:
    sending = [cell for cell in event.cells if cell.count]
    replaced = (f' <span class="muted">replaced by {esc(event.replaced_by)}</span>'
                if event.replaced_by else "")
    strip = "".join(_platform_summary(cell) for cell in sending)
    return (
        f'<article class="detail" id="{_event_id(index)}" data-name="{esc(event.name)}">'
        f'<h3>{esc(event.name)}{_status_badge(event.status)}{replaced}</h3>'
        f'<div class="strip">{strip}</div>'
        f"{_property_table(event, sending)}</article>"
    )


def _platform_summary(cell: PlatformCell) -> str:
    rate = cell.rate or 0.0
    since = ""
    if cell.versions:
        since = (f'<div class="since ok">conforms since {esc(cell.conforms_since)}</div>'
                 if cell.conforms_since else
                 '<div class="since bad">newest version does not conform</div>')
    issues = "".join(f"<li>{_issue(issue)}</li>" for issue in cell.issues[:4])
    planned = "" if cell.planned else '<div class="since bad">not planned here</div>'
    return (
        f'<div class="plat-card {_rate_class(rate)}" data-platform="{esc(cell.platform)}">'
        f'<div class="pc-head"><span class="pc-name">{esc(cell.platform)}</span>'
        f'<span class="pc-rate">{percent(rate)}</span></div>'
        f'<div class="pc-n">{cell.conformant:,} of {plural(cell.count, "event")} conform'
        f"</div>{planned}{since}"
        f'<ul class="issues">{issues}</ul></div>'
    )


def _issue(issue: IssueCount) -> str:
    prop = f" <code>{esc(issue.property)}</code>" if issue.property else ""
    return (f'<span class="code">{esc(issue.code)}</span> {esc(issue.name)}{prop} '
            f'<span class="muted">\u00d7{issue.count:,}</span>')


def _property_table(event: EventDrift, sending: Sequence[PlatformCell]) -> str:
    if not event.properties:
        return '<p class="muted">No properties sent or planned.</p>'
    head = "".join(f'<th>{esc(cell.platform)}</th>' for cell in sending)
    rows = "".join(_property_row(prop, sending) for prop in event.properties)
    return (f'<table class="props"><thead><tr><th class="pname">Property</th>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _property_row(prop: PropertyDrift, sending: Sequence[PlatformCell]) -> str:
    flags = "".join(f'<span class="pflag fl-{esc(flag)}">{esc(_FLAG_LABELS.get(flag, flag))}'
                    "</span>" for flag in prop.flags)
    spec = _plan_spec(prop)
    renamed = (f'<div class="renamed">\u2192 plan name <code>{esc(prop.renamed_to)}</code>'
               "</div>" if prop.renamed_to else "")
    odd = _odd_types(prop)
    variants = set(case_variants(prop))
    cells = "".join(_property_cell(prop.on(cell.platform), cell.platform in odd, variants)
                    for cell in sending)
    drift = " drifting" if prop.flags else ""
    return (f'<tr class="prop{drift}" data-property="{esc(prop.name)}">'
            f'<th class="pname"><code>{esc(prop.name)}</code>{renamed}'
            f'<div class="spec">{spec}</div><div class="pflags">{flags}</div></th>'
            f"{cells}</tr>")


def _plan_spec(prop: PropertyDrift) -> str:
    if not prop.planned:
        return '<span class="muted">not in the plan</span>'
    text = esc(prop.type or "any")
    if prop.enum is not None:
        text += " \u00b7 " + " | ".join(esc(scalar(v)) for v in prop.enum)
    required = [on.platform for on in prop.platforms if on.required]
    if required:
        text += f' \u00b7 required on {esc(", ".join(required))}'
    return text


def _odd_types(prop: PropertyDrift) -> set[str]:
    """Platforms whose value types differ from the plan (or, without a plan type, the rest)."""
    if "type_drift" not in prop.flags:
        return set()
    allowed = families_for_type(prop.type) if prop.planned else None
    sent = {on.platform: families(on.types) for on in prop.platforms if on.present}
    if allowed is not None:
        return {platform for platform, found in sent.items() if found - allowed}
    common = max(sent.values(), key=lambda found: sum(f == found for f in sent.values()),
                 default=frozenset())
    return {platform for platform, found in sent.items() if found != common}


def _property_cell(on: PropertyOnPlatform | None, odd_type: bool, variants: set[str]) -> str:
    if on is None:
        return '<td class="pc absent"></td>'
    status = on.status
    presence = (f'<span class="presence">{on.present:,}/{on.events:,}'
                f' \u00b7 {percent(on.presence)}</span>' if on.status != "absent" else "")
    head = (f'<div class="pc-top"><span class="st st-{esc(status)}">'
            f"{esc(_STATUS_LABELS[status])}</span>{presence}</div>")
    if not on.present:
        return f'<td class="pc s-{esc(status)}">{head}</td>'
    types = "".join(f'<span class="type{" odd" if odd_type else ""}">{esc(kind)} '
                    f'<b>{count:,}</b></span>' for kind, count in on.types)
    values = "".join(_value_chip(value, variants) for value in on.top_values)
    ranges = _ranges(on)
    return (f'<td class="pc s-{esc(status)}{" t-odd" if odd_type else ""}">{head}'
            f'<div class="types">{types}</div><div class="values">{values}</div>'
            f"{ranges}</td>")


def _value_chip(value: ValueCount, variants: set[str]) -> str:
    text = scalar(value.value)
    classes = ["val"]
    if value.in_plan is False:
        classes.append("bad")
    if isinstance(value.value, str) and value.value.casefold() in variants:
        classes.append("case")
    approx = "\u2248" if value.error else ""
    title = f"{text} ({value.type}): {approx}{value.count}"
    if value.in_plan is False:
        title += " \u2014 not one of the plan's values"
    return (f'<span class="{" ".join(classes)}" title="{esc(title)}">'
            f'<span class="vt">{esc(shorten(text, _VALUE_CHARS))}</span>'
            f'<span class="vc">{approx}{value.count:,}</span></span>')


def _ranges(on: PropertyOnPlatform) -> str:
    parts = []
    if on.numbers is not None:
        parts.append(f"range {number(on.numbers.minimum)} \u2013 {number(on.numbers.maximum)}")
    if on.lengths is not None:
        parts.append(f"length {number(on.lengths.minimum)} \u2013 "
                     f"{number(on.lengths.maximum)}")
    return f'<div class="ranges">{esc(" · ".join(parts))}</div>' if parts else ""


# -- versions --------------------------------------------------------------------------------


def _versions_panel(report: DriftReport) -> str:
    if not report.versions:
        return ('<section class="panel" id="versions"><div class="panel-head"><h2>App versions'
                '</h2></div><p class="muted">No payload carried an app version.</p></section>')
    cards = "".join(_platform_versions(view) for view in report.versions)
    threshold = percent(report.limits.threshold)
    return (
        '<section class="panel" id="versions"><div class="panel-head"><h2>App versions</h2>'
        f'<span class="muted">conforms since = oldest version from which every later '
        f"version is \u2265 {esc(threshold)} conformant</span></div>"
        f'<div class="versions">{cards}</div></section>'
    )


def _platform_versions(view: PlatformVersions) -> str:
    since = (f'<span class="pill good">conforms since {esc(view.conforms_since)}</span>'
             if view.conforms_since else
             '<span class="pill bad">newest version does not conform</span>')
    retired = "".join(
        f'<div class="callout">Still sends {esc(use.status)} <b>{esc(use.event)}</b>'
        f'{" (use " + esc(use.replaced_by) + ")" if use.replaced_by else ""}: '
        f"{plural(use.count, 'event')} from {esc(_version_list(use.versions))}</div>"
        for use in view.retired)
    rows = "".join(_version_row(row, view.conforms_since) for row in view.versions)
    if view.other is not None:
        rows += _version_row(view.other, None, other=True)
    extra = (f'<p class="muted">{plural(view.unversioned, "event")} without an app version.'
             "</p>" if view.unversioned else "")
    return (
        f'<div class="vcard" data-platform="{esc(view.platform)}"><div class="vc-head">'
        f'<h3>{esc(view.platform)}</h3>{since}</div>{retired}'
        '<table class="vtable"><thead><tr><th>Version</th><th class="num">Events</th>'
        "<th>Conformance</th><th>Notes</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{extra}</div>"
    )


def _version_list(versions: Sequence[str]) -> str:
    return ", ".join(versions) if len(versions) <= 5 else (
        f"{', '.join(versions[:5])} and {len(versions) - 5} older")


def _version_row(row: VersionCount, since: str | None, *, other: bool = False) -> str:
    rate = row.rate
    notes = [f'<span class="note retired">{esc(name)} \u00d7{count:,}</span>'
             for name, count in row.retired_events]
    notes += [f'<span class="note">{_issue(issue)}</span>' for issue in _shape_issues(row.issues)]
    marker = ' <span class="tag">since</span>' if since is not None and row.version == since \
        else ""
    label = "other versions" if other else row.version
    return (
        f'<tr class="{_rate_class(rate)}" data-version="{esc(label)}">'
        f'<td class="ver"><code>{esc(label)}</code>{marker}</td>'
        f'<td class="num">{row.count:,}</td>'
        f'<td class="rate-col"><div class="bar"><span style="width:{rate * 100:.1f}%"></span></div>'
        f'<span class="bar-label">{percent(rate)}</span></td>'
        f'<td class="notes">{"".join(notes)}</td></tr>'
    )


def _shape_issues(issues: Iterable[IssueCount]) -> Iterator[IssueCount]:
    """The issues that describe an old shape (retired events are listed by name instead)."""
    shown = 0
    for issue in issues:
        if issue.code in ("TL203", "TL204"):
            continue
        yield issue
        shown += 1
        if shown == 3:
            return


_CSS: Final = """
:root{--bg:#f4f6fa;--panel:#fff;--ink:#1b2333;--muted:#64708a;--line:#e2e7ef;
--accent:#4f46e5;--g1:#dcf5e4;--g1i:#14612f;--g2:#eaf6d3;--g2i:#3d5c12;--y:#fdf3c8;
--yi:#7a4b06;--o:#fde3cc;--oi:#8f3509;--r:#fbdcdc;--ri:#8f1d1d;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif}
code{font-family:var(--mono);font-size:12.5px}
a{color:inherit}
.top{background:linear-gradient(100deg,#111a33,#1d2b52);color:#fff}
.top-inner{max-width:1360px;margin:0 auto;padding:14px 28px;display:flex;
align-items:center;justify-content:space-between;gap:16px}
.brand{display:flex;align-items:center;gap:14px}
.logo{display:inline-grid;place-items:center;width:38px;height:38px;border-radius:9px;
background:#6366f1;font:700 16px/1 var(--mono);letter-spacing:-.5px}
h1{font-size:19px;margin:0;font-weight:650;letter-spacing:.1px}
.sub{margin:2px 0 0;color:#b8c2dd;font-size:13px}
.verdict{padding:7px 14px;border-radius:999px;font-weight:650;font-size:13px}
.verdict.bad{background:#fee2e2;color:#991b1b}.verdict.good{background:#dcfce7;color:#166534}
.page{max-width:1360px;margin:0 auto;padding:16px 28px 40px;overflow-wrap:anywhere}
.grid>*,.panel{min-width:0}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:14px;margin-bottom:16px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:12px;
padding:9px 16px 10px;border-top:4px solid #c7cfdd}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}
.card .value{font-size:24px;font-weight:700;margin:1px 0}
.card .hint{color:var(--muted);font-size:12.5px;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
.card.r100{border-top-color:#22a559}.card.r99{border-top-color:#7fb83a}
.card.r90{border-top-color:#e1a40f}.card.r50{border-top-color:#ea7a2c}
.card.r0{border-top-color:#dc3d3d}
.grid{display:grid;grid-template-columns:minmax(0,1.45fr) minmax(0,1fr);gap:18px;
align-items:start}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:12px;
padding:14px 18px;margin-bottom:16px;box-shadow:0 1px 2px rgba(20,30,60,.04)}
.panel-head{display:flex;align-items:center;justify-content:space-between;gap:12px;
flex-wrap:wrap}
h2{font-size:16px;margin:0;font-weight:650}
h3{font-size:15px;margin:0 0 10px;font-weight:650}
.caption,.muted{color:var(--muted);font-size:12.5px}
.caption{margin:3px 0 6px}
.tools{display:flex;gap:10px;align-items:center}
#filter{border:1px solid var(--line);border-radius:8px;padding:6px 10px;font:inherit;
width:180px}
.toggle{font-size:12.5px;color:var(--muted);display:flex;gap:5px;align-items:center}
table{border-collapse:separate;border-spacing:0;width:100%}
.matrix th,.matrix td{padding:0}
.matrix thead th{font-size:11.5px;text-transform:uppercase;letter-spacing:.7px;
color:var(--muted);font-weight:600;padding:6px 8px;text-align:center}
.matrix th.ev{text-align:left;font-size:13.5px;text-transform:none;letter-spacing:0;
color:var(--ink);font-weight:550;padding:4px 10px 4px 12px;white-space:nowrap}
.matrix thead th.ev{font-size:11.5px;text-transform:uppercase;color:var(--muted)}
.matrix th.ev a{text-decoration:none;display:inline-block;max-width:24em;overflow:hidden;
text-overflow:ellipsis;vertical-align:bottom}
.matrix tbody tr{cursor:pointer}
.matrix tbody tr:hover th.ev a,.matrix tr.selected th.ev a{color:var(--accent)}
.matrix tr.selected th.ev{box-shadow:inset 3px 0 0 var(--accent)}
.cell{text-align:center;border:2px solid var(--panel);border-radius:8px;min-width:96px;
height:40px}
.cell .rate{display:block;font-weight:700;font-size:14.5px;line-height:1.15}
.cell .n{display:block;font-size:11px;line-height:1.2;opacity:.8}
.cell .flag{display:block;font-size:10.5px;font-weight:600}
.r100{background:var(--g1);color:var(--g1i)}.r99{background:var(--g2);color:var(--g2i)}
.r90{background:var(--y);color:var(--yi)}.r50{background:var(--o);color:var(--oi)}
.r0{background:var(--r);color:var(--ri)}
.cell.none{background:#f3f5f9;color:#98a2b8}.cell.na{background:transparent;color:#c3cad8}
.matrix tfoot th,.matrix tfoot td{border-top:1px solid var(--line)}
.matrix tfoot th.ev{font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
.key{font-size:11.5px;padding:2px 8px;border-radius:6px}
.key.none{background:#f3f5f9;color:#7d879c}.key.na{border:1px dashed #c3cad8;color:#7d879c}
.badge{font-size:10.5px;font-weight:650;padding:1px 7px;border-radius:999px;margin-left:6px;
text-transform:uppercase;letter-spacing:.4px;vertical-align:1px}
.st-deprecated{background:#fff1c2;color:#7a4b06}.st-removed{background:#fbdcdc;color:#8f1d1d}
.st-unplanned{background:#e8e6fd;color:#3f37a8}
.findings-panel{display:flex;flex-direction:column;height:0;min-height:max(100%,360px)}
.findings{list-style:none;margin:10px 0 0;padding:0 4px 0 0;overflow:auto;flex:1 1 0;
min-height:0}
.finding{border:1px solid var(--line);border-left:4px solid #c7cfdd;border-radius:8px;
padding:8px 11px;margin-bottom:8px}
.finding.sev-error{border-left-color:#dc3d3d}.finding.sev-warning{border-left-color:#e1a40f}
.finding.sev-info{border-left-color:#6a7fdc}
.f-head{display:flex;flex-wrap:wrap;align-items:center;gap:7px;font-size:13px}
.f-head .sev{font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.5px}
.sev-error .sev{color:#b42323}.sev-warning .sev{color:#946006}.sev-info .sev{color:#3d50a8}
.kind{font-size:11.5px;background:#eef1f6;border-radius:5px;padding:1px 7px;color:#3b4660}
.ev-link{font-weight:600;text-decoration:none}.ev-link:hover{color:var(--accent)}
.f-msg{color:#3b4660;font-size:13px;margin-top:3px;overflow-wrap:anywhere}
.f-hint{color:#5a6680;font-size:12px;margin-top:2px;overflow-wrap:anywhere}
.empty{color:var(--muted);padding:8px 0}
#event-select{font:inherit;border:1px solid var(--line);border-radius:8px;padding:6px 10px;
max-width:360px}
.detail{margin-top:14px}
.detail h3{font-size:18px}
.strip{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:14px}
.plat-card{flex:1 1 200px;max-width:320px;border-radius:10px;padding:10px 12px}
.pc-head{display:flex;justify-content:space-between;align-items:baseline}
.pc-name{font-weight:700;text-transform:uppercase;letter-spacing:.6px;font-size:12px}
.pc-rate{font-size:22px;font-weight:750}
.pc-n{font-size:12.5px;opacity:.85}
.since{font-size:12px;font-weight:600;margin-top:3px}
.issues{list-style:none;margin:6px 0 0;padding:0;font-size:12px}
.issues li{margin-top:2px;overflow-wrap:anywhere}
.code{font-family:var(--mono);font-size:11px;font-weight:700;opacity:.8}
.props{border:1px solid var(--line);border-radius:10px;overflow:hidden;table-layout:fixed}
.props th,.props td{padding:9px 11px;vertical-align:top;border-bottom:1px solid var(--line);
text-align:left}
.props thead th{background:#f7f9fc;font-size:11.5px;text-transform:uppercase;
letter-spacing:.6px;color:var(--muted)}
.props tbody tr:last-child th,.props tbody tr:last-child td{border-bottom:0}
.props th.pname{width:230px;font-weight:400}
.props tr.drifting th.pname{box-shadow:inset 3px 0 0 #e1a40f}
.spec{color:var(--muted);font-size:12px;margin-top:3px;overflow-wrap:anywhere}
.renamed{font-size:12px;color:#8f3509;margin-top:2px}
.pflags{margin-top:5px;display:flex;flex-wrap:wrap;gap:4px}
.pflag{font-size:10.5px;font-weight:650;border-radius:5px;padding:1px 6px}
.fl-missing{background:#fbdcdc;color:#8f1d1d}.fl-extra{background:#fdf3c8;color:#7a4b06}
.fl-renamed{background:#fde3cc;color:#8f3509}.fl-platform_gap{background:#fde3cc;color:#8f3509}
.fl-type_drift{background:#efe4fb;color:#5b2a91}.fl-value_drift{background:#dfeafe;color:#1e4a9e}
.pc{min-width:150px}
.pc.s-missing,.pc.s-partial{background:#fff4f4}.pc.s-extra{background:#fffbeb}
.pc.s-unused{background:#fbfbfd}.pc.t-odd{background:#faf6ff}
.pc-top{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.st{font-size:11px;font-weight:700;border-radius:5px;padding:1px 6px}
.st.st-ok{background:#dcf5e4;color:#14612f}.st.st-drift{background:#fde4d0;color:#8a3a0b}
.st.st-missing,.st.st-partial{background:#fbdcdc;
color:#8f1d1d}.st.st-extra{background:#fdf3c8;color:#7a4b06}
.st.st-unused{background:#eef1f6;color:#5b6680}.st.st-absent{color:#a3abbd}
.presence{font-size:12px;color:var(--muted)}
.types{margin-top:5px;display:flex;flex-wrap:wrap;gap:4px}
.type{font-size:11.5px;background:#eef1f6;border-radius:5px;padding:0 6px;color:#3b4660}
.type.odd{background:#efe4fb;color:#5b2a91;font-weight:600}
.values{margin-top:5px;display:flex;flex-wrap:wrap;gap:4px}
.val{display:inline-flex;border:1px solid var(--line);border-radius:6px;overflow:hidden;
font-size:12px;max-width:100%}
.val .vt{font-family:var(--mono);font-size:11.5px;padding:1px 6px;white-space:nowrap;
overflow:hidden;text-overflow:ellipsis}
.val .vc{background:#f3f5f9;padding:1px 6px;color:var(--muted);font-size:11.5px}
.val.case{border-color:#8fb0f0;background:#f2f7ff}
.val.bad{border-color:#e9a0a0;background:#fff4f4}.val.bad .vt{color:#8f1d1d}
.ranges{font-size:11.5px;color:var(--muted);margin-top:5px}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px;
margin-top:12px}
.vcard{border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.vc-head{display:flex;justify-content:space-between;align-items:center;gap:10px}
.vc-head h3{margin:0;text-transform:uppercase;letter-spacing:.7px;font-size:13px}
.pill{font-size:12px;font-weight:650;border-radius:999px;padding:3px 10px}
.pill.good{background:#dcf5e4;color:#14612f}.pill.bad{background:#fbdcdc;color:#8f1d1d}
.callout{margin-top:10px;background:#fffbeb;border:1px solid #f5e1a4;border-radius:8px;
padding:7px 10px;font-size:12.5px;color:#6b4506}
.vtable{margin-top:10px}
.vtable th{font-size:11px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);
text-align:left;padding:5px 6px;border-bottom:1px solid var(--line);font-weight:600}
.vtable td{padding:6px;border-bottom:1px solid #eef1f6;background:var(--panel);color:var(--ink);
vertical-align:middle}
.vtable .rate-col{white-space:nowrap;width:190px}
.vtable .num{text-align:right;width:64px}
.vtable .ver{white-space:nowrap;width:130px}
.tag{font-size:10px;background:#22a559;color:#fff;border-radius:4px;padding:0 5px;
margin-left:4px;vertical-align:1px;font-weight:700}
.bar{display:inline-block;width:110px;height:8px;border-radius:4px;background:#eef1f6;
overflow:hidden;vertical-align:middle;margin-right:8px}
.bar span{display:block;height:100%;border-radius:4px;background:#22a559}
tr.r99 .bar span{background:#7fb83a}tr.r90 .bar span{background:#e1a40f}
tr.r50 .bar span{background:#ea7a2c}tr.r0 .bar span{background:#dc3d3d}
.bar-label{font-size:12.5px;font-weight:600}
.notes{font-size:12px}
.note{display:inline-block;background:#f3f5f9;border-radius:5px;padding:1px 6px;margin:1px 4px
1px 0}
.note.retired{background:#fff1c2;color:#7a4b06;font-weight:600}
.foot{color:var(--muted);font-size:12px;margin-top:6px}
.foot p{margin:4px 0}
@media (max-width:1100px){.grid{grid-template-columns:1fr}.cards{grid-template-columns:
repeat(2,1fr)}}
@media print{.tools,#event-select{display:none}.detail[hidden]{display:block}}
"""

_SCRIPT: Final = """
(function () {
  "use strict";
  var details = Array.prototype.slice.call(document.querySelectorAll("article.detail"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.ev-row"));
  var select = document.getElementById("event-select");
  var filter = document.getElementById("filter");
  var onlyDrift = document.getElementById("only-drift");
  function known(id) {
    return details.some(function (d) { return d.id === id; });
  }
  function show(id, scroll) {
    if (!known(id)) { id = document.body.getAttribute("data-default"); }
    if (!known(id) && details.length) { id = details[0].id; }
    details.forEach(function (d) { d.hidden = d.id !== id; });
    rows.forEach(function (r) {
      r.classList.toggle("selected", r.getAttribute("data-event") === id);
    });
    if (select) { select.value = id; }
    document.body.setAttribute("data-selected", id);
    if (scroll) {
      document.getElementById("drilldown").scrollIntoView({behavior: "smooth"});
    }
  }
  function choose(id) {
    if (window.history && history.replaceState) { history.replaceState(null, "", "#" + id); }
    show(id, true);
  }
  rows.forEach(function (r) {
    r.tabIndex = 0;
    r.addEventListener("click", function (e) {
      e.preventDefault();
      choose(r.getAttribute("data-event"));
    });
    r.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        choose(r.getAttribute("data-event"));
      }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.ev-link"), function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      choose(a.getAttribute("data-event"));
    });
  });
  if (select) {
    select.addEventListener("change", function () { choose(select.value); });
  }
  function applyFilter() {
    var text = (filter && filter.value || "").toLowerCase();
    var drifting = onlyDrift && onlyDrift.checked;
    rows.forEach(function (r) {
      var name = r.getAttribute("data-name") || "";
      r.hidden = name.indexOf(text) < 0 || (drifting && r.getAttribute("data-drift") !== "1");
    });
  }
  if (filter) { filter.addEventListener("input", applyFilter); }
  if (onlyDrift) { onlyDrift.addEventListener("change", applyFilter); }
  window.addEventListener("hashchange", function () { show(location.hash.slice(1), false); });
  show(location.hash.slice(1), false);
  document.body.setAttribute("data-ready", "true");
})();
"""
