"""The fast path for valid events agrees with jsonschema, and never changes a verdict.

The property tests generate plan property definitions (every type, nullable,
enums of mixed scalars, every constraint, nested arrays and objects, raw
``schema:`` fragments), compile them with the plan compiler, and check that the
compiled predicate says what jsonschema says, on values built to nearly match
the schema as well as on arbitrary JSON.  The event checker is then compared
with itself without the fast path, on generated plans and observations.
"""

from __future__ import annotations

import ast
import datetime
import json
import math
import threading
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import best_match

from linter.events import UNKNOWN, EventObservation
from linter.jsontypes import is_plain_json
from linter.plan.compile import CompiledPlan, event_schema, property_schema
from linter.plan.loader import load_plan
from linter.plan.model import Event, Plan, Property, frozen_mapping
from linter.text.regex_engine import compile_plan_pattern
from linter.validation import fastpath
from linter.validation.event_check import EventChecker
from linter.validation.fastpath import FastPath, compile_predicate, json_equal
from linter.validation.keywords import keyword_checks
from linter.validation.typed import field_type
from linter.validation.values import make_validator

from .conftest import EXAMPLE


class _Text(str):
    """A ``str`` subclass (a ``StrEnum`` member is one): JSON to jsonschema, not plain."""


class _Number(int):
    """An ``int`` subclass (an ``IntEnum`` member is one)."""

PLATFORMS = ("web", "server")
TYPES = ("string", "integer", "number", "boolean", "datetime", "array", "object", "any")
JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
SAFE_PATTERNS = (r"^[a-z]+$", r"\d", r"^[A-Z]{3}$", r"^$", "é", r"^\d+\.\d+\.\d+$",
                 r"^[a-z]+(_[a-z]+)*$", r"^.{2,4}$")
PATTERNS = (*SAFE_PATTERNS, "[")  # "[" does not compile
FORMATS = ("date-time", "date", "time", "email", "uri", "hostname", "uuid", "ipv4", "ipv6",
           "colour")  # "colour" is not a format tracklint knows: never checked
FORMATTED = ("2026-11-28T12:00:00Z", "2026-11-28 12:00:00.123+01:00", "2026-11-28",
             "12:00:00Z", "a@b.co", "https://example.com/x?y=1", "example.com",
             str(uuid.UUID(int=7)), "10.0.0.1", "::1", "28/11/2026", "not an email", "")
# Keywords the fast path deliberately leaves to jsonschema.
# (oneOf only when two of its branches admit the same JSON type.)
UNSUPPORTED = {"not", "oneOf", "multipleOf", "prefixItems", "propertyNames", "if", "then",
               "else", "contains"}
RESERVED = {"$lib": "posthog-python", "mp_lib": "python", "time": 1_700_000_000,
            "distinct_id": "u-1", "token": "t", "$insert_id": "i-1", "context": {"ip": "x"}}


def jsonschema_is_valid(schema: Any, value: Any) -> bool:
    return bool(make_validator(schema).is_valid(value))



# -- strategies: values ------------------------------------------------------------

EDGE_SCALARS = (0, 1, -1, 0.0, -0.0, 1.0, 1.5, -2.0, True, False, None, 2**64, 1e308,
                float("inf"), "", "1", "true", "\U0001f600", "e\u0301")
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6),
    st.sampled_from(EDGE_SCALARS),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=3), children, max_size=3)),
    max_leaves=8,
)


def _around(bound: Any) -> st.SearchStrategy[Any]:
    """Numbers at and next to a bound, as ints and floats."""
    if bound is None:
        return st.integers(-3, 3) | st.floats(-3, 3)
    return st.sampled_from([bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5,
                            float(bound), int(bound)])


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = schema.get("minLength", 0)
    high = max(low, schema.get("maxLength", low + 3))
    options = [st.text(min_size=max(0, low - 1), max_size=high + 1),
               st.sampled_from(FORMATTED)]
    pattern = schema.get("pattern")
    if pattern in SAFE_PATTERNS:
        options.append(st.from_regex(pattern))
    return st.one_of(options)


