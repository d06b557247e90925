"""The mutable state of a :class:`~linter.drift.aggregate.DriftCollector`.

Every accumulator has a size fixed by :class:`~linter.drift.model.DriftLimits`
(sketches, capped dictionaries), which is what bounds the collector's memory.
They live apart from the collector so that :mod:`linter.drift.analysis` can
read them without importing the collector.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, TypeAlias

from linter.drift.sketches import NumericRange, TopK, TypeCounts, value_key
from linter.events import UNKNOWN
from linter.jsontypes import json_type

#: Issue kinds counted per platform x app version (the "old shapes" of a version).
VERSION_ISSUES: Final = 32

#: A kind of problem: a rule code and the property it is about (``None``: the event).
IssueKey: TypeAlias = tuple[str, str | None]


class PropertyAccumulator:
    """Everything kept about one property of one event on one platform."""

    __slots__ = ("lengths", "numbers", "present", "types", "values")

    def __init__(self, top_k: int) -> None:
        self.present = 0
        self.types = TypeCounts()
        self.values: TopK[tuple[str, Any]] = TopK(top_k)
        self.numbers = NumericRange()
        self.lengths = NumericRange()

    def add(self, value: Any) -> None:
        """Count one occurrence; a value unknown statically only counts as present."""
        self.present += 1
        if value is UNKNOWN:
            return
        kind = json_type(value)
        self.types.add(kind)
        key = value_key(value, kind)
        if key is not None:
            self.values.add(key)
        if kind in ("integer", "number"):
            self.numbers.add(value)
        elif kind == "string":
            self.lengths.add(len(value))


class VersionAccumulator:
    """Events of one platform x app version: conformance, retired events, issue kinds."""

    __slots__ = ("conformant", "count", "issues", "retired", "retired_events")

    def __init__(self) -> None:
        self.count = 0
        self.conformant = 0
        self.retired = 0
        self.retired_events: dict[str, int] = {}
        self.issues: TopK[IssueKey] = TopK(VERSION_ISSUES)

    def add(self, event: str, conformant: bool, retired: bool,
            issues: Iterable[IssueKey]) -> None:
        self.count += 1
        self.conformant += conformant
        if retired:
            self.retired += 1
            self.retired_events[event] = self.retired_events.get(event, 0) + 1
        for issue in issues:
            self.issues.add(issue)


@dataclass
class CellAccumulator:
    """One event on one platform: counts, issue kinds, properties and versions.

    ``versions`` maps each tracked app version to ``[events, conformant]``;
    ``unplanned`` counts the unplanned property names kept, ``other_properties``
    the occurrences of names beyond :attr:`DriftLimits.max_properties`.
    ``errors`` are the issue kinds that were errors for at least one event (at
    most as many as ``issues`` holds): what makes a drift finding an error.
    """

    issues: TopK[IssueKey]
    errors: set[IssueKey] = field(default_factory=set)
    count: int = 0
    conformant: int = 0
    retired: int = 0
    properties: dict[str, PropertyAccumulator] = field(default_factory=dict)
    unplanned: int = 0
    other_properties: int = 0
    versions: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class PlatformAccumulator:
    """The app versions of one platform, across every event."""

    versions: dict[str, VersionAccumulator] = field(default_factory=dict)
    unversioned: int = 0
    other: VersionAccumulator = field(default_factory=VersionAccumulator)


@dataclass
class Collected:
    """The collector's state, handed to :mod:`linter.drift.analysis` at the end."""

    cells: dict[str, dict[str, CellAccumulator]] = field(default_factory=dict)
    platforms: dict[str, PlatformAccumulator] = field(default_factory=dict)
    unplanned_events: int = 0
    overflow_events: int = 0
    overflow_versions: int = 0
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
