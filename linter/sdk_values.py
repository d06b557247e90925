"""What each analytics SDK really does with each kind of Python value: one table for TL212.

A property value that is not plain JSON is rarely an error the SDK reports: each
SDK copes in its own way, and most of those ways lose data with no more than a
log line.  The static checker (a ``datetime.now()`` in a ``track()`` call) and
the runtime guard (the value itself) both read their verdicts from :data:`FATES`,
so they always agree, and the table is checked against the installed SDKs: the
tests send every kind of value through each SDK's real serialiser, in its default
(background-thread) mode, and compare what comes out on the wire with the table.

What the SDKs do, in short (mixpanel 5, segment-analytics-python 2,
rudder-sdk-python 2, posthog 7, amplitude-analytics 1):

* Mixpanel ``json.dumps`` the event in ``track()`` with a serialiser that only
  knows ``datetime`` (written without time zone or fractions of a second);
  anything else raises in the application, and NaN becomes a bare ``NaN`` token.
* Segment and RudderStack (a fork of Segment's SDK) run ``clean()``: ``Decimal``
  becomes a float, a set a list, bytes are decoded, enums become their value, and
  any other object makes them drop the property holding it, with a log line.
* PostHog runs its own ``clean()``: UUIDs and dataclasses are converted too, but
  every other object (enums, ``bytearray``, ``time``) is sent as ``null``, NaN as
  ``null``, and what cannot be encoded at all drops the event.
* Amplitude's ``BaseEvent`` drops the *whole* ``event_properties`` when one value
  is not a str, number, bool, flat list or object of those; an enum nested in an
  object passes that check and then makes the whole batch fail to encode.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from linter.diagnostics import Severity
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SDKS, SEGMENT

SDK_NAMES: Final = {
    MIXPANEL: "Mixpanel",
    SEGMENT: "Segment",
    RUDDERSTACK: "RudderStack",
    POSTHOG: "PostHog",
    AMPLITUDE: "Amplitude",
}


class Outcome(enum.Enum):
    """What becomes of a value (or of more than the value) when an SDK sends it."""

    SENT = "sent"  # arrives in its natural JSON form, nothing lost
    CONVERTED = "converted"  # arrives, changed with a loss: a warning
    PROPERTY_DROPPED = "property dropped"
    NULL = "sent as null"
    PROPERTIES_DROPPED = "all properties dropped"
    EVENT_DROPPED = "event dropped"
    BATCH_LOST = "batch lost"
    RAISES = "raises"
    INVALID_JSON = "invalid JSON"

    @property
    def severity(self) -> Severity | None:
        if self is Outcome.SENT:
            return None
        return Severity.WARNING if self is Outcome.CONVERTED else Severity.ERROR


@dataclass(frozen=True, slots=True)
class Fate:
    """What one SDK does with one kind of value, and how a diagnostic says it."""

    outcome: Outcome
    detail: str = ""

    @property
    def severity(self) -> Severity | None:
        return self.outcome.severity


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of value the table knows; ``json_shape`` marks kinds that are valid JSON,
    which only an SDK known to refuse them is reported for."""

    name: str
    advice: str
    json_shape: bool = False


def _generic(outcome: Outcome, sdk: str) -> Fate:
    name = SDK_NAMES[sdk]
    text = {
        Outcome.SENT: "",
        Outcome.PROPERTY_DROPPED: f"{name} drops the property holding it, with only a log line",
        Outcome.NULL: f"{name} sends null instead",
        Outcome.PROPERTIES_DROPPED: (
            f"{name} drops the event's whole event_properties, with only a log line"
        ),
        Outcome.EVENT_DROPPED: f"{name} drops the event, with only a log line",
        Outcome.BATCH_LOST: (
            f"{name} cannot encode the batch holding it, so every event of that batch is lost"
        ),
        Outcome.INVALID_JSON: (
            f"{name} writes a bare NaN/Infinity token, which is not JSON, so the request is "
            "rejected"
        ),
    }[outcome]
    return Fate(outcome, text)


def raises(error: str) -> Fate:
    """The SDK call raises ``error`` in the application; nothing is sent.

    ``{sdk}`` in a detail is replaced by the SDK's name when the row is built.
    """
    return Fate(Outcome.RAISES, f"{{sdk}} raises {error} in the application, and the event "
                "is not sent")


def converted(detail: str) -> Fate:
    return Fate(Outcome.CONVERTED, detail)


