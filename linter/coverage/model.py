"""Plan coverage: which planned events each platform actually sends (the counting).

A tracking plan is a promise; coverage says how much of it is kept.  For the
server platform the evidence is the static checker's call inventory (where each
event is sent, by ``path:line``); for client platforms (web, iOS, Android...) it
is captured payloads.  For every platform the report lists:

* planned events that are sent (implemented), and those never sent;
* deprecated or removed events that are still sent (by call site, or by app
  version for captures, since old app releases keep sending them for years);
* events outside the plan, with a did-you-mean hint;
* events of the plan sent from a platform they are not planned for;
* for code, calls whose event name is dynamic (they might send any event).

Coverage is the share of the *active* events planned for a platform that are
sent; retired events are not counted, because not sending them is the goal.
Everything here is pure: call sites, a plan and observations in, a
:class:`CoverageReport` out, so the command line only renders it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from linter.coverage.findings import coverage_findings
from linter.diagnostics import Diagnostic
from linter.drift.versions import sort_versions
from linter.events import EventObservation
from linter.plan.model import Event, Plan
from linter.static import CallSite
from linter.text.naming import Suggester, matches_pattern

Source = Literal["code", "payloads"]

#: Call-site locations kept per event (the rest are counted).
MAX_LOCATIONS: Final = 50
#: Event names outside the plan kept per platform (the rest are counted).
MAX_UNPLANNED: Final = 1000
#: App versions kept per retired event and platform (the rest share one bucket).
MAX_VERSIONS: Final = 100
#: The bucket of app versions beyond :data:`MAX_VERSIONS`, and of events without one.
OTHER_VERSIONS: Final = "(other versions)"
NO_VERSION: Final = "(no version)"


@dataclass(frozen=True, slots=True)
class VersionCount:
    """How many events of one app version sent a (retired) event."""

    version: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "count": self.count}


@dataclass(frozen=True, slots=True)
class EventUse:
    """One event as a platform sends it: how often, and where or from which versions.

    ``count`` is tracking calls for code and events for captures.  ``locations``
    are ``path:line`` of the calls (code); ``versions`` the app versions that sent
    it, oldest first (captures of retired events).  ``status`` is the event's
    status in the plan, or ``unplanned``; ``suggestion`` the planned name an
    unplanned one most likely meant; ``planned_for`` the platforms the plan
    plans the event for (for events sent from another one).
    """

    event: str
    count: int
    status: str = "active"
    locations: tuple[str, ...] = ()
    more_locations: int = 0
    versions: tuple[VersionCount, ...] = ()
    replaced_by: str | None = None
    suggestion: str | None = None
    planned_for: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event, "count": self.count, "status": self.status}
        if self.locations or self.more_locations:
            data["locations"] = list(self.locations)
            data["more_locations"] = self.more_locations
        if self.versions:
            data["versions"] = [v.to_dict() for v in self.versions]
        if self.replaced_by is not None:
            data["replaced_by"] = self.replaced_by
        if self.suggestion is not None:
            data["did_you_mean"] = self.suggestion
        if self.planned_for:
            data["planned_for"] = list(self.planned_for)
        return data


@dataclass(frozen=True, slots=True)
class DynamicCall:
    """A call whose event name is computed at run time: it might send any event, or,
    when part of the name is known, any planned event of its ``pattern``
    (``may_send``)."""

    location: str
    source: str | None
    pattern: str | None = None
    may_send: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location, "source": self.source, "pattern": self.pattern,
                "may_send": list(self.may_send)}


@dataclass(frozen=True, slots=True)
class PlatformCoverage:
    """Coverage of the plan on one platform, from code or from captures.

    ``planned`` are the active events the plan plans for the platform;
    ``sent`` counts what was looked at (calls for code, events for captures).
    """

    platform: str
    source: Source
    planned: tuple[str, ...]
    implemented: tuple[EventUse, ...] = ()
    never_sent: tuple[str, ...] = ()
    retired: tuple[EventUse, ...] = ()
    unplanned: tuple[EventUse, ...] = ()
    other_platform: tuple[EventUse, ...] = ()
    dynamic: tuple[DynamicCall, ...] = ()
    sent: int = 0
    unplanned_overflow: int = 0

    @property
    def share(self) -> float | None:
        """Implemented share of the planned events (0 to 1); ``None`` if none is planned."""
        if not self.planned:
            return None
        return len(self.implemented) / len(self.planned)

    @property
    def percent(self) -> float | None:
        """:attr:`share` in percent, as the JSON report and ``--fail-under`` speak of it."""
        share = self.share
        return None if share is None else 100.0 * share

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent
        return {
            "platform": self.platform,
            "source": self.source,
            "sent": self.sent,
            "planned": len(self.planned),
            "implemented_count": len(self.implemented),
            "coverage": None if percent is None else round(percent, 2),
            "implemented": [u.to_dict() for u in self.implemented],
            "never_sent": list(self.never_sent),
            "retired": [u.to_dict() for u in self.retired],
            "unplanned": [u.to_dict() for u in self.unplanned],
            "unplanned_overflow": self.unplanned_overflow,
            "other_platform": [u.to_dict() for u in self.other_platform],
            "dynamic": [d.to_dict() for d in self.dynamic],
        }


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of the plan by the code (one platform) and by captures (per platform).

    ``findings`` are what a team should look at (TL5xx, :mod:`linter.coverage.findings`).
    """

    plan_version: str | None
    code: PlatformCoverage | None = None
    captured: tuple[PlatformCoverage, ...] = ()
    payload_stats: Mapping[str, Any] | None = None
    unreadable: int = 0
    not_captured: tuple[str, ...] = ()
    findings: tuple[Diagnostic, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_version": self.plan_version,
            "code": None if self.code is None else self.code.to_dict(),
            "captured": [p.to_dict() for p in self.captured],
            "not_captured": list(self.not_captured),
            "payloads": None if self.payload_stats is None else dict(self.payload_stats),
            "unreadable": self.unreadable,
        }


