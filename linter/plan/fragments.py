"""Checking the raw JSON Schema fragments of a plan (``schema:``) when the plan is read.

A fragment goes into every compiled event schema that uses its property, so a
broken one (``type: foo``, ``multipleOf: 0``, ``enum: 5``) would otherwise pass
``plan check`` and then stop ``validate`` at the first event that carries the
property.  Each fragment is checked against the JSON Schema 2020-12 meta-schema,
regular expressions included, and located in the plan file.

References are refused: tracklint never fetches a schema from the network, and
a fragment is embedded in each event's schema, where a ``#...`` pointer has no
fixed target.  A definition shared between events belongs under the plan's
``properties:``, used with ``ref:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from linter.diagnostics import Diagnostic
from linter.plan.format_errors import describe_location
from linter.plan.source import PathKey, SourceDocument, load_error

_META = Draft202012Validator(Draft202012Validator.META_SCHEMA,
                             format_checker=Draft202012Validator.FORMAT_CHECKER)
_REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")
# Keywords whose value is a schema, a list of schemas or a name -> schema mapping.
_ONE_SCHEMA = ("items", "not", "if", "then", "else", "contains", "additionalProperties",
               "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
               "additionalItems")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_TYPE_NAMES = "array, boolean, integer, null, number, object and string"
_INLINE = ("write the constraint inline, or define the property once under the plan's "
           "properties: and use ref:")


def fragment_problems(document: SourceDocument) -> list[Diagnostic]:
    """Every problem of every ``schema:`` fragment of one plan file, located."""
    problems: list[Diagnostic] = []
    for path, fragment in _fragments(document.data):
        if not isinstance(fragment, dict):
            continue  # the plan format already says a fragment is a mapping
        for error in _META.iter_errors(fragment):
            problems.append(_invalid(document, path, error))
        problems.extend(_references(document, path, fragment))
    return problems


def property_definitions(data: Any) -> list[tuple[PathKey, dict[str, Any]]]:
    """(path, definition) of every property definition of a plan file, in file order.

    Shared, global and event properties, and those nested under ``items`` and
    ``properties``; a definition written as a type name has nothing to look at.
    One pass of plain calls: a plan of 2,000 events has tens of thousands.
    """
    found: list[tuple[PathKey, dict[str, Any]]] = []
    if not isinstance(data, dict):
        return found
    for section in ("properties", "global_properties"):
        _in_properties(data.get(section), (section,), found)
    events = data.get("events")
    if isinstance(events, dict):
        for name, event in events.items():
            if isinstance(event, dict):
                _in_properties(event.get("properties"), ("events", name, "properties"), found)
    return found


def _in_properties(properties: Any, path: PathKey,
                   found: list[tuple[PathKey, dict[str, Any]]]) -> None:
    if not isinstance(properties, dict):
        return
    for name, definition in properties.items():
        if isinstance(definition, dict):
            _in_property(definition, (*path, name), found)


def _in_property(definition: dict[str, Any], path: PathKey,
                 found: list[tuple[PathKey, dict[str, Any]]]) -> None:
    found.append((path, definition))
    items = definition.get("items")
    if isinstance(items, dict):
        _in_property(items, (*path, "items"), found)
    _in_properties(definition.get("properties"), (*path, "properties"), found)


def _fragments(data: Any) -> Iterator[tuple[PathKey, Any]]:
    """(path of the ``schema`` key, its value) for every property definition of a file."""
    for path, definition in property_definitions(data):
        if "schema" in definition:
            yield (*path, "schema"), definition["schema"]


def _invalid(document: SourceDocument, path: PathKey, error: ValidationError) -> Diagnostic:
    inner = tuple(error.absolute_path)
    keyword = "/".join(str(part) for part in inner) or "the fragment"
    message, hint = _sentence(error, keyword)
    return _located(document, (*path, *inner),
                    f"{_owner(path)}: {message}",
                    hint or "a schema: fragment must be valid JSON Schema (2020-12)")


def _sentence(error: ValidationError, keyword: str) -> tuple[str, str | None]:
    value = error.instance
    if error.validator == "anyOf" and keyword.endswith("type"):
        return f"{value!r} is not a JSON Schema type", f"the types are {_TYPE_NAMES}"
    if error.validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        return f"'{keyword}' must be of type {' or '.join(map(str, names))}, not {value!r}", None
    if error.validator == "format" and error.validator_value == "regex":
        return (f"{value!r} is not a valid regular expression ({_regex_error(value)})",
                "write it in Python/ECMA regular expression syntax")
    if error.validator in ("minimum", "exclusiveMinimum"):
        relation = "at least" if error.validator == "minimum" else "greater than"
        return f"'{keyword}' must be {relation} {error.validator_value}, not {value!r}", None
    return f"'{keyword}': {error.message}", None


def _regex_error(pattern: object) -> str:
    try:
        re.compile(str(pattern))
    except re.error as problem:
        return str(problem)
    return "not accepted"


def _references(document: SourceDocument, path: PathKey,
                fragment: dict[str, Any]) -> Iterator[Diagnostic]:
    for inner, schema in _subschemas(fragment, ()):
        for keyword in _REFERENCES:
            target = schema.get(keyword)
            if target is None:
                continue
            where = (*path, *inner, keyword)
            if isinstance(target, str) and target.startswith("#"):
                message = (f"{keyword} {target!r} cannot be resolved: the fragment is embedded "
                           "in each event's schema, so it has no fixed root to point into")
            else:
                message = (f"{keyword} {target!r} points outside the plan; tracklint never "
                           "fetches schemas")
            yield _located(document, where, f"{_owner(path)}: {message}", _INLINE)


def _subschemas(schema: Any, path: PathKey) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """Every schema object inside a fragment (not data such as enum or const values)."""
    if not isinstance(schema, dict):
        return
    yield path, schema
    for keyword in _ONE_SCHEMA:
        yield from _subschemas(schema.get(keyword), (*path, keyword))
    for keyword in _SCHEMA_LISTS:
        items = schema.get(keyword)
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield from _subschemas(item, (*path, keyword, index))
    for keyword in _SCHEMA_MAPS:
        items = schema.get(keyword)
        if isinstance(items, dict):
            for name, item in items.items():
                yield from _subschemas(item, (*path, keyword, name))


def _owner(path: PathKey) -> str:
    return describe_location(path)


def _located(document: SourceDocument, path: PathKey, message: str, hint: str) -> Diagnostic:
    position = document.position(path)
    return load_error(position.path, position.line, position.column, "TL003", message, hint)