_TO_FLOAT: Final = converted("{sdk} converts it to a float, losing precision")
_TO_LIST: Final = converted("{sdk} sends it as a list, in no particular order")
_DECODED: Final = converted("{sdk} sends the text it decodes to as UTF-8")
_HALF_CHARACTER: Final = Fate(
    Outcome.INVALID_JSON,
    "it holds half of a character (a lone surrogate): {sdk} writes it as a \\u escape of "
    "no valid Unicode text, which ingestion rejects or replaces, so the text is lost",
)
_KEY_TO_TEXT: Final = converted(
    "{sdk} writes the key as text, where it may collide with a text key"
)

Cell = Outcome | Fate


def _row(mixpanel: Cell, segment: Cell, posthog: Cell, amplitude: Cell) -> dict[str, Fate]:
    """One kind's fates; RudderStack's SDK is a fork of Segment's and shares its row."""

    def fate(cell: Cell, sdk: str) -> Fate:
        if isinstance(cell, Outcome):
            return _generic(cell, sdk)
        return Fate(cell.outcome, cell.detail.replace("{sdk}", SDK_NAMES[sdk]))

    return {
        MIXPANEL: fate(mixpanel, MIXPANEL),
        SEGMENT: fate(segment, SEGMENT),
        RUDDERSTACK: fate(segment, RUDDERSTACK),
        POSTHOG: fate(posthog, POSTHOG),
        AMPLITUDE: fate(amplitude, AMPLITUDE),
    }


_O = Outcome
_MIXPANEL_TYPE_ERROR: Final = raises("TypeError")
_ALL_DROPPED: Final = _O.PROPERTIES_DROPPED

KINDS: Final[Mapping[str, Kind]] = {
    kind.name: kind
    for kind in (
        Kind("datetime", "Send value.isoformat() of a time-zone-aware datetime."),
        Kind("date", "Send value.isoformat()."),
        Kind("time", "Send value.isoformat()."),
        Kind("timedelta", "Send value.total_seconds()."),
        Kind("Decimal", "Send float(value), or str(value) when every digit matters."),
        Kind("UUID", "Send str(value)."),
        Kind("set", "Send sorted(value)."),
        Kind("frozenset", "Send sorted(value)."),
        Kind("bytes", "Send text: value.decode(), or base64 for binary data."),
        Kind("bytearray", "Send text: value.decode(), or base64 for binary data."),
        Kind("undecodable-bytes", "Send text: base64.b64encode(value).decode() for binary data."),
        Kind("non-finite-float", "Send None, or leave the property out."),
        Kind("enum", "Send value.value."),
        Kind("enum-in-object", "Send value.value."),
        Kind("enum-in-list", "Send value.value."),
        Kind("dataclass", "Send dataclasses.asdict(value), or the fields the plan defines."),
        Kind("complex", "Send the real and imaginary parts as two numbers."),
        Kind("generator", "Send list(value)."),
        Kind("object", "Convert it to text, a number, a bool, a list or a dict first."),
        Kind("lone-surrogate",
             "Fix the code that cut the text: slice by characters, never inside one."),
        Kind("scalar-key", "Use text keys."),
        Kind("object-key", "Use text keys."),
        Kind("cycle", "Send a copy without the self-reference."),
        Kind("tuple", "Send list(value).", json_shape=True),
        Kind("list-in-list", "Flatten the list, or send a list of objects.", json_shape=True),
        Kind("null-in-list", "Leave None out of the list.", json_shape=True),
    )
}

