"""JSON Schema, as other tools write it, turned into plan property definitions.

Segment rules, Mixpanel schemas, Iglu schemas and tracklint's own exports all
describe an event's properties in JSON Schema (drafts 4 to 2020-12).  Each
keyword tracklint has a field for becomes that field (``maxLength`` becomes
``max_length``, ``["string", "null"]`` a nullable string, ``date-time`` strings
a ``datetime``); every other keyword (``multipleOf``, ``anyOf``, ``not``...) is
kept in the property's ``schema:`` escape hatch, rewritten for 2020-12 where the
drafts differ, so it is still enforced.  Local ``$ref``s are inlined.  Only the
schema's identifiers (``$schema``, ``id``, ``$id``) are not kept: they name the
source document and are written afresh on export.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from linter.diagnostics import Diagnostic
from linter.interop.problems import NOT_IMPORTED, Where, diagnostic
from linter.jsontypes import json_type

#: Formats the plan knows (others stay in ``schema:``).
PLAN_FORMATS = frozenset({"date", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"})
IDENTIFIERS = frozenset({"$schema", "id", "$id"})
_SIMPLE = {"description": "description", "pattern": "pattern", "minLength": "min_length",
           "maxLength": "max_length", "minItems": "min_items", "maxItems": "max_items",
           "deprecated": "deprecated"}
_HANDLED = frozenset({"type", "enum", "const", "format", "minimum", "maximum",
                      "exclusiveMinimum", "exclusiveMaximum", "items", "additionalItems",
                      "properties", "required", "additionalProperties", "examples",
                      "definitions", "$defs", *_SIMPLE, *IDENTIFIERS})
_JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object")
_MAX_REF_DEPTH = 16

Locate = Callable[[tuple[str | int, ...]], Where]
Definition = dict[str, Any]


class SchemaReader:
    """Reads the properties of one JSON Schema document, reporting what it cannot keep.

    ``locate`` turns a path inside the document into a place for diagnostics;
    ``root`` is the whole document, for resolving ``#/...`` references.
    """

    def __init__(self, root: Any, locate: Locate, event: str | None = None) -> None:
        self.root = root
        self.locate = locate
        self.event = event
        self.diagnostics: list[Diagnostic] = []

    def properties(self, schema: Mapping[str, Any], at: tuple[str | int, ...],
                   expanding: frozenset[str] = frozenset()) -> dict[str, Definition]:
        """The ``properties`` of an object schema as plan definitions, required ones marked."""
        required = {name for name in schema.get("required") or () if isinstance(name, str)}
        found: dict[str, Definition] = {}
        raw = schema.get("properties")
        if not isinstance(raw, Mapping):
            return found
        for name, child in raw.items():
            where = (*at, "properties", name)
            if not name:
                self._skip(where, "a property with an empty name cannot be planned")
                continue
            definition = self.property(child, where, expanding=expanding)
            if name in required:
                definition = {"required": True, **definition}
            found[name] = definition
        return found

    def property(self, schema: Any, at: tuple[str | int, ...], depth: int = 0,
                 expanding: frozenset[str] = frozenset()) -> Definition:
        """One property's definition, in the plan's key order."""
        if schema is True or schema == {}:
            return {"type": "any"}
        if not isinstance(schema, Mapping):
            self._skip(at, f"the schema of a property must be an object, not {schema!r}; "
                       "the property accepts any value")
            return {"type": "any"}
        reference = schema.get("$ref")
        if isinstance(reference, str) and reference.startswith("#"):
            if reference in expanding:
                self._skip(at, f"the reference {reference!r} refers back to itself (a "
                           "recursive schema); it is kept as written, under schema:")
                return {"type": "any", "schema": to_2020(schema)}
            expanding = expanding | {reference}
        schema = _flatten_all_of(self._resolve(schema, at, depth))
        definition: Definition = {}
        raw: dict[str, Any] = {}
        kind, nullable = self._type(schema, raw)
        definition["type"] = kind
        for keyword, key in _SIMPLE.items():
            if keyword in schema and schema[keyword] != "":
                definition[key] = schema[keyword]
        if nullable:
            definition["nullable"] = True
        self._enum(schema, definition, raw)
        self._format(schema, definition, raw)
        self._bounds(schema, definition, raw)
        if "examples" in schema and isinstance(schema["examples"], list):
            definition["examples"] = schema["examples"]
        self._items(schema, at, depth, definition, raw, expanding)
        if isinstance(schema.get("properties"), Mapping) and schema["properties"]:
            definition["properties"] = self.properties(schema, at, expanding)
        extra = schema.get("additionalProperties")
        if isinstance(extra, bool):
            definition["additional_properties"] = extra
        elif extra is not None:
            raw["additionalProperties"] = self._fragment(extra, at, depth)
        for keyword, value in schema.items():
            if keyword not in _HANDLED:
                raw[keyword] = self._fragment(value, at, depth)
        if definition["type"] == "any" and nullable and "type" in raw:
            raw["type"] = [*raw["type"], "null"]
        if raw:
            definition["schema"] = raw
        return definition

    def _type(self, schema: Mapping[str, Any], raw: dict[str, Any]) -> tuple[str, bool]:
        declared = schema.get("type")
        names = [declared] if isinstance(declared, str) else list(declared or ())
        nullable = "null" in names
        kinds = [name for name in names if name != "null"]
        if len(kinds) > 1:
            raw["type"] = kinds
            return "any", nullable
        if kinds:
            kind = str(kinds[0])
        elif declared == "null" or names == ["null"]:
            raw["type"] = "null"
            return "any", False
        elif "properties" in schema:
            kind = "object"
        elif "items" in schema:
            kind = "array"
        else:
            kind = _enum_type(schema)
        if kind == "string" and schema.get("format") == "date-time":
            return "datetime", nullable
        return (kind if kind in _JSON_TYPES else "any"), nullable

    @staticmethod
    def _enum(schema: Mapping[str, Any], definition: Definition, raw: dict[str, Any]) -> None:
        values = schema.get("enum")
        if "const" in schema and values is None:
            values = [schema["const"]]
        if not isinstance(values, list) or not values:
            return
        if any(isinstance(value, dict | list) for value in values):
            raw["enum"] = values
            return
        scalars = [value for value in values if value is not None]
        if len(scalars) < len(values):
            definition["nullable"] = True
        if scalars:
            definition["enum"] = scalars
        else:
            raw["enum"] = values

    @staticmethod
    def _format(schema: Mapping[str, Any], definition: Definition, raw: dict[str, Any]) -> None:
        kind = schema.get("format")
        if kind is None or (kind == "date-time" and definition["type"] == "datetime"):
            return
        if kind in PLAN_FORMATS or kind == "date-time":
            definition["format"] = kind
        else:
            raw["format"] = kind

    @staticmethod
    def _bounds(schema: Mapping[str, Any], definition: Definition, raw: dict[str, Any]) -> None:
        """``minimum``/``maximum``, with draft 4's boolean ``exclusiveMinimum`` rewritten."""
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            flag = schema.get(exclusive)
            value = schema.get(bound)
            if flag is True and value is not None:
                raw[exclusive] = value
                continue
            if value is not None and not isinstance(value, bool):
                definition[bound] = value
            if flag is not None and flag is not False:
                raw[exclusive] = flag

    def _items(self, schema: Mapping[str, Any], at: tuple[str | int, ...], depth: int,
               definition: Definition, raw: dict[str, Any], expanding: frozenset[str]) -> None:
        items = schema.get("items")
        if isinstance(items, list):  # tuple validation (drafts 4 to 2019-09)
            raw["prefixItems"] = [self._fragment(item, at, depth) for item in items]
            if "additionalItems" in schema:
                raw["items"] = self._fragment(schema["additionalItems"], at, depth)
        elif items is not None and items is not True and items != {}:
            item = self.property(items, (*at, "items"), depth, expanding)
            if item != {"type": "any"}:  # items that accept anything say nothing
                definition["items"] = item

    def _fragment(self, value: Any, at: tuple[str | int, ...], depth: int,
                  expanding: frozenset[str] = frozenset()) -> Any:
        """A part of the schema kept under ``schema:``: local references inlined (a plan
        fragment has no document to point into), rewritten for 2020-12.

        ``expanding`` holds the references being inlined: one that refers back to
        itself (a recursive schema) is reported once and kept as written.
        """
        if isinstance(value, list):
            return [self._fragment(item, at, depth, expanding) for item in value]
        if not isinstance(value, Mapping):
            return value
        reference = value.get("$ref")
        if isinstance(reference, str) and reference.startswith("#"):
            if reference in expanding:
                self._skip(at, f"the reference {reference!r} refers back to itself (a "
                           "recursive schema); it is kept as written, under schema:")
                return to_2020(value)
            resolved = self._resolve(value, at, depth)
            if resolved is not value:
                return self._fragment(resolved, at, depth + 1, expanding | {reference})
        return to_2020({key: child if key in ("definitions", "$defs")
                        else self._fragment(child, at, depth, expanding)
                        for key, child in value.items()})

    def _resolve(self, schema: Mapping[str, Any], at: tuple[str | int, ...],
                 depth: int) -> Mapping[str, Any]:
        """Inline a local ``$ref`` (``#/definitions/...``), its siblings taking precedence."""
        reference = schema.get("$ref")
        if not isinstance(reference, str):
            return schema
        if not reference.startswith("#"):
            self._skip(at, f"the reference {reference!r} points outside the document and "
                       "is not followed; it is kept as written, under schema:")
            return schema
        if depth >= _MAX_REF_DEPTH:
            self._skip(at, f"the reference {reference!r} is nested too deeply (recursive?); "
                       "it is kept as written, under schema:")
            return schema
        target: Any = self.root
        for token in reference[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, Mapping) else None
        if not isinstance(target, Mapping):
            self._skip(at, f"the reference {reference!r} points to nothing in the document; "
                       "it is kept as written, under schema:")
            return schema
        merged = {**self._resolve(target, at, depth + 1),
                  **{k: v for k, v in schema.items() if k != "$ref"}}
        return merged

    def _skip(self, at: tuple[str | int, ...], message: str) -> None:
        self.diagnostics.append(diagnostic(NOT_IMPORTED, message, self.locate(at),
                                           event=self.event))


