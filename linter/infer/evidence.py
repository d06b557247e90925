"""What was seen of each event, property and value, in bounded memory.

``tracklint infer`` may read millions of captured events, so it keeps no
values, only counters and fixed-size sketches:

* per event: how often each platform sent it, and where the code sends it;
* per property (at every level of nesting): how often it was present, per
  platform, and what its values looked like;
* per position holding values (:class:`ValueEvidence`): a count per JSON type,
  how many strings looked like ISO-8601 date-times, and a
  :class:`~linter.drift.sketches.TopK` of short strings that is just large
  enough to tell whether a property has few enough distinct values to be an
  enum (its counts are exact until it overflows, and an overflow means "too
  many values for an enum").

Sizes are bounded by :class:`InferLimits`: the number of events, of properties
per object and the depth of nesting, never by the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from linter.drift.sketches import MAX_VALUE_CHARS, TopK
from linter.events import UNKNOWN, EventObservation
from linter.jsontypes import has_lone_surrogate, json_type
from linter.sdks import is_reserved_property
from linter.validation.formats import FORMAT_CHECKS

#: JSON types a value can have (``json_type`` names), in the order comments list them.
KINDS: Final = ("string", "integer", "number", "boolean", "null", "array", "object")
#: Call-site locations kept per event for comments (the rest are counted).
MAX_CALL_LOCATIONS: Final = 5

_is_date_time = FORMAT_CHECKS["date-time"]


@dataclass(frozen=True, slots=True)
class InferLimits:
    """Thresholds of the inference, and the bounds that keep its memory constant.

    A string property becomes an enum when it has at most ``enum_max_values``
    distinct values and each was seen at least ``enum_min_count`` times.
    Evidence seen fewer than ``thin`` times gets a ``# seen N times`` comment.
    At most ``max_events`` event names and ``max_properties`` keys per object
    are kept; objects and lists nested deeper than ``max_depth`` are typed but
    not described.
    """

    enum_max_values: int = 10
    enum_min_count: int = 5
    thin: int = 5
    max_events: int = 5000
    max_properties: int = 300
    max_depth: int = 4

    def __post_init__(self) -> None:
        for name in ("enum_max_values", "enum_min_count", "thin", "max_events",
                     "max_properties"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_depth < 0:
            raise ValueError("max_depth must not be negative")


class ValueEvidence:
    """The values seen at one position: a property, or the items of the lists there."""

    __slots__ = ("count", "datetimes", "depth", "fields", "items", "kinds", "limits",
                 "long_strings", "other", "strings", "too_deep", "unknown")

    def __init__(self, limits: InferLimits, depth: int = 0) -> None:
        self.limits = limits
        self.depth = depth
        self.count = 0
        self.unknown = 0
        self.other = 0
        self.kinds: dict[str, int] = {}
        self.datetimes = 0
        self.long_strings = 0
        self.strings: TopK[str] = TopK(limits.enum_max_values + 1)
        self.items: ValueEvidence | None = None
        self.fields: ObjectEvidence | None = None
        self.too_deep = False

    @property
    def known(self) -> int:
        """Values whose type is known (not computed at run time in code)."""
        return self.count - self.unknown - self.other

    def add(self, value: Any, platform: str) -> None:
        """Count one value; a value only known at run time counts as present, untyped."""
        self.count += 1
        if value is UNKNOWN:
            self.unknown += 1
            return
        kind = json_type(value)
        if kind not in KINDS or (kind == "string" and has_lone_surrogate(value)):
            self.other += 1  # a Python value from code that no SDK sends as JSON
            return
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "string":
            self._add_string(value)
        elif kind == "array":
            self._add_items(value, platform)
        elif kind == "object":
            self._add_fields(value, platform)

    def _add_string(self, text: str) -> None:
        if _is_date_time(text):
            self.datetimes += 1
        if len(text) <= MAX_VALUE_CHARS:
            self.strings.add(text)
        else:
            self.long_strings += 1

    def _add_items(self, values: Iterable[Any], platform: str) -> None:
        if self.depth >= self.limits.max_depth:
            self.too_deep = True
            return
        if self.items is None:
            self.items = ValueEvidence(self.limits, self.depth + 1)
        for value in values:
            self.items.add(value, platform)

    def _add_fields(self, value: Mapping[Any, Any], platform: str) -> None:
        if self.depth >= self.limits.max_depth:
            self.too_deep = True
            return
        if self.fields is None:
            self.fields = ObjectEvidence(self.limits, self.depth + 1)
        self.fields.add(value, platform)

    def merge(self, other: ValueEvidence) -> None:
        """Add ``other``'s evidence to this one (for a property shared by several events)."""
        self.count += other.count
        self.unknown += other.unknown
        self.other += other.other
        for kind, count in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + count
        self.datetimes += other.datetimes
        self.long_strings += other.long_strings
        merge_top(self.strings, other.strings)
        self.too_deep |= other.too_deep
        if other.items is not None:
            if self.items is None:
                self.items = ValueEvidence(self.limits, other.items.depth)
            self.items.merge(other.items)
        if other.fields is not None:
            if self.fields is None:
                self.fields = ObjectEvidence(self.limits, other.fields.depth)
            self.fields.merge(other.fields)


def merge_top(target: TopK[str], source: TopK[str]) -> None:
    """Add a sketch's counts to another's; an overflow on either side stays an overflow."""
    for item, count in source.items():
        target.add(item, count)
    target.evictions += source.evictions


