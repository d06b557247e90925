"""Mixpanel Lexicon: the schemas of the Lexicon Schemas API.

``GET /api/app/projects/{id}/schemas`` answers ``{"results": [{"entityType",
"name", "schemaJson"}], "status": "ok"}``; the upload body is ``{"entries":
[...]}``; one entity's schema (``GET .../schemas/event/{name}``) is the bare
``schemaJson``.  All three are read.  An event schema is JSON Schema with
Mixpanel's metadata (``metadata["com.mixpanel"]``: display name, tags, hidden,
dropped, contacts); a *dropped* event is one Mixpanel discards at ingestion,
which is what a removed event is to tracklint.

Lexicon documents properties by name, type, description and example values:
its API accepts no other keyword on a property (``additionalProperties: false``
in its OpenAPI description), so enums, patterns, bounds and nested properties
are listed as not exported.  Profile (user) properties have no place in a
tracklint plan and are kept under ``x-mixpanel``.  The export is the body of
"Create/Replace Multiple" (``POST .../schemas``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from linter.interop.capabilities import Carries, extension_losses, losses
from linter.interop.common import PlanBuilder, text_or_none
from linter.interop.labels import (
    FIELD_LABELS,
    event_labels,
    labels_as_tags,
    read_labels,
    tags_as_labels,
)
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, diagnostic, failure
from linter.interop.schema_in import SchemaReader
from linter.interop.schema_out import SCHEMA_URIS, required_everywhere
from linter.interop.sources import JsonDocument, items, load_json, mapping
from linter.plan.model import Event, Plan, Property

TITLE = "Mixpanel Lexicon"
CARRIES = Carries.of(
    event="description owner platforms identity status replaced_by tags category "
          "additional_properties",
    prop="description object_type array datetime examples")
_KEPT = "x-mixpanel"
_META = "com.mixpanel"
_TYPES = {"string", "integer", "number", "boolean", "array", "object"}
Keys = tuple[str | int, ...]


def detect(data: Any) -> bool:
    """A schema list (``results`` or ``entries``), or one schema with Mixpanel metadata."""
    if isinstance(data, Mapping):
        for key in ("results", "entries"):
            entries = data.get(key)
            if isinstance(entries, list) and any(
                    isinstance(e, Mapping) and "schemaJson" in e for e in entries):
                return True
        return _META in mapping(data.get("metadata"))
    return isinstance(data, list) and any(isinstance(e, Mapping) and "schemaJson" in e
                                          for e in data)


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    document = load_json(path, display)
    data = document.data
    builder = PlanBuilder()
    entries, at = _entries(data)
    if entries is None:
        if not (isinstance(data, Mapping) and ("properties" in data or "metadata" in data)):
            raise failure(INVALID, "no Lexicon schemas in the file", document.where(),
                          "save the answer of GET /api/app/projects/{id}/schemas (Lexicon "
                          "Schemas API)")
        name = (text_or_none(mapping(mapping(data.get("metadata")).get(_META))
                             .get("displayName")) or path.stem)
        _event(document, name, data, (), builder)
        return builder.result()
    for index, entry in enumerate(entries):
        keys = (*at, index)
        if not isinstance(entry, Mapping):
            raise failure(INVALID, "a schema entry must be a JSON object", document.where(*keys))
        entry_name = text_or_none(entry.get("name"))
        kind = str(entry.get("entityType", "event"))
        schema = entry.get("schemaJson")
        if entry_name is None or not isinstance(schema, Mapping):
            builder.diagnostics.append(diagnostic(
                INVALID, "a schema entry needs a name and a schemaJson object",
                document.where(*keys), hint="export the schemas again from Mixpanel"))
            continue
        if kind == "event":
            _event(document, entry_name, schema, (*keys, "schemaJson"), builder)
        else:
            builder.settings.setdefault(_KEPT, {}).setdefault(kind, {})[entry_name] = dict(schema)
            builder.skip(f"the {kind} schema '{entry_name}' has no place in a tracklint plan "
                         f"(it describes {kind} properties, not an event); it is kept under "
                         f"{_KEPT} and not checked", document.where(*keys), entry_name)
    return builder.result()


def _entries(data: Any) -> tuple[list[Any] | None, Keys]:
    if isinstance(data, list):
        return data, ()
    for key in ("results", "entries"):
        if isinstance(mapping(data).get(key), list):
            return data[key], (key,)
    return None, ()


def _event(document: JsonDocument, name: str, schema: Mapping[str, Any], keys: Keys,
           builder: PlanBuilder) -> None:
    meta = dict(mapping(mapping(schema.get("metadata")).get(_META)))
    event: dict[str, Any] = {}
    description = text_or_none(schema.get("description"))
    if description:
        event["description"] = description
    fields, tags = read_labels(tags_as_labels(str(t) for t in items(meta.pop("tags", None))))
    owner = _owner(meta)
    if owner:
        event["owner"] = owner
    event.update(fields)
    if tags:
        event["tags"] = tags
    if meta.get("dropped") is True:
        event["status"] = "removed"
    meta.pop("dropped", None)
    if meta.get("hidden") is False:
        meta.pop("hidden")
    if schema.get("additionalProperties") is not False:
        event["additional_properties"] = True
    if meta.get("displayName") == name:
        meta.pop("displayName")
    if meta:
        event[_KEPT] = meta
    properties, property_meta = _strip_metadata(schema)
    reader = SchemaReader(schema, lambda at: document.where(*keys, *at), name)
    definitions = reader.properties(properties, ())
    for prop, extra in property_meta.items():
        if prop in definitions and extra:
            definitions[prop][_KEPT] = extra
    event["properties"] = definitions
    builder.diagnostics.extend(reader.diagnostics)
    builder.add_event(name, event, document.where(*keys))


def _owner(meta: dict[str, Any]) -> str | None:
    """The owning team: ``teamContacts`` (current API), else a named owner (older API)."""
    teams = [str(t) for t in items(meta.get("teamContacts"))]
    if teams:
        if len(teams) == 1:
            meta.pop("teamContacts")
        return teams[0]
    owners = [o for o in items(meta.get("owners")) if isinstance(o, Mapping) and o.get("name")]
    return str(owners[0]["name"]) if owners else None


def _strip_metadata(schema: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema without Mixpanel's property metadata, and that metadata by property."""
    properties: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for name, definition in mapping(schema.get("properties")).items():
        if isinstance(definition, Mapping):
            kept[name] = dict(mapping(mapping(definition.get("metadata")).get(_META)))
            definition = {k: v for k, v in definition.items() if k != "metadata"}
        properties[name] = definition
    return {**schema, "properties": properties}, kept


