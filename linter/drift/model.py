"""The drift report: immutable values that every renderer reads.

:class:`~linter.drift.aggregate.DriftCollector` turns a stream of observations
into one :class:`DriftReport`; the text, JSON and HTML renderers only read it.
Keeping the report a plain tree of frozen dataclasses with a stable
:meth:`DriftReport.to_dict` is what makes the JSON output a contract that CI
jobs and dashboards can rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from linter.diagnostics import Diagnostic, Severity

#: How a property fares on one platform, compared with the plan.
#: ``drift``: sent, but with types or values the plan or the other platforms do not.
PropertyStatus = Literal["ok", "drift", "missing", "partial", "unused", "extra", "absent"]
#: What an event is in the plan; ``unplanned`` when the plan does not define it.
EventStatus = Literal["active", "deprecated", "removed", "unplanned"]

Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class DriftLimits:
    """The bounds that keep ``tracklint drift`` in constant memory, and its threshold.

    ``top_k`` is the capacity of each property x platform value sketch, of which
    ``top_shown`` values are reported.  Planned events and properties are always
    tracked; ``max_events`` bounds the *unplanned* event names and
    ``max_properties`` the unplanned property names per event x platform
    (occurrences beyond are counted, not kept).  ``max_versions`` bounds the app
    versions kept per platform, ``max_issues`` the distinct (rule, property)
    pairs counted per event x platform.  ``threshold`` is the conformance rate a
    version must reach for "conforms since" (see :mod:`linter.drift.versions`).
    """

    top_k: int = 32
    top_shown: int = 5
    max_events: int = 1000
    max_properties: int = 200
    max_versions: int = 200
    max_issues: int = 256
    threshold: float = 0.99

    def __post_init__(self) -> None:
        for name in ("top_k", "top_shown", "max_events", "max_properties", "max_versions",
                     "max_issues"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {"top_k": self.top_k, "top_shown": self.top_shown,
                "max_events": self.max_events, "max_properties": self.max_properties,
                "max_versions": self.max_versions, "max_issues": self.max_issues,
                "threshold": self.threshold}


@dataclass(frozen=True, slots=True)
class ValueCount:
    """One of the most frequent values of a property on a platform.

    ``count`` is an estimate that may exceed the true count by at most
    ``error`` once the sketch is full; ``in_plan`` is false for a value outside
    the plan's enum (``None`` when the plan has no enum).
    """

    value: Scalar
    type: str
    count: int
    error: int = 0
    truncated: bool = False
    in_plan: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "type": self.type, "count": self.count,
                "error": self.error, "truncated": self.truncated, "in_plan": self.in_plan}


@dataclass(frozen=True, slots=True)
class Range:
    """Minimum and maximum of numbers or string lengths; ``count`` values were seen."""

    minimum: float
    maximum: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.minimum, "max": self.maximum, "count": self.count}


@dataclass(frozen=True, slots=True)
class PropertyOnPlatform:
    """What one platform sends for one property of one event."""

    platform: str
    events: int
    present: int
    status: PropertyStatus
    planned: bool
    required: bool
    types: tuple[tuple[str, int], ...] = ()
    top_values: tuple[ValueCount, ...] = ()
    distinct_saturated: bool = False
    numbers: Range | None = None
    lengths: Range | None = None
    issues: tuple[tuple[str, int], ...] = ()

    @property
    def presence(self) -> float:
        return self.present / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "events": self.events,
            "present": self.present,
            "presence": round(self.presence, 4),
            "status": self.status,
            "planned": self.planned,
            "required": self.required,
            "types": dict(self.types),
            "top_values": [value.to_dict() for value in self.top_values],
            "top_values_approximate": self.distinct_saturated,
            "numbers": self.numbers.to_dict() if self.numbers else None,
            "lengths": self.lengths.to_dict() if self.lengths else None,
            "issues": dict(self.issues),
        }


@dataclass(frozen=True, slots=True)
class PropertyDrift:
    """One property of an event across the platforms that send the event.

    ``flags`` name the kinds of drift found for it (``missing``, ``extra``,
    ``renamed``, ``platform_gap``, ``type_drift``, ``value_drift``).
    """

    name: str
    planned: bool
    type: str | None
    enum: tuple[Scalar, ...] | None
    platforms: tuple[PropertyOnPlatform, ...]
    flags: tuple[str, ...] = ()
    renamed_to: str | None = None

    def on(self, platform: str) -> PropertyOnPlatform | None:
        return next((p for p in self.platforms if p.platform == platform), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "planned": self.planned,
            "type": self.type,
            "enum": list(self.enum) if self.enum is not None else None,
            "flags": list(self.flags),
            "renamed_to": self.renamed_to,
            "platforms": {p.platform: p.to_dict() for p in self.platforms},
        }


@dataclass(frozen=True, slots=True)
class IssueCount:
    """How many events of a cell had one kind of problem (a rule, maybe on a property)."""

    code: str
    property: str | None
    count: int
    name: str = ""
    error: bool = False

    def describe(self) -> str:
        """``TL206 unplanned-property 'planType'``: the issue as a short label."""
        subject = f" '{self.property}'" if self.property else ""
        return f"{self.code} {self.name}{subject}".replace("  ", " ")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "rule": self.name, "property": self.property,
                "count": self.count, "error": self.error}


@dataclass(frozen=True, slots=True)
class PlatformCell:
    """One event on one platform: the cell of the conformance matrix.

    ``rate`` is the share of events without an error (``None`` when the platform
    sent none); ``planned`` says whether the plan lists the platform for the event.
    """

    platform: str
    count: int
    conformant: int
    planned: bool
    retired: int = 0
    issues: tuple[IssueCount, ...] = ()
    conforms_since: str | None = None
    versions: tuple[VersionCount, ...] = ()
    other_properties: int = 0

    @property
    def rate(self) -> float | None:
        return self.conformant / self.count if self.count else None

    def to_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "platform": self.platform,
            "count": self.count,
            "conformant": self.conformant,
            "rate": round(rate, 4) if rate is not None else None,
            "planned": self.planned,
            "retired": self.retired,
            "issues": [issue.to_dict() for issue in self.issues],
            "conforms_since": self.conforms_since,
            "versions": [version.to_dict() for version in self.versions],
            "other_properties": self.other_properties,
        }


@dataclass(frozen=True, slots=True)
class EventDrift:
    """One event: its matrix row (one cell per platform) and its property drill-down."""

    name: str
    status: EventStatus
    replaced_by: str | None
    cells: tuple[PlatformCell, ...]
    properties: tuple[PropertyDrift, ...]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    @property
    def conformant(self) -> int:
        return sum(cell.conformant for cell in self.cells)

    @property
    def has_drift(self) -> bool:
        """Some platform sends events of it that break the plan."""
        return any(cell.count and cell.conformant < cell.count for cell in self.cells)

    def cell(self, platform: str) -> PlatformCell | None:
        return next((c for c in self.cells if c.platform == platform), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "replaced_by": self.replaced_by,
            "total": self.total,
            "conformant": self.conformant,
            "drift": self.has_drift,
            "platforms": {cell.platform: cell.to_dict() for cell in self.cells if cell.count},
            "properties": [prop.to_dict() for prop in self.properties],
        }


@dataclass(frozen=True, slots=True)
class VersionCount:
    """Events of one app version (of one platform, or of one event on it)."""

    version: str
    count: int
    conformant: int
    retired: int = 0
    issues: tuple[IssueCount, ...] = ()
    retired_events: tuple[tuple[str, int], ...] = ()

    @property
    def rate(self) -> float:
        return self.conformant / self.count if self.count else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "count": self.count, "conformant": self.conformant,
                "rate": round(self.rate, 4), "retired": self.retired,
                "retired_events": dict(self.retired_events),
                "issues": [issue.to_dict() for issue in self.issues]}


@dataclass(frozen=True, slots=True)
class RetiredUse:
    """A deprecated or removed event still sent by some versions of a platform."""

    event: str
    status: str
    replaced_by: str | None
    count: int
    versions: tuple[str, ...]

    @property
    def newest(self) -> str | None:
        return self.versions[0] if self.versions else None

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "status": self.status, "replaced_by": self.replaced_by,
                "count": self.count, "versions": list(self.versions),
                "newest_version": self.newest}


@dataclass(frozen=True, slots=True)
class PlatformVersions:
    """The app-version view of one platform, newest version first.

    ``conforms_since`` is the oldest version from which every later version is
    at least ``threshold`` conformant (``None``: the newest is not);
    ``unversioned`` counts events without an app version and ``other`` those of
    versions beyond the tracking limit.
    """

    platform: str
    versions: tuple[VersionCount, ...]
    conforms_since: str | None
    threshold: float
    retired: tuple[RetiredUse, ...] = ()
    unversioned: int = 0
    other: VersionCount | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "conforms_since": self.conforms_since,
            "threshold": self.threshold,
            "versions": [version.to_dict() for version in self.versions],
            "retired_events": [use.to_dict() for use in self.retired],
            "unversioned_events": self.unversioned,
            "other_versions": self.other.to_dict() if self.other else None,
        }


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What was read: the payload reader's counters, and the first unreadable records."""

    files: int = 0
    records: int = 0
    events: int = 0
    non_events: int = 0
    unreadable: int = 0
    file_problems: int = 0
    problems: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "records": self.records, "events": self.events,
                "non_events": self.non_events, "unreadable": self.unreadable,
                "file_problems": self.file_problems, "problems": list(self.problems)}


