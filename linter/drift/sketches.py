"""Fixed-size summaries of a stream of property values.

A capture can hold millions of events whose properties take millions of
distinct values (ids, prices, search queries).  ``tracklint drift`` must compare
platforms without keeping those values, so every property x platform gets a few
sketches whose size never depends on the input:

* :class:`TopK`, a Space-Saving counter: the most frequent values with a
  guaranteed error bound, in at most ``capacity`` slots;
* :class:`NumericRange`: count, minimum and maximum of numbers (or of lengths);
* :class:`TypeCounts`: how many values of each JSON type were seen.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from linter.jsontypes import json_type

K = TypeVar("K", bound=Hashable)

#: Longest string value a sketch keeps; longer ones are cut and marked.
MAX_VALUE_CHARS: Final = 120
#: The marker appended to a cut string value.
ELLIPSIS: Final = "\u2026"

#: JSON type names as the report shows them; ``integer`` and ``number`` are kept
#: apart because a plan may require one, but compare as one numeric family.
JSON_TYPES: Final = ("string", "integer", "number", "boolean", "null", "array", "object")


@dataclass(frozen=True, slots=True)
class Counted(Generic[K]):
    """One monitored item of a :class:`TopK`: its estimated count and error bound.

    The true count lies in ``[count - error, count]``: Space-Saving only ever
    over-estimates, by at most the count of the item it replaced.
    """

    item: K
    count: int
    error: int


class TopK(Generic[K]):
    """The most frequent items of a stream, in bounded memory (Space-Saving).

    Metwally, Agrawal and El Abbadi's algorithm: while fewer than ``capacity``
    items are monitored, every item is counted exactly; after that an unseen
    item replaces the monitored item with the smallest count and inherits that
    count (+1) as its estimate and error.  Any item more frequent than
    ``total / capacity`` is guaranteed to be monitored.

    The smallest count is found through a heap holding one entry per monitored
    item, refreshed lazily: increments do not touch the heap, and a stale entry
    is re-pushed with the current count only when it reaches the top.  Memory
    is therefore exactly ``capacity`` items, however long the stream.
    """

    __slots__ = ("_counts", "_errors", "_heap", "_sequence", "capacity", "evictions", "total")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("a TopK needs a capacity of at least 1")
        self.capacity = capacity
        self.total = 0
        self.evictions = 0
        self._counts: dict[K, int] = {}
        self._errors: dict[K, int] = {}
        # (count when pushed, insertion sequence, item); the sequence breaks ties
        # so items themselves are never compared (they may be of mixed types).
        self._heap: list[tuple[int, int, K]] = []
        self._sequence = 0

    def __len__(self) -> int:
        return len(self._counts)

    def __contains__(self, item: object) -> bool:
        return item in self._counts

    @property
    def saturated(self) -> bool:
        """True once an item was evicted: counts may then be over-estimates."""
        return self.evictions > 0

    def add(self, item: K, count: int = 1) -> None:
        """Count ``item`` ``count`` more times."""
        self.total += count
        if item in self._counts:
            self._counts[item] += count
            return
        if len(self._counts) < self.capacity:
            self._monitor(item, count, 0)
            return
        floor = self._evict_smallest()
        self._monitor(item, floor + count, floor)

    def _monitor(self, item: K, count: int, error: int) -> None:
        self._counts[item] = count
        self._errors[item] = error
        self._sequence += 1
        heapq.heappush(self._heap, (count, self._sequence, item))

    def _evict_smallest(self) -> int:
        """Drop the item with the smallest current count and return that count."""
        while True:
            pushed, _, item = self._heap[0]
            current = self._counts[item]
            if current == pushed:
                heapq.heappop(self._heap)
                del self._counts[item]
                del self._errors[item]
                self.evictions += 1
                return current
            self._sequence += 1
            heapq.heapreplace(self._heap, (current, self._sequence, item))

    def most_common(self, limit: int | None = None) -> list[Counted[K]]:
        """Monitored items, most frequent first (ties: first monitored first)."""
        order = {item: sequence for _, sequence, item in self._heap}
        ranked = sorted(self._counts, key=lambda item: (-self._counts[item], order[item]))
        if limit is not None:
            ranked = ranked[:limit]
        return [Counted(item, self._counts[item], self._errors[item]) for item in ranked]

    def items(self) -> Iterator[tuple[K, int]]:
        """``(item, estimated count)`` for every monitored item, in no particular order."""
        return iter(self._counts.items())

    def merge(self, other: TopK[K]) -> None:
        """Add the counts of a sketch of the stream that follows this one.

        ``other``'s items are added in the order it first monitored them, each
        with its estimated count as a weight (weighted Space-Saving), and their
        error bounds carry over.  So while neither sketch evicted anything and
        their items fit in ``capacity``, the result is exactly the sketch of the
        two streams read one after the other: same counts, same order of ties.
        Otherwise every true count still lies in ``[count - error, count]``.
        """
        total = self.total + other.total
        if other.evictions and other._counts:
            # An item ``other`` does not monitor may still have been in its stream,
            # at most as often as its smallest count: add that to count and error.
            floor = min(other._counts.values())
            for item in self._counts:
                if item not in other._counts:
                    self._counts[item] += floor
                    self._errors[item] += floor
        self.evictions += other.evictions
        order = {item: sequence for _, sequence, item in other._heap}
        for item in sorted(other._counts, key=order.__getitem__):
            self._add_weighted(item, other._counts[item], other._errors[item])
        self.total = total

    def _add_weighted(self, item: K, count: int, error: int) -> None:
        if item in self._counts:
            self._counts[item] += count
            self._errors[item] += error
            return
        if len(self._counts) < self.capacity:
            self._monitor(item, count, error)
            return
        floor = self._evict_smallest()
        self._monitor(item, floor + count, floor + error)


class NumericRange:
    """Count, minimum and maximum of a stream of numbers, in constant memory.

    Non-finite numbers (``NaN``, ``Infinity``, which Python's JSON decoder
    accepts) are counted in ``non_finite`` and kept out of the range, because a
    single ``NaN`` would otherwise make every later comparison false.
    """

    __slots__ = ("count", "maximum", "minimum", "non_finite")

    def __init__(self) -> None:
        self.count = 0
        self.non_finite = 0
        self.minimum: float | None = None
        self.maximum: float | None = None

    def add(self, value: float) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            self.non_finite += 1
            return
        self.count += 1
        if self.minimum is None or value < self.minimum:
            self.minimum = value
        if self.maximum is None or value > self.maximum:
            self.maximum = value

    def merge(self, other: NumericRange) -> None:
        """Add the numbers another range saw (order does not matter)."""
        self.count += other.count
        self.non_finite += other.non_finite
        for value in (other.minimum, other.maximum):
            if value is not None:
                if self.minimum is None or value < self.minimum:
                    self.minimum = value
                if self.maximum is None or value > self.maximum:
                    self.maximum = value


class TypeCounts:
    """How many values of each JSON type were seen; at most seven counters."""

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def add(self, type_name: str) -> None:
        self._counts[type_name] = self._counts.get(type_name, 0) + 1

    def merge(self, other: TypeCounts) -> None:
        for name, count in other._counts.items():
            self._counts[name] = self._counts.get(name, 0) + count

    def as_tuple(self) -> tuple[tuple[str, int], ...]:
        """``(type, count)`` pairs, most frequent first, then in :data:`JSON_TYPES` order."""
        rank = {name: index for index, name in enumerate(JSON_TYPES)}
        return tuple(sorted(self._counts.items(),
                            key=lambda pair: (-pair[1], rank.get(pair[0], len(rank)))))


def value_key(value: Any, kind: str | None = None) -> tuple[str, Any] | None:
    """The hashable, bounded form of a scalar value for a :class:`TopK`, else ``None``.

    The JSON type is part of the key so that ``"1"`` and ``1`` (a type drift)
    stay two values.  Long strings are cut to :data:`MAX_VALUE_CHARS` so a
    sketch's memory is bounded in bytes, not only in items.  Arrays and objects
    return ``None``: they are summarised by their type and size instead.
    """
    kind = json_type(value)
    if kind == "string":
        text: str = value
        if len(text) > MAX_VALUE_CHARS:
            text = text[:MAX_VALUE_CHARS] + ELLIPSIS
        return (kind, text)
    if kind in ("integer", "boolean", "null"):
        return (kind, value)
    if kind == "number":
        return (kind, value if math.isfinite(value) else repr(value))
    return None
