"""Drift in words: one :class:`Finding` per thing a team has to fix or decide.

The matrix says *how much* an event drifts; findings say *what* drifts, each
with the platforms, the property and the number of events involved.  A
finding's severity is ``error`` when the rule that forbids it fired for the
events concerned (so ``--ignore`` and severity settings carry over),
``warning`` for differences between platforms the plan does not forbid.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from linter.drift.compare import case_variants, families
from linter.drift.model import (
    FINDING_KINDS,
    EventDrift,
    Finding,
    FindingKind,
    FindingSeverity,
    PlatformCell,
    PropertyDrift,
    PropertyOnPlatform,
    ValueCount,
)
from linter.plan.model import Plan
from linter.text.naming import Suggester

_SEVERITY_ORDER: Final = {"error": 0, "warning": 1, "info": 2}
_KIND_ORDER: Final = {kind: index for index, kind in enumerate(FINDING_KINDS)}
#: Values quoted per platform in a value-drift message.
_QUOTED_VALUES: Final = 3


def find_all(events: Sequence[EventDrift], plan: Plan) -> tuple[Finding, ...]:
    """Every finding of every event, errors first, then by kind and event."""
    suggester = Suggester(plan.events)
    seen = {cell.platform for event in events for cell in event.cells if cell.count}
    found = [f for event in events for f in event_findings(event, plan, suggester, seen)]
    return tuple(sorted(found, key=_order))


def _order(finding: Finding) -> tuple[int, int, str, str, tuple[str, ...]]:
    return (_SEVERITY_ORDER[finding.severity], _KIND_ORDER[finding.kind],
            finding.event.casefold(), finding.property or "", finding.platforms)


def event_findings(event: EventDrift, plan: Plan, suggester: Suggester,
                   seen_platforms: set[str]) -> Iterator[Finding]:
    """The findings of one event: about the event itself, then about its properties."""
    sending = [cell for cell in event.cells if cell.count]
    if event.status == "unplanned":
        yield _unknown_event(event, sending, suggester)
    else:
        yield from _retired(event, sending)
        yield from _wrong_platform(event, sending, plan)
        if _active(event):
            yield from _not_sent(event, sending, plan, seen_platforms)
    for prop in event.properties:
        yield from property_findings(event, prop)


def _active(event: EventDrift) -> bool:
    return event.status == "active"


# -- event level ---------------------------------------------------------------


def _fired(cells: Iterable[PlatformCell], code: str, prop: str | None = None) -> bool:
    return any(issue.code == code and issue.property == prop
               for cell in cells for issue in cell.issues)


def _severity(fired: bool) -> FindingSeverity:
    return "error" if fired else "warning"


def _counts(cells: Iterable[PlatformCell]) -> str:
    return ", ".join(f"{cell.platform} ({cell.count})" for cell in cells)


def _unknown_event(event: EventDrift, sending: Sequence[PlatformCell],
                   suggester: Suggester) -> Finding:
    close = suggester.suggest(event.name)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return _finding(
        "unknown_event", _severity(_fired(sending, "TL201")), event,
        f"'{event.name}' is not in the tracking plan; sent by {_counts(sending)}{hint}",
        sending)


def _retired(event: EventDrift, sending: Sequence[PlatformCell]) -> Iterator[Finding]:
    kind: FindingKind = "removed_event" if event.status == "removed" else "deprecated_event"
    instead = f"; send '{event.replaced_by}' instead" if event.replaced_by else ""
    for cell in sending:
        if not cell.retired:
            continue
        versions = tuple(v.version for v in cell.versions)
        shown = f" by versions {_version_span(versions)}" if versions else ""
        yield Finding(
            kind=kind, severity="error", event=event.name, platforms=(cell.platform,),
            count=cell.retired, versions=versions,
            message=(f"{cell.platform} still sends {event.status} '{event.name}' "
                     f"({_events(cell.retired)}{shown}){instead}"))


def _version_span(versions: Sequence[str]) -> str:
    """``2.9.1, 2.9.0, 2.8.0`` or ``2.9.1 ... 2.1.0 (7 versions)``; newest first."""
    if len(versions) <= 3:
        return ", ".join(versions)
    return f"{versions[0]} \u2026 {versions[-1]} ({len(versions)} versions)"


def _wrong_platform(event: EventDrift, sending: Sequence[PlatformCell],
                    plan: Plan) -> Iterator[Finding]:
    planned_for = plan.events[event.name].platforms
    for cell in sending:
        if not cell.planned:
            yield Finding(
                kind="wrong_platform", severity=_severity(_fired([cell], "TL202")),
                event=event.name, platforms=(cell.platform,), count=cell.count,
                message=(f"'{event.name}' is sent from {cell.platform} ({_events(cell.count)}), "
                         f"but the plan lists it for {', '.join(planned_for)} only"))


def _not_sent(event: EventDrift, sending: Sequence[PlatformCell], plan: Plan,
              seen_platforms: set[str]) -> Iterator[Finding]:
    """A platform that is planned for the event and sent other events, but not this one."""
    if not sending:
        return
    planned_for = plan.events[event.name].platforms
    silent = [p for p in planned_for if p in seen_platforms and not _sent_from(sending, p)]
    if silent:
        yield Finding(
            kind="not_sent", severity="warning", event=event.name, platforms=tuple(silent),
            message=(f"'{event.name}' is planned for {', '.join(silent)} but only "
                     f"{_counts(sending)} sent it"))


def _sent_from(cells: Sequence[PlatformCell], platform: str) -> bool:
    return any(cell.platform == platform for cell in cells)


# -- property level --------------------------------------------------------------


def property_findings(event: EventDrift, prop: PropertyDrift) -> Iterator[Finding]:
    """What drifts about one property: missing, renamed, extra, gaps, types, values.

    For an event the plan does not define every property is unplanned; that is
    said once by the ``unknown_event`` finding, so only the differences between
    platforms (types, values) are reported for its properties.
    """
    if event.status != "unplanned":
        yield from _missing(event, prop)
        yield from _renamed_or_extra(event, prop)
        yield from _gap(event, prop)
    if "type_drift" in prop.flags:
        yield _type_drift(event, prop)
    if "value_drift" in prop.flags:
        yield _value_drift(event, prop)


def _senders(prop: PropertyDrift, but: str | None = None) -> list[PropertyOnPlatform]:
    return [on for on in prop.platforms if on.present and on.platform != but]


def _missing(event: EventDrift, prop: PropertyDrift) -> Iterator[Finding]:
    for on in prop.platforms:
        if on.status not in ("missing", "partial"):
            continue
        others = _senders(prop, on.platform)
        also = f"; sent by {', '.join(o.platform for o in others)}" if others else ""
        lacking = on.events - on.present
        yield Finding(
            kind="missing_property",
            severity=_severity(_fired(event.cells, "TL205", prop.name)),
            event=event.name, property=prop.name, platforms=(on.platform,), count=lacking,
            message=(f"{on.platform} omits required '{prop.name}' in {lacking} of "
                     f"{_events(on.events)} ({_percent(lacking, on.events)}){also}"))


def _renamed_or_extra(event: EventDrift, prop: PropertyDrift) -> Iterator[Finding]:
    extra = [on for on in prop.platforms if on.status == "extra"]
    if not extra:
        return
    severity = _severity(_fired(event.cells, "TL206", prop.name))
    if prop.renamed_to is not None:
        for on in extra:
            yield Finding(
                kind="renamed_property", severity=severity, event=event.name,
                property=prop.name, platforms=(on.platform,), count=on.present,
                message=(f"{on.platform} sends '{prop.name}' instead of '{prop.renamed_to}' "
                         f"({on.present} of {_events(on.events)})"))
        return
    where = ", ".join(f"{on.platform} ({on.present} of {on.events})" for on in extra)
    yield Finding(
        kind="extra_property", severity=severity, event=event.name, property=prop.name,
        platforms=tuple(on.platform for on in extra), count=sum(on.present for on in extra),
        message=f"unplanned property '{prop.name}' is sent by {where}")


def _gap(event: EventDrift, prop: PropertyDrift) -> Iterator[Finding]:
    """An optional planned property that some platforms send and others never do.

    A missing *required* property is already a ``missing_property`` finding.
    """
    senders = _senders(prop)
    silent = [on for on in prop.platforms if on.status == "unused"]
    if not senders or not silent:
        return
    sent_by = ", ".join(f"{on.platform} ({on.present} of {on.events})" for on in senders)
    never = ", ".join(f"{on.platform} ({_events(on.events)})" for on in silent)
    yield Finding(
        kind="platform_gap", severity="error", event=event.name, property=prop.name,
        platforms=tuple(on.platform for on in silent),
        count=sum(on.events for on in silent),
        message=f"'{prop.name}' is sent by {sent_by} but never by {never}")


def _type_drift(event: EventDrift, prop: PropertyDrift) -> Finding:
    senders = _senders(prop)
    by_families: dict[str, list[str]] = {}
    for on in senders:
        kinds = " and ".join(sorted(families(on.types)))
        if kinds:
            by_families.setdefault(kinds, []).append(on.platform)
    parts = [f"{kinds} from {', '.join(platforms)}" for kinds, platforms in by_families.items()]
    planned = f"; the plan says {prop.type}" if prop.type and prop.type != "any" else ""
    return Finding(
        kind="type_drift", severity=_severity(_fired(event.cells, "TL207", prop.name)),
        event=event.name, property=prop.name,
        platforms=tuple(on.platform for on in senders),
        count=sum(on.present for on in senders),
        message=f"'{prop.name}' is sent as {'; as '.join(parts)}{planned}")


def _value_drift(event: EventDrift, prop: PropertyDrift) -> Finding:
    pieces: list[str] = []
    involved: dict[str, None] = {}
    for by_platform in case_variants(prop).values():
        platforms_of: dict[str, list[str]] = {}
        for platform, spellings in by_platform.items():
            involved[platform] = None
            for spelling in spellings:
                platforms_of.setdefault(spelling, []).append(platform)
        pieces.append(" vs ".join(f"{spelling!r} ({', '.join(platforms)})"
                                  for spelling, platforms in platforms_of.items()))
    outside = _outside_enum(prop)
    for platform, values in outside.items():
        involved[platform] = None
        quoted = ", ".join(f"{v.value!r} ({v.count})" for v in values[:_QUOTED_VALUES])
        pieces.append(f"{platform} sends {quoted}, not in the plan")
    allowed = (f" (allowed: {', '.join(repr(v) for v in prop.enum)})"
               if prop.enum is not None and outside else "")
    fired = _fired(event.cells, "TL208", prop.name)
    return Finding(
        kind="value_drift", severity=_severity(fired), event=event.name, property=prop.name,
        platforms=tuple(involved),
        count=sum(v.count for values in outside.values() for v in values),
        message=f"'{prop.name}' values differ: {'; '.join(pieces)}{allowed}")


def _outside_enum(prop: PropertyDrift) -> dict[str, list[ValueCount]]:
    return {on.platform: bad for on in prop.platforms
            if (bad := [v for v in on.top_values if v.in_plan is False])}


# -- helpers ------------------------------------------------------------------------


def _finding(kind: FindingKind, severity: FindingSeverity, event: EventDrift, message: str,
             cells: Sequence[PlatformCell]) -> Finding:
    return Finding(kind=kind, severity=severity, event=event.name, message=message,
                   platforms=tuple(cell.platform for cell in cells),
                   count=sum(cell.count for cell in cells))


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"
