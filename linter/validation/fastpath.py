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
bounds), and what the plan format's own schema uses besides (local ``$ref`` into
the document's ``$defs``, ``patternProperties``, ``uniqueItems``, and ``oneOf``
whose branches admit different JSON types); for anything else the compiler
returns ``None`` and callers use jsonschema.  The predicate is built from
closures over plain data, never from generated source: plan content is data and
is never executed as code.

Two rules keep the predicate safe to trust:

* For values of JSON types (``None``, ``bool``, ``int``, ``float``, ``str``,
  ``list``, ``dict``; exact types, not subclasses) its verdict is jsonschema's
  (Draft 2020-12, with tracklint's formats and guarded patterns), including
  JSON Schema's own notion of equality (``True`` is not ``1``, ``1.0`` is) and
  of length (code points).
* Any other value (a subclass, a ``Decimal``, :data:`~linter.events.UNKNOWN`)
  is rejected wherever the schema asserts something, and only monotone
  combinators (``anyOf``, ``allOf``, and ``oneOf`` when its branches admit
  different JSON types, where it means ``anyOf``) are compiled, so "valid" is
  never claimed wrongly: a rejection only sends the value to jsonschema.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, KeysView, Mapping, Sequence
from typing import Any, Final, NamedTuple, TypeAlias

from jsonschema import Draft202012Validator

from linter.diagnostics import Diagnostic
from linter.events import UNKNOWN, EventObservation
from linter.jsontypes import has_lone_surrogate, is_plain_json
from linter.plan.compile import SCHEMA_DIALECT, CompiledPlan
from linter.plan.model import Event
from linter.sdks import is_reserved_property
from linter.text.regex_engine import PatternSyntaxError, compile_plan_pattern
from linter.validation.formats import FORMAT_CHECKS

__all__ = ["EventChecks", "FastPath", "Predicate", "compile_predicate", "compile_property",
           "json_equal"]

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
    "properties", "required", "additionalProperties", "anyOf", "allOf", "oneOf", "$ref",
    "patternProperties", "uniqueItems",
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
        return _compile(schema, root=True, refs=_References(schema))
    except _Unsupported:
        return None


class _References:
    """The document a schema's local references (``"$ref": "#/$defs/name"``) point into.

    Each target is compiled once; a reference met again while its target is being
    compiled (a recursive definition, such as a property whose items are
    properties) gets a predicate that calls the target once it is compiled.
    """

    def __init__(self, root: Any) -> None:
        self.root = root
        self.compiled: dict[str, Predicate] = {}

    def predicate(self, ref: Any) -> Predicate:
        found = self.compiled.get(ref)
        if found is not None:
            return found
        target = self.target(ref)
        later: list[Predicate] = []
        self.compiled[ref] = lambda value: later[0](value)
        compiled = _compile(target, refs=self)
        later.append(compiled)
        self.compiled[ref] = compiled
        return compiled

    def target(self, ref: Any) -> Any:
        """The schema a ``#/...`` JSON Pointer names in the document."""
        if type(ref) is not str or not ref.startswith("#/"):
            raise _Unsupported  # another document, an anchor, a relative URI: jsonschema
        found = self.root
        for part in ref[2:].split("/"):
            name = part.replace("~1", "/").replace("~0", "~")
            if type(found) is not dict or name not in found:
                raise _Unsupported
            found = found[name]
        return found


def compile_property(schema: Any) -> Predicate | None:
    """:func:`compile_predicate` for a schema inside a document (a property's value).

    Such a schema may not switch dialect (``$schema``) or start a resource
    (``$id``); None for those and for keywords the fast path lacks.
    """
    try:
        return _compile(schema)
    except Exception:  # _Unsupported, or a bug in the compiler: the full checks decide
        return None


def _compile(schema: Any, root: bool = False, refs: _References | None = None) -> Predicate:
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
    shared = _combinators(schema, refs)
    checks = {
        "null": [],
        "boolean": [],
        "number": _number_checks(schema),
        "string": _string_checks(schema),
        "array": _array_checks(schema, refs),
        "object": _object_checks(schema, refs),
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
        if root and key == "$defs" and type(schema[key]) is dict:
            continue  # compiled where a reference points into it
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


# Called on floats only (the value's type was dispatched on): builtins, not Python
# functions, since they run for every float a plan checks.  JSON Schema counts 1.0 as
# an integer (a number with no fractional part).
_is_finite: Final[Predicate] = math.isfinite
_is_integral: Final[Predicate] = float.is_integer


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


def _combinators(schema: dict[str, Any], refs: _References | None) -> list[Predicate]:
    checks: list[Predicate] = []
    if "$ref" in schema:
        if refs is None:
            raise _Unsupported
        checks.append(refs.predicate(schema["$ref"]))
    if "allOf" in schema:
        subs = _subschemas(schema["allOf"], refs)
        checks.extend(sub for sub in subs if sub is not _accept)
    for keyword in ("anyOf", "oneOf"):
        if keyword not in schema:
            continue
        if keyword == "oneOf" and not _disjoint(schema["oneOf"], refs):
            raise _Unsupported  # "exactly one" is not monotone: jsonschema decides
        options = tuple(_subschemas(schema[keyword], refs))
        if not options:
            checks.append(_reject)  # jsonschema: valid under none of no schemas
        elif _accept not in options:
            checks.append(_any_of(options))
    return checks


def _any_of(options: tuple[Predicate, ...]) -> Predicate:
    return lambda value: any(option(value) for option in options)


def _subschemas(value: Any, refs: _References | None) -> list[Predicate]:
    if type(value) is not list:
        raise _Unsupported
    return [_compile(sub, refs=refs) for sub in value]


_JSON_KINDS: Final = frozenset({"null", "boolean", "number", "string", "array", "object"})


def _disjoint(branches: Any, refs: _References | None) -> bool:
    """Whether no JSON value can be valid under two of ``branches`` (by their types).

    Then ``oneOf`` means ``anyOf``: a property given as a type name or as a
    mapping of settings, ``required`` as true or as a list of platforms.
    """
    if type(branches) is not list:
        raise _Unsupported
    seen: set[str] = set()
    for branch in branches:
        kinds = _admitted_kinds(branch, refs, ())
        if seen & kinds:
            return False
        seen |= kinds
    return True


def _admitted_kinds(schema: Any, refs: _References | None, visited: tuple[str, ...]
                    ) -> frozenset[str]:
    """The JSON types (integers as numbers) a schema can accept: at least those, maybe fewer."""
    if schema is False:
        return frozenset()
    if type(schema) is not dict:
        return _JSON_KINDS
    kinds = _JSON_KINDS
    if "type" in schema:
        kinds = kinds & {"number" if name == "integer" else name
                         for name in _types(schema["type"])}
    for keyword in ("enum", "const"):
        if keyword in schema:
            members = schema[keyword] if keyword == "enum" else [schema[keyword]]
            if type(members) is not list:
                raise _Unsupported
            kinds = kinds & {_kind_of(member) for member in members}
    ref = schema.get("$ref")
    if ref is not None and refs is not None and ref not in visited:
        kinds = kinds & _admitted_kinds(refs.target(ref), refs, (*visited, ref))
    for sub in schema.get("allOf", ()) if type(schema.get("allOf")) is list else ():
        kinds = kinds & _admitted_kinds(sub, refs, visited)
    return kinds


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "boolean"
    if type(value) in (int, float):
        return "number"
    if type(value) is str:
        return "string"
    return "array" if type(value) is list else "object"


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
    if compiled.engine == "re2":
        search = _remembered(search)
    if limit is None:
        return search
    return lambda value: len(value) <= limit and search(value)


# Answers of an RE2 pattern remembered, per pattern, for values up to this long...
_REMEMBERED_LENGTH: Final = 128
# ...and this many values: past it, the others are matched each time.
_REMEMBERED_VALUES: Final = 4096


def _remembered(search: Predicate) -> Predicate:
    """``search`` with its answers remembered for short values (bounded).

    A call into RE2 costs about ten dictionary lookups, and captures repeat the
    same few values of a patterned property (app versions, currency codes)
    millions of times.
    """
    answers: dict[str, bool] = {}

    def remembered(value: str) -> bool:
        found = answers.get(value)
        if found is None:
            found = search(value)
            if len(value) <= _REMEMBERED_LENGTH and len(answers) < _REMEMBERED_VALUES:
                answers[value] = found
        return found
    return remembered


def _array_checks(schema: dict[str, Any], refs: _References | None) -> list[Predicate]:
    checks: list[Predicate] = []
    fewest, most = _count(schema, "minItems"), _count(schema, "maxItems")
    if fewest is not None:
        checks.append(lambda value: len(value) >= fewest)
    if most is not None:
        checks.append(lambda value: len(value) <= most)
    unique = schema.get("uniqueItems", False)
    if type(unique) is not bool:
        raise _Unsupported
    if unique:
        checks.append(_unique_items)
    if "items" in schema:
        item = _compile(schema["items"], refs=refs)
        types = _only_types(schema["items"])
        if item is _reject:
            checks.append(lambda value: not value)
        elif types is not None:  # the common list of strings: no call per item
            checks.append(lambda value: types.issuperset(map(type, value)))
        elif item is not _accept:
            checks.append(lambda value: all(map(item, value)))
    return checks


def _unique_items(value: list[Any]) -> bool:
    """``uniqueItems``: a set for strings or finite numbers, jsonschema for anything else.

    Numbers compare as JSON Schema compares them (``1`` is ``1.0``), and so do
    their hashes.  Lists of other values (booleans beside numbers, NaN, nested
    lists and objects) are rare enough here to take jsonschema's own answer.
    """
    kinds = set(map(type, value))
    if kinds <= {str} or (kinds <= {int, float} and all(map(math.isfinite, value))):
        return len(set(value)) == len(value)
    return bool(_UNIQUE_ITEMS.is_valid(value))


_UNIQUE_ITEMS: Final = Draft202012Validator({"uniqueItems": True})


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


def _object_checks(schema: dict[str, Any], refs: _References | None) -> list[Predicate]:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    if type(properties) is not dict or type(required) is not list:
        raise _Unsupported
    if any(type(name) is not str for name in (*properties, *required)):
        raise _Unsupported
    named = {name: _compile(sub, refs=refs) for name, sub in properties.items()}
    extra = _compile(schema.get("additionalProperties", True), refs=refs)
    patterns = _pattern_properties(schema.get("patternProperties", {}), refs)
    if patterns:
        return [_object_check_with_patterns(named, frozenset(required), extra, patterns)]
    if not named and extra is _accept and not required:
        return []
    return [_object_check(named, frozenset(required), extra)]


def _pattern_properties(patterns: Any, refs: _References | None
                        ) -> tuple[tuple[Predicate, Predicate], ...]:
    """(key matcher, value predicate) of each ``patternProperties`` entry.

    A key pattern must run exactly as the full check runs it: one the plan's
    engine refuses or limits leaves the schema to jsonschema.
    """
    if type(patterns) is not dict:
        raise _Unsupported
    compiled = []
    for pattern, sub in patterns.items():
        try:
            matcher = compile_plan_pattern(pattern) if type(pattern) is str else None
        except Exception as error:  # not a pattern the plan's engine runs
            raise _Unsupported from error
        if matcher is None or matcher.refused is not None or matcher.max_input is not None:
            raise _Unsupported
        compiled.append((matcher.search, _compile(sub, refs=refs)))
    return tuple(compiled)


def _object_check_with_patterns(named: dict[str, Predicate], required: frozenset[str],
                                extra: Predicate,
                                patterns: tuple[tuple[Predicate, Predicate], ...]
                                ) -> Predicate:
    """:func:`_object_check` where keys matching a pattern meet its schema, not ``extra``."""
    lookup = named.get

    def check(value: dict[Any, Any]) -> bool:
        if required and not value.keys() >= required:
            return False
        for key, item in value.items():
            if type(key) is not str:
                return False
            matched = False
            for matches, predicate in patterns:
                if matches(key):
                    matched = True
                    if not predicate(item):
                        return False
            own = lookup(key)
            if own is not None:
                if not own(item):
                    return False
            elif not matched and not extra(item):
                return False
        return True
    return check


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
    # ``checks`` for :meth:`FastPath.accepts_plain`, by key: each fused with the plain
    # JSON test where its own verdict does not imply it (None: as for ``checks``).
    plain: Mapping[str, Predicate] | None = None


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
        if not self._keys_admitted(entry, properties.keys(), sdk):
            return False
        get = properties.get
        for key, check in checks:
            value = get(key, _MISSING)
            if value is not _MISSING and not check(value):
                return False
        return True

    def accepts_plain(self, name: str, platform: str, properties: Any, user_id: Any,
                      sdk: str | None) -> bool:
        """:meth:`accepts_values`, and every value plain JSON, in one pass over the values.

        Plain JSON is :func:`~linter.jsontypes.is_plain_json`'s: exact JSON types,
        finite numbers, valid Unicode, string keys.  This is the runtime guard's
        question (the plan's verdict and the serialisability check's at once):
        each value is looked at once, by a check that answers both.  A planned
        scalar's own check already demands an exact type and a finite number, so
        only its text is looked at for lone surrogates; other values get the plain
        JSON test, after their planned check.  False means "run the full checks".
        """
        entry = self._entries.get((name, platform)) or self._entry(name, platform)
        plain = entry.plain
        if plain is None or type(properties) is not dict:
            return False
        if entry.identity_required and (
                user_id is None or (isinstance(user_id, str) and not user_id.strip())):
            return False
        if not self._keys_admitted(entry, properties.keys(), sdk):
            return False
        planned = plain.get
        for key, value in properties.items():
            check = planned(key)
            if check is None:  # a key with nothing planned to check: plain JSON is enough
                if type(key) is not str or (not key.isascii() and has_lone_surrogate(key)):
                    return False
                if not is_plain_json(value, 1):
                    return False
            elif not check(value) or (type(value) is str and not value.isascii()
                                      and has_lone_surrogate(value)):
                return False
        return True

    def _keys_admitted(self, entry: _Entry, keys: KeysView[Any], sdk: str | None) -> bool:
        """The event's key set as its schema wants it: every required key, and no key
        that is neither planned nor the SDK's own (learnt per SDK as they are seen)."""
        if not keys >= entry.required:
            return False
        allowed = entry.allowed
        if allowed is None:
            return True
        known = allowed.get(sdk)
        if known is None:
            known = allowed.setdefault(sdk, set(entry.planned or ()))
        return keys <= known or self._learn_reserved(known, keys, sdk)

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
        check = self.value_checks(event, platform).get(key)
        return check is not None and check(value)

    def value_checks(self, event: str, platform: str) -> Mapping[str, Predicate]:
        """:meth:`value_is_valid` for every key at once: each planned key's predicate
        (a key whose schema does not compile has none: jsonschema decides)."""
        found = self._values.get((event, platform))
        if found is None:
            found = self._value_predicates(event, platform)
        return found

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
        plain = _plain_checks(properties, checks)
        required = frozenset(schema.get("required", ()))
        if schema.get("additionalProperties") is not False:
            return _Entry(predicate, identity_required, checks=checks, required=required,
                          plain=plain)
        unchecked = tuple(name for name, sub in properties.items()
                          if (_compile_safely(sub) or _accept)(UNKNOWN))
        # The SDK's reserved keys are exempt from "no other keys", as in the checker.
        lenient = _compile_safely({k: v for k, v in schema.items()
                                   if k != "additionalProperties"})
        return _Entry(predicate, identity_required, unchecked, frozenset(properties), lenient,
                      checks, required, {}, plain)

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


# The JSON types whose values a check that demands one of them lets through only as
# plain JSON, strings but for their text: exact types, finite numbers (see _admits).
_SCALAR_KINDS: Final = frozenset({"null", "boolean", "integer", "number", "string"})


def _plain_checks(properties: Mapping[str, Any],
                  checks: tuple[tuple[str, Predicate], ...] | None
                  ) -> dict[str, Predicate] | None:
    """``checks`` for :meth:`FastPath.accepts_plain`: each fused with the plain JSON test
    unless its schema names scalar types only (then its verdict implies the test)."""
    if checks is None:
        return None
    fused: dict[str, Predicate] = {}
    for key, check in checks:
        if has_lone_surrogate(key):
            return None  # a planned name no SDK can send: the full checks say so
        schema = properties[key]
        kinds = schema.get("type") if type(schema) is dict else None
        names = [kinds] if type(kinds) is str else kinds
        if type(names) is list and _SCALAR_KINDS.issuperset(names):
            fused[key] = check
        else:
            fused[key] = _and_plain(check)
    return fused


def _and_plain(check: Predicate) -> Predicate:
    return lambda value: check(value) and is_plain_json(value, 1)


def _compile_safely(schema: Any) -> Predicate | None:
    try:
        return compile_predicate(schema)
    except Exception:  # a bug in the compiler must cost speed, never a verdict
        return None
