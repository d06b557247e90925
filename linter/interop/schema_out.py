"""Plan properties written as the JSON Schema other tools read (draft 4 or draft 7).

``plan export --format jsonschema`` compiles one 2020-12 document per event and
platform (:mod:`linter.plan.compile`).  Segment, Mixpanel and Iglu want one
schema per event, in an older draft, and readable by people who edit it in
those tools: so a property's ``schema:`` fragment is merged into its keywords
rather than wrapped in ``allOf`` when they do not overlap, and 2020-12 spellings
(``prefixItems``, numeric ``exclusiveMinimum``, ``$defs``) are written the old way.

A property is ``required`` here when it is required on every platform of its
event; the exporters report the per-platform requirements this loses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from linter.plan.compile import CONSTRAINT_KEYWORDS, TYPE_SCHEMAS
from linter.plan.model import Property

Dialect = Literal["draft-04", "draft-07"]
SCHEMA_URIS = {"draft-04": "http://json-schema.org/draft-04/schema#",
               "draft-07": "http://json-schema.org/draft-07/schema#"}


def scope_of(prop: Property, container: frozenset[str]) -> frozenset[str]:
    """The platforms a property exists on: its container's, narrowed by its own list."""
    return container if prop.platforms is None else container & prop.platforms


def required_everywhere(prop: Property, container: frozenset[str]) -> bool:
    """Required on every platform of its container (event or object).

    Formats without platforms can only say "required" for the whole event: a
    property required on iOS alone (or existing there alone) is written as
    optional, which never reports a valid event, and the exporters warn.
    """
    return bool(prop.required_on) and container <= prop.required_on


def object_schema(properties: Iterable[Property], container: frozenset[str],
                  additional: bool | None, dialect: Dialect) -> dict[str, Any]:
    """``properties``/``required``/``additionalProperties`` of an object."""
    present = [p for p in properties if scope_of(p, container)]
    schema: dict[str, Any] = {"type": "object",
                              "properties": {p.name: property_schema(p, container, dialect)
                                             for p in present}}
    required = [p.name for p in present if required_everywhere(p, container)]
    if required:
        schema["required"] = required
    if additional is not None:
        schema["additionalProperties"] = additional
    return schema


def property_schema(prop: Property, container: frozenset[str], dialect: Dialect
                    ) -> dict[str, Any]:
    """The schema of one property's value, for a reader of ``dialect``."""
    schema: dict[str, Any] = dict(TYPE_SCHEMAS[prop.type])
    if prop.description:
        schema["description"] = prop.description
    if prop.format and prop.type != "datetime":
        schema["format"] = prop.format
    if prop.enum is not None:
        schema["enum"] = list(prop.enum)
    for attribute, keyword in CONSTRAINT_KEYWORDS:
        value = getattr(prop, attribute)
        if value is not None:
            schema[keyword] = value
    scope = scope_of(prop, container)
    if prop.items is not None:
        schema["items"] = property_schema(prop.items, scope, dialect)
    if prop.properties:
        nested = object_schema(prop.properties, scope, prop.additional_properties, dialect)
        schema.update((k, v) for k, v in nested.items() if k != "type")
    elif prop.additional_properties is not None:
        schema["additionalProperties"] = prop.additional_properties
    if prop.deprecated:
        schema["deprecated"] = True
    if prop.examples:
        schema["examples"] = list(prop.examples)
    if prop.nullable:
        _allow_null(schema)
    raw = prop.raw_schema
    if raw is not None:
        schema = _merge(schema, from_2020(raw, dialect))
    return schema


def _allow_null(schema: dict[str, Any]) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]


def _merge(schema: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The raw fragment's keywords beside the generated ones, or both under ``allOf``."""
    if not schema:
        return raw
    if raw.keys() & schema.keys():
        return {"allOf": [schema, raw]}
    return {**schema, **raw}


def from_2020(fragment: Any, dialect: Dialect) -> Any:
    """A 2020-12 fragment in the spelling of an older draft (the reverse of ``to_2020``)."""
    if isinstance(fragment, list):
        return [from_2020(item, dialect) for item in fragment]
    if not isinstance(fragment, dict):
        return fragment
    result: dict[str, Any] = {}
    for keyword, value in fragment.items():
        if keyword == "prefixItems":
            result["items"] = from_2020(value, dialect)
            if "items" in fragment:
                result["additionalItems"] = from_2020(fragment["items"], dialect)
        elif keyword == "items" and "prefixItems" in fragment:
            continue
        elif keyword == "$defs":
            result["definitions"] = from_2020(value, dialect)
        elif keyword in ("exclusiveMinimum", "exclusiveMaximum") and dialect == "draft-04":
            bound = "minimum" if keyword == "exclusiveMinimum" else "maximum"
            result[bound] = value
            result[keyword] = True
        elif keyword == "const" and dialect == "draft-04":
            result["enum"] = [value]
        else:
            result[keyword] = from_2020(value, dialect)
    return result
