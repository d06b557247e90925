"""Plan schemas as msgspec types: a valid value decoded and checked in one C pass.

Batch validation reads millions of events, nearly all valid.  Decoding each
into Python objects and then checking the objects in Python costs several times
the decoding; msgspec can do both at once when it is given a type that says
what a valid value is (``str`` with a pattern, ``int`` at least 1, a
``Literal`` of the enum's values, a ``Struct`` that forbids unknown keys...).
:func:`field_type` turns one property's JSON Schema (as
:mod:`linter.plan.compile` writes it) into such a type.

Only where the type's verdict is exactly the plan's is the schema left to the
type.  Anything else is decoded as a plain JSON value and put to the fast
path's compiled predicate (:mod:`linter.validation.fastpath`) after decoding.
The rule is one-sided, as in the fast path: a value the type accepts is valid
against the schema; a value it rejects may still be valid, and goes to the full
checks, which have the last word.  So the type may be stricter than the schema
(an ``integer`` written ``1.0`` is refused here, accepted there), never looser:

* numbers: ``int | float`` (a JSON integer stays an ``int``, so bounds compare
  exactly; a float bound of an integer is rounded inwards), never ``float``
  alone, which would round a large integer before comparing it;
* patterns: only those the plan's engine runs on Python's ``re``
  (:func:`~linter.text.regex_engine.python_equivalent`); RE2 patterns are checked
  after decoding;
* formats: the regular expressions of :mod:`linter.validation.formats`; uuid and
  IP addresses after decoding;
* enums: ``Literal`` strings, already filtered by the schema's other keywords;
  enums of other values after decoding;
* objects: a ``Struct`` when the schema forbids other keys, a plain ``dict``
  when it says nothing about them; anything between after decoding.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal, NamedTuple, Union, get_args, get_origin

import msgspec

from linter.text.regex_engine import python_equivalent
from linter.validation.fastpath import Predicate, compile_property
from linter.validation.formats import FORMAT_CHECKS, FORMAT_PATTERNS

__all__ = ["FieldType", "field_type", "holds_objects", "struct_type", "value_type"]

# Keywords that never affect validity (as in the fast path).
_ANNOTATIONS: Final = frozenset({
    "title", "description", "$comment", "deprecated", "examples", "default", "readOnly",
    "writeOnly", "contentMediaType", "contentEncoding",
})
_KEYWORDS: Final = frozenset({
    "type", "enum", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "items",
    "properties", "required", "additionalProperties",
})
_KINDS: Final = ("null", "boolean", "integer", "number", "string", "array", "object")
_BOUNDS: Final = (("minimum", "ge"), ("maximum", "le"), ("exclusiveMinimum", "gt"),
                  ("exclusiveMaximum", "lt"))
# The JSON kinds of enum members that can equal a value of each kind (1.0 equals 1).
_EQUAL_KINDS: Final = {"boolean": {"boolean"}, "integer": {"integer", "number"},
                       "number": {"integer", "number"}, "array": {"array"},
                       "object": {"object"}}
# What _kind_type returns when no value of a kind is valid (None is the null type).
_NO_VALUES: Final = object()


class _Inexact(Exception):
    """No msgspec type says exactly what this schema says: check it after decoding."""


class FieldType(NamedTuple):
    """How one value is decoded: its msgspec type, and the check left for after.

    ``check`` is None when the type alone decides; otherwise the type is ``Any``
    and ``check`` is the schema's compiled predicate.
    """

    annotation: Any
    check: Predicate | None = None


def field_type(schema: Any) -> FieldType | None:
    """The type for values of ``schema``; None when neither it nor the fast path can check it."""
    try:
        return FieldType(value_type(schema))
    except _Inexact:
        pass
    check = compile_property(schema)
    if check is None:
        return None
    return FieldType(Any, check)


def value_type(schema: Any) -> Any:
    """The msgspec type whose verdict on a JSON value is exactly ``schema``'s.

    Raises ``_Inexact`` when there is none (the caller checks after decoding).
    """
    if schema is True:
        return Any
    if type(schema) is not dict:
        raise _Inexact
    keywords = schema.keys() - _ANNOTATIONS
    if not keywords:
        return Any
    if "type" not in schema or not keywords <= _KEYWORDS:
        raise _Inexact
    kinds = _kinds(schema["type"])
    if "number" in kinds:
        kinds.discard("integer")  # every integer is a number
    members = []
    for kind in _KINDS:
        if kind in kinds:
            member = _kind_type(kind, schema)
            if member is not _NO_VALUES:
                members.append(member)
    if not members:
        raise _Inexact  # no value is valid: rare enough to leave to the predicate
    annotation = members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007
    try:
        msgspec.json.Decoder(annotation)
    except (TypeError, ValueError) as error:  # a union msgspec cannot decode
        raise _Inexact from error
    return annotation


def _kinds(value: Any) -> set[str]:
    names = [value] if type(value) is str else value
    if type(names) is not list or any(name not in _KINDS for name in names):
        raise _Inexact
    return set(names)


def _kind_type(kind: str, schema: dict[str, Any]) -> Any:
    """The type of the values of one JSON kind that ``schema`` allows, or :data:`_NO_VALUES`."""
    enum = schema.get("enum")
    if enum is not None:
        if type(enum) is not list:
            raise _Inexact
        return _enum_type(kind, schema, enum)
    if kind == "null":
        return None
    if kind == "boolean":
        return bool
    if kind == "integer":
        return _annotated(int, _integer_bounds(schema))
    if kind == "number":
        return Union[_annotated(int, _integer_bounds(schema)),  # noqa: UP007
                     _annotated(float, _float_bounds(schema))]
    if kind == "string":
        return _annotated(str, _string_constraints(schema))
    if kind == "array":
        return _array_type(schema)
    return _object_type(schema)


def _annotated(base: type, constraints: dict[str, Any]) -> Any:
    return Annotated[base, msgspec.Meta(**constraints)] if constraints else base


def _enum_type(kind: str, schema: dict[str, Any], enum: list[Any]) -> Any:
    """Strings of the enum that meet the rest of the schema, as a ``Literal``; null if listed.

    Members of other kinds would need JSON Schema's equality (``1`` is ``1.0``,
    ``True`` is not ``1``): those schemas are checked after decoding.
    """
    if kind == "null":
        return None if any(member is None for member in enum) else _NO_VALUES
    if kind != "string":
        if any(_json_kind(member) in _EQUAL_KINDS[kind] for member in enum):
            raise _Inexact
        return _NO_VALUES
    check = compile_property(schema)
    if check is None:
        raise _Inexact
    allowed = tuple(dict.fromkeys(m for m in enum if type(m) is str and check(m)))
    return Literal[allowed] if allowed else _NO_VALUES


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "boolean"
    if type(value) is int:
        return "integer"
    if type(value) is float:
        return "number"
    if type(value) is str:
        return "string"
    if type(value) is list:
        return "array"
    return "object"


def _bound(schema: dict[str, Any], keyword: str) -> int | float | None:
    value = schema.get(keyword)
    if value is None:
        return None
    if type(value) not in (int, float) or (type(value) is float and not math.isfinite(value)):
        raise _Inexact
    return value  # type: ignore[no-any-return]


def _integer_bounds(schema: dict[str, Any]) -> dict[str, int]:
    """The bounds as integers: ``x >= 0.5`` is ``x >= 1``, ``x < 3`` is ``x <= 2``."""
    lows: list[int] = []
    highs: list[int] = []
    for keyword, name in _BOUNDS:
        value = _bound(schema, keyword)
        if value is None:
            continue
        if name == "ge":
            lows.append(math.ceil(value))
        elif name == "gt":
            lows.append(math.floor(value) + 1)
        elif name == "le":
            highs.append(math.floor(value))
        else:
            highs.append(math.ceil(value) - 1)
    bounds = {}
    if lows:
        bounds["ge"] = max(lows)
    if highs:
        bounds["le"] = min(highs)
    return bounds


def _float_bounds(schema: dict[str, Any]) -> dict[str, float]:
    """The bounds as msgspec compares a float with them, when that is exact."""
    bounds: dict[str, float] = {}
    for keyword, name in _BOUNDS:
        value = _bound(schema, keyword)
        if value is None:
            continue
        try:
            as_float = float(value)
        except OverflowError:
            raise _Inexact from None
        if as_float != value:
            raise _Inexact  # msgspec would compare with a rounded bound
        bounds[name] = as_float
    if ("ge" in bounds and "gt" in bounds) or ("le" in bounds and "lt" in bounds):
        raise _Inexact  # msgspec takes one lower and one upper bound
    return bounds


def _string_constraints(schema: dict[str, Any]) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    for keyword, name in (("minLength", "min_length"), ("maxLength", "max_length")):
        value = schema.get(keyword)
        if value is not None:
            if type(value) is not int or value < 0:
                raise _Inexact
            constraints[name] = value
    patterns = []
    if "pattern" in schema:
        source = python_equivalent(schema["pattern"]) if type(schema["pattern"]) is str else None
        if source is None:
            raise _Inexact  # runs on RE2: checked after decoding
        patterns.append(source)
    if "format" in schema:
        name = schema["format"]
        if type(name) is not str:
            raise _Inexact
        if name in FORMAT_PATTERNS:
            patterns.append(FORMAT_PATTERNS[name])
        elif name in FORMAT_CHECKS:
            raise _Inexact  # uuid, ipv4, ipv6: a parser decides, after decoding
        # Any other format is not checked by tracklint, so it asserts nothing.
    if len(patterns) > 1:
        raise _Inexact  # msgspec takes one pattern
    if patterns:
        constraints["pattern"] = patterns[0]
    return constraints


def _array_type(schema: dict[str, Any]) -> Any:
    constraints: dict[str, int] = {}
    for keyword, name in (("minItems", "min_length"), ("maxItems", "max_length")):
        value = schema.get(keyword)
        if value is not None:
            if type(value) is not int or value < 0:
                raise _Inexact
            constraints[name] = value
    item = value_type(schema["items"]) if "items" in schema else Any
    return _annotated(list[item], constraints)  # type: ignore[valid-type]


def _object_type(schema: dict[str, Any]) -> Any:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if type(properties) is not dict or type(required) is not list:
        raise _Inexact
    if extra is True and not properties and not required:
        return dict[str, Any]
    if extra is not False or not set(required) <= properties.keys():
        raise _Inexact  # other keys allowed beside listed ones: checked after decoding
    fields = {name: value_type(sub) for name, sub in properties.items()}
    return struct_type("Object", fields, frozenset(required))


def struct_type(name: str, fields: Mapping[str, Any], required: frozenset[str],
                attributes: Mapping[str, str] | None = None) -> type[msgspec.Struct]:
    """A ``Struct`` for a JSON object of exactly these keys, the ``required`` ones present.

    ``fields`` maps each key to its type; a key that is absent decodes as
    ``msgspec.UNSET``.  Keys become attributes ``f0, f1...`` unless ``attributes``
    names them (key -> attribute), since keys need not be identifiers.  Instances
    are not tracked by the garbage collector: they hold no cycles.
    """
    names = attributes or {key: f"f{index}" for index, key in enumerate(fields)}
    spec: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for key, annotation in fields.items():
        if key in required:
            spec.append((names[key], annotation))
        else:
            spec.append((names[key], Union[annotation, msgspec.UnsetType],  # noqa: UP007
                         msgspec.UNSET))
    return msgspec.defstruct(name, spec, kw_only=True, forbid_unknown_fields=True, gc=False,
                             rename={names[key]: key for key in fields})


def holds_objects(annotation: Any) -> bool:
    """Whether a value decoded as ``annotation`` may be or hold a JSON object."""
    if annotation is Any:
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        return holds_objects(get_args(annotation)[0])
    if origin is Union:
        return any(holds_objects(member) for member in get_args(annotation))
    if origin is list:
        return holds_objects(get_args(annotation)[0])
    if origin is dict:
        return True
    return isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)
