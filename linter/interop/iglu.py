"""Snowplow Iglu: a registry folder of self-describing JSON Schemas, versioned by SchemaVer.

A registry keeps every version of every schema at
``schemas/{vendor}/{name}/jsonschema/{MODEL}-{REVISION}-{ADDITION}``.  Import
takes the newest version of each schema as one event (named by its ``title``,
else its schema name), the vendor, name and version kept under ``x-snowplow``.

Export writes each event's schema into the registry, versioned against the
newest version already there (``--previous``, by default ``--out`` itself), as
Snowplow's SchemaVer asks: both are read back as plan events and compared with
``plan diff``; a breaking change bumps MODEL, a property added to a schema that
allowed additional properties bumps REVISION (historical data may hold that name
with another type), anything else ADDITION, and an unchanged schema keeps its
version (no file is written).  Published versions are never rewritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from linter.interop.capabilities import Carries, event_where, extension_losses, losses
from linter.interop.common import PlanBuilder, text_or_none
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ExportSettingMissing,
    ImportResult,
    ImportSettings,
    PlanData,
)
from linter.interop.problems import INVALID, RENAMED, VERSION_BUMP, Where, diagnostic, failure
from linter.interop.schema_in import SchemaReader
from linter.interop.schema_out import object_schema
from linter.interop.sources import JsonDocument, files_under, load_json, mapping
from linter.plan.build import build_plan
from linter.plan.diff import Bump, diff_plans
from linter.plan.model import Event, Plan
from linter.plan.source import Position
from linter.text.naming import convert_name

TITLE = "Snowplow Iglu"
CARRIES = Carries.of(
    event="description additional_properties",
    prop="description object_type object array item_type items nullable datetime enum "
         "pattern format minimum maximum min_length max_length min_items max_items "
         "additional_properties deprecated schema examples")
SELF_DESCRIBING = ("http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/"
                   "jsonschema/1-0-0#")
_KEPT = "x-snowplow"
_VERSION = re.compile(r"^([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$")
_NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
_VENDOR = re.compile(r"^[a-zA-Z0-9_.-]+$")
_ROOT_KEYWORDS = frozenset({"$schema", "self", "title", "description", "type", "properties",
                            "required", "additionalProperties", "definitions"})
SchemaVer = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class _Schema:
    """One self-describing schema file of a registry."""

    vendor: str
    name: str
    version: SchemaVer
    document: JsonDocument

    @property
    def uri(self) -> str:
        return f"{self.vendor}/{self.name}/jsonschema/{show(self.version)}"


def show(version: SchemaVer) -> str:
    return "-".join(str(part) for part in version)


def parse_version(text: str) -> SchemaVer | None:
    match = _VERSION.match(text)
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))


# -- recognising and reading a registry ---------------------------------------------


def detect_data(data: Any) -> bool:
    meta = mapping(mapping(data).get("self"))
    return {"vendor", "name", "format", "version"} <= meta.keys()


def detect_folder(files: list[Path]) -> bool:
    return any(len(f.parts) >= 4 and f.parts[-2] == "jsonschema" and parse_version(f.name)
               for f in files)


def registry(path: Path, display: str) -> list[_Schema]:
    """Every schema of a registry folder (or the one file given), checked against its path."""
    found: list[_Schema] = []
    files = [(path, display)] if path.is_file() else [
        (file, f"{display.rstrip('/')}/{file.relative_to(path).as_posix()}")
        for file in files_under(path) if file.parent.name == "jsonschema"]
    for file, shown in files:
        document = load_json(file, shown)
        meta = mapping(mapping(document.data).get("self"))
        version = parse_version(str(meta.get("version", "")))
        vendor, name = str(meta.get("vendor", "")), str(meta.get("name", ""))
        if version is None or not vendor or not name:
            raise failure(INVALID, "not a self-describing schema: 'self' needs a vendor, a "
                          "name and a version such as 1-0-0", document.where("self"),
                          "Iglu schemas start with {\"self\": {\"vendor\", \"name\", "
                          "\"format\": \"jsonschema\", \"version\"}}")
        if path.is_dir() and (file.name != show(version) or file.parent.parent.name != name):
            raise failure(INVALID, f"the schema's self ({vendor}/{name}/{show(version)}) does "
                          "not match its path in the registry", document.where("self"),
                          "keep each schema at schemas/{vendor}/{name}/jsonschema/{version}")
        found.append(_Schema(vendor, name, version, document))
    if not found:
        raise failure(INVALID, "no self-describing schema in the folder", Where(display),
                      "pass an Iglu registry: schemas/{vendor}/{name}/jsonschema/{version}")
    return found


def newest(schemas: list[_Schema]) -> dict[tuple[str, str], _Schema]:
    """The newest version of each (vendor, name), in the order schemas were found."""
    latest: dict[tuple[str, str], _Schema] = {}
    for schema in schemas:
        key = (schema.vendor, schema.name)
        if key not in latest or schema.version > latest[key].version:
            latest[key] = schema
    return latest


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    schemas = registry(path, display)
    latest = newest(schemas)
    builder = PlanBuilder()
    vendors = {vendor for vendor, _ in latest}
    if len(vendors) == 1:
        builder.settings[_KEPT] = {"vendor": next(iter(vendors))}
    for schema in latest.values():
        name, event = event_from_schema(schema, builder)
        if name in builder.events:
            name = f"{schema.vendor}/{name}"
        builder.add_event(name, event, schema.document.where())
    older = len(schemas) - len(latest)
    if older:
        builder.skip(f"{older} older schema version{'s are' if older != 1 else ' is'} not "
                     "imported: a plan holds the newest version of each schema, the "
                     "registry keeps the history", Where(display))
    return builder.result()


def event_from_schema(schema: _Schema, builder: PlanBuilder) -> tuple[str, dict[str, Any]]:
    document = schema.document
    data = mapping(document.data)
    name = text_or_none(data.get("title")) or schema.name
    event: dict[str, Any] = {}
    if text_or_none(data.get("description")):
        event["description"] = data["description"]
    if data.get("additionalProperties") is not False:
        event["additional_properties"] = True
    kept: dict[str, Any] = {"vendor": schema.vendor, "version": show(schema.version)}
    if schema.name != name:
        kept["name"] = schema.name
    event[_KEPT] = kept
    for keyword in data:
        if keyword not in _ROOT_KEYWORDS:
            builder.skip(f"the keyword '{keyword}' at the root of {schema.uri} has no place "
                         "in a plan", document.where(keyword), name)
    reader = SchemaReader(data, lambda at: document.where(*at), name)
    event["properties"] = reader.properties(data, ())
    builder.diagnostics.extend(reader.diagnostics)
    return name, event


# -- export -------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """New versions of the schemas whose event changed since the registry's newest."""
    result = ExportResult(diagnostics=[*losses(plan, CARRIES, TITLE),
                                       *extension_losses(plan, frozenset({_KEPT}), TITLE)])
    plan_vendor = options.vendor or text_or_none(mapping(plan.extensions.get(_KEPT)).get("vendor"))
    published: dict[tuple[str, str], _Schema] = {}
    previous = options.previous
    if previous is not None and previous.is_dir() and any(
            f.parent.name == "jsonschema" for f in files_under(previous)):
        published = newest(registry(previous, str(previous)))
    taken: set[tuple[str, str]] = set()
    for event in plan.events.values():
        kept = mapping(event.extensions.get(_KEPT))
        vendor = options.vendor or text_or_none(kept.get("vendor")) or plan_vendor
        if vendor is None or not _VENDOR.match(vendor):
            raise ExportSettingMissing(
                f"Iglu schemas need a vendor (such as com.acme) and event '{event.name}' has "
                "none: pass --vendor")
        name = text_or_none(kept.get("name")) or schema_name(event.name)
        base, suffix = name, 2
        while (vendor, name) in taken:
            name, suffix = f"{base}_{suffix}", suffix + 1
        taken.add((vendor, name))
        if name != event.name and text_or_none(kept.get("name")) != name:
            result.diagnostics.append(diagnostic(
                RENAMED, f"event '{event.name}' is the Iglu schema '{name}'", event_where(event),
                event=event.name, hint="its title keeps the event's name"))
        body = _schema_body(event, name)
        before = published.get((vendor, name))
        version = _next_version(before, body, event, result)
        if version is None:
            continue
        document = {"$schema": SELF_DESCRIBING, **({"description": body.pop("description")}
                                                     if "description" in body else {}),
                    "self": {"vendor": vendor, "name": name, "format": "jsonschema",
                             "version": show(version)}, **body}
        path = PurePosixPath("schemas", vendor, name, "jsonschema", show(version))
        result.files.append(ExportedFile(path, json.dumps(document, indent=2,
                                                          ensure_ascii=False) + "\n"))
    return result


