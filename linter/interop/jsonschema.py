"""JSON Schema: one document per event (and platform), as ``plan export`` writes them.

Export compiles each event for each of its platforms (:mod:`linter.plan.compile`)
into ``<Event>/<platform>.schema.json``, or one bundle; the ``x-tracklint``
keyword carries what JSON Schema has no word for (status, identity, owner...).
Import reads such a folder or bundle back, merging an event's platform documents
(a property in some of them only exists on those platforms; required in some,
required on those), and reads any other JSON Schema of an object as one event,
named by its ``x-tracklint`` event, its ``title`` or its file name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from linter.interop.capabilities import Carries, extension_losses, losses
from linter.interop.common import PlanBuilder, text_or_none
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, Where, failure
from linter.interop.schema_in import SchemaReader
from linter.interop.sources import JsonDocument, files_under, load_json, mapping
from linter.plan.compile import CompiledPlan
from linter.plan.model import Plan

TITLE = "JSON Schema"
CARRIES = Carries.of(
    plan="version",
    event="description owner platforms identity status replaced_by tags category "
          "additional_properties",
    prop="description required_per_platform platforms object_type object array item_type "
         "items nullable datetime enum pattern format minimum maximum min_length max_length "
         "min_items max_items additional_properties deprecated schema examples")
_ROOT_KEYWORDS = frozenset({"$schema", "$id", "title", "description", "type", "properties",
                            "required", "additionalProperties", "deprecated", "x-tracklint",
                            "definitions", "$defs"})


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """One document per event and platform, at ``<Event>/<platform>.schema.json``."""
    result = ExportResult(diagnostics=[*losses(plan, CARRIES, TITLE),
                                       *extension_losses(plan, frozenset(), TITLE)])
    for event, platform, schema in CompiledPlan(plan).all_schemas():
        path = PurePosixPath(file_stem(event)) / f"{platform}.schema.json"
        result.files.append(ExportedFile(path, dump(schema)))
    return result


def bundle(plan: Plan) -> str:
    """Every schema in one document: ``{"plan_version", "schemas": {event: {platform: ...}}}``."""
    by_event: dict[str, dict[str, Any]] = {}
    for event, platform, schema in CompiledPlan(plan).all_schemas():
        by_event.setdefault(event, {})[platform] = schema
    return dump({"plan_version": plan.version, "schemas": by_event})


def dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def file_stem(event: str) -> str:
    """A file-system-safe, still readable name: "Order Completed" -> Order_Completed."""
    return "".join(c if c.isalnum() or c in "-." else "_" for c in event).strip("._") or "event"


# -- import ----------------------------------------------------------------------------


def detect(data: Any) -> bool:
    """A tracklint bundle, or a JSON Schema of an object (not a vendor's own shape)."""
    if not isinstance(data, Mapping):
        return False
    if isinstance(data.get("schemas"), Mapping) and "plan_version" in data:
        return True
    return ("properties" in data and data.get("type") == "object"
            and "self" not in data and "metadata" not in data and "rules" not in data)


@dataclass
class _Document:
    """One event schema found in the source, with where it came from."""

    document: JsonDocument
    keys: tuple[str | int, ...]
    schema: Mapping[str, Any]
    fallback_name: str
    platform: str | None = None


@dataclass
class _Merged:
    """An event's documents: the properties each platform's document defines."""

    name: str
    first: _Document
    platforms: list[str] = field(default_factory=list)
    by_platform: list[tuple[str, dict[str, Any], _Document]] = field(default_factory=list)


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    """A folder of schema files, a tracklint bundle, or one schema file."""
    documents = list(_documents(path, display))
    builder = PlanBuilder()
    merged: dict[str, _Merged] = {}
    for found in documents:
        meta = mapping(found.schema.get("x-tracklint"))
        name = (text_or_none(meta.get("event")) or text_or_none(found.schema.get("title"))
                or found.fallback_name)
        platform = text_or_none(meta.get("platform")) or found.platform
        entry = merged.setdefault(name, _Merged(name, found))
        _merge(entry, found, platform, builder)
        version = text_or_none(meta.get("plan_version"))
        if version and "version" not in builder.settings:
            builder.settings["version"] = version
    for entry in merged.values():
        builder.add_event(entry.name, _event(entry, builder), entry.first.document.where(
            *entry.first.keys))
    return builder.result()


def _documents(path: Path, display: str) -> list[_Document]:
    if path.is_dir():
        found = []
        for file in files_under(path, (".json",)):
            shown = f"{display.rstrip('/')}/{file.relative_to(path).as_posix()}"
            document = load_json(file, shown)
            if not isinstance(document.data, Mapping):
                raise failure(INVALID, "a schema file must hold a JSON object",
                              document.where(), "remove files that are not JSON Schema")
            stem = file.name.removesuffix(".json").removesuffix(".schema")
            in_folder = file.parent != path
            found.append(_Document(document, (), document.data,
                                   file.parent.name if in_folder else stem,
                                   stem if in_folder else None))
        if not found:
            raise failure(INVALID, "the folder holds no .json schema file", Where(display),
                          "pass the folder 'tracklint plan export --out' wrote, or a file")
        return found
    document = load_json(path, display)
    data = document.data
    if isinstance(data, Mapping) and isinstance(data.get("schemas"), Mapping):
        return [_Document(document, ("schemas", event, platform), schema, str(event), platform)
                for event, platforms in data["schemas"].items()
                for platform, schema in mapping(platforms).items()
                if isinstance(schema, Mapping)]
    if not isinstance(data, Mapping):
        raise failure(INVALID, "a JSON Schema document must be an object", document.where(),
                      "pass a schema of the event's properties")
    return [_Document(document, (), data, path.name.removesuffix(".json")
                      .removesuffix(".schema"))]


def _merge(entry: _Merged, found: _Document, platform: str | None,
           builder: PlanBuilder) -> None:
    document, keys = found.document, found.keys
    reader = SchemaReader(found.schema, lambda at: document.where(*at), entry.name)
    definitions = reader.properties(found.schema, keys)
    builder.diagnostics.extend(reader.diagnostics)
    for keyword in found.schema:
        if keyword not in _ROOT_KEYWORDS:
            builder.skip(f"the keyword '{keyword}' at the root of the schema of event "
                         f"'{entry.name}' has no place in a plan", document.where(*keys, keyword),
                         entry.name)
    if platform is not None and platform not in entry.platforms:
        entry.platforms.append(platform)
    entry.by_platform.append((platform or "*", definitions, found))


def _merge_properties(versions: list[tuple[str, dict[str, Any], _Document]],
                      everywhere: list[str], event: str, builder: PlanBuilder,
                      prefix: str = "") -> dict[str, Any]:
    """One definition per property from each platform's: where it exists, where required.

    A property in some platforms' documents only exists on those; required in
    some, it is required on those.  Nested object properties merge the same way.
    """
    names = list(dict.fromkeys(name for _, definitions, _ in versions for name in definitions))
    merged: dict[str, Any] = {}
    for name in names:
        present = [(platform, definitions[name], found) for platform, definitions, found
                   in versions if name in definitions]
        platforms = [platform for platform, _, _ in present]
        required = [platform for platform, definition, _ in present
                    if definition.get("required")]
        definition = {k: v for k, v in present[0][1].items() if k != "required"}
        for platform, other, found in present[1:]:
            if _shape(other) != _shape(definition):
                builder.skip(f"property '{prefix}{name}' of event '{event}' is defined "
                             f"differently for platform '{platform}'; the first definition "
                             "was kept", found.document.where(*found.keys), event)
        if any(isinstance(d.get("properties"), dict) for _, d, _ in present):
            definition["properties"] = _merge_properties(
                [(platform, d.get("properties") or {}, found) for platform, d, found in present],
                platforms, event, builder, f"{prefix}{name}.")
        if any(isinstance(mapping(d.get("items")).get("properties"), dict) for _, d, _ in present):
            definition["items"] = {**definition["items"], "properties": _merge_properties(
                [(platform, mapping(d.get("items")).get("properties") or {}, found)
                 for platform, d, found in present], platforms, event, builder,
                f"{prefix}{name}[].")}
        settings: dict[str, Any] = {}
        if "*" in platforms:
            if required:
                settings["required"] = True
        else:
            if required and set(required) == set(everywhere):
                settings["required"] = True
            elif required:
                settings["required"] = required
            if set(platforms) != set(everywhere):
                settings["platforms"] = platforms
        merged[name] = {**settings, **definition}
    return merged


def _shape(definition: Mapping[str, Any]) -> dict[str, Any]:
    """A definition without what differs by platform (required, nested properties)."""
    shape = {k: v for k, v in definition.items() if k not in ("required", "properties")}
    if isinstance(shape.get("items"), Mapping):
        shape["items"] = _shape(shape["items"])
    return shape


def _event(entry: _Merged, builder: PlanBuilder) -> dict[str, Any]:
    schema = entry.first.schema
    meta = mapping(schema.get("x-tracklint"))
    event: dict[str, Any] = {}
    description = text_or_none(schema.get("description"))
    if description:
        event["description"] = description
    for key in ("category", "owner", "replaced_by"):
        if text_or_none(meta.get(key)):
            event[key] = meta[key]
    if isinstance(meta.get("tags"), list):
        event["tags"] = [str(tag) for tag in meta["tags"]]
    if entry.platforms:
        event["platforms"] = entry.platforms
    if meta.get("identity") == "required":
        event["identity"] = "required"
    status = meta.get("status")
    if status in ("deprecated", "removed"):
        event["status"] = status
    elif status is None and schema.get("deprecated") is True:
        event["status"] = "deprecated"
    if schema.get("additionalProperties") is not False:
        event["additional_properties"] = True
    event["properties"] = _merge_properties(entry.by_platform, entry.platforms, entry.name,
                                            builder)
    return event