class PropertyEvidence:
    """One key of an object: where it was present, and its values.

    ``reserved`` counts the occurrences under a name the SDK owns (``$os``).
    """

    __slots__ = ("present", "reserved", "value")

    def __init__(self, limits: InferLimits, depth: int) -> None:
        self.present: dict[str, int] = {}
        self.reserved = 0
        self.value = ValueEvidence(limits, depth)

    @property
    def count(self) -> int:
        return sum(self.present.values())

    def add(self, value: Any, platform: str) -> None:
        self.present[platform] = self.present.get(platform, 0) + 1
        self.value.add(value, platform)

    def merge(self, other: PropertyEvidence) -> None:
        for platform, count in other.present.items():
            self.present[platform] = self.present.get(platform, 0) + count
        self.reserved += other.reserved
        self.value.merge(other.value)


class ObjectEvidence:
    """The keys of the objects seen at one position, each with its own evidence.

    ``occurrences`` counts the objects per platform, so a key present in as many
    of them as there were objects was always sent.  Keys beyond
    ``max_properties`` are counted in ``overflow`` and not kept, and so are
    empty keys and keys holding half of a character (a lone surrogate), which a
    plan cannot name: either way the plan must allow keys it does not list.
    """

    __slots__ = ("depth", "limits", "occurrences", "overflow", "properties")

    def __init__(self, limits: InferLimits, depth: int = 0) -> None:
        self.limits = limits
        self.depth = depth
        self.occurrences: dict[str, int] = {}
        self.properties: dict[str, PropertyEvidence] = {}
        self.overflow = 0

    @property
    def count(self) -> int:
        return sum(self.occurrences.values())

    def add(self, values: Mapping[Any, Any], platform: str,
            sdk: str | None = None, *, top: bool = False) -> None:
        """Count one object; at the top level, keys the SDK owns are marked reserved."""
        self.occurrences[platform] = self.occurrences.get(platform, 0) + 1
        for raw_key, value in values.items():
            key = str(raw_key)
            if not key or has_lone_surrogate(key):
                self.overflow += 1
                continue
            prop = self._property(key)
            if prop is None:
                continue
            if top and is_reserved_property(key, sdk):
                prop.reserved += 1
            prop.add(value, platform)

    def _property(self, key: str) -> PropertyEvidence | None:
        prop = self.properties.get(key)
        if prop is None:
            if len(self.properties) >= self.limits.max_properties:
                self.overflow += 1
                return None
            prop = self.properties[key] = PropertyEvidence(self.limits, self.depth)
        return prop

    def merge(self, other: ObjectEvidence) -> None:
        for platform, count in other.occurrences.items():
            self.occurrences[platform] = self.occurrences.get(platform, 0) + count
        self.overflow += other.overflow
        for key, prop in other.properties.items():
            mine = self._property(key)
            if mine is not None:
                mine.merge(prop)


@dataclass
class EventEvidence:
    """One event name: captured events and tracking calls, and its properties.

    ``events`` counts captured events per platform and ``calls`` tracking calls
    per platform; ``locations`` keeps the first call sites.  ``open_calls``
    counts calls whose properties could not all be listed (``**extra``, or an
    argument that is not a literal dict): the event may carry more keys.
    """

    name: str
    body: ObjectEvidence
    events: dict[str, int] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    open_calls: int = 0

    @property
    def total(self) -> int:
        return sum(self.events.values()) + sum(self.calls.values())


@dataclass
class Evidence:
    """Everything collected: events by name, and what could not be used."""

    limits: InferLimits = field(default_factory=InferLimits)
    events: dict[str, EventEvidence] = field(default_factory=dict)
    dynamic_calls: list[str] = field(default_factory=list)
    dynamic_count: int = 0
    overflow_events: int = 0
    captured: int = 0
    calls: int = 0
    unnamed: int = 0

    def add(self, observation: EventObservation, location: str | None = None) -> None:
        """Count one observation: a captured event, or a tracking call at ``location``."""
        name = observation.name
        if name is None:
            self._dynamic(location)
            return
        if not name or has_lone_surrogate(name):  # a plan cannot name it
            self.unnamed += 1
            return
        event = self._event(name)
        if event is None:
            return
        platform = observation.platform
        if location is None:
            self.captured += 1
            event.events[platform] = event.events.get(platform, 0) + 1
        else:
            self.calls += 1
            event.calls[platform] = event.calls.get(platform, 0) + 1
            if len(event.locations) < MAX_CALL_LOCATIONS:
                event.locations.append(location)
            if not observation.keys_complete:
                event.open_calls += 1
        event.body.add(observation.properties, platform, observation.sdk, top=True)

    def _dynamic(self, location: str | None) -> None:
        if location is None:
            self.unnamed += 1
            return
        self.dynamic_count += 1
        if len(self.dynamic_calls) < MAX_CALL_LOCATIONS:
            self.dynamic_calls.append(location)

    def _event(self, name: str) -> EventEvidence | None:
        event = self.events.get(name)
        if event is None:
            if len(self.events) >= self.limits.max_events:
                self.overflow_events += 1
                return None
            event = self.events[name] = EventEvidence(name, ObjectEvidence(self.limits))
        return event


__all__ = [
    "KINDS",
    "EventEvidence",
    "Evidence",
    "InferLimits",
    "ObjectEvidence",
    "PropertyEvidence",
    "ValueEvidence",
    "merge_top",
]
