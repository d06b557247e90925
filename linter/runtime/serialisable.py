"""Find property values an analytics SDK cannot send as JSON (TL212).

Events vanish silently when a property value is not plain JSON: each SDK copes
with such values in its own way, and most of those ways lose data without an
error.  What the installed SDKs do (read from their sources and verified):

* Mixpanel ``json.dumps`` the event with a serializer that only knows
  ``datetime`` (written as ``%Y-%m-%dT%H:%M:%S``: time zone and fractions of a
  second are lost).  Anything else raises ``TypeError`` from ``track()``, and
  NaN/inf become bare ``NaN``/``Infinity`` tokens that are not JSON.
* Segment and RudderStack run ``clean()``: ``Decimal`` becomes ``float``, a
  ``set`` a list, bytes are decoded (undecodable bytes raise), enums become their
  value, and every other object (UUID, frozenset, custom classes) makes the SDK
  drop the property that holds it with only a log line.
* PostHog runs its own ``clean()``: ``Decimal`` becomes ``float``, UUIDs and
  dates become text, sets become lists, dataclasses become dicts, and every
  other object (enums, bytearrays, custom classes) is sent as ``null``; so are
  NaN and inf.  What it cannot encode at all (``complex``, tuple keys) makes
  ``capture()`` log the error and drop the event: it never raises.
* Amplitude's ``BaseEvent`` validates ``event_properties`` when it is set and,
  when any value is not a str, number, bool, flat list or dict of those, silently
  drops the *whole* ``event_properties``.  NaN passes and makes the batch
  invalid JSON.

The check therefore depends on the SDK: a ``datetime`` is fine for PostHog and
an error for Amplitude.  With no SDK known, every value that is not plain JSON is
an error, since at least one SDK loses it.  Values an SDK converts with a loss
(``Decimal`` to ``float``, a set to a list in arbitrary order) are warnings.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from linter.diagnostics import Diagnostic, Severity
from linter.rules import RULES
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SEGMENT

UNSERIALISABLE: Final = RULES["TL212"]
# Real payloads are shallow; a structure deeper than this is almost certainly a
# mistake (or a self-reference the id-based cycle check cannot see).
MAX_DEPTH: Final = 64

_PLAIN_SCALARS: Final = frozenset({str, int, bool, type(None)})
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Fate:
    """What one SDK does with one kind of value; ``severity`` None means nothing is lost."""

    severity: Severity | None
    outcome: str


_FAITHFUL: Final = _Fate(None, "")
_NOT_JSON: Final = _Fate(Severity.ERROR, "it is not a JSON value; SDKs drop it, send null or fail")
_MIXPANEL_RAISES: Final = _Fate(
    Severity.ERROR, "Mixpanel's track() raises TypeError and the event is not sent"
)
_SEGMENT_DROPS: Final = _Fate(
    Severity.ERROR, "the SDK drops the property holding it and only logs a warning"
)
_SEGMENT_RAISES: Final = _Fate(Severity.ERROR, "the SDK raises and the event is not sent")
_POSTHOG_NULL: Final = _Fate(Severity.ERROR, "PostHog sends null instead")
_POSTHOG_RAISES: Final = _Fate(
    Severity.ERROR, "PostHog's capture() fails on it, logs the error and drops the event"
)
_AMPLITUDE_DROPS_ALL: Final = _Fate(
    Severity.ERROR, "Amplitude silently drops the event's whole event_properties"
)
_BARE_NAN: Final = _Fate(
    Severity.ERROR,
    "it is written as a bare NaN/Infinity token, which is not JSON, so ingestion rejects it",
)
_LOST_TEXT: Final = _Fate(
    Severity.ERROR,
    "it holds half of a character (a lone surrogate), which is not valid Unicode: the SDK "
    "sends it as an escape that ingestion rejects or replaces, so the text is lost",
)
_TO_FLOAT: Final = _Fate(Severity.WARNING, "the SDK converts it to float, losing precision")
_SET_TO_LIST: Final = _Fate(Severity.WARNING, "the SDK sends it as a list in arbitrary order")
_BYTES_DECODED: Final = _Fate(Severity.WARNING, "the SDK sends the text it decodes to as UTF-8")
_KEY_TO_TEXT: Final = _Fate(
    Severity.WARNING, "JSON turns the key into text, where it may collide with a text key"
)
_CYCLE: Final = _Fate(Severity.ERROR, "it contains itself, so it cannot be encoded as JSON")
_TOO_DEEP: Final = _Fate(
    Severity.WARNING, f"it is nested more than {MAX_DEPTH} levels deep and was not checked below"
)


def _fates(
    default: _Fate,
    *,
    mixpanel: _Fate,
    segment: _Fate,
    posthog: _Fate,
    amplitude: _Fate,
) -> dict[str | None, _Fate]:
    return {
        None: default,
        MIXPANEL: mixpanel,
        SEGMENT: segment,
        RUDDERSTACK: segment,  # RudderStack's SDK is a fork of Segment's: same clean()
        POSTHOG: posthog,
        AMPLITUDE: amplitude,
    }


# kind -> SDK -> fate; the kinds are what _classify() returns.
_FATES: Final[dict[str, dict[str | None, _Fate]]] = {
    "datetime": _fates(
        _NOT_JSON,
        mixpanel=_Fate(
            Severity.WARNING,
            "Mixpanel sends it without its time zone and fractions of a second",
        ),
        segment=_FAITHFUL,
        posthog=_FAITHFUL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "date": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_FAITHFUL,
        posthog=_FAITHFUL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "decimal": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_TO_FLOAT,
        posthog=_TO_FLOAT,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "uuid": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_DROPS,
        posthog=_FAITHFUL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "set": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SET_TO_LIST,
        posthog=_SET_TO_LIST,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "frozenset": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_DROPS,
        posthog=_SET_TO_LIST,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "bytes": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_BYTES_DECODED,
        posthog=_BYTES_DECODED,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "bytearray": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_BYTES_DECODED,
        posthog=_POSTHOG_NULL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "binary": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_Fate(
            Severity.ERROR, "the SDK raises UnicodeDecodeError and the event is not sent"
        ),
        posthog=_POSTHOG_NULL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "non-finite": _fates(
        _NOT_JSON,
        mixpanel=_BARE_NAN,
        segment=_BARE_NAN,
        posthog=_POSTHOG_NULL,
        amplitude=_Fate(
            Severity.ERROR,
            "Amplitude writes a bare NaN/Infinity token, so the whole batch is rejected",
        ),
    ),
    "enum": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_FAITHFUL,
        posthog=_POSTHOG_NULL,
        amplitude=_FAITHFUL,  # only at the top level; nested enums are handled below
    ),
    "dataclass": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_DROPS,
        posthog=_FAITHFUL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "complex": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_RAISES,
        posthog=_POSTHOG_RAISES,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "object": _fates(
        _NOT_JSON,
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_DROPS,
        posthog=_POSTHOG_NULL,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "text-like-key": _fates(
        _KEY_TO_TEXT,
        mixpanel=_KEY_TO_TEXT,
        segment=_KEY_TO_TEXT,
        posthog=_KEY_TO_TEXT,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
    "lone-surrogate": _fates(
        _LOST_TEXT, mixpanel=_LOST_TEXT, segment=_LOST_TEXT, posthog=_LOST_TEXT,
        amplitude=_LOST_TEXT),
    "bad-key": _fates(
        _Fate(Severity.ERROR, "JSON keys must be text; encoding the event raises TypeError"),
        mixpanel=_MIXPANEL_RAISES,
        segment=_SEGMENT_RAISES,
        posthog=_POSTHOG_RAISES,
        amplitude=_AMPLITUDE_DROPS_ALL,
    ),
}

# Amplitude accepts less than JSON: no tuples, no lists in lists, no nulls or
# bools... in lists (bools are ints to it), and enums only at the top level.
_AMPLITUDE_ONLY: Final = {
    "tuple": _AMPLITUDE_DROPS_ALL,
    "list-in-list": _AMPLITUDE_DROPS_ALL,
    "null-in-list": _AMPLITUDE_DROPS_ALL,
    "nested-enum": _Fate(
        Severity.ERROR,
        "Amplitude only converts enums at the top level; the batch fails to encode and is lost",
    ),
}

_ADVICE: Final = {
    "datetime": "Send value.isoformat() of a time-zone-aware datetime.",
    "date": "Send value.isoformat().",
    "decimal": "Send float(value), or str(value) when every digit matters.",
    "uuid": "Send str(value).",
    "set": "Send sorted(value).",
    "frozenset": "Send sorted(value).",
    "bytes": "Send text: value.decode(), or base64 for binary data.",
    "bytearray": "Send text: value.decode(), or base64 for binary data.",
    "binary": "Send text: base64.b64encode(value).decode() for binary data.",
    "non-finite": "Send None, or leave the property out.",
    "enum": "Send value.value.",
    "nested-enum": "Send value.value.",
    "dataclass": "Send dataclasses.asdict(value), or the fields the plan defines.",
    "complex": "Send the real and imaginary parts as two numbers.",
    "object": "Convert it to text, a number, a bool, a list or a dict first.",
    "text-like-key": "Use text keys.",
    "bad-key": "Use text keys.",
    "lone-surrogate": "Fix the code that cut the text: slice by characters, never inside one.",
    "tuple": "Send list(value).",
    "list-in-list": "Flatten the list, or send a list of objects.",
    "null-in-list": "Leave None out of the list.",
    "cycle": "Send a copy without the self-reference.",
    "too-deep": "Flatten the value.",
}


def find_unserialisable(
    properties: Mapping[Any, Any],
    *,
    sdk: str | None = None,
    pointer: str = "",
    event: str | None = None,
    platform: str | None = None,
) -> list[Diagnostic]:
    """TL212 diagnostics for the values of ``properties`` that ``sdk`` would lose.

    ``pointer`` is the JSON Pointer of ``properties`` itself (an observation's
    ``origin.pointer``); each diagnostic points at the offending value below it.
    An unknown ``sdk`` (``None``, or the ``wrapper`` of a custom tracking layer)
    reports every value that is not plain JSON.
    """
    if sdk != AMPLITUDE and _plain_json(properties, 0):
        return []  # the common case, decided without building a pointer per value
    walk = _Walk(sdk if sdk in _FATES["object"] else None, event, platform, pointer)
    walk.mapping(properties, pointer, depth=0)
    return walk.found


def is_plain_json(properties: Mapping[Any, Any], sdk: str | None) -> bool:
    """True when :func:`find_unserialisable` would find nothing: the runtime guard's test.

    A loop over the values of a flat event, with no call per value: it runs for
    every event an instrumented client sends.
    """
    if sdk == AMPLITUDE or type(properties) is not dict:
        return False
    for key, value in properties.items():
        if type(key) is not str or (not key.isascii() and _SURROGATE.search(key)):
            return False
        kind = type(value)
        if kind is str:
            if not value.isascii() and _SURROGATE.search(value):
                return False
        elif kind is int or kind is bool or value is None:
            continue
        elif kind is float:
            if not math.isfinite(value):
                return False
        elif not _plain_json(value, 1):
            return False
    return True


def _plain_json(value: Any, depth: int) -> bool:
    """True when every SDK sends ``value`` unchanged: exact JSON types, finite numbers,
    valid Unicode, string keys, no deeper than :data:`MAX_DEPTH`.  Cycles exceed the depth."""
    kind = type(value)
    if kind is str:
        return value.isascii() or not _SURROGATE.search(value)
    if kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if depth >= MAX_DEPTH:
        return False
    if kind is dict:
        return all(type(k) is str and _plain_json(k, depth) and _plain_json(v, depth + 1)
                   for k, v in value.items())
    if kind is list:
        return all(_plain_json(item, depth + 1) for item in value)
    return False


def pointer_token(key: object) -> str:
    """One JSON Pointer reference token (RFC 6901): ``~`` and ``/`` escaped."""
    return str(key).replace("~", "~0").replace("/", "~1")


class _Walk:
    """One traversal of a properties mapping, collecting diagnostics as it goes."""

    __slots__ = ("_active", "_amplitude", "_root", "event", "found", "platform", "sdk")

    def __init__(self, sdk: str | None, event: str | None, platform: str | None, root: str) -> None:
        self.sdk = sdk
        self._root = root
        self.event = event
        self.platform = platform
        self.found: list[Diagnostic] = []
        self._amplitude = sdk == AMPLITUDE
        # ids of the containers on the path from the root: a repeat is a cycle.
        self._active: set[int] = set()

    def mapping(self, mapping: Mapping[Any, Any], pointer: str, depth: int) -> None:
        if not self._enter(mapping, pointer, depth):
            return
        for key, value in mapping.items():
            if isinstance(key, str) and _has_surrogate(key):
                # The key cannot be printed, so neither can a pointer holding it.
                self._report("lone-surrogate", _FATES["lone-surrogate"][self.sdk], key,
                             pointer, subject=f"a key of the object at {pointer or '/'}")
                continue
            child = f"{pointer}/{pointer_token(key)}"
            if not isinstance(key, str):
                self._key(key, child)
            if type(value) in _PLAIN_SCALARS and not (type(value) is str
                                                      and _has_surrogate(value)):
                continue  # the common case, kept cheap
            self.value(value, child, depth + 1)
        self._active.discard(id(mapping))

    def sequence(self, items: list[Any] | tuple[Any, ...], pointer: str, depth: int) -> None:
        if not self._enter(items, pointer, depth):
            return
        for index, item in enumerate(items):
            child = f"{pointer}/{index}"
            if self._amplitude:
                self._amplitude_list_item(item, child)
            if type(item) in _PLAIN_SCALARS:
                continue
            self.value(item, child, depth + 1)
        self._active.discard(id(items))

    def value(self, value: Any, pointer: str, depth: int) -> None:
        if isinstance(value, dict):
            self.mapping(value, pointer, depth)
            return
        if isinstance(value, (list, tuple)):
            if self._amplitude and isinstance(value, tuple):
                self._report_amplitude("tuple", value, pointer)
            self.sequence(value, pointer, depth)
            return
        kind = _classify(value)
        if kind is None:
            return
        if kind == "enum" and self._amplitude and depth > 1:
            self._report_amplitude("nested-enum", value, pointer)
            return
        self._report(kind, _FATES[kind][self.sdk], value, pointer)

    def _enter(self, container: object, pointer: str, depth: int) -> bool:
        if id(container) in self._active:
            self._report("cycle", _CYCLE, container, pointer)
            return False
        if depth > MAX_DEPTH:
            self._report("too-deep", _TOO_DEEP, container, pointer)
            return False
        self._active.add(id(container))
        return True

    def _key(self, key: object, pointer: str) -> None:
        text_like = key is None or isinstance(key, (int, float))  # bool is an int
        kind = "text-like-key" if text_like else "bad-key"
        fate = _FATES[kind][self.sdk]
        self._report(kind, fate, key, pointer, subject=f"the key {key!r}")

    def _amplitude_list_item(self, item: object, pointer: str) -> None:
        if isinstance(item, list):
            self._report_amplitude("list-in-list", item, pointer)
        elif item is None:
            self._report_amplitude("null-in-list", item, pointer)

    def _report_amplitude(self, kind: str, value: object, pointer: str) -> None:
        self._report(kind, _AMPLITUDE_ONLY[kind], value, pointer)

    def _report(
        self, kind: str, fate: _Fate, value: object, pointer: str, subject: str | None = None
    ) -> None:
        if fate.severity is None:
            return
        python_type = _type_name(value)
        what = subject or _describe_location(pointer, self._root)
        self.found.append(
            UNSERIALISABLE.build(
                "fate",
                args={"subject": what, "python_type": python_type, "outcome": fate.outcome},
                severity=fate.severity,
                hint=_ADVICE[kind],
                event=self.event,
                platform=self.platform,
                pointer=pointer,
                extra={"python_type": python_type, "kind": kind, "sdk": self.sdk},
            )
        )


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _classify(value: object) -> str | None:
    """The kind of a non-container value, or None when every SDK sends it as is."""
    if isinstance(value, float):
        return None if math.isfinite(value) else "non-finite"
    if isinstance(value, str) and _has_surrogate(value):
        return "lone-surrogate"
    if isinstance(value, (str, int)):  # bool, IntEnum and StrEnum included
        return None
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return "datetime"
    if isinstance(value, datetime.date):
        return "date"
    return _classify_other(value)


def _classify_other(value: object) -> str:
    if isinstance(value, decimal.Decimal):
        return "decimal"
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, set):
        return "set"
    if isinstance(value, frozenset):
        return "frozenset"
    if isinstance(value, (bytes, bytearray)):
        return _classify_binary(value)
    if isinstance(value, enum.Enum):
        return "enum"
    if isinstance(value, complex):
        return "complex"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "dataclass"
    return "object"


def _classify_binary(value: bytes | bytearray) -> str:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "bytes" if isinstance(value, bytes) else "bytearray"


def _type_name(value: object) -> str:
    cls = type(value)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _describe_location(pointer: str, root: str) -> str:
    """``property 'price'`` for a top-level value, ``the value at /cart/0/price`` below."""
    relative = pointer[len(root) :]
    if relative.count("/") == 1:
        token = relative[1:].replace("~1", "/").replace("~0", "~")
        return f"property {token!r}"
    return f"the value at {pointer}"
