"""Merging the drift counters of consecutive parts of a capture.

A capture is read in parts (one per file: on one machine in turn, on a Spark
cluster on many executors at once), each part into its own
:class:`~linter.drift.accumulators.Collected`; :func:`merge_parts` folds them in
file order.  Both engines go through this fold, so they build the same report
from the same files, whichever executor finished first.

Merging ``b`` into ``a`` is the same as reading ``a``'s events and then
``b``'s, as long as no limit of :class:`~linter.drift.model.DriftLimits` is
reached: every count is a sum, every sketch keeps the order in which values
were first seen.  Past a limit the fold keeps the first-come rule of the
collector (the names kept first stay, later ones go to the overflow counters)
and the value sketches keep their Space-Saving error bounds.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.drift.accumulators import (
    CellAccumulator,
    Collected,
    PlatformAccumulator,
    PropertyAccumulator,
    VersionAccumulator,
)
from linter.drift.aggregate import PROBLEMS_QUOTED
from linter.drift.model import DriftLimits
from linter.drift.sketches import TopK
from linter.plan.model import Plan


def merge_parts(parts: Iterable[Collected], plan: Plan, limits: DriftLimits) -> Collected:
    """The counters of every part, in the order given (the files' order).

    The parts are consumed: their accumulators become part of the result.
    """
    merged = Collected()
    for part in parts:
        merge_into(merged, part, plan, limits)
    return merged


def merge_into(target: Collected, part: Collected, plan: Plan, limits: DriftLimits) -> None:
    """Add ``part``, the counters of the events that follow ``target``'s, to ``target``."""
    for name, platforms in part.platforms.items():
        _merge_platform(target, name, platforms, limits)
    for name, cells in part.cells.items():
        kept = target.cells.get(name)
        if kept is None:
            if name not in plan.events:
                if target.unplanned_events >= limits.max_events:
                    target.overflow_events += sum(cell.count for cell in cells.values())
                    continue
                target.unplanned_events += 1
            kept = target.cells[name] = {}
        for platform, cell in cells.items():
            _merge_cell(target, kept, name, platform, cell, plan, limits)
    target.overflow_events += part.overflow_events
    target.overflow_versions += part.overflow_versions
    room = PROBLEMS_QUOTED - len(target.problems)
    target.problems.extend(part.problems[:max(room, 0)])
    target.problem_count += part.problem_count


def _merge_platform(target: Collected, name: str, part: PlatformAccumulator,
                    limits: DriftLimits) -> None:
    """Versions already tracked stay; new ones are tracked while there is room."""
    kept = target.platforms.get(name)
    if kept is None:
        kept = target.platforms[name] = PlatformAccumulator()
    kept.unversioned += part.unversioned
    for version, bucket in part.versions.items():
        known = kept.versions.get(version)
        if known is not None:
            _merge_version(known, bucket)
        elif len(kept.versions) < limits.max_versions:
            kept.versions[version] = bucket
        else:
            target.overflow_versions += bucket.count
            _merge_version(kept.other, bucket)
    _merge_version(kept.other, part.other)


def _merge_version(target: VersionAccumulator, part: VersionAccumulator) -> None:
    target.count += part.count
    target.conformant += part.conformant
    target.retired += part.retired
    for event, count in part.retired_events.items():
        target.retired_events[event] = target.retired_events.get(event, 0) + count
    target.issues.merge(part.issues)


def _merge_cell(target: Collected, cells: dict[str, CellAccumulator], name: str,
                platform: str, part: CellAccumulator, plan: Plan,
                limits: DriftLimits) -> None:
    """One event x platform; versions the platform does not track are left out.

    The platforms are merged first, so ``target.platforms`` already says which
    versions are tracked (the collector counts the others only per platform).
    """
    cell = cells.get(platform)
    if cell is None:
        cell = cells[platform] = CellAccumulator(TopK(limits.max_issues))
    cell.count += part.count
    cell.conformant += part.conformant
    cell.retired += part.retired
    cell.issues.merge(part.issues)
    for issue in part.errors:
        if len(cell.errors) < limits.max_issues:
            cell.errors.add(issue)
    tracked = target.platforms[platform].versions if platform in target.platforms else {}
    for version, (events, conformant) in part.versions.items():
        if version not in tracked:
            continue
        counts = cell.versions.setdefault(version, [0, 0])
        counts[0] += events
        counts[1] += conformant
    planned = _planned_names(plan, name, platform)
    for key, accumulator in part.properties.items():
        known = cell.properties.get(key)
        if known is not None:
            _merge_property(known, accumulator)
        elif key in planned:
            cell.properties[key] = accumulator
        elif cell.unplanned < limits.max_properties:
            cell.unplanned += 1
            cell.properties[key] = accumulator
        else:
            cell.other_properties += accumulator.present
    cell.other_properties += part.other_properties


def _merge_property(target: PropertyAccumulator, part: PropertyAccumulator) -> None:
    target.present += part.present
    target.types.merge(part.types)
    target.values.merge(part.values)
    target.numbers.merge(part.numbers)
    target.lengths.merge(part.lengths)


def _planned_names(plan: Plan, name: str, platform: str) -> frozenset[str]:
    event = plan.event(name)
    if event is None:
        return frozenset()
    return frozenset(p.name for p in plan.properties_for(event, platform))


__all__ = ["merge_into", "merge_parts"]
