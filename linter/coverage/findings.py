"""What coverage found, as diagnostics (TL5xx): one per event a team should look at.

Planned events never sent, retired events still sent, events outside the plan,
events sent from a platform they are not planned for, calls whose event name
cannot be known.  They go through the shared reporters, rule selection and
severity settings like every other finding.  Each is located where it is
fixed: at the call in the code, or at the event's definition in the plan.
All are warnings (coverage is a report) except TL506, the ``--fail-under`` gate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from linter.diagnostics import Diagnostic
from linter.plan.model import Plan
from linter.rules import RULES
from linter.text.display import percent, plural

if TYPE_CHECKING:  # the model builds its findings with this module
    from linter.coverage.model import CoverageReport, DynamicCall, EventUse, PlatformCoverage


def coverage_findings(report: CoverageReport, plan: Plan) -> tuple[Diagnostic, ...]:
    """The findings of every platform of the report, code first."""
    sections = ([report.code] if report.code is not None else []) + list(report.captured)
    return tuple(finding for section in sections for finding in _section(section, plan))


def below_threshold(report: CoverageReport, threshold: float) -> Diagnostic | None:
    """TL506 when the code covers less than ``threshold`` percent of its planned events."""
    code = report.code
    share = code.share if code is not None else None
    if code is None or share is None or 100.0 * share >= threshold:
        return None
    return RULES["TL506"].build(
        args={"implemented": len(code.implemented), "planned": len(code.planned),
              "platform": code.platform, "percent": percent(share),
              "threshold": f"{threshold:g}"},
        hint="implement the events listed as never sent (TL501), or lower --fail-under",
        extra={"coverage": round(100.0 * share, 2), "threshold": threshold})


def _section(section: PlatformCoverage, plan: Plan) -> Iterator[Diagnostic]:
    code = section.source == "code"
    where = "by the code" if code else "in the captures"
    for name in section.never_sent:
        yield _finding("TL501", section, name, plan, args={"where": where})
    for use in section.retired:
        yield _finding("TL502", section, use.event, plan, use=use,
                       args={"status": use.status, "where": _where(use, code)},
                       hint=f"send '{use.replaced_by}' instead" if use.replaced_by else None)
    for use in section.unplanned:
        yield _finding("TL503", section, use.event, plan, use=use,
                       args={"where": _where(use, code)},
                       hint=(f"did you mean '{use.suggestion}'?" if use.suggestion
                             else "add it to the plan, or stop sending it"))
    for use in section.other_platform:
        yield _finding("TL504", section, use.event, plan, use=use,
                       args={"planned": ", ".join(use.planned_for), "where": _where(use, code)})
    for call in section.dynamic:
        yield _dynamic(section, call)


def _finding(code: str, section: PlatformCoverage, event: str, plan: Plan, *,
             args: dict[str, Any], use: EventUse | None = None,
             hint: str | None = None) -> Diagnostic:
    at: tuple[str, int, int | None] | None = (
        _call_site(use.locations[0]) if use is not None and use.locations else None)
    if at is None:
        definition = plan.event(event)
        where = definition.position if definition is not None else plan.position_of("events")
        at = (where.path, where.line, where.column)
    extra: dict[str, Any] = {"source": section.source}
    if use is not None:
        extra.update(count=use.count, locations=list(use.locations),
                     versions=[v.to_dict() for v in use.versions])
    return RULES[code].build(args={"event": event, "platform": section.platform, **args},
                             event=event, platform=section.platform, hint=hint,
                             path=at[0], line=at[1], column=at[2], extra=extra)


def _dynamic(section: PlatformCoverage, call: DynamicCall) -> Diagnostic:
    at = _call_site(call.location)
    args: dict[str, Any] = {"source": call.source or "unknown"}
    if call.may_send:
        args.update(pattern=call.pattern, events=", ".join(f"'{e}'" for e in call.may_send))
    return RULES["TL505"].build("pattern" if call.may_send else "default", args=args,
                                platform=section.platform, path=at[0] if at else None,
                                line=at[1] if at else None)


def _call_site(location: str) -> tuple[str, int, None] | None:
    """``path:line`` of a call, as the coverage model keeps it (the column is not kept)."""
    path, _, line = location.rpartition(":")
    return (path, int(line), None) if path and line.isdigit() else None


def _where(use: EventUse, code: bool) -> str:
    if code:
        more = f" and {use.more_locations} more" if use.more_locations else ""
        return f"{plural(use.count, 'call')}: {', '.join(use.locations)}{more}"
    versions = ("; app versions " + ", ".join(f"{v.version} ({v.count:,})" for v in use.versions)
                if use.versions else "")
    return f"{plural(use.count, 'event')}{versions}"
