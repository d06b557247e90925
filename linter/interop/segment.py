"""Segment Protocols: tracking-plan rules, from the Public API or Typewriter's cache.

Three shapes are read.  The Public API's rules (``GET /tracking-plans/{id}/rules``
answers ``{"data": {"rules": [...]}}``) hold, for each track event, a JSON Schema
of the whole message, the event's properties under ``properties.properties``.
Typewriter v8 caches the same rules in ``plan.json`` with the properties
unwrapped (and an ``eventMetadata`` key).  The older Config API shape that
Typewriter v7 cached has ``rules.events``, ``identify_traits`` and ``group_traits``.

Track rules become events; a COMMON rule's properties become global properties;
identify and group traits and page/screen rules have no place in a tracklint
plan and are kept under the plan's ``x-segment`` key (so an export writes them
back).  Labels (``key:value``) carry the event fields Segment lacks (owner,
platforms, identity, status...).  The export is the body of the Public API's
"Replace Rules in Tracking Plan" request: ``{"rules": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from linter.interop.capabilities import Carries, extension_losses, losses, plan_where
from linter.interop.common import PlanBuilder, text_or_none
from linter.interop.labels import event_labels, read_labels, tags_as_labels
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, NOT_EXPORTED, diagnostic, failure, quoted
from linter.interop.schema_in import SchemaReader
from linter.interop.schema_out import SCHEMA_URIS, object_schema
from linter.interop.sources import JsonDocument, items, load_json, mapping
from linter.plan.model import Plan

TITLE = "Segment Protocols"
CARRIES = Carries.of(
    plan="global_properties",
    event="description owner platforms identity status replaced_by tags category "
          "additional_properties",
    prop="description object_type object array item_type items nullable datetime enum "
         "pattern format minimum maximum min_length max_length min_items max_items "
         "additional_properties deprecated schema examples")
RULE_TYPES = frozenset({"TRACK", "IDENTIFY", "GROUP", "PAGE", "SCREEN", "COMMON"})
NEVER_DEPRECATED = "0001-01-01T00:00:00.000Z"
_KEPT = "x-segment"
Keys = tuple[str | int, ...]


# -- recognising --------------------------------------------------------------------


def detect(data: Any) -> bool:
    """A rules list (bare, in ``{"rules": ...}`` or the API's ``{"data": ...}``) or a v1 plan."""
    rules, _ = _rules_of(data)
    if rules is not None:
        return any(isinstance(r, Mapping) and str(r.get("type", "")).upper() in RULE_TYPES
                   for r in rules)
    return isinstance(data, Mapping) and isinstance(mapping(data.get("rules")).get("events"),
                                                    list)


def _rules_of(data: Any) -> tuple[list[Any] | None, Keys]:
    if isinstance(data, list):
        return data, ()
    if not isinstance(data, Mapping):
        return None, ()
    if isinstance(data.get("rules"), list):
        return data["rules"], ("rules",)
    inner = mapping(data.get("data"))
    if isinstance(inner.get("rules"), list):
        return inner["rules"], ("data", "rules")
    return None, ()


# -- import -------------------------------------------------------------------------


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    document = load_json(path, display)
    data = document.data
    builder = PlanBuilder()
    rules, at = _rules_of(data)
    if rules is not None:
        _plan_settings(mapping(data), builder)
        _read_rules(document, rules, at, builder)
    elif isinstance(data, Mapping) and isinstance(mapping(data.get("rules")).get("events"), list):
        _plan_settings(data, builder)
        _read_v1(document, data["rules"], builder)
    elif isinstance(mapping(mapping(data).get("data")).get("trackingPlan"), Mapping):
        raise failure(INVALID, "the file is a tracking plan without its rules",
                      document.where("data", "trackingPlan"),
                      "save the answer of GET /tracking-plans/{id}/rules (Segment Public "
                      "API), or Typewriter's plan.json")
    else:
        raise failure(INVALID, "no Segment tracking-plan rules in the file", document.where(),
                      "expected {\"data\": {\"rules\": [...]}}, {\"rules\": [...]} or "
                      "Typewriter's plan.json")
    return builder.result()


def _plan_settings(data: Mapping[str, Any], builder: PlanBuilder) -> None:
    """The tracking plan's name and description (Public API or Config API names)."""
    name = text_or_none(data.get("name") if "display_name" not in data
                        else data.get("display_name"))
    description = text_or_none(data.get("description"))
    if description or name:
        builder.settings["description"] = description or name
    kept = {key: data[key] for key in ("id", "name", "slug", "display_name")
            if isinstance(data.get(key), str)}
    if kept:
        builder.settings.setdefault(_KEPT, {})["tracking_plan"] = kept


def _read_rules(document: JsonDocument, rules: Sequence[Any], at: Keys,
                builder: PlanBuilder) -> None:
    newest: dict[str, int] = {}
    for rule in rules:
        if isinstance(rule, Mapping) and str(rule.get("type", "")).upper() == "TRACK":
            key = text_or_none(rule.get("key"))
            version = _version(rule)
            if key is not None and version >= newest.get(key, version):
                newest[key] = version
    for index, rule in enumerate(rules):
        keys = (*at, index)
        if not isinstance(rule, Mapping):
            raise failure(INVALID, "a rule must be a JSON object", document.where(*keys),
                          "export the rules again from Segment")
        kind = str(rule.get("type", "")).upper()
        schema = mapping(rule.get("jsonSchema"))
        if kind == "TRACK":
            _track(document, rule, keys, newest, builder)
        elif kind == "COMMON":
            _common(document, schema, (*keys, "jsonSchema"), builder)
        elif kind in ("IDENTIFY", "GROUP"):
            _traits(kind.lower(), _unwrap(schema, "traits"), document.where(*keys), builder)
        elif kind in ("PAGE", "SCREEN"):
            builder.settings.setdefault(_KEPT, {}).setdefault("rules", []).append(dict(rule))
            builder.skip(f"the {kind.lower()} rule '{rule.get('key')}' has no place in a "
                         "tracklint plan (it describes page/screen calls); it is kept under "
                         f"{_KEPT} and not checked", document.where(*keys))
        else:
            raise failure(INVALID, f"unknown rule type {rule.get('type')!r}",
                          document.where(*keys, "type"),
                          f"Segment's rule types are {', '.join(sorted(RULE_TYPES))}")


def _track(document: JsonDocument, rule: Mapping[str, Any], keys: Keys,
           newest: Mapping[str, int], builder: PlanBuilder) -> None:
    name = text_or_none(rule.get("key"))
    if name is None:
        builder.diagnostics.append(diagnostic(
            INVALID, "a TRACK rule without a key (the event name) cannot be imported",
            document.where(*keys), hint="give the rule a key in Segment and export again"))
        return
    version = _version(rule)
    if version != newest[name]:
        builder.skip(f"version {version} of event '{name}' is not imported: a tracklint plan "
                     f"holds one definition per event, and version {newest[name]} is the newest",
                     document.where(*keys, "version"), name)
        return
    schema = mapping(rule.get("jsonSchema"))
    unwrapped = "eventMetadata" in schema
    properties_schema = schema if unwrapped else _unwrap(schema, "properties")
    properties_at = (*keys, "jsonSchema") if unwrapped else (*keys, "jsonSchema", "properties",
                                                               "properties")
    event: dict[str, Any] = {}
    description = text_or_none(rule.get("description")) or text_or_none(schema.get("description"))
    if description:
        event["description"] = description
    labels = mapping(schema.get("labels")) or mapping(rule.get("labels"))
    fields, tags = read_labels(labels)
    event.update(fields)
    if tags:
        event["tags"] = tags
    deprecated_at = rule.get("deprecatedAt")
    if isinstance(deprecated_at, str) and deprecated_at and deprecated_at != NEVER_DEPRECATED:
        event.setdefault("status", "deprecated")
    if properties_schema.get("additionalProperties") is not False:
        event["additional_properties"] = True
    if version != 1:
        event[_KEPT] = {"version": version}
    if not unwrapped:
        _unchecked_parts(schema, document, keys, name, builder)
    # References (#/definitions/...) point into the rule's own schema.
    reader = SchemaReader(schema, lambda at: document.where(*at), name)
    event["properties"] = reader.properties(properties_schema, properties_at)
    builder.diagnostics.extend(reader.diagnostics)
    builder.add_event(name, event, document.where(*keys))


def _unwrap(schema: Mapping[str, Any], part: str) -> Mapping[str, Any]:
    """The schema of one part of the message (``properties``, ``traits``, ``context``)."""
    return mapping(mapping(schema.get("properties")).get(part))


def _unchecked_parts(schema: Mapping[str, Any], document: JsonDocument, keys: Keys, name: str,
                     builder: PlanBuilder) -> None:
    """Constraints on a track call's context or traits: tracklint checks properties only."""
    for part in ("context", "traits"):
        constraints = {k: v for k, v in _unwrap(schema, part).items() if k != "type"}
        if constraints:
            builder.skip(f"the {part} constraints of event '{name}' are not imported: a "
                         "tracklint plan checks an event's properties", document.where(
                             *keys, "jsonSchema", "properties", part), name)


def _common(document: JsonDocument, schema: Mapping[str, Any], keys: Keys,
            builder: PlanBuilder) -> None:
    reader = SchemaReader(schema, lambda at: document.where(*at))
    builder.global_properties.update(
        reader.properties(_unwrap(schema, "properties"), (*keys, "properties", "properties")))
    builder.diagnostics.extend(reader.diagnostics)
    rest = {k: v for k, v in mapping(schema.get("properties")).items() if k != "properties"
            and mapping(v)}
    if rest or schema.get("required"):
        builder.settings.setdefault(_KEPT, {})["common"] = dict(schema)
        builder.skip(f"the common JSON schema's rules for {quoted(rest) or 'the message'} are "
                     f"kept under {_KEPT} and not checked: tracklint checks properties",
                     document.where(*keys))


def _traits(kind: str, schema: Mapping[str, Any], where: Any, builder: PlanBuilder) -> None:
    builder.settings.setdefault(_KEPT, {})[kind] = dict(schema)
    names = list(mapping(schema.get("properties")))
    builder.skip(f"{kind} traits ({quoted(names) or 'none listed'}) have no place in a "
                 f"tracklint plan; they are kept under {_KEPT} and not checked", where)


def _read_v1(document: JsonDocument, rules: Mapping[str, Any], builder: PlanBuilder) -> None:
    """The Config API shape: each event's ``rules`` is the whole message's schema."""
    for index, entry in enumerate(items(rules.get("events"))):
        keys = ("rules", "events", index)
        if not isinstance(entry, Mapping):
            raise failure(INVALID, "an event rule must be a JSON object", document.where(*keys))
        as_rule = {"key": entry.get("name"), "type": "TRACK", "version": entry.get("version"),
                   "description": entry.get("description"), "jsonSchema": entry.get("rules")}
        _track(document, as_rule, keys, {str(entry.get("name")): _version(entry)}, builder)
    for kind in ("identify", "group"):
        traits = rules.get(f"{kind}_traits")
        if isinstance(traits, Mapping) and traits:
            _traits(kind, _unwrap(traits, "traits") or traits,
                    document.where("rules", f"{kind}_traits"), builder)


def _version(rule: Mapping[str, Any]) -> int:
    version = rule.get("version")
    return version if isinstance(version, int) else 1


# -- export -------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """The body of "Replace Rules in Tracking Plan": ``{"rules": [...]}``."""
    result = ExportResult(diagnostics=[*losses(plan, CARRIES, TITLE),
                                       *extension_losses(plan, frozenset({_KEPT}), TITLE)])
    kept = mapping(plan.extensions.get(_KEPT))
    rules: list[dict[str, Any]] = []
    removed = []
    for event in plan.events.values():
        if event.status == "removed":
            removed.append(event.name)
            continue
        labels = {**tags_as_labels(event.tags), **event_labels(event)}
        properties = object_schema(event.properties, frozenset(event.platforms),
                                   event.additional_properties, "draft-07")
        schema: dict[str, Any] = {"$schema": SCHEMA_URIS["draft-07"], "type": "object"}
        if event.description:
            schema["description"] = event.description
        schema["labels"] = labels
        schema["properties"] = {"context": {}, "traits": {}, "properties": properties}
        if properties.get("required"):
            schema["required"] = ["properties"]
        version = mapping(event.extensions.get(_KEPT)).get("version", 1)
        rules.append({"key": event.name, "type": "TRACK", "version": version,
                      "jsonSchema": schema})
    if plan.global_properties:
        rules.append(_common_rule(plan, kept, result))
    for kind in ("identify", "group"):
        if isinstance(kept.get(kind), Mapping):
            rules.append({"type": kind.upper(), "version": 1, "jsonSchema": {
                "$schema": SCHEMA_URIS["draft-07"], "type": "object",
                "properties": {"context": {}, "traits": dict(kept[kind]), "properties": {}}}})
    rules.extend(dict(rule) for rule in items(kept.get("rules")))
    if removed:
        result.diagnostics.append(diagnostic(
            NOT_EXPORTED, f"not exported to {TITLE}: removed events {quoted(removed)}",
            plan_where(plan), hint="Segment then reports them as unplanned events, as "
                                   "tracklint does"))
    text = json.dumps({"rules": rules}, indent=2, ensure_ascii=False) + "\n"
    result.files.append(ExportedFile(PurePosixPath("segment-rules.json"), text))
    return result


def _common_rule(plan: Plan, kept: Mapping[str, Any], result: ExportResult) -> dict[str, Any]:
    """Global properties as the COMMON rule, which applies to every call, so none is required."""
    everywhere = frozenset(plan.platforms)
    properties = object_schema(plan.global_properties, everywhere, None, "draft-07")
    required = properties.pop("required", [])
    if required:
        result.diagnostics.append(diagnostic(
            NOT_EXPORTED, f"not exported to {TITLE}: global properties {quoted(required)} "
            "are required, but Segment's common schema applies to identify and page calls "
            "too, so they are written as optional", plan_where(plan)))
    schema = dict(mapping(kept.get("common"))) or {"$schema": SCHEMA_URIS["draft-07"],
                                                   "type": "object"}
    schema["properties"] = {**mapping(schema.get("properties")), "properties": properties}
    return {"type": "COMMON", "version": 1, "jsonSchema": schema}
