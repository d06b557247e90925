"""Typed lanes: a valid event of a known wire format read and checked in one C pass.

Batch validation's usual input is millions of JSON Lines of one vendor's
events.  The fast path (:mod:`linter.validation.fastpath`) checks each event
from its decoded values in Python; a lane instead decodes a line straight into
msgspec types that hold the plan (:mod:`linter.validation.typed`): one
``Struct`` per planned event, chosen by msgspec itself from the event name (a
tagged union), with every property's type, bound, length, pattern and enum
checked while decoding.  What is left in Python is what the wire format says
beside the properties (the platform, the user, the app version) and the few
rules that differ between the platforms of one event.

A lane only ever says "valid": :meth:`MixpanelLane.read` returns the event's
tally key only when the line would be read, recognised, parsed and checked by
the usual path with no diagnostic at all, and ``None`` otherwise; the usual
path then reads the line as if there were no lane.  So a line whose event is
invalid, unknown, deprecated or not planned for its platform, that is not a
Mixpanel event, holds an SDK key the lane has not met yet, or might hold a key
written twice, costs one failed decode.

SDK keys (Mixpanel's ``$city``, ``mp_country_code``...) are not in the plan, and
``forbid_unknown_fields`` refuses keys a ``Struct`` does not list; so the lane
learns them: each key of an event that the usual path found valid and the lane
did not know is added (at most :data:`MAX_LEARNED_KEYS` per event) and the
types are built again (at most :data:`MAX_REBUILDS` times).  The first lines of
a capture go the usual way; the rest take the lane.
"""

from __future__ import annotations

import operator
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, NamedTuple, Union

import msgspec
from msgspec.structs import astuple

from linter.payloads.mixpanel import identity_of, platform_of
from linter.payloads.platforms import UNKNOWN_PLATFORM, version_string
from linter.plan.compile import CompiledPlan
from linter.sdks import MIXPANEL, is_reserved_property
from linter.validation.event_check import EventChecker
from linter.validation.fastpath import FastPath, Predicate, compile_property
from linter.validation.typed import field_type, holds_objects, struct_type

__all__ = ["MAX_LEARNED_KEYS", "MAX_REBUILDS", "MixpanelLane", "mixpanel_lane"]

#: Keys learnt per event beyond the planned ones; lines with others go the usual way.
MAX_LEARNED_KEYS: Final = 256
#: Times the types are built again with learnt keys; then learning stops.
MAX_REBUILDS: Final = 64

_UNSET: Final = msgspec.UNSET
_DECODE_ERRORS: Final = (msgspec.ValidationError, msgspec.DecodeError, RecursionError)
# What SDK keys are decoded as: a key whose values were objects or lists is Any.
_SCALAR: Final = Union[str, int, float, bool, None]  # noqa: UP007

# The keys of a Mixpanel event's properties that the lane reads itself (format
# detection, platform, identity, app version), in the order _Layout.wire gives them.
_MIXPANEL_KEYS: Final = ("mp_lib", "$os", "$browser", "distinct_id", "$device_id", "$user_id",
                         "$app_version_string", "$app_version", "$lib", "token", "time",
                         "$insert_id")
# Keys whose order is remembered per event (more than a Struct lists, at most).
_ORDERED_KEYS: Final = 1024
# The keys of a Mixpanel event line around its properties: "event" and "properties".
_ENVELOPE_KEYS: Final = 2


class _Rule(NamedTuple):
    """What one platform of an event asks beyond its ``Struct``, by position in its values."""

    present: tuple[int, ...]   # required on this platform, not on every one
    absent: tuple[int, ...]    # planned on other platforms only, and not the SDK's own
    checks: tuple[tuple[int, Predicate], ...]  # decoded as Any, checked here


_NOTHING_MORE: Final = _Rule((), (), ())


