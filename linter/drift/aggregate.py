"""Streaming aggregation: observations and their diagnostics in, a drift report out.

:class:`DriftCollector` sees each event once and keeps only counters and
fixed-size sketches per event x platform x property, so its memory depends on
the plan and on :class:`~linter.drift.model.DriftLimits`, never on the number
of events or of distinct values in the capture.  Everything that compares
platforms happens once at the end, in :mod:`linter.drift.analysis`.

Typical use::

    checker = EventChecker(plan)
    collector = DriftCollector(plan)
    stream = read_payloads(paths)
    for item in stream:
        if isinstance(item, Diagnostic):
            collector.add_problem(item)
        else:
            collector.add(item, checker.check(item))
    report = collector.report(stream.stats)

An event *conforms* when none of its diagnostics is an error, the same verdict
``tracklint validate`` gives: a deprecated event (TL203, a warning) conforms,
and the report shows it as a TL404 warning; a removed one (TL204) does not.
Diagnostics the caller filtered out (``--ignore``) do not count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

from linter.diagnostics import Diagnostic, Severity
from linter.drift.accumulators import (
    CellAccumulator,
    Collected,
    IssueKey,
    PlatformAccumulator,
    PropertyAccumulator,
    VersionAccumulator,
)
from linter.drift.analysis import build_report
from linter.drift.model import DriftLimits, DriftReport
from linter.drift.sketches import TopK
from linter.events import EventObservation
from linter.payloads.reader import PayloadStats
from linter.plan.model import Plan
from linter.sdks import is_reserved_property

#: The rule reported when a required property is missing.
MISSING_CODE: Final = "TL205"
#: How many unreadable-record messages the report quotes.
PROBLEMS_QUOTED: Final = 5


class DriftCollector:
    """Consumes observations with their diagnostics; builds a :class:`DriftReport`.

    Not thread-safe; feed it from one loop.  ``add`` does a bounded amount of
    work per property of the event, so a capture of millions of events streams
    through at the speed of the payload reader.
    """

    def __init__(self, plan: Plan, limits: DriftLimits | None = None) -> None:
        self.plan = plan
        self.limits = limits or DriftLimits()
        self.data = Collected()
        self._planned: dict[tuple[str, str], frozenset[str]] = {}

    def add(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        """Count one event; ``diagnostics`` are what the event checker said about it."""
        name = observation.name if observation.name is not None else "(unnamed)"
        platform = observation.platform
        cell = self._cell(name, platform)
        if cell is None:
            self.data.overflow_events += 1
            return
        conformant = is_conformant(diagnostics)
        event = self.plan.event(name)
        retired = event is not None and event.status != "active"
        issues = issue_keys(observation, diagnostics, self._missing_required)
        cell.count += 1
        cell.conformant += conformant
        cell.retired += retired
        for issue in issues:
            cell.issues.add(issue)
        if not conformant:
            self._add_errors(cell, observation, diagnostics)
        self._add_version(cell, name, observation, conformant, retired, issues)
        self._add_properties(cell, name, observation)

    def feed(self, items: Iterable[EventObservation | Diagnostic],
             check: Callable[[EventObservation], Sequence[Diagnostic]]) -> None:
        """Add every observation (with what ``check`` says of it) and reader diagnostic."""
        for item in items:
            if isinstance(item, Diagnostic):
                self.add_problem(item)
            else:
                self.add(item, check(item))

    def _add_errors(self, cell: CellAccumulator, observation: EventObservation,
                    diagnostics: Sequence[Diagnostic]) -> None:
        """Remember which issue kinds were errors (bounded like the issue counts)."""
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        for key in issue_keys(observation, errors, self._missing_required):
            if key not in cell.errors and len(cell.errors) < self.limits.max_issues:
                cell.errors.add(key)

    def add_problem(self, diagnostic: Diagnostic) -> None:
        """Count a record the reader could not read (TL303); the first few are quoted."""
        self.data.problem_count += 1
        if len(self.data.problems) < PROBLEMS_QUOTED:
            where = diagnostic.location
            self.data.problems.append(f"{where}: {diagnostic.message}")

    def report(self, stats: PayloadStats | None = None) -> DriftReport:
        """The report of everything added so far (the collector can go on afterwards)."""
        return build_report(self.plan, self.limits, self.data, stats)

    # -- cells ---------------------------------------------------------------
    def _cell(self, name: str, platform: str) -> CellAccumulator | None:
        """The cell of an event x platform; ``None`` beyond the unplanned-event limit.

        Planned events are always kept (the plan bounds them); unplanned names
        are kept first come, first served, up to ``max_events``.
        """
        by_platform = self.data.cells.get(name)
        if by_platform is None:
            if name not in self.plan.events:
                if self.data.unplanned_events >= self.limits.max_events:
                    return None
                self.data.unplanned_events += 1
            by_platform = self.data.cells[name] = {}
        cell = by_platform.get(platform)
        if cell is None:
            cell = by_platform[platform] = CellAccumulator(TopK(self.limits.max_issues))
        return cell

    def _planned_names(self, name: str, platform: str) -> frozenset[str]:
        """The property names the plan defines for an event on a platform (cached)."""
        key = (name, platform)
        names = self._planned.get(key)
        if names is None:
            event = self.plan.event(name)
            names = frozenset(p.name for p in self.plan.properties_for(event, platform)) \
                if event is not None else frozenset()
            self._planned[key] = names
        return names

    def _missing_required(self, obs: EventObservation) -> tuple[str, ...]:
        """Required properties the event lacks: the subjects of its top-level TL205s."""
        event = self.plan.event(obs.name) if obs.name is not None else None
        if event is None or not obs.keys_complete:
            return ()
        return tuple(p.name for p in self.plan.properties_for(event, obs.platform)
                     if p.is_required(obs.platform) and p.name not in obs.properties)

    def _add_properties(self, cell: CellAccumulator, name: str, obs: EventObservation) -> None:
        planned = self._planned_names(name, obs.platform)
        for key, value in obs.properties.items():
            accumulator = cell.properties.get(key)
            if accumulator is None:
                if key not in planned:
                    if is_reserved_property(key, obs.sdk):
                        continue
                    if cell.unplanned >= self.limits.max_properties:
                        cell.other_properties += 1
                        continue
                    cell.unplanned += 1
                accumulator = cell.properties[key] = PropertyAccumulator(self.limits.top_k)
            accumulator.add(value)

    # -- versions ------------------------------------------------------------
    def _add_version(self, cell: CellAccumulator, name: str, obs: EventObservation,
                     conformant: bool, retired: bool, issues: Iterable[IssueKey]) -> None:
        """Count the event under its app version, for the platform and for the cell.

        Versions are kept per platform, first come first served, up to
        ``max_versions``; later ones share one "other versions" bucket so the
        cells of every event agree on which versions are tracked.
        """
        platform = self.data.platforms.get(obs.platform)
        if platform is None:
            platform = self.data.platforms[obs.platform] = PlatformAccumulator()
        version = obs.app_version
        if not version:
            platform.unversioned += 1
            return
        bucket = platform.versions.get(version)
        if bucket is None and len(platform.versions) < self.limits.max_versions:
            bucket = platform.versions[version] = VersionAccumulator()
        if bucket is None:
            self.data.overflow_versions += 1
            platform.other.add(name, conformant, retired, issues)
            return
        bucket.add(name, conformant, retired, issues)
        counts = cell.versions.get(version)
        if counts is None:
            counts = cell.versions[version] = [0, 0]
        counts[0] += 1
        counts[1] += conformant


def is_conformant(diagnostics: Iterable[Diagnostic]) -> bool:
    """No error among the event's diagnostics (see the module docstring)."""
    return not any(d.severity is Severity.ERROR for d in diagnostics)


