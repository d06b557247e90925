"""Turning merged plan data (already checked against the plan format) into the model.

Defaults are applied here, once: an event without ``platforms`` exists on every
platform of the plan, ``required: true`` means required on each of them, and a
``ref`` is resolved against the shared properties (local keys override the
shared definition, so an event can make a shared property required).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from linter.plan.model import Event, Naming, Plan, Property, frozen_mapping
from linter.plan.source import PathKey, Position

DEFAULT_PLATFORMS = ("web", "ios", "android", "server")

Locate = Callable[[PathKey], Position]


def build_plan(data: Mapping[str, Any], locate: Locate, sources: tuple[str, ...]) -> Plan:
    platforms = tuple(data.get("platforms") or DEFAULT_PLATFORMS)
    shared_raw: Mapping[str, Any] = data.get("properties") or {}
    shared = {
        name: _property(name, raw, ("properties", name), locate, frozenset(platforms), {})
        for name, raw in shared_raw.items()
    }
    global_properties = tuple(
        _property(name, raw, ("global_properties", name), locate, frozenset(platforms), shared)
        for name, raw in (data.get("global_properties") or {}).items()
    )
    default_extra = bool(data.get("additional_properties", False))
    events = {
        name: _event(name, raw or {}, locate, platforms, default_extra, shared)
        for name, raw in (data.get("events") or {}).items()
    }
    naming_raw = data.get("naming") or {}
    positions = {key: locate((key,)) for key in data}
    return Plan(
        version=data.get("version"),
        description=data.get("description"),
        extensions=extensions(data),
        platforms=platforms,
        additional_properties=default_extra,
        naming=Naming(events=naming_raw.get("events"), properties=naming_raw.get("properties")),
        shared_properties=frozen_mapping(shared),
        global_properties=global_properties,
        events=frozen_mapping(events),
        sources=sources,
        positions=frozen_mapping(positions),
    )


def _event(name: str, raw: Mapping[str, Any], locate: Locate, plan_platforms: tuple[str, ...],
           default_extra: bool, shared: Mapping[str, Property]) -> Event:
    platforms = tuple(raw.get("platforms") or plan_platforms)
    key: PathKey = ("events", name)
    properties = tuple(
        _property(prop, prop_raw, (*key, "properties", prop), locate, frozenset(platforms),
                  shared)
        for prop, prop_raw in (raw.get("properties") or {}).items()
    )
    return Event(
        name=name,
        description=raw.get("description"),
        owner=raw.get("owner"),
        platforms=platforms,
        identity=raw.get("identity", "optional"),
        status=raw.get("status", "active"),
        replaced_by=raw.get("replaced_by"),
        properties=properties,
        additional_properties=bool(raw.get("additional_properties", default_extra)),
        tags=tuple(raw.get("tags") or ()),
        category=raw.get("category"),
        extensions=extensions(raw),
        position=locate(key),
    )


def _property(name: str, raw: Any, key: PathKey, locate: Locate, platforms: frozenset[str],
              shared: Mapping[str, Property]) -> Property:
    settings: dict[str, Any] = {"type": raw} if isinstance(raw, str) else dict(raw or {})
    ref = settings.get("ref")
    base = shared.get(ref) if isinstance(ref, str) else None
    own_platforms = frozenset(settings["platforms"]) if "platforms" in settings else None
    scope = own_platforms if own_platforms is not None else platforms
    fields: dict[str, Any] = {}
    if base is not None:
        fields = {slot: getattr(base, slot) for slot in Property.__slots__}
        fields["required_on"] = frozenset()
    fields.update(
        name=name,
        ref=ref if isinstance(ref, str) else None,
        position=locate(key),
    )
    simple = ("description", "nullable", "pattern", "format", "minimum", "maximum",
              "min_length", "max_length", "min_items", "max_items", "additional_properties",
              "deprecated")
    for slot in simple:
        if slot in settings:
            fields[slot] = settings[slot]
    if "type" in settings:
        fields["type"] = settings["type"]
    elif base is None:
        fields["type"] = "object" if "properties" in settings else (
            "array" if "items" in settings else "any")
    if "enum" in settings:
        fields["enum"] = tuple(settings["enum"])
    if own_platforms is not None:
        fields["platforms"] = own_platforms
    if "required" in settings:
        fields["required_on"] = _required_on(settings["required"], scope)
    if "items" in settings:
        fields["items"] = _property("items", settings["items"], (*key, "items"), locate,
                                    scope, shared)
    if "properties" in settings:
        fields["properties"] = tuple(
            _property(child, child_raw, (*key, "properties", child), locate, scope, shared)
            for child, child_raw in (settings["properties"] or {}).items()
        )
    if "schema" in settings:
        fields["raw_schema_json"] = json.dumps(settings["schema"], sort_keys=True)
    if "examples" in settings:
        fields["examples"] = tuple(settings["examples"])
    own_extensions = extensions(settings)
    if own_extensions:
        fields["extensions"] = own_extensions
    return Property(**fields)


def extensions(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``x-`` keys of a plan, event or property definition, in their written order."""
    return frozen_mapping({key: value for key, value in raw.items() if key.startswith("x-")})


def _required_on(value: Any, scope: frozenset[str]) -> frozenset[str]:
    if value is True:
        return scope
    if isinstance(value, list):
        return frozenset(value)
    return frozenset()