#: Keywords whose meaning depends on others in the same schema object: an ``allOf``
#: holding them cannot be merged into one object without changing what it accepts.
_INTERACTING = frozenset({"properties", "patternProperties", "additionalProperties", "items",
                          "prefixItems", "additionalItems", "if", "then", "else",
                          "unevaluatedProperties", "unevaluatedItems", "$ref"})


def _flatten_all_of(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """``{"allOf": [A, B]}`` as one schema when A, B and the rest share no keyword.

    tracklint's own export wraps a property and its ``schema:`` fragment so;
    merging gives the property back its type and keeps the fragment apart.
    """
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not all(isinstance(p, Mapping) for p in parts):
        return schema
    pieces = [{k: v for k, v in schema.items() if k != "allOf"}, *parts]
    seen: set[str] = set()
    for piece in pieces:
        keys = set(piece)
        if keys & seen or (keys & _INTERACTING and len(pieces) > 1 and any(
                other is not piece and other for other in pieces)):
            return schema
        seen |= keys
    merged: dict[str, Any] = {}
    for piece in pieces:
        merged.update(piece)
    return merged


def _enum_type(schema: Mapping[str, Any]) -> str:
    """The type an enum or const implies when the schema states none."""
    values = schema.get("enum") if "enum" in schema else [schema.get("const")]
    kinds = {json_type(value) for value in values or () if value is not None}
    if len(kinds) == 1 and (kind := kinds.pop()) in _SCALAR_TYPES:
        return kind
    return "any"


_SCALAR_TYPES = frozenset({"boolean", "integer", "number", "string"})


def to_2020(schema: Any) -> Any:
    """A fragment from an older draft rewritten for 2020-12, which plan fragments use.

    Boolean ``exclusiveMinimum``/``exclusiveMaximum`` (draft 4), array ``items``
    (tuple validation), ``definitions`` and ``id`` differ; the rest is the same.
    """
    if isinstance(schema, list):
        return [to_2020(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    result: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword in ("id", "$schema"):
            continue
        if keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if keyword == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                result[keyword] = schema[bound]
            continue
        if keyword in ("minimum", "maximum") and schema.get(
                "exclusiveMinimum" if keyword == "minimum" else "exclusiveMaximum") is True:
            continue
        if keyword == "items" and isinstance(value, list):
            result["prefixItems"] = to_2020(value)
            continue
        if keyword == "additionalItems" and isinstance(schema.get("items"), list):
            result["items"] = to_2020(value)
            continue
        result["$defs" if keyword == "definitions" else keyword] = to_2020(value)
    return result