# -- export -------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """The body of "Create/Replace Multiple": ``{"entries": [...], "truncate": false}``."""
    result = ExportResult(diagnostics=[*losses(plan, CARRIES, TITLE),
                                       *extension_losses(plan, frozenset({_KEPT}), TITLE)])
    entries = [{"entityType": "event", "name": event.name, "schemaJson": _schema(event)}
               for event in plan.events.values()]
    for kind, schemas in mapping(plan.extensions.get(_KEPT)).items():
        entries.extend({"entityType": kind, "name": name, "schemaJson": schema}
                       for name, schema in mapping(schemas).items())
    text = json.dumps({"entries": entries, "truncate": False}, indent=2,
                      ensure_ascii=False) + "\n"
    result.files.append(ExportedFile(PurePosixPath("mixpanel-schemas.json"), text))
    return result


def _schema(event: Event) -> dict[str, Any]:
    container = frozenset(event.platforms)
    schema: dict[str, Any] = {"$schema": SCHEMA_URIS["draft-07"]}
    if event.description:
        schema["description"] = event.description
    required = [p.name for p in event.properties if required_everywhere(p, container)]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = event.additional_properties
    meta = dict(mapping(event.extensions.get(_KEPT)))
    labels = event_labels(event, [k for k in FIELD_LABELS if k != "owner"])
    if labels.get("status") == "removed":
        del labels["status"]
    tags = [*event.tags, *labels_as_tags(labels)]
    if tags:
        meta["tags"] = tags
    meta["dropped"] = event.status == "removed"
    named = [o.get("name") for o in meta.get("owners", ()) if isinstance(o, Mapping)]
    if event.owner and event.owner not in named:
        meta["teamContacts"] = [event.owner, *(t for t in meta.get("teamContacts", ())
                                               if t != event.owner)]
    schema["metadata"] = {_META: meta}
    schema["properties"] = {p.name: _property(p) for p in event.properties}
    return schema


def _property(prop: Property) -> dict[str, Any]:
    """Only what Lexicon keeps of a property: type, description, examples, metadata."""
    kind = "string" if prop.type == "datetime" else prop.type
    definition: dict[str, Any] = {"type": kind} if kind in _TYPES else {}
    if prop.type == "datetime":
        definition["format"] = "date-time"
    if prop.description:
        definition["description"] = prop.description
    if prop.examples:
        definition["examples"] = list(prop.examples)
    meta = mapping(prop.extensions.get(_KEPT))
    if meta:
        definition["metadata"] = {_META: dict(meta)}
    return definition