class _Layout(NamedTuple):
    """One event's ``Struct``, and how to read the values it decodes."""

    name: str
    keys: frozenset[str]  # every key the Struct lists
    rules: Mapping[str, _Rule]  # per platform the event is accepted on
    identity_required: bool
    fields: int
    # Positions of values that may hold objects (whose keys a line's colons count too).
    containers: tuple[int, ...]
    # Colons in the event name, which the line's colons count too.
    name_colons: int
    # Positions of strings that have held a colon (a URL, a time), learnt as lines are read.
    colons_in: list[int]
    # The values of the keys the lane reads itself (_MIXPANEL_KEYS, in that order).
    wire: Callable[[Any], tuple[Any, ...]]


class _EventTypes:
    """The typed form of one planned event: its properties ``Struct``, platform by platform.

    Built from the compiled schemas the fast path checks, for each platform the
    fast path accepts the event on at all.  A key planned with one schema
    wherever it is planned gets that schema's type; a key whose schema differs
    between platforms is decoded as ``Any`` and checked per platform.
    """

    def __init__(self, compiled: CompiledPlan, fast: FastPath, name: str,
                 platforms: Iterable[str]) -> None:
        self.name = name
        self.identity_required = compiled.plan.events[name].identity == "required"
        self.schemas = {platform: compiled.schema(name, platform) for platform in platforms
                        if fast.predicate(name, platform) is not None}
        self.extra = {platform: schema.get("additionalProperties") is not False
                      for platform, schema in self.schemas.items()}
        self.learned: dict[str, Any] = {}  # key -> its type
        # The keys in the order lines write them: the Struct lists its fields in that
        # order, which msgspec matches fastest (it looks for the next key at the next field).
        self.order: dict[str, None] = {}
        # The envelope Struct and layout last built, and how many keys were learnt then:
        # an event that learnt nothing since keeps its types (msgspec keeps what it
        # works out about a type on it, so the next decoder is built faster too).
        self._built: tuple[int, tuple[type[msgspec.Struct], _Layout] | None] | None = None

    def _planned(self) -> dict[str, dict[str, Any]]:
        """Each planned key, with its schema on each platform that plans it."""
        planned: dict[str, dict[str, Any]] = {}
        for platform, schema in self.schemas.items():
            for key, sub in schema.get("properties", {}).items():
                planned.setdefault(key, {})[platform] = sub
        return planned

    def learn(self, properties: Mapping[str, Any]) -> bool:
        """Remember keys a valid event carried that the Struct lacks; True if one was new.

        A key is typed by the value it had then: a scalar, or, for an object or a
        list, anything (whose keys the duplicate check then counts).
        """
        planned = self._planned()
        order = self.order
        for key in properties:
            if len(order) >= _ORDERED_KEYS:
                break
            order.setdefault(key)
        added = False
        for key, value in properties.items():
            if key in planned or key in _MIXPANEL_KEYS or key in self.learned:
                continue
            if len(self.learned) < MAX_LEARNED_KEYS and (
                    all(self.extra.values()) or is_reserved_property(key, MIXPANEL)):
                self.learned[key] = Any if type(value) in (dict, list) else _SCALAR
                added = True
        return added

    def envelope(self) -> tuple[type[msgspec.Struct], _Layout] | None:
        """The line's ``Struct`` (tagged with the event's name) and the layout of its
        properties, built again only when a key was learnt since; None as for :meth:`build`."""
        if self._built is not None and self._built[0] == len(self.learned):
            return self._built[1]
        built = self.build()
        envelope = None
        if built is not None:
            struct, layout = built
            envelope = (msgspec.defstruct(
                f"{self.name} event", [("properties", struct)], tag_field="event",
                tag=self.name, forbid_unknown_fields=True, gc=False), layout)
        self._built = (len(self.learned), envelope)
        return envelope

    def build(self) -> tuple[type[msgspec.Struct], _Layout] | None:
        """The properties ``Struct`` and its layout; None when some schema has no check."""
        if not self.schemas:
            return None
        planned = self._planned()
        required = {platform: frozenset(schema.get("required", ()))
                    for platform, schema in self.schemas.items()}
        everywhere = frozenset.intersection(*required.values())
        listed = {key: None for key in (*_MIXPANEL_KEYS, *planned, *self.learned)}
        keys = [*(key for key in self.order if key in listed),
                *(key for key in listed if key not in self.order)]
        types: dict[str, Any] = {}
        checks: dict[str, dict[str, Predicate]] = {platform: {} for platform in self.schemas}
        for key in keys:
            schemas = planned.get(key)
            found = (self.learned.get(key, _SCALAR) if schemas is None
                     else _planned_type(key, schemas, checks))
            if found is None:
                return None
            types[key] = found
        attributes = {key: f"f{index}" for index, key in enumerate(keys)}
        struct = struct_type(f"{self.name} properties", types, everywhere, attributes)
        position = {key: index for index, key in enumerate(keys)}
        rules = {}
        for platform, schema in self.schemas.items():
            own = schema.get("properties", {})
            rule = _Rule(
                present=tuple(position[key] for key in required[platform] - everywhere),
                absent=() if self.extra[platform] else tuple(
                    position[key] for key in planned
                    if key not in own and not is_reserved_property(key, MIXPANEL)),
                checks=tuple((position[key], check)
                             for key, check in checks[platform].items()))
            rules[platform] = rule if rule != _NOTHING_MORE else _NOTHING_MORE
        containers = tuple(index for index, key in enumerate(keys)
                           if holds_objects(types[key]))
        wire = operator.attrgetter(*(attributes[key] for key in _MIXPANEL_KEYS))
        layout = _Layout(self.name, frozenset(keys), rules, self.identity_required, len(keys),
                         containers, self.name.count(":"), [], wire)
        return struct, layout


