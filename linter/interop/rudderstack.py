"""RudderStack: a Data Catalog project as its CLI (rudder-cli) manages it, in YAML.

A project folder holds YAML specs, each ``version: rudder/v1`` (or the older
``rudder/v0.1``), a ``kind`` and a ``spec``: ``properties``, ``events``,
``categories``, ``custom-types`` and tracking plans (``tracking-plan``, or ``tp``
in v0.1), which pick events from the catalog and the properties each carries by
reference (``#property:id`` in v1, ``#/properties/group/id`` in v0.1).  Import
follows the references: each tracking-plan rule becomes an event with its
properties; types, ``types`` lists, custom types and ``config`` (``propConfig``)
become plan types and constraints.  Variants (properties that depend on a
discriminator's value), ``includes`` and rules for identify/page/screen/group
calls have no plan equivalent: warnings name them, and they are kept under
``x-rudderstack``.

Export writes a rudder/v1 project: ``properties.yaml``, ``events.yaml``,
``categories.yaml`` and ``tracking-plan.yaml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from linter.interop.capabilities import Carries, event_where, extension_losses, losses
from linter.interop.common import PlanBuilder, text_or_none
from linter.interop.model import (
    ExportedFile,
    ExportOptions,
    ExportResult,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import INVALID, NOT_EXPORTED, Where, diagnostic, failure, quoted
from linter.interop.schema_in import to_2020
from linter.interop.schema_out import from_2020, required_everywhere, scope_of
from linter.interop.sources import files_under, items, load_yaml, mapping
from linter.plan.build import build_plan
from linter.plan.model import Plan, Property
from linter.plan.source import Position, SourceDocument

TITLE = "RudderStack"
CARRIES = Carries.of(
    event="description category additional_properties",
    prop="description object_type object array item_type nullable datetime enum pattern "
         "format minimum maximum min_length max_length min_items max_items schema")
#: JSON Schema keywords a property's config may hold besides the plan's own fields.
_RAW_CONFIG = frozenset({"exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems"})
_KEPT = "x-rudderstack"
_PLAN_KINDS = ("tp", "tracking-plan")
#: Config keys (v1 spelling) with the plan key each becomes; the rest go to ``schema:``.
_CONFIG = {"enum": "enum", "minimum": "minimum", "maximum": "maximum",
           "min_length": "min_length", "max_length": "max_length", "pattern": "pattern",
           "min_items": "min_items", "max_items": "max_items"}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object")
_REF = re.compile(r"^#(?:/(?P<kind>[a-z-]+)/[^/]+/(?P<id>[^/]+)|(?P<v1kind>[a-z-]+):(?P<v1id>.+))$")
_V1_KINDS = {"property": "properties", "event": "events", "category": "categories",
             "custom-type": "custom-types"}
_SINGULAR = {plural: singular.replace("-", " ") for singular, plural in _V1_KINDS.items()}


@dataclass
class _Entity:
    """A catalog entry (property, event, category, custom type) and where it is written."""

    data: Mapping[str, Any]
    document: SourceDocument
    keys: tuple[str | int, ...]

    def where(self, *more: str | int) -> Where:
        position = self.document.position((*self.keys, *more))
        return Where(position.path, position.line, position.column)


@dataclass
class _Catalog:
    entities: dict[str, dict[str, _Entity]] = field(default_factory=dict)
    plans: list[_Entity] = field(default_factory=list)

    def resolve(self, reference: Any, expected: str, at: _Entity, *keys: str | int) -> _Entity:
        match = _REF.match(str(reference)) if isinstance(reference, str) else None
        kind = (match["kind"] or _V1_KINDS.get(match["v1kind"] or "")) if match else None
        identifier = (match["id"] or match["v1id"]) if match else None
        found = self.entities.get(expected, {}).get(identifier or "") if kind == expected else None
        if found is None:
            known = ", ".join(sorted(self.entities.get(expected, {}))[:8]) or "none"
            raise failure(INVALID, f"the reference {reference!r} names no {_SINGULAR[expected]} "
                          "of the project", at.where(*keys),
                          f"the {expected} defined in the folder are: {known}")
        return found


# -- recognising and reading a project ------------------------------------------------


def detect(versions: Sequence[str]) -> bool:
    return bool(versions) and any(v.startswith("rudder/") for v in versions)


def read(path: Path, display: str, settings: ImportSettings) -> ImportResult:
    catalog = _catalog(path, display)
    builder = PlanBuilder()
    if not catalog.plans:
        raise failure(INVALID, "the project has no tracking plan (kind: tracking-plan, or tp "
                      "in rudder/v0.1)", Where(display),
                      "import the folder holding the tracking plan's YAML and the catalog")
    used: set[str] = set()
    for plan in catalog.plans:
        _plan_settings(plan, builder, len(catalog.plans))
        for index, rule in enumerate(items(mapping(plan.data).get("rules"))):
            _rule(catalog, plan, rule, ("spec", "rules", index), builder, used)
    unused = [e.data.get("name") or e.data.get("id") for key, e in
              catalog.entities.get("events", {}).items() if key not in used]
    if unused:
        builder.skip(f"catalog events in no tracking plan are not imported: "
                     f"{quoted(str(u) for u in unused)}", Where(display))
    return builder.result()


def _catalog(path: Path, display: str) -> _Catalog:
    catalog = _Catalog()
    files = [(path, display)] if path.is_file() else [
        (file, f"{display.rstrip('/')}/{file.relative_to(path).as_posix()}")
        for file in files_under(path, (".yaml", ".yml"))]
    for file, shown in files:
        document = load_yaml(file, shown)
        data = document.data
        version = str(data.get("version", ""))
        if not version.startswith("rudder/"):
            continue
        kind = str(data.get("kind", ""))
        spec = mapping(data.get("spec"))
        if kind in _PLAN_KINDS:
            catalog.plans.append(_Entity(spec, document, ("spec",)))
            continue
        section = {"types": "custom-types"}.get(kind, kind)
        key = "types" if kind == "custom-types" else kind
        if kind not in ("properties", "events", "categories", "custom-types"):
            raise failure(INVALID, f"unknown kind {kind!r}", _at(document, ("kind",)),
                          "rudder-cli kinds are properties, events, categories, custom-types "
                          "and tracking-plan (tp)")
        for index, entry in enumerate(items(spec.get(key))):
            entity = _Entity(mapping(entry), document, ("spec", key, index))
            identifier = text_or_none(entity.data.get("id"))
            if identifier is None:
                raise failure(INVALID, f"an entry of {kind} has no id", entity.where(),
                              "every catalog entry needs an id, which references use")
            catalog.entities.setdefault(section, {})[identifier] = entity
    return catalog


def _at(document: SourceDocument, keys: tuple[str | int, ...]) -> Where:
    position = document.position(keys)
    return Where(position.path, position.line, position.column)


def _plan_settings(plan: _Entity, builder: PlanBuilder, count: int) -> None:
    data = plan.data
    kept = builder.settings.setdefault(_KEPT, {}).setdefault("tracking_plans", [])
    kept.append({k: data[k] for k in ("id", "display_name") if k in data})
    if count == 1 and text_or_none(data.get("description")):
        builder.settings["description"] = data["description"]


def _rule(catalog: _Catalog, plan: _Entity, rule: Any, keys: tuple[str | int, ...],
          builder: PlanBuilder, used: set[str]) -> None:
    rule = mapping(rule)
    rule_at = _Entity(rule, plan.document, keys)
    reference = rule.get("event")
    legacy = isinstance(reference, Mapping)
    event_ref = mapping(reference).get("$ref") if legacy else reference
    entity = catalog.resolve(event_ref, "events", rule_at, "event")
    used.add(str(entity.data.get("id")))
    data = entity.data
    kind = str(data.get("event_type", "track"))
    name = text_or_none(data.get("name"))
    if kind != "track" or name is None:
        kept_rule = {"rule_id": rule.get("id"), "event_id": data.get("id"), "event_type": kind,
                     **{k: data[k] for k in ("name", "description") if data.get(k)},
                     "properties": _rule_properties(catalog, rule_at,
                                                    items(rule.get("properties")),
                                                    ("properties",), builder, str(name))}
        builder.settings.setdefault(_KEPT, {}).setdefault("rules", []).append(kept_rule)
        builder.skip(f"the {kind} rule '{rule.get('id')}' has no place in a tracklint plan "
                     f"(it describes {kind} calls); it is kept under {_KEPT} and not checked",
                     rule_at.where(), name)
        return
    event: dict[str, Any] = {}
    if text_or_none(data.get("description")):
        event["description"] = data["description"]
    if data.get("category"):
        category = catalog.resolve(data["category"], "categories", entity, "category")
        event["category"] = str(category.data.get("name") or category.data.get("id"))
    allowed = (mapping(reference).get("allow_unplanned") if legacy
               else rule.get("additional_properties"))
    if allowed is True:
        event["additional_properties"] = True
    kept = {"event_id": data.get("id"), "rule_id": rule.get("id")}
    section = (mapping(reference).get("identity_section") if legacy
               else rule.get("identity_section"))
    for extra in ("variants", "includes"):
        if rule.get(extra):
            builder.skip(f"the {extra} of rule '{rule.get('id')}' (event '{name}') have no "
                         f"place in a tracklint plan; they are kept under {_KEPT} and not "
                         "checked", rule_at.where(extra), name)
    if rule.get("variants"):
        kept["variants"], kept["variant_properties"] = _variants(catalog, rule_at, builder,
                                                                 name)
    if rule.get("includes"):
        kept["includes"] = rule["includes"]
    if section and section != "properties":
        kept["identity_section"] = section
    event[_KEPT] = kept
    event["properties"] = _rule_properties(catalog, rule_at, items(rule.get("properties")),
                                           ("properties",), builder, name)
    builder.add_event(name, event, rule_at.where())


def _variants(catalog: _Catalog, rule: _Entity, builder: PlanBuilder, event: str
              ) -> tuple[Any, dict[str, Any]]:
    """A rule's variants with references in v1 form, and the properties they name.

    The properties are kept as plan definitions, so an export can put them in its
    catalog (and the variants' references still resolve).
    """
    named: dict[str, Any] = {}

    def rewrite(value: Any, keys: tuple[str | int, ...]) -> Any:
        if isinstance(value, Mapping):
            return {("property" if key == "$ref" else key): rewrite(child, (*keys, key))
                    for key, child in value.items()}
        if isinstance(value, list):
            return [rewrite(child, (*keys, index)) for index, child in enumerate(value)]
        if isinstance(value, str) and _REF.match(value):
            entity = catalog.resolve(value, "properties", rule, *keys)
            identifier = str(entity.data.get("id"))
            named[identifier] = {"name": str(entity.data.get("name") or identifier),
                                 **_property(catalog, entity, builder, event)}
            return f"#property:{identifier}"
        return value

    return rewrite(rule.data["variants"], ("variants",)), named


def _rule_properties(catalog: _Catalog, rule: _Entity, entries: Sequence[Any],
                     keys: tuple[str | int, ...], builder: PlanBuilder, event: str
                     ) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for index, entry in enumerate(entries):
        entry = mapping(entry)
        at = (*keys, index)
        reference = entry.get("property", entry.get("$ref"))
        prop = catalog.resolve(reference, "properties", rule, *at)
        name = str(prop.data.get("name") or prop.data.get("id"))
        definition = _property(catalog, prop, builder, event)
        if entry.get("required") is True:
            definition = {"required": True, **definition}
        nested = items(entry.get("properties"))
        if nested:
            definition["type"] = "object"
            definition["properties"] = _rule_properties(catalog, rule, nested,
                                                        (*at, "properties"), builder, event)
        extra = entry.get("additional_properties", entry.get("additionalProperties"))
        if isinstance(extra, bool):
            definition["additional_properties"] = extra
        identifier = str(prop.data.get("id"))
        if identifier != _identifier(name):  # an export keeps the catalog's id
            definition[_KEPT] = {"id": identifier}
        if name in found:
            builder.diagnostics.append(diagnostic(
                INVALID, f"event '{event}' has two properties named '{name}'; the first was "
                "imported", rule.where(*at), event=event))
            continue
        found[name] = definition
    return found


def _property(catalog: _Catalog, entity: _Entity, builder: PlanBuilder, event: str,
              depth: int = 0) -> dict[str, Any]:
    """A catalog property (or custom type) as a plan definition."""
    data = entity.data
    types = _types(data)
    definition: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    custom = [t for t in types if t.startswith("#")]
    if custom and depth < 8:
        base = catalog.resolve(custom[0], "custom-types", entity, "type")
        definition = _property(catalog, base, builder, event, depth + 1)
        if base.data.get("variants"):
            builder.skip(f"the variants of custom type '{base.data.get('id')}' have no place "
                         "in a tracklint plan and are not checked", base.where("variants"),
                         event)
        nested = items(base.data.get("properties"))
        if nested:
            definition["type"] = "object"
            definition["properties"] = _rule_properties(catalog, base, nested, ("properties",),
                                                        builder, event)
        types = [t for t in types if not t.startswith("#")]
    nullable = "null" in types
    kinds = [t for t in types if t != "null"]
    if len(kinds) > 1:
        definition["type"] = "any"
        raw["type"] = [*kinds, *(["null"] if nullable else [])]
    elif kinds:
        definition["type"] = kinds[0] if kinds[0] in _JSON_TYPES else "any"
    else:
        definition.setdefault("type", "any")
    if text_or_none(data.get("description")):
        definition["description"] = data["description"]
    if nullable:
        definition["nullable"] = True
    config = _config(data)
    for key, value in config.items():
        if key in _CONFIG:
            definition[_CONFIG[key]] = list(value) if key == "enum" else value
        elif key == "format":
            if value == "date-time" and definition["type"] == "string":
                definition["type"] = "datetime"
            else:
                definition["format"] = value
        elif key == "additional_properties" and isinstance(value, bool):
            definition["additional_properties"] = value
        else:
            raw[_json_keyword(key)] = to_2020(value)
    item_types = _item_types(data, config)
    if item_types:
        definition["type"] = "array"
        simple = [t for t in item_types if not t.startswith("#")]
        if len(item_types) == 1 and simple:
            definition["items"] = {"type": simple[0] if simple[0] in _JSON_TYPES else "any"}
        elif len(item_types) == 1:
            definition["items"] = _property(catalog, catalog.resolve(
                item_types[0], "custom-types", entity, "item_type"), builder, event, depth + 1)
        else:
            raw["items"] = {"type": simple}
    if raw:
        definition["schema"] = {**mapping(definition.get("schema")), **raw}
    return definition


def _types(data: Mapping[str, Any]) -> list[str]:
    if isinstance(data.get("types"), list):
        return [str(t) for t in data["types"]]
    kind = str(data.get("type") or "")
    return [] if not kind else ([kind] if kind.startswith("#") else
                                [t.strip() for t in kind.split(",") if t.strip()])


def _config(data: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` (v1, snake_case) or ``propConfig`` (v0.1, camelCase), in v1 spelling."""
    raw = mapping(data.get("config")) or mapping(data.get("propConfig"))
    return {_CAMEL.sub("_", str(key)).lower(): value for key, value in raw.items()
            if key not in ("itemTypes", "item_types")}


def _item_types(data: Mapping[str, Any], config: Mapping[str, Any]) -> list[str]:
    legacy = mapping(data.get("config")) or mapping(data.get("propConfig"))
    values = (data.get("item_types") or ([data["item_type"]] if data.get("item_type") else None)
              or legacy.get("itemTypes") or legacy.get("item_types") or [])
    return [str(v) for v in values]


def _json_keyword(key: str) -> str:
    """``multiple_of`` -> ``multipleOf``: a v1 config key in JSON Schema's spelling."""
    head, *rest = key.split("_")
    return head + "".join(word.capitalize() for word in rest)


# -- export ---------------------------------------------------------------------------


def export(plan: Plan, options: ExportOptions) -> ExportResult:
    """A rudder/v1 project: properties, events, categories and one tracking plan."""
    result = ExportResult(diagnostics=[*losses(plan, CARRIES, TITLE),
                                       *extension_losses(plan, frozenset({_KEPT}), TITLE)])
    imported = [mapping(t) for t in items(mapping(plan.extensions.get(_KEPT)).get(
        "tracking_plans"))]
    name = (options.name or (text_or_none(imported[0].get("display_name")) if imported else None)
            or (options.source.stem if options.source else None) or "tracking plan")
    properties = _Ids()
    events = _Ids()
    categories = _Ids()
    rules = []
    for event in plan.events.values():
        container = frozenset(event.platforms)
        kept = mapping(event.extensions.get(_KEPT))
        event_id = events.add(str(kept.get("event_id") or ""), event.name, {
            "name": event.name, "event_type": "track",
            **({"description": event.description} if event.description else {})})
        if event.category:
            category_id = categories.add("", event.category, {"name": event.category})
            events.entries[event_id]["category"] = f"#category:{category_id}"
        own = {p.name for p in event.properties}
        inherited = tuple(p for p in plan.global_properties if p.name not in own
                          and (p.platforms is None or p.platforms & container))
        rule: dict[str, Any] = {"type": "event_rule",
                                "id": str(kept.get("rule_id") or f"{event_id}_rule"),
                                "event": f"#event:{event_id}",
                                "additional_properties": event.additional_properties}
        listed = _rule_entries((*event.properties, *inherited), container, properties,
                               result, event.name)
        if listed:
            rule["properties"] = listed
        if "identity_section" in kept:
            rule["identity_section"] = kept["identity_section"]
        if "variants" in kept:
            rule["variants"] = _kept_variants(kept, properties, result, event.name)
        if "includes" in kept:
            result.diagnostics.append(diagnostic(
                NOT_EXPORTED, f"not exported to {TITLE}, event '{event.name}': the includes "
                f"of rule '{rule['id']}' (kept from an import, they refer to rules of its "
                "project)", event_where(event), event=event.name))
        rules.append(rule)
    for kept_rule in items(mapping(plan.extensions.get(_KEPT)).get("rules")):
        rules.append(_kept_rule(mapping(kept_rule), events, properties, result))
    plan_id = (text_or_none(imported[0].get("id")) if imported and not options.name
               else None) or _identifier(name)
    tracking_plan: dict[str, Any] = {"id": plan_id, "display_name": name}
    if plan.description:
        tracking_plan["description"] = plan.description
    tracking_plan["rules"] = rules
    files = [("properties.yaml", "properties", {"properties": properties.listed()}),
             ("events.yaml", "events", {"events": events.listed()}),
             ("categories.yaml", "categories", {"categories": categories.listed()}),
             ("tracking-plan.yaml", "tracking-plan", tracking_plan)]
    for file, kind, spec in files:
        if kind == "categories" and not categories.entries:
            continue
        document = {"version": "rudder/v1", "kind": kind,
                    "metadata": {"name": _identifier(name)}, "spec": spec}
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        result.files.append(ExportedFile(PurePosixPath(file), text))
    return result


def _kept_rule(kept: Mapping[str, Any], events: _Ids, properties: _Ids,
               result: ExportResult) -> dict[str, Any]:
    """A rule for identify/page/screen/group calls, kept from an import, and its event."""
    event_id = events.add(str(kept.get("event_id") or ""), str(kept.get("name") or ""), {
        **({"name": kept["name"]} if kept.get("name") else {}),
        "event_type": str(kept.get("event_type", "page")),
        **({"description": kept["description"]} if kept.get("description") else {})})
    rule: dict[str, Any] = {"type": "event_rule",
                            "id": str(kept.get("rule_id") or f"{event_id}_rule"),
                            "event": f"#event:{event_id}"}
    listed = _rule_entries(_definitions(mapping(kept.get("properties"))), frozenset(),
                           properties, result, str(kept.get("name") or event_id))
    if listed:
        rule["properties"] = listed
    return rule


def _kept_variants(kept: Mapping[str, Any], properties: _Ids, result: ExportResult,
                   event: str) -> Any:
    """Variants kept from an import, their properties in the catalog, references updated."""
    named = mapping(kept.get("variant_properties"))
    found = _definitions({f"{key}": {k: v for k, v in mapping(value).items() if k != "name"}
                          for key, value in named.items()})
    new_ids = {}
    for prop in found:
        original = mapping(named[prop.name])
        entry = _catalog_property(prop, result, event)
        entry["name"] = str(original.get("name", prop.name))
        new_ids[prop.name] = properties.add(prop.name, entry["name"], entry)

    def rewrite(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {key: rewrite(child) for key, child in value.items()}
        if isinstance(value, list):
            return [rewrite(child) for child in value]
        if isinstance(value, str) and value.startswith("#property:"):
            return f"#property:{new_ids.get(value.removeprefix('#property:'), value[10:])}"
        return value

    return rewrite(kept["variants"])


def _definitions(definitions: Mapping[str, Any]) -> tuple[Property, ...]:
    """Plan definitions kept under x-rudderstack, as properties (through the plan builder)."""
    plan = build_plan({"events": {"kept": {"properties": dict(definitions)}}},
                      lambda key: Position("<x-rudderstack>", 1, 1), ("<x-rudderstack>",))
    return plan.events["kept"].properties


class _Ids:
    """Catalog entries by id: a name gets one id per distinct definition."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self._by_content: dict[str, str] = {}

    def add(self, preferred: str, name: str, entry: dict[str, Any]) -> str:
        content = json.dumps(entry, sort_keys=True)
        if content in self._by_content:
            return self._by_content[content]
        base = preferred or _identifier(name)
        identifier, suffix = base, 2
        while identifier in self.entries:
            identifier, suffix = f"{base}_{suffix}", suffix + 1
        self.entries[identifier] = {"id": identifier, **entry}
        self._by_content[content] = identifier
        return identifier

    def listed(self) -> list[dict[str, Any]]:
        return list(self.entries.values())


def _identifier(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "entry"


def _rule_entries(props: Iterable[Property], container: frozenset[str], catalog: _Ids,
                  result: ExportResult, event: str) -> list[dict[str, Any]]:
    entries = []
    for prop in props:
        entry_id = catalog.add(str(mapping(prop.extensions.get(_KEPT)).get("id") or ""),
                               prop.name, _catalog_property(prop, result, event))
        entry: dict[str, Any] = {"property": f"#property:{entry_id}",
                                 "required": required_everywhere(prop, container)}
        if prop.properties:
            entry["properties"] = _rule_entries(prop.properties, scope_of(prop, container),
                                                catalog, result, event)
        if prop.additional_properties is not None:
            entry["additional_properties"] = prop.additional_properties
        entries.append(entry)
    return entries


def _catalog_property(prop: Property, result: ExportResult, event: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": prop.name}
    if prop.description:
        entry["description"] = prop.description
    raw = dict(from_2020(prop.raw_schema or {}, "draft-07"))
    kind = {"datetime": "string", "any": ""}.get(prop.type, prop.type)
    listed = raw.pop("type") if isinstance(raw.get("type"), list) and not kind else None
    if listed is not None:
        entry["types"] = listed
    elif prop.nullable and kind:
        entry["types"] = [kind, "null"]
    elif kind:
        entry["type"] = kind
    item_types = mapping(raw.get("items")).get("type")
    if prop.type == "array" and isinstance(item_types, list) and set(raw["items"]) == {"type"}:
        entry["item_types"] = item_types
        del raw["items"]
    elif prop.type == "array" and prop.items is not None and prop.items.type != "any":
        entry["item_type"] = {"datetime": "string"}.get(prop.items.type, prop.items.type)
    config: dict[str, Any] = {}
    for key, attribute in _CONFIG.items():
        value = getattr(prop, attribute)
        if value is not None:
            config[key] = list(value) if key == "enum" else value
    if prop.type == "datetime":
        config["format"] = "date-time"
    elif prop.format:
        config["format"] = prop.format
    for keyword, value in raw.items():
        if keyword in _RAW_CONFIG:
            config[_CAMEL.sub("_", keyword).lower()] = value
    other = [keyword for keyword in raw if keyword not in _RAW_CONFIG]
    if other:
        result.diagnostics.append(diagnostic(
            NOT_EXPORTED, f"not exported to {TITLE}, event '{event}': property '{prop.name}' "
            f"schema keywords {quoted(other)} (a RudderStack config holds "
            f"{', '.join(sorted(_RAW_CONFIG))} besides the plan's constraints)",
            Where(prop.position.path, prop.position.line, prop.position.column), event=event))
    if config:
        entry["config"] = config
    return entry