def _arrays(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    low = min(schema.get("minItems", 0), 4)
    high = max(low, min(schema.get("maxItems", low + 2) + 1, 4))
    items = values_for(schema.get("items", {}), depth - 1)
    return st.lists(items, min_size=max(0, low - 1), max_size=high)


@st.composite
def _objects(draw: st.DrawFn, schema: dict[str, Any], depth: int) -> dict[str, Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    value: dict[str, Any] = {}
    for name, sub in properties.items():
        if (name in required and draw(st.integers(0, 9)) != 7) or draw(st.booleans()):
            value[name] = draw(values_for(sub, depth - 1))
    if draw(st.integers(0, 3)) == 2:
        value[draw(st.sampled_from(["zz", "a", "é"]))] = draw(json_values)
    return value


def _typed(kind: str, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if kind == "string":
        return _strings(schema)
    if kind == "integer":
        return _around(schema.get("minimum")).map(lambda n: n if isinstance(n, int) else
                                                   float(round(n)))
    if kind == "number":
        return _around(schema.get("minimum")) | _around(schema.get("maximum"))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return _arrays(schema, depth)
    return _objects(schema, depth)


def values_for(schema: Any, depth: int = 3) -> st.SearchStrategy[Any]:
    """Values that nearly match ``schema`` (some do, some miss by one), and arbitrary JSON."""
    if not isinstance(schema, dict) or depth <= 0:
        return json_values
    options: list[st.SearchStrategy[Any]] = [json_values]
    if schema.get("enum"):
        options.append(st.sampled_from(schema["enum"]))
    if "const" in schema:
        options.append(st.just(schema["const"]))
    for key in ("anyOf", "allOf"):
        if schema.get(key):
            options.append(st.sampled_from(schema[key]).flatmap(
                lambda sub: values_for(sub, depth - 1)))
    kinds = schema.get("type", list(JSON_TYPES))
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        options.append(_typed(kind, schema, depth))
    return st.one_of(options)


# -- strategies: plans -----------------------------------------------------------------


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually absent: a property with every constraint would match almost nothing."""
    return st.one_of(st.none(), st.none(), strategy)


numbers = st.integers(-3, 5) | st.sampled_from([0.5, 2.0, -1.5])
counts = st.integers(0, 4)


@st.composite
def raw_fragments(draw: st.DrawFn, depth: int = 2) -> dict[str, Any]:
    """``schema:`` escape-hatch fragments: supported keywords, and some that are not."""
    fragment: dict[str, Any] = {}
    keywords = draw(st.lists(st.sampled_from([
        "type", "enum", "const", "minimum", "exclusiveMinimum", "exclusiveMaximum",
        "maxLength", "pattern", "format", "items", "properties", "anyOf", "allOf",
        "additionalProperties", "minItems", "description", "x-note", "not", "uniqueItems",
        "multipleOf", "oneOf", "patternProperties"]), max_size=3, unique=True))
    deeper = raw_fragments(depth - 1) if depth > 0 else st.just({})
    for keyword in keywords:
        if keyword == "type":
            fragment["type"] = draw(st.sampled_from(JSON_TYPES) | st.lists(
                st.sampled_from(JSON_TYPES), min_size=1, max_size=3, unique=True))
        elif keyword == "enum":
            fragment["enum"] = draw(st.lists(json_values, min_size=1, max_size=4))
        elif keyword == "const":
            fragment["const"] = draw(scalars | st.lists(scalars, max_size=2))
        elif keyword in ("minimum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
            positive = keyword == "multipleOf"
            fragment[keyword] = draw(numbers.filter(lambda n, p=positive: not p or n > 0))
        elif keyword in ("maxLength", "minItems"):
            fragment[keyword] = draw(counts)
        elif keyword == "pattern":
            fragment["pattern"] = draw(st.sampled_from(PATTERNS))
        elif keyword == "format":
            fragment["format"] = draw(st.sampled_from(FORMATS))
        elif keyword in ("items", "not", "additionalProperties"):
            fragment[keyword] = draw(deeper | st.booleans())
        elif keyword == "properties":
            fragment["properties"] = draw(st.dictionaries(st.sampled_from("abc"), deeper,
                                                          max_size=2))
            fragment["required"] = draw(st.lists(st.sampled_from("abc"), max_size=2,
                                                 unique=True))
        elif keyword in ("anyOf", "allOf", "oneOf"):
            fragment[keyword] = draw(st.lists(deeper, max_size=3))
        elif keyword == "uniqueItems":
            fragment["uniqueItems"] = True
        elif keyword == "patternProperties":
            fragment["patternProperties"] = draw(st.dictionaries(
                st.sampled_from(["^a", "b", "^x-", "é$"]), deeper | st.booleans(), max_size=2))
        else:
            fragment[keyword] = "annotation"
    return fragment


@st.composite
def plan_properties(draw: st.DrawFn, depth: int = 2, name: str | None = None) -> Property:
    kind = draw(st.sampled_from(TYPES))
    fields: dict[str, Any] = {
        "name": name or draw(st.sampled_from(["a", "b", "price", "x_y", "é"])),
        "type": kind,
        "nullable": draw(st.booleans()),
        "enum": draw(_maybe(st.lists(scalars, min_size=1, max_size=4).map(tuple))),
        "pattern": draw(_maybe(st.sampled_from(PATTERNS))),
        "format": draw(_maybe(st.sampled_from(FORMATS))),
        "minimum": draw(_maybe(numbers)),
        "maximum": draw(_maybe(numbers)),
        "min_length": draw(_maybe(counts)),
        "max_length": draw(_maybe(counts)),
        "min_items": draw(_maybe(counts)),
        "max_items": draw(_maybe(counts)),
        "additional_properties": draw(st.none() | st.booleans()),
        "required_on": draw(st.frozensets(st.sampled_from(PLATFORMS))),
        "platforms": draw(st.none() | st.frozensets(st.sampled_from(PLATFORMS))),
        "raw_schema_json": draw(_maybe(raw_fragments().map(json.dumps))),
    }
    if depth > 0 and kind in ("array", "any"):
        fields["items"] = draw(_maybe(plan_properties(depth - 1)))
    if depth > 0 and kind in ("object", "any"):
        names = draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3, unique=True))
        fields["properties"] = tuple(draw(plan_properties(depth - 1, n)) for n in names)
    return Property(**fields)


def _unsupported_inside(schema: Any) -> bool:
    """Whether ``schema`` uses a keyword the fast path leaves to jsonschema."""
    if isinstance(schema, list):
        return any(_unsupported_inside(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    if UNSUPPORTED.intersection(schema):
        return True
    nested = [schema.get(k) for k in ("items", "additionalProperties", "anyOf", "allOf")]
    nested.extend(schema.get("properties", {}).values())
    nested.extend(schema.get("patternProperties", {}).values())
    return any(_unsupported_inside(item) for item in nested if item is not None)


def assert_agrees(schema: Any, value: Any) -> None:
    fast = compile_predicate(schema)
    if fast is None:
        event("left to jsonschema")
        assert _unsupported_inside(schema), f"a supported schema was not compiled: {schema}"
        return
    expected = jsonschema_is_valid(schema, value)
    event("valid" if expected else "invalid")
    assert fast(value) == expected, f"{value!r} against {schema}: jsonschema says {expected}"


# -- the predicate agrees with jsonschema -----------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=400, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(prop=plan_properties(), platform=st.sampled_from(PLATFORMS), extra=st.booleans(),
       data=st.data())
def test_property_schemas_agree_with_jsonschema(prop: Property, platform: str, extra: bool,
                                                data: st.DataObject) -> None:
    schema = property_schema(prop, platform, extra)
    for _ in range(5):
        assert_agrees(schema, data.draw(values_for(schema)))


@PROPERTY_SETTINGS
@given(fragment=raw_fragments(depth=3), data=st.data())
def test_raw_fragments_agree_with_jsonschema(fragment: dict[str, Any],
                                             data: st.DataObject) -> None:
    for _ in range(5):
        assert_agrees(fragment, data.draw(values_for(fragment)))


@PROPERTY_SETTINGS
@given(props=st.lists(plan_properties(depth=1), max_size=4, unique_by=lambda p: p.name),
       platform=st.sampled_from(PLATFORMS), extra=st.booleans(), data=st.data())
def test_event_schemas_agree_with_jsonschema(props: list[Property], platform: str,
                                             extra: bool, data: st.DataObject) -> None:
    event = Event("A Happened", platforms=PLATFORMS, properties=tuple(props),
                  additional_properties=extra)
    plan = Plan(platforms=PLATFORMS, events=frozen_mapping({event.name: event}))
    schema = event_schema(plan, event, platform)
    for _ in range(3):
        assert_agrees(schema, data.draw(values_for(schema)))


@settings(max_examples=300, deadline=None)
@given(schema=st.one_of(raw_fragments(), plan_properties().map(
           lambda p: property_schema(p, "web"))),
       value=st.one_of(
           st.sampled_from([Decimal(1), Decimal("0.5"), (1, 2), UNKNOWN, object(),
                            b"ab", frozenset()]),
           st.text(max_size=3).map(type("Text", (str,), {})),
           st.integers(-3, 3).map(type("Int", (int,), {})),
           st.lists(st.just(Decimal(2)), max_size=2),
           st.dictionaries(st.sampled_from("abc"), st.just((1,)), max_size=2)))
def test_values_of_other_types_are_never_wrongly_accepted(schema: Any, value: Any) -> None:
    """Subclasses, Decimals, tuples, UNKNOWN: "valid" only when jsonschema agrees."""
    fast = compile_predicate(schema)
    assume(fast is not None)
    assert fast is not None
    if fast(value):
        assert jsonschema_is_valid(schema, value)


# -- JSON Schema semantics, case by case ------------------------------------------------


@pytest.mark.parametrize(("schema", "valid", "invalid"), [
    ({"type": "integer"}, [1, 1.0, -0.0, 2**70], [True, False, 1.5, "1", None, float("nan")]),
    # NaN and Infinity are not JSON numbers (the vendors reject them).
    ({"type": "number"}, [1, 1.5, 1e308], [True, "1.5", None, float("inf"), float("nan")]),
    ({"type": "boolean"}, [True, False], [0, 1, "true", None]),
    ({"enum": [True, 0, "a"]}, [True, 0, 0.0, "a"], [1, False, 1.0, "A"]),
    ({"enum": [[1], {"k": False}]}, [[1], [1.0], {"k": False}], [[True], {"k": 0}, {}]),
    ({"const": 1}, [1, 1.0], [True, "1"]),
    ({"type": "string", "maxLength": 2}, ["ab", "\U0001f600\U0001f600", "e\u0301"],
     ["abc", "\U0001f600\U0001f600\U0001f600"]),
    ({"type": ["string", "null"], "enum": ["a", None]}, ["a", None], ["b", 0]),
    ({"type": ["string", "null"], "enum": ["a"]}, ["a"], [None, "b"]),
    ({"type": "integer", "enum": [1, 1.5, "1"]}, [1, 1.0], [1.5, "1", True]),
    ({"minimum": 1, "exclusiveMaximum": 3}, [1, 2.5, "x", [], None], [0, 3, 0.5]),
    ({"type": "array", "items": False}, [[]], [[1]]),
    ({"anyOf": []}, [], [1, None]),
    ({"allOf": []}, [1, None], []),
    ({"type": "object", "properties": {"a": {"type": "integer"}},
      "additionalProperties": {"type": "string"}},
     [{}, {"a": 1, "b": "x"}], [{"a": "x"}, {"b": 1}, []]),
    # A key matching a pattern meets its schema, and then not additionalProperties.
    ({"properties": {"x-a": {"type": "integer"}}, "patternProperties": {"^x-": {"minimum": 1}},
      "additionalProperties": False},
     [{}, {"x-b": 5}, {"x-a": 1}], [{"b": 1}, {"x-b": 0}, {"x-a": 0}, {"x-a": "s"}]),
    ({"type": "array", "uniqueItems": True},
     [[], ["a", "b"], [1, 1.5], [1, True], [[1], [2]], [{"a": 1}, {"a": True}]],
     [["a", "a"], [1, 1.0], [True, True], [[1], [1.0]], [{"a": 1}, {"a": 1}]]),
    # oneOf whose branches admit different JSON types: a type name, or a mapping.
    ({"oneOf": [{"enum": ["string", "number"]}, {"type": "object", "required": ["type"]}]},
     ["string", {"type": 1}], ["boolean", {}, None, 1]),
    ({"$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}},
                         "additionalProperties": False}},
      "$ref": "#/$defs/node"},
     [{}, {"child": {"child": {}}}], [{"child": {"other": 1}}, {"child": 1}, []]),
])
def test_json_schema_semantics(schema: dict[str, Any], valid: list[Any],
                               invalid: list[Any]) -> None:
    fast = compile_predicate(schema)
    assert fast is not None
    for value in valid:
        assert fast(value) and jsonschema_is_valid(schema, value), value
    for value in invalid:
        assert not fast(value) and not jsonschema_is_valid(schema, value), value


def test_json_equal_is_jsonschemas_equality() -> None:
    assert json_equal(1, 1.0) and json_equal([1, {"a": 2}], [1.0, {"a": 2.0}])
    assert not json_equal(True, 1) and not json_equal([False], [0])
    assert not json_equal({"a": True}, {"a": 1}) and not json_equal("1", 1)


@pytest.mark.parametrize("schema", [
    {"not": {"type": "string"}},
    {"oneOf": [{"type": "string"}, {"minLength": 2}]},  # both branches admit strings
    {"type": "array", "uniqueItems": "yes"},
    {"type": "number", "multipleOf": 0.1},
    {"$ref": "https://example.com/money.json"},
    {"$ref": "#/$defs/missing", "$defs": {"x": {}}},
    {"properties": {"a": {"$ref": "#/$defs/x", "$defs": {"x": {}}}}},  # $defs not at the root
    {"type": "object", "patternProperties": {"(?<=a)b": {}}},  # not in the plan's dialect
    {"allOf": [{"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"}]},
    {"type": "string", "minLength": 1.5},
    {"type": "colour"},
    {"properties": {"a": {"if": {}}}},
])
def test_anything_else_is_left_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_predicate(schema) is None


# -- the typed decoding of batch validation's lane: never a wrong "valid" ------------------


def typed_verdict(schema: Any, value: Any) -> bool | None:
    """What the lane's msgspec type (and its check after decoding) says of ``value`` as JSON.

    None when the schema has no type, or the value is not JSON.
    """
    found = field_type(schema)
    if found is None:
        return None
    try:
        text = json.dumps(value, allow_nan=False).encode()
    except ValueError:
        return None
    try:
        decoded = msgspec.json.Decoder(found.annotation).decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    return found.check is None or found.check(decoded)


def assert_typed_never_wrongly_valid(schema: Any, value: Any) -> None:
    verdict = typed_verdict(schema, value)
    if verdict is None:
        return
    expected = jsonschema_is_valid(schema, value)
    found = field_type(schema)
    where = "decided in C" if found is not None and found.check is None else "checked after"
    if verdict:
        event(f"typed: valid, {where}")
    else:
        event("typed: invalid" if not expected else f"typed: valid left to the checks, {where}")
    assert expected or not verdict, f"{value!r} against {schema}: the type accepts it"


@PROPERTY_SETTINGS
@given(prop=plan_properties(), platform=st.sampled_from(PLATFORMS), extra=st.booleans(),
       data=st.data())
def test_typed_property_schemas_never_accept_an_invalid_value(
        prop: Property, platform: str, extra: bool, data: st.DataObject) -> None:
    schema = property_schema(prop, platform, extra)
    for _ in range(5):
        assert_typed_never_wrongly_valid(schema, data.draw(values_for(schema)))


@PROPERTY_SETTINGS
@given(fragment=raw_fragments(depth=3), data=st.data())
def test_typed_raw_fragments_never_accept_an_invalid_value(fragment: dict[str, Any],
                                                           data: st.DataObject) -> None:
    for _ in range(5):
        assert_typed_never_wrongly_valid(fragment, data.draw(values_for(fragment)))


@pytest.mark.parametrize(("schema", "valid", "invalid", "checked_after"), [
    # Integer bounds written as floats are rounded inwards; an integral float is left over.
    ({"type": "integer", "minimum": 0.5, "exclusiveMaximum": 3.0}, [1, 2], [0, 3, True], False),
    # An int above 2**53 is compared exactly, never as a rounded float.
    ({"type": "number", "maximum": 2**53}, [2**53, 1.5], [2**53 + 1, "1"], False),
    ({"type": "number", "maximum": 2**53 + 1}, [2**53 + 1], [2**53 + 2], True),
    # RE2's $ is the end of the value; Python's would also match before a final newline.
    ({"type": "string", "pattern": "^[A-Z]{3}$"}, ["EUR"], ["EUR\n", "EU", "ÉUR"], False),
    ({"type": "string", "pattern": "^\\d+$"}, ["42"], ["4a", "٤٢"], True),
    ({"type": "string", "format": "date-time"}, ["2026-11-28T12:00:00Z"], ["28/11/2026"], False),
    ({"type": "string", "format": "uuid"}, [str(uuid.UUID(int=1))], ["x"], True),
    ({"type": ["string", "null"], "enum": ["a", "bb", None], "maxLength": 1}, ["a", None],
     ["bb", "c"], False),
    ({"type": "string", "minLength": 2}, ["\U0001f600\U0001f600", "e\u0301"],
     ["\U0001f600"], False),
    ({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"],
      "additionalProperties": False}, [{"a": 1}], [{"a": 1, "b": 2}, {}, {"a": "1"}], False),
    ({"type": "array", "items": {"type": "boolean"}, "maxItems": 2}, [[], [True]],
     [[1], [True] * 3], False),
    ({"type": "integer", "enum": [1, 2]}, [1, 2], [3, True], True),
])
def test_typed_schemas_case_by_case(schema: dict[str, Any], valid: list[Any], invalid: list[Any],
                                    checked_after: bool) -> None:
    found = field_type(schema)
    assert found is not None and (found.check is not None) is checked_after
    for value in valid:
        assert typed_verdict(schema, value) is True and jsonschema_is_valid(schema, value), value
    for value in invalid:
        assert typed_verdict(schema, value) is False and not jsonschema_is_valid(schema, value), (
            value)


# -- the first keyword a value breaks: jsonschema's best match, without jsonschema ---------


@PROPERTY_SETTINGS
@given(prop=plan_properties(depth=0), platform=st.sampled_from(PLATFORMS), data=st.data())
def test_the_first_broken_keyword_is_jsonschemas_best_match(prop: Property, platform: str,
                                                           data: st.DataObject) -> None:
    schema = property_schema(prop, platform)
    checks = keyword_checks(schema)
    if checks is None:
        event("not plain keywords")
        return
    for _ in range(5):
        value = data.draw(values_for(schema))
        found = checks.first_failure(value)
        if type(value) not in (str, int, float, bool, type(None)):
            assert found is None  # left to jsonschema
            continue
        best = best_match(make_validator(schema).iter_errors(value))
        event("valid" if best is None else f"breaks {best.validator}")
        if best is None:
            assert found is None, value
        else:
            assert found == (best.validator, best.validator_value), value


def test_schemas_with_more_than_plain_keywords_are_left_to_jsonschema() -> None:
    assert keyword_checks({"type": "string", "maxLength": 3}) is not None
    assert keyword_checks({"type": "array", "items": {"type": "string"}}) is None
    assert keyword_checks({"anyOf": [{"type": "string"}, {"type": "null"}]}) is None
    assert keyword_checks({"type": "string", "pattern": "["}) is None  # cannot run


def test_a_long_value_is_matched_like_a_short_one() -> None:
    schema = {"type": "string", "pattern": "^a+$"}
    fast = compile_predicate(schema)
    assert fast is not None
    for value, valid in (("a" * 100_000, True), ("a" * 100_000 + "!", False)):
        assert fast(value) is valid
        assert jsonschema_is_valid(schema, value) is valid


def test_an_invalid_pattern_rejects_strings_only() -> None:
    fast = compile_predicate({"pattern": "["})
    assert fast is not None
    assert not fast("x") and fast(1)


def test_a_backtracking_pattern_runs_in_linear_time_here() -> None:
    schema = {"type": "string", "pattern": "^(a+)+$"}
    fast = compile_predicate(schema)
    assert fast is not None
    # Minutes of backtracking on Python's re; RE2 answers at once, as jsonschema does here.
    assert not fast("a" * 40 + "!") and not jsonschema_is_valid(schema, "a" * 40 + "!")
    assert fast("a" * 40) and jsonschema_is_valid(schema, "a" * 40)


def test_the_generated_patterns_are_in_the_plan_dialect() -> None:
    for pattern in SAFE_PATTERNS:
        assert compile_plan_pattern(pattern).refused is None


def test_no_plan_content_is_ever_executed_as_code() -> None:
    """The compiler builds closures; it never calls exec, eval or compile."""
    tree = ast.parse(Path(fastpath.__file__).read_text(encoding="utf-8"))
    called = {node.func.id for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not called & {"exec", "eval", "compile", "__import__"}


# -- the event checker: same results with and without the fast path --------------------


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    events = {}
    for name in draw(st.lists(st.sampled_from(["A Happened", "B Happened"]), min_size=1,
                              unique=True)):
        props = draw(st.lists(plan_properties(depth=1), max_size=4,
                              unique_by=lambda p: p.name))
        events[name] = Event(
            name, platforms=tuple(draw(st.lists(st.sampled_from(PLATFORMS), min_size=1,
                                                unique=True))),
            identity=draw(st.sampled_from(["optional", "required"])),
            status=draw(st.sampled_from(["active"] * 4 + ["deprecated", "removed"])),
            properties=tuple(props), additional_properties=draw(st.booleans()))
    shared = draw(st.lists(plan_properties(depth=1, name="g"), max_size=1))
    return Plan(platforms=PLATFORMS, events=frozen_mapping(events),
                global_properties=tuple(shared))


@st.composite
def observations(draw: st.DrawFn, plan: Plan) -> EventObservation:
    unknown = draw(st.integers(0, 9)) == 7  # not 0: Hypothesis favours it
    name = "Unknown Event" if unknown else draw(st.sampled_from(sorted(plan.events)))
    event = plan.event(name) or next(iter(plan.events.values()))
    platform = draw(st.sampled_from(event.platforms or PLATFORMS)
                    | st.sampled_from([*PLATFORMS, "ios", "unknown"]))
    schema = event_schema(plan, event, platform)
    properties = dict(draw(_objects(schema, 3)))
    if draw(st.booleans()):
        properties.update(draw(st.dictionaries(st.sampled_from(sorted(RESERVED)),
                                               st.sampled_from(list(RESERVED.values())),
                                               max_size=3)))
    if properties and draw(st.integers(0, 5)) == 3:
        properties[draw(st.sampled_from(sorted(properties)))] = UNKNOWN
    return EventObservation(
        name=name, properties=properties, platform=platform,
        keys_complete=draw(st.integers(0, 5)) != 3,
        user_id=draw(st.sampled_from(["u-1", "u-1", UNKNOWN, None, "", " ", 42])),
        sdk=draw(st.sampled_from([None, "mixpanel", "segment", "posthog", "amplitude"])))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), data=st.data())
def test_the_checker_gives_the_same_diagnostics_with_and_without_the_fast_path(
        plan: Plan, data: st.DataObject) -> None:
    fast, full = EventChecker(plan), EventChecker(plan, fast_path=False)
    for _ in range(8):
        observation = data.draw(observations(plan))
        expected = full.check(observation)
        assert fast.check(observation) == expected, observation
        if fast._fast_path is not None and fast._fast_path.accepts(observation):
            event("accepted by the fast path")
        else:
            event("no diagnostics" if not expected else "diagnostics")
        # The check from plain values (batch validation, the guard): never a wrong "valid",
        # and it agrees with the observation's fast path wherever there is no UNKNOWN.
        known = observation.keys_complete and UNKNOWN not in observation.properties.values()
        if known and isinstance(observation.name, str):
            plain = fast.accepts(observation.name, observation.platform,
                                 dict(observation.properties), observation.user_id,
                                 observation.sdk)
            assert not plain or expected == [], observation
            if fast._fast_path is not None:
                assert plain == fast._fast_path.accepts(observation), observation
            _the_guards_one_pass_agrees(fast, observation, plain, data)


# Values that are not plain JSON (each SDK sends them changed, or not at all), put in
# place of a property or deep inside one for the guard's one-pass check.
_SPOILERS: list[Any] = [
    math.nan, math.inf, -math.inf, "a\ud83d", "\udc00", ("t",), [("t",)], {"k": math.nan},
    {"k": ["x", "\ud800"]}, {1: "x"}, {"k\ud800": 1}, datetime.datetime(2026, 1, 1),
    Decimal("1.5"), _Text("pro"), _Number(3), [1, _Text("x")], {"k": {"k": set()}},
]


def _the_guards_one_pass_agrees(checker: EventChecker, observation: EventObservation,
                                plain: bool, data: st.DataObject) -> None:
    """``accepts_plain`` is ``accepts`` from plain values and every value plain JSON."""
    fast = checker.fast_path
    assert fast is not None and isinstance(observation.name, str)
    properties = dict(observation.properties)
    if properties and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(properties)))
        properties[key] = _spoiled(properties[key], data.draw(st.sampled_from(_SPOILERS)))
        plain = fast.accepts_values(observation.name, observation.platform, properties,
                                    observation.user_id, observation.sdk)
    both = fast.accepts_plain(observation.name, observation.platform, properties,
                              observation.user_id, observation.sdk)
    entry = fast._entries.get((observation.name, observation.platform))
    expected = plain and is_plain_json(properties)
    assert not both or expected, (observation, properties)
    if entry is not None and entry.plain is not None:
        assert both == expected, (observation, properties)
    event("one pass: accepted" if both else "one pass: declined")


def _spoiled(value: Any, spoiler: Any) -> Any:
    """``value`` with ``spoiler`` in its first place that holds something (or in its place)."""
    if type(value) is dict and value:
        return {**value, next(iter(value)): _spoiled(next(iter(value.values())), spoiler)}
    if type(value) is list and value:
        return [_spoiled(value[0], spoiler), *value[1:]]
    return spoiler


@pytest.fixture(scope="module")
def shop() -> Plan:
    return load_plan(EXAMPLE / "plan")


ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 2}]}


def _no_jsonschema(*args: Any) -> Any:
    raise AssertionError("jsonschema was used for a valid event")


def test_a_valid_event_never_reaches_jsonschema(shop: Plan) -> None:
    checker = EventChecker(shop)
    checker._validator = _no_jsonschema  # type: ignore[method-assign]
    observation = EventObservation("Order Completed", {**ORDER, **RESERVED}, "server",
                                   user_id="u-1", sdk=None)
    assert checker.check(observation) == []


def test_an_invalid_event_gets_the_full_messages(shop: Plan) -> None:
    observation = EventObservation("Order Completed", {**ORDER, "price": "19.99"}, "server",
                                   user_id="u-1")
    diagnostics = EventChecker(shop).check(observation)
    assert diagnostics == EventChecker(shop, fast_path=False).check(observation)
    assert [d.code for d in diagnostics] == ["TL207"]
    assert diagnostics[0].hint == "send 19.99 as a number, not as text"


@pytest.mark.parametrize(("name", "properties", "fields"), [
    ("Signed Up", {"method": "email"}, {}),                       # deprecated: TL203
    ("Product Viewed", {"product_id": "p", "price": 1.0}, {}),    # not planned: TL202
    ("Order Completed", ORDER, {"user_id": None}),                # identity: TL210
    ("Order Completed", ORDER, {"user_id": "u", "sdk": "segment",
                                "properties": {**ORDER, "$lib": "x"}}),  # not reserved: TL206
])
def test_event_level_problems_are_left_to_the_full_checks(
        shop: Plan, name: str, properties: dict[str, Any], fields: dict[str, Any]) -> None:
    fields = {"properties": properties, **fields}
    observation = EventObservation(name, platform="server", **fields)
    full = EventChecker(shop, fast_path=False)
    assert not FastPath(CompiledPlan(shop), full._diagnostics).accepts(observation)
    assert full.check(observation) != []


def test_predicates_are_compiled_once_per_event_and_platform(
        shop: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    lock = threading.Lock()
    real: Callable[[Any], Any] = fastpath.compile_predicate

    def counting(schema: Any) -> Any:
        with lock:
            calls.append((schema["title"], schema["$id"], "additionalProperties" in schema))
        return real(schema)

    monkeypatch.setattr(fastpath, "compile_predicate", counting)
    checker = EventChecker(shop)
    valid = EventObservation("Order Completed", ORDER, "server", user_id="u-1")
    other = EventObservation("Order Completed", ORDER, "web", user_id="u-1")

    def send() -> None:
        for _ in range(200):
            assert checker.check(valid) == [] and checker.check(other) == []

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Per platform: the schema as is, and without "no other keys" for SDK-reserved ones.
    assert len(calls) == len(set(calls)) == 4


def test_unknown_event_names_are_not_remembered(shop: Plan) -> None:
    fast = FastPath(CompiledPlan(shop), EventChecker(shop, fast_path=False)._diagnostics)
    for index in range(100):
        assert not fast.accepts(EventObservation(f"Event {index}", {}, "server"))
    assert fast.predicate("Order Completed", "server") is not None
    assert len(fast._entries) == 1