# -- code -----------------------------------------------------------------------


def planned_events(plan: Plan, platform: str) -> tuple[str, ...]:
    """The active events the plan plans for ``platform``, sorted: coverage's denominator."""
    return tuple(sorted(name for name, event in plan.events.items()
                        if event.status == "active" and event.planned_for(platform)))


def call_sites(calls: Iterable[CallSite]) -> list[CallSite]:
    """Calls of their own: the forwarding call in a wrapper's body is counted at its callers."""
    return sorted((c for c in calls if c.inside_wrapper is None),
                  key=lambda c: (c.path, c.line, c.column))


def code_coverage(calls: Iterable[CallSite], plan: Plan, platform: str) -> PlatformCoverage:
    """Coverage of ``plan`` on ``platform`` by the tracking calls of the code."""
    tally = _Tally(plan, platform)
    dynamic: list[DynamicCall] = []
    sent = 0
    for call in call_sites(calls):
        sent += 1
        location = f"{call.path}:{call.line}"
        name = call.observation.name
        if name is None:
            pattern = call.observation.name_pattern
            may_send = tuple(event for event in plan.events
                             if pattern is not None and matches_pattern(pattern, event))
            dynamic.append(DynamicCall(location, call.observation.name_source, pattern,
                                       may_send))
            continue
        tally.add(name, location=location)
    return tally.coverage("code", sent, tuple(dynamic))


# -- captures ---------------------------------------------------------------------


