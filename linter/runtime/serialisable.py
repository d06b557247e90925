"""Find property values an analytics SDK would lose (TL212), in the values themselves.

Events vanish silently when a property value is not plain JSON, each SDK in its
own way: :mod:`linter.sdk_values` holds the table of what each SDK does with each
kind of value, shared with the static checker.  This module walks a real
properties mapping, sorts each value into one of the table's kinds, and reports
what the sending SDK does with it: a ``datetime`` is fine for PostHog, a warning
for Mixpanel (its time zone is lost) and an error for Amplitude.  With no SDK
known, the worst verdict among the SDKs applies.

The walk is only taken when needed: a mapping of exact JSON types is waved
through by one cheap pass (:func:`~linter.jsontypes.is_plain_json`), except for SDKs that also lose
some valid JSON (Amplitude: lists in lists, nulls in lists).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import math
import types
import uuid
from collections.abc import Mapping
from typing import Any, Final

from linter.diagnostics import Diagnostic, Severity
from linter.jsontypes import MAX_DEPTH, has_lone_surrogate
from linter.jsontypes import is_plain_json as plain_json
from linter.rules import RULES
from linter.sdk_values import KINDS, SDK_NAMES, fate, refuses_json_shapes

UNSERIALISABLE: Final = RULES["TL212"]
_PLAIN_SCALARS: Final = frozenset({str, int, bool, type(None)})
#: SDKs that lose some plain JSON too (see sdk_values.refuses_json_shapes): for them the
#: plain JSON test does not decide TL212 (Amplitude: lists in lists, nulls in lists).
SHAPE_STRICT_SDKS: Final = frozenset(sdk for sdk in SDK_NAMES if refuses_json_shapes(sdk))
_TOO_DEEP: Final = f"it is nested more than {MAX_DEPTH} levels deep and was not checked below"


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
    if sdk not in SHAPE_STRICT_SDKS and plain_json(properties):
        return []  # the common case, decided without building a pointer per value
    walk = _Walk(sdk, event, platform, pointer)
    walk.mapping(properties, pointer, depth=0)
    return walk.found


def is_plain_json(properties: Mapping[Any, Any], sdk: str | None) -> bool:
    """True when :func:`find_unserialisable` would find nothing: the runtime guard's test.

    It runs for every event an instrumented client sends, so it is loops over
    the values with no call per scalar.
    """
    return sdk not in SHAPE_STRICT_SDKS and type(properties) is dict and plain_json(properties)


def pointer_token(key: object) -> str:
    """One JSON Pointer reference token (RFC 6901): ``~`` and ``/`` escaped."""
    return str(key).replace("~", "~0").replace("/", "~1")


class _Walk:
    """One traversal of a properties mapping, collecting diagnostics as it goes."""

    __slots__ = ("_active", "_root", "event", "found", "platform", "sdk")

    def __init__(self, sdk: str | None, event: str | None, platform: str | None, root: str) -> None:
        self.sdk = sdk
        self._root = root
        self.event = event
        self.platform = platform
        self.found: list[Diagnostic] = []
        # ids of the containers on the path from the root: a repeat is a cycle.
        self._active: set[int] = set()

    def mapping(self, mapping: Mapping[Any, Any], pointer: str, depth: int) -> None:
        if not self._enter(mapping, pointer, depth):
            return
        for key, value in mapping.items():
            if isinstance(key, str) and has_lone_surrogate(key):
                # The key cannot be printed, so neither can a pointer holding it.
                self._report("lone-surrogate", key, pointer,
                             subject=f"a key of the object at {pointer or '/'}")
                continue
            child = f"{pointer}/{pointer_token(key)}"
            if not isinstance(key, str):
                self._key(key, child)
            if type(value) in _PLAIN_SCALARS and not (type(value) is str
                                                      and has_lone_surrogate(value)):
                continue  # the common case, kept cheap
            self.value(value, child, depth + 1, in_list=False)
        self._active.discard(id(mapping))

    def sequence(self, items: list[Any] | tuple[Any, ...], pointer: str, depth: int) -> None:
        if not self._enter(items, pointer, depth):
            return
        for index, item in enumerate(items):
            child = f"{pointer}/{index}"
            if item is None:
                self._report("null-in-list", item, child)
            if type(item) in _PLAIN_SCALARS and not (type(item) is str
                                                     and has_lone_surrogate(item)):
                continue
            self.value(item, child, depth + 1, in_list=True)
        self._active.discard(id(items))

    def value(self, value: Any, pointer: str, depth: int, *, in_list: bool) -> None:
        if isinstance(value, dict):
            self.mapping(value, pointer, depth)
            return
        if isinstance(value, (list, tuple)):
            if isinstance(value, tuple):
                self._report("tuple", value, pointer)
            elif in_list:
                self._report("list-in-list", value, pointer)
            self.sequence(value, pointer, depth)
            return
        kind = _classify(value)
        if kind is None:
            return
        if kind == "enum" and depth > 1:
            kind = "enum-in-list" if in_list else "enum-in-object"
        self._report(kind, value, pointer)

    def _enter(self, container: object, pointer: str, depth: int) -> bool:
        if id(container) in self._active:
            self._report("cycle", container, pointer)
            return False
        if depth > MAX_DEPTH:
            # A limit of this check, not something an SDK does: a warning of its own.
            self._add("too-deep", Severity.WARNING, _TOO_DEEP, "Flatten the value.", container,
                      pointer)
            return False
        self._active.add(id(container))
        return True

    def _key(self, key: object, pointer: str) -> None:
        scalar = key is None or isinstance(key, (int, float))  # bool is an int
        self._report("scalar-key" if scalar else "object-key", key, pointer,
                      subject=f"the key {key!r}")

    def _report(self, kind: str, value: object, pointer: str, subject: str | None = None) -> None:
        found = fate(kind, self.sdk)
        if found.severity is not None:
            self._add(kind, found.severity, found.detail, KINDS[kind].advice, value, pointer,
                      subject)

    def _add(self, kind: str, severity: Severity, outcome: str, advice: str, value: object,
             pointer: str, subject: str | None = None) -> None:
        python_type = _type_name(value)
        what = subject or _describe_location(pointer, self._root)
        self.found.append(
            UNSERIALISABLE.build(
                args={"subject": what, "python_type": python_type, "outcome": outcome},
                severity=severity,
                hint=advice,
                event=self.event,
                platform=self.platform,
                pointer=pointer,
                extra={"python_type": python_type, "kind": kind, "sdk": self.sdk},
            )
        )


def _classify(value: object) -> str | None:
    """The table kind of a non-container value, or None when every SDK sends it as is."""
    if isinstance(value, float):
        return None if math.isfinite(value) else "non-finite-float"
    if isinstance(value, str) and has_lone_surrogate(value):
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


_BY_TYPE: Final[tuple[tuple[type | tuple[type, ...], str], ...]] = (
    (datetime.time, "time"),
    (datetime.timedelta, "timedelta"),
    (decimal.Decimal, "Decimal"),
    (uuid.UUID, "UUID"),
    (set, "set"),
    (frozenset, "frozenset"),
    (enum.Enum, "enum"),
    (complex, "complex"),
    (types.GeneratorType, "generator"),
)


def _classify_other(value: object) -> str:
    for python_type, kind in _BY_TYPE:
        if isinstance(value, python_type):
            return kind
    if isinstance(value, (bytes, bytearray)):
        return _classify_binary(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "dataclass"
    return "object"


def _classify_binary(value: bytes | bytearray) -> str:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return "undecodable-bytes"
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