def _planned_type(key: str, schemas: Mapping[str, Any],
                  checks: dict[str, dict[str, Predicate]]) -> Any:
    """The type of one planned key (None: no check for it); checks left go in ``checks``."""
    first = next(iter(schemas.values()))
    if all(schema == first for schema in schemas.values()):
        found = field_type(first)
        if found is None:
            return None
        if found.check is not None:
            for platform in schemas:
                checks[platform][key] = found.check
        return found.annotation
    for platform, schema in schemas.items():  # one Struct for every platform: check apart
        check = compile_property(schema)
        if check is None:
            return None
        checks[platform][key] = check
    return Any


class MixpanelLane:
    """Mixpanel event lines (``{"event": ..., "properties": {...}}``), read and checked typed.

    ``platform`` is the caller's platform override; ``forced`` says the format
    was given (``--payload-format mixpanel``), so it is not detected;
    ``sdk_events`` keeps Mixpanel's own ``$`` events as events, as the reader does.
    """

    def __init__(self, compiled: CompiledPlan, fast: FastPath, *, platform: str | None = None,
                 forced: bool = False, sdk_events: bool = False) -> None:
        self._override = platform
        self._detect = not forced
        self._events = {
            name: _EventTypes(compiled, fast, name, compiled.plan.platforms)
            for name in compiled.plan.events
            if name.strip() and (sdk_events or not name.startswith("$"))}
        self._layouts: dict[type, _Layout] = {}
        self._by_name: dict[str, _Layout] = {}
        self._decode: Callable[[bytes], Any] = _never
        self._rebuilds = 0
        self._stale = True
        self._platforms: dict[tuple[Any, Any, bool], str] = {}
        self._encode = msgspec.json.Encoder().encode

    def learn(self, name: str, properties: Mapping[str, Any]) -> None:
        """Told of an event the usual path found valid: learn the keys the lane lacked."""
        types = self._events.get(name)
        if types is None or self._rebuilds >= MAX_REBUILDS:
            return
        layout = self._by_name.get(name)
        if layout is not None and properties.keys() <= layout.keys:
            return  # declined for another reason (a colon to look at, an escape)
        if types.learn(properties):
            self._stale = True

    def _build(self) -> None:
        self._stale = False
        self._rebuilds += 1
        envelopes: list[Any] = []
        layouts: dict[type, _Layout] = {}
        for types in self._events.values():
            built = types.envelope()
            if built is None:
                continue
            envelope, layout = built
            envelopes.append(envelope)
            layouts[envelope] = layout
        # msgspec requires the tag only of a union; no event has an empty name.
        envelopes.append(msgspec.defstruct("unnamed event", [], tag_field="event", tag="",
                                           forbid_unknown_fields=True, gc=False))
        self._decode = msgspec.json.Decoder(Union[tuple(envelopes)]).decode  # noqa: UP007
        self._layouts = layouts
        self._by_name = {layout.name: layout for layout in layouts.values()}

    def read(self, text: bytes) -> tuple[str, str, str] | None:
        """The tally key (event, platform, app version or "") of a line that holds one
        valid event; None: read the line the usual way."""
        if self._stale:
            self._build()
        try:
            event = self._decode(text)
        except _DECODE_ERRORS:
            return None
        layout = self._layouts.get(type(event))
        if layout is None:
            return None
        properties = event.properties
        values = astuple(properties)
        wire = layout.wire(properties)
        library, os_name, browser = wire[0], wire[1], wire[2]
        if library is _UNSET and self._detect and not _detected(wire):
            return None  # another format (PostHog's $lib), or none the reader knows
        if self._override is not None:
            platform = self._override
        else:
            try:
                platform = self._platforms[(library, os_name, browser is not _UNSET)]
            except (KeyError, TypeError):
                platform = self._platform(library, os_name, browser)
        rule = layout.rules.get(platform)
        if rule is None:
            return None
        if rule is not _NOTHING_MORE and not _holds(rule, values):
            return None
        if layout.identity_required and not _identified(wire):
            return None
        if not self._no_repeated_key(text, event, values, layout):
            return None
        version = wire[6]  # $app_version_string, else $app_version
        if version is _UNSET:
            version = wire[7]
        if type(version) is not str:
            version = "" if version is _UNSET else version_string(version) or ""
        return layout.name, platform, version

    def _platform(self, library: Any, os_name: Any, browser: Any) -> str:
        """:func:`~linter.payloads.mixpanel.platform_of`, remembered for the few values seen."""
        found = platform_of(_get(library), _get(os_name), browser is not _UNSET)
        found = found or UNKNOWN_PLATFORM
        if len(self._platforms) < 4096 and type(library) in _NAMES and type(os_name) in _NAMES:
            self._platforms[(library, os_name, browser is not _UNSET)] = found
        return found

    def _no_repeated_key(self, text: bytes, event: Any, values: tuple[Any, ...],
                         layout: _Layout) -> bool:
        """Whether no key is written twice in the line (the usual path says TL303).

        A line's colons are its keys' (each is followed by one) and those inside
        its strings.  Keys and colons counted in what was decoded are at most
        those of the line when no key was written twice, and fewer when one was;
        so when the line has no more colons than counted, no key was.  The count
        is the keys of the top two levels, then those of the objects below and the
        colons of the strings known to hold some; only a line still short of
        colons is encoded again, which counts every string's (unless the line
        escapes a colon, ``\\u003a``: then it goes the usual way).
        """
        colons = text.count(b":")
        counted = _ENVELOPE_KEYS + layout.fields - values.count(_UNSET) + layout.name_colons
        if colons == counted:
            return True
        if b"\\u003a" in text or b"\\u003A" in text:
            return False  # a decoded colon the line does not show
        for index in layout.colons_in:
            value = values[index]
            if type(value) is str:
                counted += value.count(":")
        for index in layout.containers:
            value = values[index]
            if value is not _UNSET and value is not None:
                counted += _keys_in(value)
        if colons == counted:
            return True
        if colons != self._encode(event).count(b":"):
            return False
        _note_colons(layout, values)
        return True