# kind -> SDK -> fate: every cell is checked against the real SDK by the tests.
FATES: Final[Mapping[str, Mapping[str, Fate]]] = {
    "datetime": _row(
        converted("Mixpanel sends it without its time zone and fractions of a second"),
        _O.SENT, _O.SENT, _ALL_DROPPED,
    ),
    "date": _row(_MIXPANEL_TYPE_ERROR, _O.SENT, _O.SENT, _ALL_DROPPED),
    "time": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.NULL, _ALL_DROPPED),
    "timedelta": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.NULL, _ALL_DROPPED),
    "Decimal": _row(_MIXPANEL_TYPE_ERROR, _TO_FLOAT, _TO_FLOAT, _ALL_DROPPED),
    "UUID": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.SENT, _ALL_DROPPED),
    "set": _row(_MIXPANEL_TYPE_ERROR, _TO_LIST, _TO_LIST, _ALL_DROPPED),
    "frozenset": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _TO_LIST, _ALL_DROPPED),
    "bytes": _row(_MIXPANEL_TYPE_ERROR, _DECODED, _DECODED, _ALL_DROPPED),
    "bytearray": _row(_MIXPANEL_TYPE_ERROR, _DECODED, _O.NULL, _ALL_DROPPED),
    "undecodable-bytes": _row(
        _MIXPANEL_TYPE_ERROR, raises("UnicodeDecodeError"), _O.NULL, _ALL_DROPPED
    ),
    "non-finite-float": _row(_O.INVALID_JSON, _O.INVALID_JSON, _O.NULL, _O.INVALID_JSON),
    "enum": _row(_MIXPANEL_TYPE_ERROR, _O.SENT, _O.NULL, _O.SENT),
    "enum-in-object": _row(_MIXPANEL_TYPE_ERROR, _O.SENT, _O.NULL, _O.BATCH_LOST),
    "enum-in-list": _row(_MIXPANEL_TYPE_ERROR, _O.SENT, _O.NULL, _ALL_DROPPED),
    "dataclass": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.SENT, _ALL_DROPPED),
    "complex": _row(_MIXPANEL_TYPE_ERROR, raises("TypeError"), _O.EVENT_DROPPED, _ALL_DROPPED),
    "generator": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.NULL, _ALL_DROPPED),
    "object": _row(_MIXPANEL_TYPE_ERROR, _O.PROPERTY_DROPPED, _O.NULL, _ALL_DROPPED),
    "lone-surrogate": _row(_HALF_CHARACTER, _HALF_CHARACTER, _HALF_CHARACTER, _HALF_CHARACTER),
    "scalar-key": _row(_KEY_TO_TEXT, _KEY_TO_TEXT, _KEY_TO_TEXT, _ALL_DROPPED),
    "object-key": _row(_MIXPANEL_TYPE_ERROR, raises("TypeError"), _O.EVENT_DROPPED, _ALL_DROPPED),
    "cycle": _row(
        raises("ValueError"), raises("RecursionError"), _O.EVENT_DROPPED, raises("RecursionError")
    ),
    "tuple": _row(_O.SENT, _O.SENT, _O.SENT, _ALL_DROPPED),
    "list-in-list": _row(_O.SENT, _O.SENT, _O.SENT, _ALL_DROPPED),
    "null-in-list": _row(_O.SENT, _O.SENT, _O.SENT, _ALL_DROPPED),
}


def _any_sdk(kind: Kind) -> Fate:
    """The verdict when the sending SDK is unknown (a wrapper): the worst SDK's severity,
    naming which SDKs lose the value and which change it."""
    row = FATES[kind.name]
    if kind.json_shape:
        return Fate(Outcome.SENT)  # valid JSON: only an SDK known to refuse it is reported
    shared = {(row[s].outcome, row[s].detail.replace(SDK_NAMES[s], "{sdk}")) for s in SDKS}
    if len(shared) == 1:  # every SDK does the same: say what
        [(outcome, detail)] = shared
        return Fate(outcome, detail.replace("{sdk}", "every SDK"))
    lose = [SDK_NAMES[s] for s in SDKS if row[s].severity is Severity.ERROR]
    change = [SDK_NAMES[s] for s in SDKS if row[s].severity is Severity.WARNING]
    parts = []
    if lose:
        parts.append(f"{_names(lose)} {'loses' if len(lose) == 1 else 'lose'} it")
    if change:
        parts.append(f"{_names(change)} {'changes' if len(change) == 1 else 'change'} it")
    # The outcome of the first SDK that loses it (or changes it) stands for them all.
    worst = Severity.ERROR if lose else Severity.WARNING
    outcome = next(row[s].outcome for s in SDKS if row[s].severity is worst)
    return Fate(outcome, "it is not plain JSON: " + "; ".join(parts))


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


_UNKNOWN_SDK: Final = {name: _any_sdk(kind) for name, kind in KINDS.items()}


def fate(kind: str, sdk: str | None) -> Fate:
    """What ``sdk`` does with a value of ``kind``; any other ``sdk`` (None, a wrapper)
    gets the worst verdict among the SDKs."""
    row = FATES[kind]
    found = row.get(sdk) if sdk is not None else None
    return found if found is not None else _UNKNOWN_SDK[kind]


def refuses_json_shapes(sdk: str | None) -> bool:
    """True when ``sdk`` loses some values that are valid JSON (Amplitude: nested lists,
    nulls in lists), so plain JSON cannot be waved through without a look."""
    return any(
        fate(name, sdk).severity is not None for name, kind in KINDS.items() if kind.json_shape
    )