def schema_name(event: str) -> str:
    """An Iglu schema name for an event: snake_case letters, digits, '-' and '_'."""
    if _NAME.match(event):
        return event
    converted = convert_name(event, "snake_case") or ""
    cleaned = re.sub(r"[^a-zA-Z0-9_-]+", "_", converted).strip("_")
    return cleaned or "event"


def _schema_body(event: Event, name: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if name != event.name:
        body["title"] = event.name
    if event.description:
        body["description"] = event.description
    body.update(object_schema(event.properties, frozenset(event.platforms),
                              event.additional_properties, "draft-04"))
    if not body["properties"]:
        del body["properties"]
    return body


def _next_version(before: _Schema | None, body: dict[str, Any], event: Event,
                  result: ExportResult) -> SchemaVer | None:
    """The version of the new schema, or None when it equals the published one.

    A schema the registry does not hold yet keeps the version it was imported
    with (its content is that version), or starts at 1-0-0.
    """
    if before is None:
        imported = parse_version(str(mapping(event.extensions.get(_KEPT)).get("version", "")))
        return imported or (1, 0, 0)
    old = {k: v for k, v in mapping(before.document.data).items()
           if k not in ("$schema", "self")}
    new = dict(body)
    if old == new:
        return None
    changes = diff_plans(_as_plan(event.name, old, before.document.path),
                         _as_plan(event.name, new, "<export>"))
    model, revision, addition = before.version
    breaking = [c.message for c in changes if c.bump is Bump.MAJOR]
    added = [c.message for c in changes if c.kind == "property-added" and c.bump is not Bump.MAJOR]
    if breaking:
        version, why = (model + 1, 0, 0), breaking
    elif added and old.get("additionalProperties") is not False:
        version, why = (model, revision + 1, 0), added
    else:
        version, why = (model, revision, addition + 1), [c.message for c in changes] or [
            "the schema's text changed"]
    result.diagnostics.append(diagnostic(
        VERSION_BUMP, f"{before.vendor}/{before.name}: {show(before.version)} -> "
        f"{show(version)}: {'; '.join(why[:4])}" + (f" and {len(why) - 4} more"
                                                     if len(why) > 4 else ""),
        event_where(event), event=event.name))
    return version


def _as_plan(name: str, schema: Mapping[str, Any], path: str) -> Plan:
    """One schema as a one-event plan, read the way import reads it, for plan diff."""
    builder = PlanBuilder()
    document = JsonDocument(path, dict(schema), {}, [0])
    fake = _Schema("v", name, (1, 0, 0), document)
    _, event = event_from_schema(fake, builder)
    event.pop(_KEPT, None)
    data: PlanData = {"events": {name: event}}
    return build_plan(data, lambda key: Position(path, 1, 1), (path,))