# The types of the library and OS values whose platform is remembered (never 1 and True,
# which are equal keys of a dict).
_NAMES: Final = frozenset({str, type(None), type(_UNSET)})


_LaneKey = tuple[str | None, bool, bool]
_lanes: weakref.WeakKeyDictionary[EventChecker, dict[_LaneKey, MixpanelLane]] = (
    weakref.WeakKeyDictionary())
_lanes_lock: Final = threading.Lock()


def mixpanel_lane(checker: EventChecker, *, platform: str | None = None, forced: bool = False,
                  sdk_events: bool = False) -> MixpanelLane | None:
    """The typed lane for Mixpanel lines checked by ``checker`` (one per settings, kept).

    Kept as long as the checker: building a lane compiles a msgspec type per
    event, and what it learns of the SDK's keys serves every later stream (each
    part of a file read by ``--jobs``).  None for a checker without a fast path,
    so that ``fast_path=False`` keeps every event on the full checks.
    """
    fast = checker.fast_path
    if fast is None:
        return None
    key = (platform, forced, sdk_events)
    with _lanes_lock:
        kept = _lanes.setdefault(checker, {})
        lane = kept.get(key)
        if lane is None:
            lane = kept[key] = MixpanelLane(checker.compiled, fast, platform=platform,
                                            forced=forced, sdk_events=sdk_events)
    return lane