def issue_keys(obs: EventObservation, diagnostics: Iterable[Diagnostic],
               missing: Callable[[EventObservation], Sequence[str]] | None = None,
               ) -> frozenset[IssueKey]:
    """The distinct (rule, property) pairs of one event's diagnostics.

    The property is read from the diagnostic's JSON Pointer, which the event
    checker roots at the event's properties object; a missing required property
    has no value to point at, so its TL205s are matched with ``missing(obs)``
    (the required properties the event lacks, only computed when needed).
    Counted once per event, so a count means "events with this problem".
    """
    keys: set[IssueKey] = set()
    base = obs.origin.pointer
    lacking: Sequence[str] | None = None
    for diagnostic in diagnostics:
        prop = property_of(diagnostic.pointer, base)
        if diagnostic.code == MISSING_CODE and prop is None and missing is not None:
            if lacking is None:
                lacking = missing(obs)
            if lacking:
                keys.update((MISSING_CODE, name) for name in lacking)
                continue
        keys.add((diagnostic.code, prop))
    return frozenset(keys)


def property_of(pointer: str | None, base: str) -> str | None:
    """The top-level property key a JSON Pointer below ``base`` points into, if any."""
    if not pointer or not pointer.startswith(base + "/"):
        return None
    segment = pointer[len(base) + 1:].split("/", 1)[0]
    return segment.replace("~1", "/").replace("~0", "~")


def collect(items: Iterable[EventObservation | Diagnostic], plan: Plan,
            check: Callable[[EventObservation], Sequence[Diagnostic]],
            limits: DriftLimits | None = None,
            stats: PayloadStats | None = None) -> DriftReport:
    """Feed a stream of observations and reader diagnostics to a new collector.

    ``check`` is called with each observation and returns its diagnostics (an
    :class:`~linter.validation.event_check.EventChecker`, possibly wrapped to
    apply a rule selection).  ``stats`` is read after the stream is exhausted.
    """
    collector = DriftCollector(plan, limits)
    collector.feed(items, check)
    return collector.report(stats)


__all__ = ["DriftCollector", "collect", "is_conformant", "issue_keys", "property_of"]