@dataclass(frozen=True, slots=True)
class Overflow:
    """What the limits kept out of the report, counted so nothing disappears silently.

    ``events`` counts events whose (unplanned) name came after ``max_events``
    names were already kept; ``properties`` counts property occurrences beyond
    ``max_properties``; ``versions`` counts events of app versions beyond
    ``max_versions``.
    """

    events: int = 0
    properties: int = 0
    versions: int = 0

    @property
    def any(self) -> bool:
        return bool(self.events or self.properties or self.versions)

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events, "properties": self.properties,
                "versions": self.versions}


@dataclass(frozen=True, slots=True)
class DriftReport:
    """Everything ``tracklint drift`` found: the matrix, the drill-downs, the versions."""

    platforms: tuple[str, ...]
    events: tuple[EventDrift, ...]
    findings: tuple[Diagnostic, ...]
    versions: tuple[PlatformVersions, ...]
    limits: DriftLimits
    inputs: InputSummary
    overflow: Overflow
    plan_version: str | None = None
    plan_platforms: tuple[str, ...] = ()

    @property
    def has_drift(self) -> bool:
        """Drift fails a run: a finding that is an error (the exit code says the same)."""
        return any(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def total(self) -> int:
        return sum(event.total for event in self.events)

    @property
    def conformant(self) -> int:
        return sum(event.conformant for event in self.events)

    def event(self, name: str) -> EventDrift | None:
        return next((e for e in self.events if e.name == name), None)

    def platform_totals(self, platform: str) -> tuple[int, int]:
        """``(events, conformant events)`` of one platform over every event."""
        cells = [e.cell(platform) for e in self.events]
        return (sum(c.count for c in cells if c), sum(c.conformant for c in cells if c))

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "drift": self.has_drift,
            "plan_version": self.plan_version,
            "platforms": list(self.platforms),
            "summary": {
                "events": total,
                "conformant": self.conformant,
                "rate": round(self.conformant / total, 4) if total else None,
                "event_names": len(self.events),
                "findings": len(self.findings),
                "errors": sum(f.severity is Severity.ERROR for f in self.findings),
                "warnings": sum(f.severity is Severity.WARNING for f in self.findings),
                "by_platform": {
                    platform: _totals(*self.platform_totals(platform))
                    for platform in self.platforms
                },
            },
            "inputs": self.inputs.to_dict(),
            "limits": self.limits.to_dict(),
            "overflow": self.overflow.to_dict(),
            "events": [event.to_dict() for event in self.events],
            "versions": {v.platform: v.to_dict() for v in self.versions},
        }


def _totals(count: int, conformant: int) -> dict[str, Any]:
    return {"events": count, "conformant": conformant,
            "rate": round(conformant / count, 4) if count else None}