class _Tally:
    """Counts of the events one platform sends; memory bounded by the plan and the caps."""

    def __init__(self, plan: Plan, platform: str) -> None:
        self.plan = plan
        self.platform = platform
        self.counts: dict[str, int] = {}
        self.locations: dict[str, list[str]] = {}
        self.versions: dict[str, dict[str, int]] = {}
        self.overflow = 0
        self._unplanned = 0

    def add(self, name: str, *, location: str | None = None,
            version: str | None = None, versioned: bool = False) -> None:
        event = self.plan.event(name)
        if name not in self.counts:
            if event is None:
                if self._unplanned >= MAX_UNPLANNED:
                    self.overflow += 1
                    return
                self._unplanned += 1
            self.counts[name] = 0
        self.counts[name] += 1
        if location is not None:
            kept = self.locations.setdefault(name, [])
            if len(kept) < MAX_LOCATIONS:
                kept.append(location)
        if versioned and event is not None and event.status != "active":
            self._add_version(name, version or NO_VERSION)

    def _add_version(self, name: str, version: str) -> None:
        by_version = self.versions.setdefault(name, {})
        if version not in by_version and len(by_version) >= MAX_VERSIONS:
            version = OTHER_VERSIONS
        by_version[version] = by_version.get(version, 0) + 1

    def coverage(self, source: Source, sent: int,
                 dynamic: tuple[DynamicCall, ...] = ()) -> PlatformCoverage:
        planned = planned_events(self.plan, self.platform)
        suggester = Suggester(self.plan.events)
        implemented, retired, unplanned, other = [], [], [], []
        for name in sorted(self.counts):
            event = self.plan.event(name)
            use = self._use(name, event, suggester)
            if event is None:
                unplanned.append(use)
            elif event.status != "active":
                retired.append(use)
            elif not event.planned_for(self.platform):
                other.append(use)
            else:
                implemented.append(use)
        never = tuple(name for name in planned if name not in self.counts)
        return PlatformCoverage(
            platform=self.platform, source=source, planned=planned,
            implemented=tuple(implemented), never_sent=never, retired=tuple(retired),
            unplanned=tuple(unplanned), other_platform=tuple(other), dynamic=dynamic,
            sent=sent, unplanned_overflow=self.overflow)

    def _use(self, name: str, event: Event | None, suggester: Suggester) -> EventUse:
        count = self.counts[name]
        kept = tuple(self.locations.get(name, ()))
        more = count - len(kept) if kept else 0
        if event is None:
            close = suggester.suggest(name)
            return EventUse(name, count, "unplanned", kept, more,
                            suggestion=close[0] if close else None)
        versions = _version_counts(self.versions.get(name, {}))
        planned_for = () if event.planned_for(self.platform) else event.platforms
        return EventUse(name, count, event.status, kept, more, versions,
                        replaced_by=event.replaced_by, planned_for=planned_for)


def _version_counts(by_version: Mapping[str, int]) -> tuple[VersionCount, ...]:
    """Oldest release first; events without a version, then the overflow bucket, last."""
    special = (NO_VERSION, OTHER_VERSIONS)
    ordered = sort_versions(v for v in by_version if v not in special)
    ordered += [v for v in special if v in by_version]
    return tuple(VersionCount(v, by_version[v]) for v in ordered)


@dataclass
class CaptureCoverage:
    """Consumes observations from captures; gives the coverage of every platform seen.

    Memory is bounded by the plan and the caps of this module (unplanned names,
    versions per retired event), never by the number of events read.
    """

    plan: Plan
    tallies: dict[str, _Tally] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)

    def add(self, observation: EventObservation) -> None:
        name = observation.name
        if name is None:
            return
        platform = observation.platform
        tally = self.tallies.get(platform)
        if tally is None:
            tally = self.tallies[platform] = _Tally(self.plan, platform)
        self.events[platform] = self.events.get(platform, 0) + 1
        tally.add(name, version=observation.app_version, versioned=True)

    def platforms(self) -> tuple[PlatformCoverage, ...]:
        """Per platform seen, in the plan's order of platforms, then by name."""
        order = {name: index for index, name in enumerate(self.plan.platforms)}
        names = sorted(self.tallies, key=lambda p: (order.get(p, len(order)), p))
        return tuple(self.tallies[p].coverage("payloads", self.events[p]) for p in names)


def coverage_report(plan: Plan, calls: Iterable[CallSite] | None = None, *,
                    platform: str = "server",
                    observations: Iterable[EventObservation] | None = None,
                    payload_stats: Mapping[str, Any] | None = None,
                    unreadable: int = 0) -> CoverageReport:
    """The coverage of ``plan`` by code on ``platform`` and by captured observations.

    ``calls`` is the static checker's call inventory (``None``: code not looked
    at); ``observations`` are read from captures (``None``: none were given).
    """
    code = None if calls is None else code_coverage(calls, plan, platform)
    captured: tuple[PlatformCoverage, ...] = ()
    not_captured: tuple[str, ...] = ()
    if observations is not None:
        collector = CaptureCoverage(plan)
        for observation in observations:
            collector.add(observation)
        captured = collector.platforms()
        seen = {p.platform for p in captured}
        not_captured = tuple(p for p in plan.platforms if p not in seen)
    report = CoverageReport(plan.version, code, captured, payload_stats, unreadable,
                            not_captured)
    return replace(report, findings=coverage_findings(report, plan))
