"""A fast path for valid events: the plan's JSON Schema as a plain-Python predicate.

Runtime validation checks every event an application sends, and almost all of
them are valid.  jsonschema is thorough (every error, with its path, for good
messages) but walks the schema and builds validator objects on each call, which
is far more than "is this valid?" needs.  :func:`compile_predicate` turns a
schema once into nested closures that answer only that question; the event
checker asks it first and runs jsonschema only for events it does not accept,
so every diagnostic still comes from jsonschema.

Only the subset of JSON Schema that :mod:`linter.plan.compile` emits is
compiled (``type``, ``enum``, ``pattern``, ``format``, the length, item and
range bounds, ``items``, ``properties``/``required``/``additionalProperties``,
``anyOf``/``allOf`` from ``schema:`` fragments, plus ``const`` and the exclusive
bounds); for anything else the compiler returns ``None`` and callers use
jsonschema.  The predicate is built from closures over plain data, never from
generated source: plan content is data and is never executed as code.

Two rules keep the predicate safe to trust:

* For values of JSON types (``None``, ``bool``, ``int``, ``float``, ``str``,
  ``list``, ``dict``; exact types, not subclasses) its verdict is jsonschema's
  (Draft 2020-12, with tracklint's formats and guarded patterns), including
  JSON Schema's own notion of equality (``True`` is not ``1``, ``1.0`` is) and
  of length (code points).
* Any other value (a subclass, a ``Decimal``, :data:`~linter.events.UNKNOWN`)
  is rejected wherever the schema asserts something, and only monotone
  combinators (``anyOf``, ``allOf``) are compiled, so "valid" is never claimed
  wrongly: a rejection only sends the value to jsonschema.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple, TypeAlias

from linter.diagnostics import Diagnostic
from linter.events import UNKNOWN, EventObservation
from linter.plan.compile import SCHEMA_DIALECT, CompiledPlan
from linter.plan.model import Event
from linter.sdks import is_reserved_property
from linter.text.regex_engine import PatternSyntaxError, compile_plan_pattern
from linter.validation.formats import FORMAT_CHECKS

__all__ = ["EventChecks", "FastPath", "Predicate", "compile_predicate", "json_equal"]

Predicate: TypeAlias = Callable[[Any], bool]
"""True when a value is valid against the schema it was compiled from."""

EventChecks: TypeAlias = Callable[[EventObservation], Iterable[Diagnostic]]
"""The event checker's full checks: every diagnostic of one observation."""

_NoneType: Final = type(None)
_MISSING: Final = object()

