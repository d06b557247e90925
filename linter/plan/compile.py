"""Compiling the plan into JSON Schema (2020-12): one document per event x platform.

The compiled documents are what payloads are validated against, and what
``tracklint plan export`` hands to other tools.  They describe the event's
properties object; the event name and identity are checked beside it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from linter.plan.model import Event, Plan, Property

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The JSON Schema of each plan type (a plan ``datetime`` is a string with a format).
TYPE_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "array": {"type": "array"},
    "object": {"type": "object"},
    "any": {},
}

#: Plan constraint attributes and the JSON Schema keywords they compile to.
CONSTRAINT_KEYWORDS = (
    ("pattern", "pattern"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("min_items", "minItems"),
    ("max_items", "maxItems"),
)


def property_schema(prop: Property, platform: str, extra_default: bool = True) -> dict[str, Any]:
    """The JSON Schema fragment for one property's value.

    ``extra_default`` is whether nested objects that list their keys may carry
    other keys when they do not say; it follows the event's setting.
    """
    schema: dict[str, Any] = dict(TYPE_SCHEMAS[prop.type])
    if prop.description:
        schema["description"] = prop.description
    if prop.format and prop.type != "datetime":
        schema["format"] = prop.format
    for attribute, keyword in CONSTRAINT_KEYWORDS:
        value = getattr(prop, attribute)
        if value is not None:
            schema[keyword] = value
    if prop.enum is not None:
        schema["enum"] = list(prop.enum)
    if prop.items is not None:
        schema["items"] = property_schema(prop.items, platform, extra_default)
    if prop.properties:
        additional = (extra_default if prop.additional_properties is None
                      else prop.additional_properties)
        _add_object_keywords(schema, prop.properties, additional, platform)
    elif prop.additional_properties is False:
        schema["additionalProperties"] = False
    if prop.deprecated:
        schema["deprecated"] = True
    if prop.examples:
        schema["examples"] = list(prop.examples)
    if prop.nullable:
        schema = _nullable(schema)
    raw = prop.raw_schema
    if raw is not None:
        schema = {"allOf": [schema, raw]} if schema else raw
    return schema


def _add_object_keywords(schema: dict[str, Any], properties: tuple[Property, ...],
                         additional: bool, platform: str) -> None:
    present = [p for p in properties if p.applies_to(platform)]
    if present:
        schema["properties"] = {p.name: property_schema(p, platform, additional)
                                for p in present}
        required = sorted(p.name for p in present if p.is_required(platform))
        if required:
            schema["required"] = required
    if not additional:
        schema["additionalProperties"] = False


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        return schema
    if not schema:
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def event_schema(plan: Plan, event: Event, platform: str) -> dict[str, Any]:
    """The JSON Schema document for the properties of ``event`` sent from ``platform``."""
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:tracklint:event:{_urn_part(event.name)}:{platform}",
        "title": event.name,
        "type": "object",
    }
    if event.description:
        schema["description"] = event.description
    _add_object_keywords(schema, plan.properties_for(event, platform),
                         event.additional_properties, platform)
    schema.setdefault("properties", {})
    if event.status != "active":
        schema["deprecated"] = True
    schema["x-tracklint"] = {
        "event": event.name,
        "platform": platform,
        "status": event.status,
        "identity": event.identity,
        **({"replaced_by": event.replaced_by} if event.replaced_by else {}),
        **({"owner": event.owner} if event.owner else {}),
        **({"category": event.category} if event.category else {}),
        **({"tags": list(event.tags)} if event.tags else {}),
        **({"plan_version": plan.version} if plan.version else {}),
    }
    return schema


def _urn_part(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else f"%{ord(c):02X}" for c in name)


class CompiledPlan:
    """A plan with its event x platform schemas compiled on first use and kept.

    Runtime validation asks for the same schema for every event sent, so the
    compiled document (and whatever a validator builds from it) is cached here.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._schema = lru_cache(maxsize=None)(self._compile)

    def schema(self, event_name: str, platform: str) -> dict[str, Any]:
        """The cached schema; callers must not modify it."""
        return self._schema(event_name, platform)

    def _compile(self, event_name: str, platform: str) -> dict[str, Any]:
        event = self.plan.events[event_name]
        return event_schema(self.plan, event, platform)

    def all_schemas(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every (event, platform, schema) the plan defines, in a stable order."""
        return [
            (name, platform, self.schema(name, platform))
            for name in sorted(self.plan.events)
            for platform in self.plan.events[name].platforms
        ]
