"""From the collector's counters to the report: compare platforms with the plan and each other.

Everything here runs once, after the stream, on data whose size is bounded by
the plan and the limits.  The comparisons are:

* per event x platform: conformance rate, the kinds of problems, and the app
  version since which it conforms;
* per property: which platforms send it and how often, compared with what the
  plan says for each platform (``missing``, ``partial``, ``extra``...), which
  value types and values each platform sends;
* per platform: the app-version view (conformance by version, retired events
  still sent by old versions).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from linter.diagnostics import Diagnostic
from linter.drift.accumulators import (
    CellAccumulator,
    Collected,
    IssueKey,
    PlatformAccumulator,
    PropertyAccumulator,
    VersionAccumulator,
)
from linter.drift.compare import allowed_families, case_variants, families
from linter.drift.findings import find_all
from linter.drift.model import (
    DriftLimits,
    DriftReport,
    EventDrift,
    EventStatus,
    InputSummary,
    IssueCount,
    Overflow,
    PlatformCell,
    PlatformVersions,
    PropertyDrift,
    PropertyOnPlatform,
    PropertyStatus,
    Range,
    RetiredUse,
    Scalar,
    ValueCount,
    VersionCount,
)
from linter.drift.sketches import MAX_VALUE_CHARS, NumericRange, TopK
from linter.drift.versions import VersionRate, conforms_since, version_key
from linter.payloads.platforms import UNKNOWN_PLATFORM
from linter.payloads.reader import PayloadStats
from linter.payloads.unreadable import unreadable_records
from linter.plan.model import Event, Plan, Property
from linter.rules import RULES
from linter.text.naming import Suggester


def build_report(plan: Plan, limits: DriftLimits, data: Collected,
                 stats: PayloadStats | None) -> DriftReport:
    """The whole report; ``stats`` (the payload reader's counters) fill its input summary."""
    platforms = platform_order(_seen_platforms(data), plan)
    events = tuple(
        event_drift(plan, limits, name, data.cells[name], platforms)
        for name in sorted(data.cells, key=lambda name: (name.casefold(), name))
    )
    versions = tuple(
        view for platform in platforms
        if (view := platform_versions(platform, data.platforms.get(platform), limits, plan))
    )
    overflow = Overflow(
        events=data.overflow_events,
        properties=sum(cell.other_properties for cells in data.cells.values()
                       for cell in cells.values()),
        versions=data.overflow_versions,
    )
    return DriftReport(
        platforms=platforms,
        events=events,
        findings=(*find_all(events, plan), *_unreadable(data)),
        versions=versions,
        limits=limits,
        inputs=input_summary(stats, data),
        overflow=overflow,
        plan_version=plan.version,
        plan_platforms=plan.platforms,
    )


def _unreadable(data: Collected) -> tuple[Diagnostic, ...]:
    """TL303 for the records that could not be read: never a silent pass."""
    found = unreadable_records(data.problem_count, data.problems[0] if data.problems else None)
    return (found,) if found is not None else ()


def _seen_platforms(data: Collected) -> set[str]:
    return {platform for cells in data.cells.values() for platform, cell in cells.items()
            if cell.count}


def platform_order(seen: Iterable[str], plan: Plan) -> tuple[str, ...]:
    """The plan's platforms in plan order, then any others alphabetically, ``unknown`` last.

    Only platforms that sent events are columns: an empty column would say
    nothing that the plan does not already say.
    """
    seen = set(seen)
    ordered = [p for p in plan.platforms if p in seen]
    others = sorted(seen - set(ordered) - {UNKNOWN_PLATFORM})
    tail = [UNKNOWN_PLATFORM] if UNKNOWN_PLATFORM in seen else []
    return (*ordered, *others, *tail)


def input_summary(stats: PayloadStats | None, data: Collected) -> InputSummary:
    problems = tuple(data.problems)
    if stats is None:
        counted = sum(cell.count for cells in data.cells.values() for cell in cells.values())
        return InputSummary(events=counted + data.overflow_events,
                            unreadable=data.problem_count, problems=problems)
    return InputSummary(files=stats.files, records=stats.records, events=stats.events,
                        non_events=stats.non_events, unreadable=stats.unreadable,
                        file_problems=stats.file_problems, problems=problems)


# -- events and cells ----------------------------------------------------------


def event_drift(plan: Plan, limits: DriftLimits, name: str,
                cells: Mapping[str, CellAccumulator], platforms: Sequence[str]) -> EventDrift:
    """One matrix row and its drill-down."""
    event = plan.event(name)
    status: EventStatus = event.status if event is not None else "unplanned"
    row = tuple(platform_cell(event, platform, cells.get(platform), limits)
                for platform in platforms)
    return EventDrift(
        name=name,
        status=status,
        replaced_by=event.replaced_by if event is not None else None,
        cells=row,
        properties=property_drifts(plan, event, cells, platforms, limits),
    )


def platform_cell(event: Event | None, platform: str, cell: CellAccumulator | None,
                  limits: DriftLimits) -> PlatformCell:
    planned = event is not None and event.planned_for(platform)
    if cell is None or not cell.count:
        return PlatformCell(platform, 0, 0, planned)
    versions = tuple(
        VersionCount(version, counts[0], counts[1])
        for version, counts in sorted(cell.versions.items(),
                                      key=lambda item: version_key(item[0]), reverse=True)
    )
    since = (conforms_since([VersionRate(v.version, v.count, v.conformant) for v in versions],
                            limits.threshold) if versions else None)
    return PlatformCell(
        platform=platform,
        count=cell.count,
        conformant=cell.conformant,
        planned=planned,
        retired=cell.retired,
        issues=issue_counts(cell.issues, errors=cell.errors),
        conforms_since=since,
        versions=versions,
        other_properties=cell.other_properties,
    )


def issue_counts(issues: TopK[IssueKey], limit: int | None = None,
                 errors: Collection[IssueKey] = ()) -> tuple[IssueCount, ...]:
    """The counted (rule, property) pairs, most frequent first, with each rule's name;
    ``errors`` are the pairs that were errors for some event."""
    return tuple(
        IssueCount(code, prop, counted.count, RULES[code].name if code in RULES else "",
                   error=(code, prop) in errors)
        for counted in issues.most_common(limit)
        for code, prop in (counted.item,)
    )


# -- properties ------------------------------------------------------------------


def property_drifts(plan: Plan, event: Event | None, cells: Mapping[str, CellAccumulator],
                    platforms: Sequence[str], limits: DriftLimits) -> tuple[PropertyDrift, ...]:
    """Every property sent or planned for the event, on every platform that sent it."""
    sending = [p for p in platforms if p in cells and cells[p].count]
    planned = {p: _planned_properties(plan, event, p) for p in sending}
    names = _property_names(sending, planned, cells)
    drifts = [
        _property_drift(name, sending, planned, cells, limits) for name in names
    ]
    return tuple(_with_renames(drifts))


def _planned_properties(plan: Plan, event: Event | None, platform: str) -> dict[str, Property]:
    if event is None:
        return {}
    return {prop.name: prop for prop in plan.properties_for(event, platform)}


def _property_names(sending: Sequence[str], planned: Mapping[str, Mapping[str, Property]],
                    cells: Mapping[str, CellAccumulator]) -> list[str]:
    """Planned properties in plan order first, then unplanned ones, most sent first."""
    names: dict[str, None] = {}
    for platform in sending:
        names.update(dict.fromkeys(planned[platform]))
    sent: dict[str, int] = {}
    for platform in sending:
        for name, accumulator in cells[platform].properties.items():
            if name not in names:
                sent[name] = sent.get(name, 0) + accumulator.present
    extra = sorted(sent, key=lambda name: (-sent[name], name))
    return [*names, *extra]


def _property_drift(name: str, sending: Sequence[str],
                    planned: Mapping[str, Mapping[str, Property]],
                    cells: Mapping[str, CellAccumulator], limits: DriftLimits) -> PropertyDrift:
    definition = next((planned[p][name] for p in sending if name in planned[p]), None)
    per_platform = tuple(
        property_on(platform, cells[platform], name, planned[platform].get(name), limits)
        for platform in sending
    )
    drift = PropertyDrift(
        name=name,
        planned=definition is not None,
        type=definition.type if definition is not None else None,
        enum=definition.enum if definition is not None else None,
        platforms=per_platform,
    )
    return _flagged(drift, definition)


def property_on(platform: str, cell: CellAccumulator, name: str, definition: Property | None,
                limits: DriftLimits) -> PropertyOnPlatform:
    """One property on one platform: presence, status against the plan, value summary."""
    accumulator = cell.properties.get(name)
    present = accumulator.present if accumulator is not None else 0
    required = definition is not None and definition.is_required(platform)
    issues = tuple((issue.code, issue.count) for issue in issue_counts(cell.issues)
                   if issue.property == name)
    base = PropertyOnPlatform(
        platform=platform, events=cell.count, present=present,
        status=property_status(present, cell.count, definition is not None, required),
        planned=definition is not None, required=required, issues=issues,
    )
    if accumulator is None:
        return base
    return _with_values(base, accumulator, definition, limits)


def property_status(present: int, events: int, planned: bool, required: bool) -> PropertyStatus:
    """How a platform's use of a property compares with the plan.

    ``missing``: required, never sent; ``partial``: required, sent by some
    events only; ``unused``: optional, never sent; ``extra``: not planned but
    sent; ``absent``: neither planned nor sent; ``ok`` otherwise.
    """
    if not planned:
        return "extra" if present else "absent"
    if present == 0:
        return "missing" if required else "unused"
    if required and present < events:
        return "partial"
    return "ok"


def _with_values(base: PropertyOnPlatform, accumulator: PropertyAccumulator,
                 definition: Property | None, limits: DriftLimits) -> PropertyOnPlatform:
    enum = definition.enum if definition is not None else None
    values = tuple(
        ValueCount(value=_shown(item[1]), type=item[0], count=counted.count,
                   error=counted.error, truncated=_truncated(item[1]),
                   in_plan=_in_enum(item[1], enum))
        for counted in accumulator.values.most_common(limits.top_shown)
        for item in (counted.item,)
    )
    return PropertyOnPlatform(
        platform=base.platform, events=base.events, present=base.present, status=base.status,
        planned=base.planned, required=base.required, issues=base.issues,
        types=accumulator.types.as_tuple(), top_values=values,
        distinct_saturated=accumulator.values.saturated,
        numbers=_range(accumulator.numbers), lengths=_range(accumulator.lengths),
    )


def _shown(value: Any) -> Scalar:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def _truncated(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_VALUE_CHARS


def _in_enum(value: Any, enum: tuple[Scalar, ...] | None) -> bool | None:
    """Whether a value is one of the plan's enum values (``True`` and ``1`` differ)."""
    if enum is None:
        return None
    return any(isinstance(value, bool) == isinstance(option, bool) and value == option
               for option in enum)


def _range(numbers: NumericRange) -> Range | None:
    if not numbers.count or numbers.minimum is None or numbers.maximum is None:
        return None
    return Range(numbers.minimum, numbers.maximum, numbers.count)


# -- drift flags -------------------------------------------------------------------


def _flagged(drift: PropertyDrift, definition: Property | None) -> PropertyDrift:
    statuses = {on.status for on in drift.platforms}
    sent = any(on.present for on in drift.platforms)
    flags: list[str] = []
    if statuses & {"missing", "partial"}:
        flags.append("missing")
    if "extra" in statuses:
        flags.append("extra")
    if sent and statuses & {"missing", "unused"}:
        flags.append("platform_gap")
    if _type_drift(drift, definition):
        flags.append("type_drift")
    if case_variants(drift) or any(v.in_plan is False for on in drift.platforms
                                   for v in on.top_values):
        flags.append("value_drift")
    flagged = _replace_flags(drift, tuple(flags))
    if "type_drift" in flags or "value_drift" in flags:
        return _with_drift_status(flagged, definition)
    return flagged


#: Event rules about a property's value: a platform whose events broke one is not ``ok``.
_VALUE_RULES = frozenset({"TL207", "TL208", "TL209"})


def _with_drift_status(drift: PropertyDrift, definition: Property | None) -> PropertyDrift:
    """``drift`` instead of ``ok`` for the platforms that send the odd types or values."""
    allowed = allowed_families(definition)
    sent = {on.platform: families(on.types) for on in drift.platforms if on.present}
    usual = max(sent.values(), key=list(sent.values()).count) if sent else frozenset()
    # With an enum, a spelling outside it is caught by ``in_plan``; without one every
    # platform taking part in a case variant is drifting.
    spelled = set() if drift.enum is not None else {
        platform for by_platform in case_variants(drift).values() for platform in by_platform}

    def drifting(on: PropertyOnPlatform) -> bool:
        found = sent.get(on.platform, frozenset())
        odd_type = bool(found - allowed) if allowed is not None else found != usual
        return (odd_type or on.platform in spelled
                or any(code in _VALUE_RULES for code, _ in on.issues)
                or any(v.in_plan is False for v in on.top_values))

    platforms = tuple(replace(on, status="drift") if on.status == "ok" and drifting(on) else on
                      for on in drift.platforms)
    return replace(drift, platforms=platforms)


def _type_drift(drift: PropertyDrift, definition: Property | None) -> bool:
    """Platforms send different value families, or a family the plan does not allow."""
    sent = [families(on.types) for on in drift.platforms if on.present]
    sent = [found for found in sent if found]
    if len(set(sent)) > 1:
        return True
    allowed = allowed_families(definition)
    return allowed is not None and any(found - allowed for found in sent)


def _replace_flags(drift: PropertyDrift, flags: tuple[str, ...],
                   renamed_to: str | None = None) -> PropertyDrift:
    return PropertyDrift(name=drift.name, planned=drift.planned, type=drift.type,
                         enum=drift.enum, platforms=drift.platforms, flags=flags,
                         renamed_to=renamed_to or drift.renamed_to)


def _with_renames(drifts: list[PropertyDrift]) -> list[PropertyDrift]:
    """Mark an extra property that is another spelling of one the platform lacks.

    Android sending ``planType`` while iOS sends ``plan_type`` is one property
    renamed, not one missing and one unplanned: an extra property is matched
    (by the did-you-mean suggester) against the properties that the same
    platform does not fully send but the plan or another platform does.
    """
    by_name = {drift.name: drift for drift in drifts}
    result = []
    for drift in drifts:
        target = _rename_target(drift, by_name)
        if target is None:
            result.append(drift)
        else:
            result.append(_replace_flags(drift, (*drift.flags, "renamed"), target))
    return result


def _rename_target(drift: PropertyDrift, by_name: Mapping[str, PropertyDrift]) -> str | None:
    for on in drift.platforms:
        if on.status != "extra":
            continue
        candidates = [
            other.name for other in by_name.values()
            if other.name != drift.name and _lacking(other, on.platform)
        ]
        found = Suggester(candidates).suggest(drift.name) if candidates else []
        if found:
            return found[0]
    return None


def _lacking(drift: PropertyDrift, platform: str) -> bool:
    """The platform does not fully send a property that is planned or sent elsewhere."""
    on = drift.on(platform)
    if on is None:
        return False
    if on.status in ("missing", "partial", "unused"):
        return True
    return on.present == 0 and any(o.present for o in drift.platforms if o.platform != platform)


# -- app versions ------------------------------------------------------------------


def platform_versions(platform: str, accumulator: PlatformAccumulator | None,
                      limits: DriftLimits, plan: Plan) -> PlatformVersions | None:
    """The version view of a platform that sent app versions, else ``None``."""
    if accumulator is None or not (accumulator.versions or accumulator.other.count):
        return None
    rows = tuple(
        version_count(version, bucket)
        for version, bucket in sorted(accumulator.versions.items(),
                                      key=lambda item: version_key(item[0]), reverse=True)
    )
    since = conforms_since([VersionRate(r.version, r.count, r.conformant) for r in rows],
                           limits.threshold)
    other = version_count("other", accumulator.other) if accumulator.other.count else None
    return PlatformVersions(
        platform=platform,
        versions=rows,
        conforms_since=since,
        threshold=limits.threshold,
        retired=retired_uses(rows, plan),
        unversioned=accumulator.unversioned,
        other=other,
    )


def version_count(version: str, bucket: VersionAccumulator) -> VersionCount:
    return VersionCount(
        version=version,
        count=bucket.count,
        conformant=bucket.conformant,
        retired=bucket.retired,
        issues=issue_counts(bucket.issues, 5),
        retired_events=tuple(sorted(bucket.retired_events.items(),
                                    key=lambda item: (-item[1], item[0]))),
    )


def retired_uses(rows: Sequence[VersionCount], plan: Plan) -> tuple[RetiredUse, ...]:
    """Deprecated and removed events still sent, with the versions sending them (newest first)."""
    counts: dict[str, int] = {}
    versions: dict[str, list[str]] = {}
    for row in rows:  # rows are newest first
        for name, count in row.retired_events:
            counts[name] = counts.get(name, 0) + count
            versions.setdefault(name, []).append(row.version)
    uses = []
    for name in sorted(counts):
        event = plan.event(name)
        uses.append(RetiredUse(
            event=name,
            status=event.status if event is not None else "deprecated",
            replaced_by=event.replaced_by if event is not None else None,
            count=counts[name],
            versions=tuple(versions[name]),
        ))
    return tuple(uses)