# Keywords that never affect validity (2020-12 annotations, and tracklint's own).
_ANNOTATIONS: Final = frozenset({
    "title", "description", "$comment", "deprecated", "examples", "default", "readOnly",
    "writeOnly", "contentMediaType", "contentEncoding",
})
# "$schema" and "$id" are allowed on the document root only: nested, jsonschema
# switches dialect on "$schema" (and "$id" starts a resource that may carry one).
_DIALECTS: Final = frozenset({SCHEMA_DIALECT, SCHEMA_DIALECT + "#"})
_ASSERTIONS: Final = frozenset({
    "type", "enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "items",
    "properties", "required", "additionalProperties", "anyOf", "allOf",
})
# JSON Schema type name -> the Python types a JSON parser produces for it.  A float
# is an "integer" too when it has no fractional part; see _admits.
_TYPE_NAMES: Final[Mapping[str, tuple[type, ...]]] = {
    "null": (_NoneType,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "string": (str,),
    "array": (list,),
    "object": (dict,),
}


class _Unsupported(Exception):
    """The schema uses something the fast path does not compile; use jsonschema."""


def _accept(value: Any) -> bool:
    return True


def _reject(value: Any) -> bool:
    return False


# -- equality ------------------------------------------------------------------


def json_equal(one: Any, two: Any) -> bool:
    """JSON Schema equality, exactly as jsonschema's ``enum``/``const`` compute it.

    ``True`` is not ``1`` and ``False`` is not ``0``, at any depth; ``1`` is
    ``1.0``; arrays and objects compare element by element.
    """
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(map(json_equal, one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and json_equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))


_TRUE: Final = object()
_FALSE: Final = object()


def _unbool(value: Any) -> Any:
    """Booleans as tokens that equal nothing else, so ``True == 1`` stops holding."""
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


# -- the compiler ----------------------------------------------------------------


def compile_predicate(schema: Any) -> Predicate | None:
    """A predicate for ``schema``, or None when it uses keywords the fast path lacks.

    The predicate has no state and may be called from any thread.  Compiling
    costs about as much as building a jsonschema validator: do it once per
    schema and keep the result (:class:`FastPath` does).
    """
    try:
        return _compile(schema, root=True)
    except _Unsupported:
        return None


def _compile(schema: Any, root: bool = False) -> Predicate:
    if schema is True:
        return _accept
    if schema is False:
        return _reject
    if type(schema) is not dict:
        raise _Unsupported
    _check_keywords(schema, root)
    if not _ASSERTIONS.intersection(schema):
        return _accept  # annotations only: every value is valid, JSON or not
    kinds = _types(schema.get("type"))
    shared = _combinators(schema)
    checks = {
        "null": [],
        "boolean": [],
        "number": _number_checks(schema),
        "string": _string_checks(schema),
        "array": _array_checks(schema),
        "object": _object_checks(schema),
    }
    if "enum" in schema or "const" in schema:
        members = _enum_members(schema)
        for kind, member_check in _enum_checks(members).items():
            if member_check is _reject:
                kinds = kinds - {kind, "integer"} if kind == "number" else kinds - {kind}
            elif member_check is not _accept:
                checks[kind].insert(0, member_check)  # cheapest and most selective first
    table: dict[type, Predicate | None] = {}
    for kind, kind_checks in checks.items():
        check = _conjunction([*kind_checks, *shared])
        for python_type in _TYPE_NAMES[kind]:
            admitted = _admits(kinds, python_type, check, "type" in schema)
            if admitted is not _reject:
                table[python_type] = admitted
    return _dispatch(table)


def _check_keywords(schema: dict[Any, Any], root: bool) -> None:
    for key in schema:
        if key in _ASSERTIONS or key in _ANNOTATIONS:
            continue
        if type(key) is str and key.startswith("x-"):
            continue  # extension keywords (x-tracklint): jsonschema ignores them
        if root and key == "$schema" and schema[key] in _DIALECTS:
            continue
        if root and key == "$id" and type(schema[key]) is str:
            continue
        raise _Unsupported


def _types(value: Any) -> frozenset[str]:
    """The JSON type names ``type`` allows (all of them when it is absent)."""
    if value is None:
        return frozenset(_TYPE_NAMES)
    names = [value] if type(value) is str else value
    if type(names) is not list or any(name not in _TYPE_NAMES for name in names):
        raise _Unsupported  # jsonschema raises UnknownType; let it
    return frozenset(names)


def _admits(kinds: frozenset[str], python_type: type, check: Predicate | None,
            typed: bool = False) -> Any:
    """The check for values of ``python_type`` (None: no check), or _reject when not allowed.

    ``typed``: the schema names its types, so a float must be finite to be a
    ``number`` (NaN and Infinity are not JSON numbers; see values.TYPE_CHECKER).
    """
    if python_type is int:
        allowed = "integer" in kinds or "number" in kinds
    elif python_type is float:
        if "number" not in kinds:
            if "integer" not in kinds:
                return _reject
            return _conjunction([_is_integral, check]) if check else _is_integral
        if typed:
            return _conjunction([_is_finite, check]) if check else _is_finite
        allowed = True
    else:
        allowed = any(python_type in _TYPE_NAMES[kind] for kind in kinds)
    return check if allowed else _reject


def _is_finite(value: float) -> bool:
    return math.isfinite(value)


def _is_integral(value: float) -> bool:
    """JSON Schema counts 1.0 as an integer (a number with no fractional part)."""
    return value.is_integer()


def _dispatch(table: dict[type, Predicate | None]) -> Predicate:
    """One predicate from per-type checks, keyed on the value's exact type."""
    if table.get(_NoneType, _reject) is None:
        del table[_NoneType]
        rest = _by_type(table)
        if rest is _reject:
            return lambda value: value is None
        return lambda value: value is None or rest(value)
    return _by_type(table)


def _by_type(table: dict[type, Predicate | None]) -> Predicate:
    if not table:
        return _reject
    checks = list(table.values())
    first = checks[0]
    if all(check is first for check in checks):  # one check (or none) for every type
        return _of_types(frozenset(table), first)
    lookup = {python_type: check or _accept for python_type, check in table.items()}.get
    return lambda value: lookup(type(value), _reject)(value)


def _of_types(kinds: frozenset[type], check: Predicate | None) -> Predicate:
    """Values of exactly these types that pass ``check`` (no check when None)."""
    if len(kinds) == 1:
        [only] = kinds
        if check is None:
            return lambda value: type(value) is only
        return lambda value: type(value) is only and check(value)
    if check is None:
        return lambda value: type(value) in kinds
    return lambda value: type(value) in kinds and check(value)


def _conjunction(checks: Sequence[Predicate | None]) -> Predicate | None:
    """All of ``checks`` (None: nothing to check), short-circuiting in order."""
    present = tuple(check for check in checks if check is not None and check is not _accept)
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    if len(present) == 2:
        first, second = present
        return lambda value: first(value) and second(value)

    def every(value: Any) -> bool:
        # A loop, not all(<generator>): this runs per value, and a generator costs more.
        for check in present:  # noqa: SIM110
            if not check(value):
                return False
        return True
    return every


# -- keywords for every type -------------------------------------------------------


def _combinators(schema: dict[str, Any]) -> list[Predicate]:
    checks: list[Predicate] = []
    if "allOf" in schema:
        subs = _subschemas(schema["allOf"])
        checks.extend(sub for sub in subs if sub is not _accept)
    if "anyOf" in schema:
        options = tuple(_subschemas(schema["anyOf"]))
        if not options:
            checks.append(_reject)  # jsonschema: valid under none of no schemas
        elif _accept not in options:
            checks.append(lambda value: any(option(value) for option in options))
    return checks


def _subschemas(value: Any) -> list[Predicate]:
    if type(value) is not list:
        raise _Unsupported
    return [_compile(sub) for sub in value]


def _enum_members(schema: dict[str, Any]) -> list[Any]:
    """The values ``enum`` and ``const`` both allow (as a list of candidates)."""
    members: list[Any] | None = None
    if "enum" in schema:
        if type(schema["enum"]) is not list:
            raise _Unsupported
        members = list(schema["enum"])
    if "const" in schema:
        const = schema["const"]
        allowed = members is None or any(json_equal(m, const) for m in members)
        members = [const] if allowed else []
    assert members is not None
    return members


def _enum_checks(members: list[Any]) -> dict[str, Predicate]:
    """Per JSON type: _reject (no member of that type), or a membership check.

    Scalars use sets: equal strings are equal, and numbers compare across int
    and float exactly as JSON Schema wants, once booleans are kept apart.
    Arrays and objects compare member by member with :func:`json_equal`.
    """
    strings = frozenset(m for m in members if isinstance(m, str))
    numbers = frozenset(m for m in members
                        if isinstance(m, int | float) and not isinstance(m, bool))
    booleans = frozenset(m for m in members if m is True or m is False)
    arrays = tuple(m for m in members if isinstance(m, Sequence) and not isinstance(m, str))
    objects = tuple(m for m in members if isinstance(m, Mapping))
    return {
        "null": _accept if any(m is None for m in members) else _reject,
        "boolean": _in_set(booleans),
        "number": _in_set(numbers),
        "string": _in_set(strings),
        "array": _equal_to_one(arrays),
        "object": _equal_to_one(objects),
    }


def _in_set(members: frozenset[Any]) -> Predicate:
    if not members:
        return _reject
    return lambda value: value in members


def _equal_to_one(members: tuple[Any, ...]) -> Predicate:
    if not members:
        return _reject
    return lambda value: any(json_equal(member, value) for member in members)


# -- keywords for one type -----------------------------------------------------------


def _number(schema: dict[str, Any], keyword: str) -> Any:
    value = schema.get(keyword)
    if value is not None and (type(value) not in (int, float)):
        raise _Unsupported
    return value


def _count(schema: dict[str, Any], keyword: str) -> int | None:
    value = schema.get(keyword)
    if value is not None and (type(value) is not int or value < 0):
        raise _Unsupported
    return value


def _number_checks(schema: dict[str, Any]) -> list[Predicate]:
    """Bounds, written as the negation of jsonschema's error test (NaN behaves the same)."""
    checks: list[Predicate] = []
    low, high = _number(schema, "minimum"), _number(schema, "maximum")
    above, below = _number(schema, "exclusiveMinimum"), _number(schema, "exclusiveMaximum")
    if low is not None:
        checks.append(lambda value: not value < low)
    if high is not None:
        checks.append(lambda value: not value > high)
    if above is not None:
        checks.append(lambda value: not value <= above)
    if below is not None:
        checks.append(lambda value: not value >= below)
    return checks


def _string_checks(schema: dict[str, Any]) -> list[Predicate]:
    checks: list[Predicate] = []
    shortest, longest = _count(schema, "minLength"), _count(schema, "maxLength")
    if shortest is not None:
        checks.append(lambda value: len(value) >= shortest)
    if longest is not None:
        checks.append(lambda value: len(value) <= longest)
    if "pattern" in schema:
        checks.append(_pattern(schema["pattern"]))
    if "format" in schema:
        name = schema["format"]
        if type(name) is not str:
            raise _Unsupported
        if name in FORMAT_CHECKS:
            checks.append(FORMAT_CHECKS[name])  # unknown formats are not checked
    return checks


def _pattern(pattern: Any) -> Predicate:
    """The plan's pattern on its engine (:mod:`linter.text.regex_engine`), as in the full check.

    A pattern that cannot run (not in the plan's dialect), or that is held back
    (only without google-re2), rejects every string here: the full check decides
    what to say.  Values longer than a held-back pattern's limit likewise.
    """
    if type(pattern) is not str:
        raise _Unsupported
    try:
        compiled = compile_plan_pattern(pattern)
    except PatternSyntaxError:
        return _reject
    except Exception as error:  # jsonschema would raise; let it, from the full check
        raise _Unsupported from error
    if compiled.refused is not None:
        return _reject
    search, limit = compiled.search, compiled.max_input
    if limit is None:
        return search
    return lambda value: len(value) <= limit and search(value)


def _array_checks(schema: dict[str, Any]) -> list[Predicate]:
    checks: list[Predicate] = []
    fewest, most = _count(schema, "minItems"), _count(schema, "maxItems")
    if fewest is not None:
        checks.append(lambda value: len(value) >= fewest)
    if most is not None:
        checks.append(lambda value: len(value) <= most)
    if "items" in schema:
        item = _compile(schema["items"])
        types = _only_types(schema["items"])
        if item is _reject:
            checks.append(lambda value: not value)
        elif types is not None:  # the common list of strings: no call per item
            checks.append(lambda value: types.issuperset(map(type, value)))
        elif item is not _accept:
            checks.append(lambda value: all(map(item, value)))
    return checks


def _only_types(schema: Any) -> frozenset[type] | None:
    """The exact Python types a schema allows when it asserts nothing but ``type``.

    None when it asserts more, or when ``integer`` alone needs a look at a float.
    """
    if type(schema) is not dict or _ASSERTIONS.intersection(schema) != {"type"}:
        return None
    kinds = _types(schema["type"])
    if "integer" in kinds or "number" in kinds:
        return None  # a float needs a look: integral for "integer", finite for "number"
    return frozenset(python_type for kind in kinds for python_type in _TYPE_NAMES[kind])


def _object_checks(schema: dict[str, Any]) -> list[Predicate]:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    if type(properties) is not dict or type(required) is not list:
        raise _Unsupported
    if any(type(name) is not str for name in (*properties, *required)):
        raise _Unsupported
    named = {name: _compile(sub) for name, sub in properties.items()}
    extra = _compile(schema.get("additionalProperties", True))
    if not named and extra is _accept and not required:
        return []
    return [_object_check(named, frozenset(required), extra)]


def _object_check(named: dict[str, Predicate], required: frozenset[str],
                  extra: Predicate) -> Predicate:
    """``properties``, ``required`` and ``additionalProperties`` in one pass over the value.

    The value's own items are walked once; each key finds its property's
    predicate by a dict lookup, so the cost follows the event, not the plan.
    """
    lookup = named.get
    if extra is _accept:
        def check(value: dict[Any, Any]) -> bool:
            if required and not value.keys() >= required:
                return False
            for key, item in value.items():
                predicate = lookup(key)
                if predicate is not None and not predicate(item):
                    return False
            return True
        return check

    def check_extra(value: dict[Any, Any]) -> bool:
        if required and not value.keys() >= required:
            return False
        for key, item in value.items():  # noqa: SIM110 -- a loop is cheaper than all(...)
            if not lookup(key, extra)(item):
                return False
        return True
    return check_extra


# -- the event checker's fast path ----------------------------------------------------


class _Entry(NamedTuple):
    """What the fast path needs for one event x platform, worked out once."""

    # The event's schema as compiled: what an event carrying only planned keys meets.
    predicate: Predicate
    identity_required: bool
    # The keys whose values the predicate accepts whatever they are, so they must be
    # looked at for UNKNOWN; None: every key (the event takes any other keys).
    unchecked: tuple[str, ...] | None = None
    # When the event takes no unplanned keys: its planned keys, and its schema
    # compiled without that rule, for events that also carry SDK-reserved keys.
    planned: frozenset[str] | None = None
    lenient: Predicate | None = None
    # The same schema taken apart, for :meth:`FastPath.accepts_values`: each planned
    # key whose value has something to check, with its predicate (None when some
    # property's schema does not compile: then ``predicate`` alone is used).
    checks: tuple[tuple[str, Predicate], ...] | None = None
    required: frozenset[str] = frozenset()
    # Per SDK, the keys an event may carry when it takes no unplanned keys: the
    # planned ones and the SDK's reserved ones seen so far (None: any keys).
    allowed: dict[str | None, set[str]] | None = None


# The entry of an event x platform the fast path never accepts (deprecated, or a
# schema it does not compile): such events always get the full checks.
_NEVER: Final = _Entry(_reject, False, ())
# Distinct keys remembered per SDK as reserved or not; beyond this they are recomputed.
_RESERVED_MEMORY: Final = 4096


class FastPath:
    """Answers "does this observation have no diagnostics at all?" without jsonschema.

    :meth:`accepts` is True only when :class:`~linter.validation.event_check.EventChecker`
    would return nothing: the event is known, active, planned for the platform,
    identified when it must be, its key set is complete with every value known,
    and the compiled predicate of its event x platform schema accepts the
    properties, with the SDK's reserved keys exempt from ``additionalProperties``
    just as the checker exempts them.  False means "run the full checks".

    ``event_checks`` are the checker's full checks.  They run once per event x
    platform, on an observation with no properties and an unknown user, so
    that any diagnostic they give is about the event itself (unknown, retired,
    not planned for the platform...): such an event is never accepted, and
    whatever event-level rule the checker has is honoured here without being
    repeated.

    Predicates are compiled on first use, once per event x platform, under a
    lock; afterwards lookups take no lock.  One instance serves any number of
    threads.
    """

    def __init__(self, compiled: CompiledPlan, event_checks: EventChecks) -> None:
        self._compiled = compiled
        self._plan = compiled.plan
        self._event_checks = event_checks
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._reserved: dict[str | None, dict[str, bool]] = {}
        self._values: dict[tuple[str, str], dict[str, Predicate]] = {}
        self._lock = threading.Lock()

    def accepts(self, obs: EventObservation) -> bool:
        name = obs.name
        if type(name) is not str or not obs.keys_complete:
            return False
        entry = self._entries.get((name, obs.platform)) or self._entry(name, obs.platform)
        if entry is _NEVER:
            return False
        predicate, identity_required, unchecked, planned, lenient = entry[:5]
        if identity_required:
            user_id = obs.user_id  # the checker's TL210 test, negated
            if user_id is None or (isinstance(user_id, str) and not user_id.strip()):
                return False
        properties = obs.properties
        if type(properties) is not dict:
            return False
        # No UNKNOWN values: the predicate rejects them (they have no JSON type)
        # except where it accepts anything, so only those keys are looked at.
        values = properties.values() if unchecked is None else map(properties.get, unchecked)
        for value in values:
            if value is UNKNOWN:
                return False
        if predicate(properties):
            return True
        if lenient is None or planned is None or properties.keys() <= planned:
            return False
        # Keys the plan does not have: fine if they are all the SDK's own.
        return (self._only_reserved(properties, properties.keys() - planned, obs.sdk)
                and lenient(properties))

    def accepts_values(self, name: str, platform: str, properties: dict[str, Any],
                       user_id: Any, sdk: str | None) -> bool:
        """:meth:`accepts` for an event given as plain values rather than an observation.

        This is the path of events read from JSON and of the runtime guard: the
        key set is complete and the properties are a ``dict``, so no
        observation needs to be built for an event that is valid.  The event's
        schema is applied as its parts: the required keys are a subset test, the
        planned and SDK-reserved keys another (the SDK's keys are learnt as they
        are seen), and only planned values with something to check are looked at.
        :data:`~linter.events.UNKNOWN` (from code, never from JSON) is left to
        :meth:`accepts`.
        """
        entry = self._entries.get((name, platform)) or self._entry(name, platform)
        if entry is _NEVER:
            return False
        if entry.identity_required and (
                user_id is None or (isinstance(user_id, str) and not user_id.strip())):
            return False
        checks = entry.checks
        if checks is None or type(properties) is not dict:
            return self.accepts(EventObservation(name=name, properties=properties,
                                                 platform=platform, user_id=user_id, sdk=sdk))
        keys = properties.keys()
        if not keys >= entry.required:
            return False
        allowed = entry.allowed
        if allowed is not None:
            known = allowed.get(sdk)
            if known is None:
                known = allowed.setdefault(sdk, set(entry.planned or ()))
            if not keys <= known and not self._learn_reserved(known, keys, sdk):
                return False
        get = properties.get
        for key, check in checks:
            value = get(key, _MISSING)
            if value is not _MISSING and not check(value):
                return False
        return True

    @staticmethod
    def _learn_reserved(known: set[str], keys: Iterable[Any], sdk: str | None) -> bool:
        """Whether every key not yet known is the SDK's own; those are remembered."""
        for key in keys:
            if key in known:
                continue
            if type(key) is not str or not is_reserved_property(key, sdk):
                return False
            if len(known) < _RESERVED_MEMORY:
                known.add(key)
        return True

    def value_is_valid(self, event: str, platform: str, key: str, value: Any) -> bool:
        """True when one property value meets its schema; False also means "not known here".

        The full checks ask this before running jsonschema on a value, so that an
        invalid event pays jsonschema only for the values at fault.  Compiled
        once per event x platform, whatever the event's status.
        """
        found = self._values.get((event, platform))
        if found is None:
            found = self._value_predicates(event, platform)
        check = found.get(key)
        return check is not None and check(value)

    def _value_predicates(self, event: str, platform: str) -> dict[str, Predicate]:
        schema = self._compiled.schema(event, platform)
        predicates: dict[str, Predicate] = {}
        for name, sub in schema.get("properties", {}).items():
            try:
                predicates[name] = _compile(sub)
            except Exception:  # _Unsupported, or a compiler bug: jsonschema decides
                continue
        with self._lock:
            self._values[(event, platform)] = predicates
        return predicates

    def predicate(self, event: str, platform: str) -> Predicate | None:
        """The compiled predicate of one event x platform (None: the full checks only)."""
        entry = self._entries.get((event, platform)) or self._entry(event, platform)
        return None if entry is _NEVER else entry.predicate

    def _entry(self, name: str, platform: str) -> _Entry:
        event = self._plan.event(name)
        if event is None or not event.planned_for(platform):
            return _NEVER  # not remembered: names and platforms seen at run time are unbounded
        key = (name, platform)
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                found = self._entries[key] = self._build(event, platform)
        return found

    def _build(self, event: Event, platform: str) -> _Entry:
        probe = EventObservation(name=event.name, properties={}, platform=platform,
                                 keys_complete=False)
        if event.status != "active" or any(True for _ in self._event_checks(probe)):
            return _NEVER  # the event itself draws a diagnostic on this platform
        schema = self._compiled.schema(event.name, platform)
        predicate = _compile_safely(schema)
        if predicate is None:
            return _NEVER
        identity_required = event.identity == "required"
        properties = schema.get("properties", {})
        checks = _property_checks(properties)
        required = frozenset(schema.get("required", ()))
        if schema.get("additionalProperties") is not False:
            return _Entry(predicate, identity_required, checks=checks, required=required)
        unchecked = tuple(name for name, sub in properties.items()
                          if (_compile_safely(sub) or _accept)(UNKNOWN))
        # The SDK's reserved keys are exempt from "no other keys", as in the checker.
        lenient = _compile_safely({k: v for k, v in schema.items()
                                   if k != "additionalProperties"})
        return _Entry(predicate, identity_required, unchecked, frozenset(properties), lenient,
                      checks, required, {})

    def _only_reserved(self, properties: dict[Any, Any], keys: Iterable[Any],
                       sdk: str | None) -> bool:
        """Whether every one of ``keys`` belongs to the SDK and has a known value.

        Which keys are reserved is memoised per SDK: captures repeat the same few.
        """
        known = self._reserved.get(sdk)
        if known is None:
            known = self._reserved.setdefault(sdk, {})
        for key in keys:
            if type(key) is not str or properties[key] is UNKNOWN:
                return False
            reserved = known.get(key)
            if reserved is None:
                reserved = is_reserved_property(key, sdk)
                if len(known) < _RESERVED_MEMORY:
                    known[key] = reserved
            if not reserved:
                return False
        return True


def _property_checks(properties: Mapping[str, Any]) -> tuple[tuple[str, Predicate], ...] | None:
    """Each planned key with a predicate that checks something; None if one does not compile."""
    checks = []
    for name, sub in properties.items():
        try:
            check = _compile(sub)  # not a document root: "$schema" inside is not compiled
        except Exception:  # _Unsupported, or a bug in the compiler: the full checks decide
            return None
        if check is not _accept:
            checks.append((name, check))
    return tuple(checks)


def _compile_safely(schema: Any) -> Predicate | None:
    try:
        return compile_predicate(schema)
    except Exception:  # a bug in the compiler must cost speed, never a verdict
        return None