def _detected(wire: tuple[Any, ...]) -> bool:
    """Whether a line without ``mp_lib`` is read as Mixpanel's by format detection."""
    lib, token, time, insert_id = wire[8:]
    return lib is _UNSET and not (token is _UNSET and wire[3] is _UNSET
                                  and time is _UNSET and insert_id is _UNSET)


def _identified(wire: tuple[Any, ...]) -> bool:
    """The checker's identity test (TL210) on the user :func:`identity_of` finds."""
    distinct_id, device_id, user_id = wire[3:6]
    user, _ = identity_of(_get(distinct_id), _get(device_id), _get(user_id))
    return user is not None and not (type(user) is str and not user.strip())


def _holds(rule: _Rule, values: tuple[Any, ...]) -> bool:
    for index in rule.present:
        if values[index] is _UNSET:
            return False
    for index in rule.absent:
        if values[index] is not _UNSET:
            return False
    for index, check in rule.checks:
        value = values[index]
        if value is not _UNSET and not check(value):
            return False
    return True


def _note_colons(layout: _Layout, values: tuple[Any, ...]) -> None:
    """Remember which strings of a valid line held a colon, so the next is not encoded."""
    known = layout.colons_in
    for index, value in enumerate(values):
        if len(known) >= _COLON_FIELDS:
            return
        if type(value) is str and ":" in value and index not in known:
            known.append(index)


# String fields of an event whose colons are counted, at most.
_COLON_FIELDS: Final = 8


def _keys_in(value: Any) -> int:
    """The keys of the objects in a decoded value (a Struct's are its fields that are set).

    Scalars are passed over in the loops, with no call of their own: a line's
    lists of line items hold mostly scalars.
    """
    kind = type(value)
    if kind is dict:
        keys = len(value)
        items: Iterable[Any] = value.values()
    elif kind is list:
        keys, items = 0, value
    elif isinstance(value, msgspec.Struct):
        fields = astuple(value)
        keys, items = len(fields) - fields.count(_UNSET), fields
    else:
        return 0
    for item in items:
        if type(item) not in _NO_KEYS:
            keys += _keys_in(item)
    return keys


# The types of decoded values that hold no object.
_NO_KEYS: Final = frozenset({str, int, float, bool, type(None), type(_UNSET)})


def _get(value: Any) -> Any:
    """A decoded value as ``dict.get`` gives it: None for a key that is not there."""
    return None if value is _UNSET else value


def _never(text: bytes) -> Any:
    raise msgspec.DecodeError("the lane is not built")
