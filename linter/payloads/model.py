"""The types shared by the container reader, the vendor modules and the stream.

Vendor modules do not build :class:`~linter.diagnostics.Diagnostic` values
themselves: they yield a :class:`Sighting`, a :class:`NonEvent` or a :class:`Problem`,
and :mod:`linter.payloads.reader` turns problems into TL303 diagnostics and
counts everything.  That keeps the counting in one place, so no record can be
dropped without being counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeAlias

from linter import jsontypes
from linter.diagnostics import Diagnostic
from linter.events import EventObservation

#: What a :class:`~linter.payloads.reader.PayloadStream` yields.
PayloadItem: TypeAlias = EventObservation | Diagnostic


@dataclass(frozen=True, slots=True)
class NonEvent:
    """A message that is valid but records no product event (identify, page, ...).

    ``kind`` names it for the counters: a Segment message type, or a vendor's
    reserved event name such as ``$identify``.
    """

    kind: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A message that cannot be read as an event; it becomes a TL303 diagnostic.

    ``pointer`` is relative to the record (the reader prefixes the record's own
    position in its JSON document).
    """

    message: str
    hint: str
    pointer: str = ""
    event: str | None = None


class Sighting(NamedTuple):
    """One event as a vendor module reads it, before anything is built from it.

    ``pointer`` is relative to the record and points at the properties object;
    ``platform`` is what the payload says (None when it does not say).  The
    reader turns it into an :class:`~linter.events.EventObservation` only where
    one is needed: batch validation checks most events from these fields alone.
    A tuple, not a frozen dataclass: one is made per event, and it costs a
    fraction of the time to build.
    """

    name: str
    properties: dict[str, Any]
    pointer: str
    platform: str | None
    user_id: Any
    anonymous_id: Any
    app_version: str | None


Parsed: TypeAlias = Sighting | NonEvent | Problem


#: Offered each JSON Lines line (its bytes, blanks stripped) before the usual path:
#: True means the line held one event that the lane read and accounted for itself
#: (batch validation's typed lane: checked, valid and tallied), so the reader only
#: counts it; False, the line is read the usual way, as if there were no lane.
Lane: TypeAlias = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How the caller wants records read; one per stream, not per record.

    ``sdk_events`` keeps the vendors' own events (``$pageview``...) as events.
    """

    sdk_events: bool = False


class Parser(Protocol):
    """A vendor module's entry point: every message of one record, in order.

    A record that is one message comes back as a one-element tuple rather than a
    generator: that is nearly every record, and a tuple is much cheaper to make
    and iterate.  Batches stay lazy.
    """

    def __call__(self, record: Mapping[str, Any], ctx: ReadOptions) -> Iterable[Parsed]: ...


def properties_at(
    message: Mapping[str, Any], key: str, pointer: str
) -> dict[str, Any] | Problem:
    """The properties object of a message; absent or ``null`` means no properties.

    Anything else (a list, a string) is a malformed message rather than an empty
    one, so it is reported instead of being read as ``{}``.
    """
    value = message.get(key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    return Problem(
        f"'{key}' is {json_type(value)}, not an object",
        f"send the event's properties as a JSON object under '{key}'",
        pointer + "/" + key,
    )


def named_properties(message: Mapping[str, Any], name_key: str, properties_key: str,
                     pointer: str) -> tuple[str, dict[str, Any]] | Problem:
    """A message's event name and properties, or the problem with either.

    A problem with the properties still names the event, so reports can say
    which event was malformed.
    """
    name = message.get(name_key)
    properties = message.get(properties_key)
    if isinstance(name, str) and isinstance(properties, dict) and name.strip():
        return name, properties  # the usual message, without the checks' function calls
    return _checked_name_and_properties(message, name_key, properties_key, pointer)


def _checked_name_and_properties(message: Mapping[str, Any], name_key: str,
                                 properties_key: str,
                                 pointer: str) -> tuple[str, dict[str, Any]] | Problem:
    """:func:`named_properties` for a message whose name or properties need a look."""
    name = event_name(message.get(name_key), name_key, pointer)
    if isinstance(name, Problem):
        return name
    properties = properties_at(message, properties_key, pointer)
    if isinstance(properties, Problem):
        return Problem(properties.message, properties.hint, properties.pointer, name)
    return name, properties


def event_name(value: Any, key: str, pointer: str) -> str | Problem:
    """The event name of a message, or the problem with it."""
    if isinstance(value, str) and value.strip():
        return value
    if value is None:
        return Problem(f"the message has no event name ('{key}')",
                       f"every event needs a non-empty '{key}' string", pointer)
    if isinstance(value, str):
        return Problem(f"the event name ('{key}') is empty",
                       f"every event needs a non-empty '{key}' string", pointer + "/" + key)
    return Problem(f"the event name ('{key}') is {json_type(value)}, not a string",
                   f"send the event name as a string under '{key}'", pointer + "/" + key)


def not_an_object(value: Any, pointer: str, what: str = "message") -> Problem:
    return Problem(f"the {what} is {json_type(value)}, not a JSON object",
                   "each payload message must be a JSON object", pointer)


_ARTICLES = {"null": "null", "boolean": "a boolean", "integer": "a number", "number": "a number",
             "string": "a string", "array": "an array", "object": "an object"}


def messages(record: Mapping[str, Any], key: str, ctx: ReadOptions,
             read_one: Callable[[Mapping[str, Any], str, ReadOptions], Parsed],
             hint: str, what: str = "event") -> Iterable[Parsed]:
    """Each message of an envelope (``{"batch": [...]}``), or the one message the record is.

    Every vendor batches the same way, under its own key; an element that is not
    an object is a problem of its own, and the other elements are still read.
    """
    if key not in record:
        return (read_one(record, "", ctx),)
    return _batch_messages(record, key, ctx, read_one, hint, what)


def _batch_messages(record: Mapping[str, Any], key: str, ctx: ReadOptions,
                    read_one: Callable[[Mapping[str, Any], str, ReadOptions], Parsed],
                    hint: str, what: str) -> Iterator[Parsed]:
    """The messages of an envelope, read lazily: a batch may be large."""
    items = record[key]
    if not isinstance(items, list):
        yield Problem(f"'{key}' is {json_type(items)}, not an array", hint, f"/{key}")
        return
    for index, item in enumerate(items):
        pointer = f"/{key}/{index}"
        if isinstance(item, dict):
            yield read_one(item, pointer, ctx)
        else:
            yield not_an_object(item, pointer, what)


def json_type(value: Any) -> str:
    """A decoded value's JSON type with its article ("an array", "null"), for messages."""
    kind = jsontypes.json_type(value)
    return _ARTICLES.get(kind, f"a {kind}")


def dig(mapping: Any, *keys: str) -> Any:
    """``mapping[k1][k2]...`` when every level is an object, else ``None``."""
    value = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


__all__ = [
    "Lane",
    "NonEvent",
    "Parsed",
    "Parser",
    "PayloadItem",
    "Problem",
    "ReadOptions",
    "Sighting",
    "dig",
    "event_name",
    "json_type",
    "not_an_object",
    "properties_at",
]
