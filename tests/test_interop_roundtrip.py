"""Export then import gives back what the format carries, on generated plans.

For each format, plans are generated using only the fields the format declares
it carries (:data:`~linter.interop.registry.FORMATS` ``carries``); the plan is
exported, the files written, imported, written as plan files and loaded again.
The result must have the same contract (``plan diff`` finds no change a payload
could notice) and the same documentation.  A second property generates a field
a format does not carry and checks that the export names it in a TL604 warning.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.interop import ExportOptions, export_plan, import_plan
from linter.interop.capabilities import Carries
from linter.interop.registry import FORMATS
from linter.interop.write import render_plan
from linter.plan.loader import load_plan
from linter.plan.model import Plan

from .interop_support import contract_changes, documentation, project

PLATFORMS = ("web", "ios", "android", "server")
EVENT_NAMES = ("Order Completed", "order_completed", "Checkout: Step 2", "42 Things Done",
               "yes", "Ünïcode Évent", "Signed Up", "page.viewed")
PROPERTY_NAMES = ("order_id", "price", "plan_type", "items", "Device Type", "on", "x-y",
                  "2fa", "tags")
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF", min_size=1, max_size=8)
TEXT = st.builds(lambda a, b: f"{a} {b}".strip(), WORDS, st.text(
    alphabet="abcdefghij ,.'()-:/ÄÉ", max_size=20).map(str.strip))
PATTERNS = (r"^[a-z]+$", r"^\d{3}$", r"^[A-Z]{3}$")
FORMATS_OF_STRINGS = ("email", "uri", "uuid", "date")


def _carried(name: str) -> Carries:
    return FORMATS[name].carries


@st.composite
def _scalar_property(draw: st.DrawFn, carries: Carries, kinds: tuple[str, ...]
                     ) -> dict[str, Any]:
    kind = draw(st.sampled_from(kinds))
    definition: dict[str, Any] = {"type": kind}
    has = carries.property.__contains__
    if has("description") and draw(st.booleans()):
        definition["description"] = draw(TEXT)
    if kind == "string":
        if has("enum") and draw(st.booleans()):
            definition["enum"] = draw(st.lists(WORDS, min_size=1, max_size=4, unique=True))
        elif has("pattern") and draw(st.booleans()):
            definition["pattern"] = draw(st.sampled_from(PATTERNS))
        elif has("format") and draw(st.booleans()):
            definition["format"] = draw(st.sampled_from(FORMATS_OF_STRINGS))
        if has("max_length") and draw(st.booleans()):
            definition["max_length"] = draw(st.integers(1, 500))
        if has("min_length") and draw(st.booleans()):
            definition["min_length"] = draw(st.integers(0, 1))
    if kind in ("integer", "number"):
        # Amplitude's enums are text: formats that take a schema: fragment take any enum.
        if has("enum") and kind == "integer" and has("schema") and draw(st.booleans()):
            definition["enum"] = draw(st.lists(st.integers(0, 500), min_size=1, max_size=3,
                                               unique=True))
        if has("minimum") and draw(st.booleans()):
            definition["minimum"] = draw(st.integers(-10, 0))
        if has("maximum") and draw(st.booleans()):
            definition["maximum"] = draw(st.integers(1, 10_000))
        if has("schema") and draw(st.booleans()):
            definition["schema"] = {"multipleOf": 2}
    if has("nullable") and kind != "any" and draw(st.booleans()):
        definition["nullable"] = True
    if has("deprecated") and draw(st.booleans()):
        definition["deprecated"] = True
    if has("examples") and kind == "string" and draw(st.booleans()):
        definition["examples"] = draw(st.lists(WORDS, min_size=1, max_size=2))
    return definition


@st.composite
def _property(draw: st.DrawFn, carries: Carries, event_platforms: list[str],
              depth: int = 0) -> dict[str, Any]:
    has = carries.property.__contains__
    kinds = ["string", "integer", "number", "boolean", "any"]
    if has("datetime"):
        kinds.append("datetime")
    shapes = ["scalar"] * 4
    if has("array"):
        shapes.append("array")
    if has("object") and depth == 0:
        shapes.append("object")
    shape = draw(st.sampled_from(shapes))
    if shape == "array":
        definition: dict[str, Any] = {"type": "array"}
        if has("items") and has("object") and depth == 0 and draw(st.booleans()):
            names = draw(st.lists(st.sampled_from(PROPERTY_NAMES), min_size=1, max_size=2,
                                  unique=True))
            definition["items"] = {"type": "object", "properties": {
                name: draw(_property(carries, event_platforms, depth + 1)) for name in names}}
        elif has("items"):
            definition["items"] = draw(_scalar_property(
                carries, ("string", "integer", "number", "boolean")))
            definition["items"].pop("description", None)
            definition["items"].pop("deprecated", None)
            definition["items"].pop("examples", None)
        if has("max_items") and draw(st.booleans()):
            definition["max_items"] = draw(st.integers(1, 20))
    elif shape == "object":
        names = draw(st.lists(st.sampled_from(PROPERTY_NAMES), min_size=1, max_size=2,
                              unique=True))
        definition = {"type": "object", "properties": {
            name: draw(_property(carries, event_platforms, depth + 1)) for name in names}}
    else:
        definition = draw(_scalar_property(carries, tuple(kinds)))
    if draw(st.booleans()):
        if has("required_per_platform") and len(event_platforms) > 1 and draw(st.booleans()):
            definition["required"] = draw(st.lists(st.sampled_from(event_platforms),
                                                   min_size=1, max_size=1))
        else:
            definition["required"] = True
    if has("platforms") and depth == 0 and len(event_platforms) > 1 and draw(st.booleans()):
        definition["platforms"] = draw(st.lists(st.sampled_from(event_platforms), min_size=1,
                                                unique=True))
        if isinstance(definition.get("required"), list):
            definition["required"] = [p for p in definition["required"]
                                      if p in definition["platforms"]] or True
    return definition


@st.composite
def plans(draw: st.DrawFn, format_name: str) -> dict[str, Any]:
    carries = _carried(format_name)
    has = carries.event.__contains__
    names = draw(st.lists(st.sampled_from(EVENT_NAMES), min_size=1, max_size=3, unique=True))
    data: dict[str, Any] = {"events": {}}
    for name in names:
        platforms = list(PLATFORMS)
        event: dict[str, Any] = {}
        if has("description") and draw(st.booleans()):
            event["description"] = draw(TEXT)
        if has("owner") and draw(st.booleans()):
            event["owner"] = draw(WORDS)
        if has("category") and draw(st.booleans()):
            event["category"] = draw(st.sampled_from(["Checkout", "Search", "Sign-up flow"]))
        if has("platforms") and draw(st.booleans()):
            platforms = draw(st.lists(st.sampled_from(PLATFORMS), min_size=1, unique=True))
            event["platforms"] = platforms
        if has("identity") and draw(st.booleans()):
            event["identity"] = "required"
        if has("status") and draw(st.booleans()):
            statuses = ["deprecated"] if format_name == "segment" else ["deprecated", "removed"]
            event["status"] = draw(st.sampled_from(statuses))
            others = [n for n in names if n != name]
            if has("replaced_by") and others and draw(st.booleans()):
                event["replaced_by"] = others[0]
        if has("tags") and draw(st.booleans()):
            event["tags"] = draw(st.lists(WORDS, min_size=1, max_size=2, unique=True))
        if has("additional_properties") and draw(st.booleans()):
            event["additional_properties"] = True
        props = draw(st.lists(st.sampled_from(PROPERTY_NAMES), max_size=3, unique=True))
        event["properties"] = {prop: draw(_property(carries, platforms)) for prop in props}
        data["events"][name] = event
    if "global_properties" in carries.plan and draw(st.booleans()):
        data["global_properties"] = {"app_version": draw(_scalar_property(carries,
                                                                          ("string",)))}
    return data


def _round_trip(data: dict[str, Any], format_name: str, folder: Path) -> tuple[Plan, Plan, Any]:
    source = folder / "plan.yaml"
    source.write_text(render_plan(data), encoding="utf-8")
    plan = load_plan(source)
    _, exported = export_plan(plan, format_name, ExportOptions(vendor="com.acme",
                                                               previous=folder / "none"))
    out = folder / "export"
    for file in exported.files:
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
    single = FORMATS[format_name].output == "file"
    _, imported = import_plan(out / exported.files[0].path if single else out, format_name)
    again = folder / "again.yaml"
    again.write_text(render_plan(imported.data), encoding="utf-8")
    return plan, load_plan(again), exported


def _expected(plan: Plan, format_name: str) -> Plan:
    return project(plan, _carried(format_name))


@pytest.mark.parametrize("format_name", [f for f in FORMATS if FORMATS[f].export])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_export_then_import_keeps_what_the_format_carries(format_name, data):
    plan_data = data.draw(plans(format_name))
    with tempfile.TemporaryDirectory() as folder:
        plan, again, _ = _round_trip(plan_data, format_name, Path(folder))
    expected = _expected(plan, format_name)
    carries = _carried(format_name)
    assert contract_changes(expected, again) == []
    assert documentation(again, carries.event) == documentation(expected, carries.event)


LOSSES = {
    "segment": ({"events": {"A": {"properties": {"p": {"type": "string",
                                                      "required": ["ios"]}}}}},
                "required only on ios"),
    "mixpanel": ({"events": {"A": {"properties": {"p": {"type": "string",
                                                       "enum": ["x"]}}}}}, "enum [x]"),
    "amplitude": ({"events": {"A": {"properties": {"p": {"type": "string",
                                                        "nullable": True}}}}}, "nullable"),
    "iglu": ({"events": {"A": {"owner": "growth"}}}, "owner 'growth'"),
    "rudderstack": ({"events": {"A": {"identity": "required"}}}, "identity required"),
    "csv": ({"naming": {"events": "title_case"}, "events": {"A": {}}}, "naming conventions"),
    "jsonschema": ({"naming": {"events": "title_case"}, "events": {"A": {}}},
                   "naming conventions"),
}


@pytest.mark.parametrize("format_name", sorted(LOSSES))
def test_what_a_format_cannot_carry_is_named_in_a_warning(format_name, tmp_path):
    data, expected = LOSSES[format_name]
    _, _, exported = _round_trip(data, format_name, tmp_path)
    lost = [d for d in exported.diagnostics if d.code == "TL604"]
    assert any(expected in d.message for d in lost), [d.message for d in lost]
