"""Helpers for the import/export tests: sample paths, and comparing plans by what they mean."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from linter.cli import cli
from linter.interop.capabilities import Carries
from linter.plan.build import DEFAULT_PLATFORMS
from linter.plan.diff import diff_plans
from linter.plan.model import Plan, Property, frozen_mapping

DATA = Path(__file__).resolve().parent / "data" / "interop"


def invoke(*args: str) -> Result:
    """Run the command line in process (click's runner), output and errors apart."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def inline_globals(plan: Plan) -> Plan:
    """The plan with its global properties written into every event they apply to, as
    exports do."""
    events = {}
    for name, event in plan.events.items():
        own = {p.name for p in event.properties}
        extra = tuple(p for p in plan.global_properties if p.name not in own
                      and (p.platforms is None or p.platforms & set(event.platforms)))
        events[name] = replace(event, properties=(*event.properties, *extra))
    return replace(plan, events=frozen_mapping(events), global_properties=())


def contract_changes(old: Plan, new: Plan) -> list[str]:
    """The changes between two plans that a payload could notice (not documentation)."""
    return [change.message for change in diff_plans(old, new) if change.bump.value != "patch"]


def documentation(plan: Plan, event_fields: frozenset[str]) -> dict[str, Any]:
    """The documentation a format keeps (event fields among ``event_fields``, property
    descriptions and examples): what ``plan diff`` reports as patch-level changes."""
    view: dict[str, Any] = {}
    for name, event in plan.events.items():
        fields = {field: getattr(event, field) for field in sorted(event_fields)
                  if field in ("description", "owner", "tags", "category", "replaced_by")}
        fields["properties"] = _property_documentation(event.properties)
        view[name] = fields
    return view


def _property_documentation(properties: tuple[Property, ...]) -> dict[str, Any]:
    return {p.name: (p.description, p.examples, _property_documentation(p.properties),
                     _property_documentation((p.items,)) if p.items is not None else {})
            for p in properties}


def project(plan: Plan, carries: Carries) -> Plan:
    """``plan`` as a format with ``carries`` holds it: what it lacks set to the default.

    This is what an export and re-import is expected to give back.
    """
    source = plan if "global_properties" in carries.plan else inline_globals(plan)
    plan_platforms = source.platforms
    if "platforms" not in carries.plan:
        named = [p for e in source.events.values() for p in e.platforms] \
            if "platforms" in carries.event else []
        plan_platforms = tuple(dict.fromkeys([*DEFAULT_PLATFORMS, *named]))
    events = {}
    for name, event in source.events.items():
        platforms = event.platforms if "platforms" in carries.event else plan_platforms
        fields: dict[str, Any] = {"platforms": platforms}
        for field, default in (("description", None), ("owner", None), ("identity", "optional"),
                               ("status", "active"), ("replaced_by", None), ("tags", ()),
                               ("category", None), ("additional_properties", False)):
            if field not in carries.event:
                fields[field] = default
        fields["properties"] = tuple(_project(p, frozenset(event.platforms), frozenset(platforms),
                                              carries) for p in event.properties)
        events[name] = replace(event, **fields)
    return replace(source, events=frozen_mapping(events), platforms=plan_platforms)


def _project(prop: Property, container: frozenset[str], target: frozenset[str],
             carries: Carries) -> Property:
    """``container``: the platforms the property's event or object is on in the plan;
    ``target``: the ones it is on once read back (all of them, for a format without)."""
    has = carries.property.__contains__
    scope = target if prop.platforms is None or not has("platforms") else (
        target & prop.platforms)
    everywhere = bool(prop.required_on) and container <= prop.required_on
    fields: dict[str, Any] = {}
    if not has("platforms"):
        fields["platforms"] = None
    if not has("required_per_platform"):
        fields["required_on"] = scope if everywhere else frozenset()
    for field, default in (("description", None), ("nullable", False), ("enum", None),
                           ("pattern", None), ("format", None), ("minimum", None),
                           ("maximum", None), ("min_length", None), ("max_length", None),
                           ("min_items", None), ("max_items", None), ("deprecated", False),
                           ("examples", ()), ("additional_properties", None)):
        if not has(field):
            fields[field] = default
    if not has("schema"):
        fields["raw_schema_json"] = None
    if not has("datetime") and prop.type == "datetime":
        fields["type"] = "string"
    inner = container if prop.platforms is None else container & prop.platforms
    fields["properties"] = tuple(_project(p, inner, scope, carries) for p in prop.properties) \
        if has("object") else ()
    if prop.items is not None and has("items"):
        fields["items"] = _project(prop.items, inner, scope, carries)
    elif prop.items is not None and has("item_type"):
        fields["items"] = Property(name="items", type=prop.items.type)
    else:
        fields["items"] = None
    return replace(prop, **fields)
