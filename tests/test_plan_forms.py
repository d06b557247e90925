"""One plan, written as YAML or as JSON, gives the same results; the format check is exact.

Plans are generated: events with shared properties, refs, enums, patterns,
platforms, nested objects and lists, and now and then a mistake (an unknown key,
a value of the wrong type, a duplicate platform...), so that both the valid and
the invalid paths are compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from linter.diagnostics import TracklintError
from linter.plan import format_errors
from linter.plan.compile import CompiledPlan
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan
from linter.plan.schemas import plan_schema
from linter.validation.fastpath import compile_predicate

PLATFORMS = ["web", "ios", "android", "server"]
TYPES = ["string", "integer", "number", "boolean", "datetime", "array", "object", "any"]
SHARED = ["plan_type", "price", "currency"]
TEXT = st.text(max_size=12)

event_names = st.from_regex(r"[A-Z][a-z]{1,5}( [A-Z][a-z]{1,5}){0,2}", fullmatch=True)
property_names = st.sampled_from(["order_id", "price", "plan_type", "coupon", "items",
                                  "sku", "on", "yes", "Plan Type", "é"])
platform_lists = st.lists(st.sampled_from(PLATFORMS), min_size=1, max_size=4, unique=True)


def sometimes_wrong(right: st.SearchStrategy[Any], *wrong: Any) -> st.SearchStrategy[Any]:
    """Mostly a valid value; now and then one of ``wrong`` (a mistake an author makes)."""
    return st.one_of(right, right, right, st.sampled_from(wrong)) if wrong else right


def property_definitions(depth: int = 2) -> st.SearchStrategy[Any]:
    deeper = property_definitions(depth - 1) if depth else st.sampled_from(TYPES)
    settings_ = st.fixed_dictionaries({}, optional={
        "type": sometimes_wrong(st.sampled_from(TYPES), "numbr", 3),
        "description": TEXT,
        "required": sometimes_wrong(st.booleans() | platform_lists, "yes", ["web", "web"]),
        "nullable": st.booleans(),
        "enum": sometimes_wrong(st.lists(st.text(max_size=4) | st.integers(), min_size=1,
                                         max_size=3), [], "free"),
        "pattern": st.sampled_from(["^[a-z_]+$", "^[A-Z]{3}$", "^x"]),
        "format": sometimes_wrong(st.sampled_from(["date-time", "email", "uuid"]), "colour"),
        "minimum": st.integers(-5, 5) | st.floats(-5, 5),
        "max_length": sometimes_wrong(st.integers(0, 40), -1, 1.5),
        "platforms": platform_lists,
        "ref": st.sampled_from(SHARED),
        "items": deeper,
        "properties": st.dictionaries(property_names, deeper, max_size=2),
        "x-note": TEXT,
        "ownr": TEXT,
    })
    return st.sampled_from(TYPES) | settings_


events = st.fixed_dictionaries({}, optional={
    "description": TEXT,
    "owner": sometimes_wrong(TEXT, 3, None),
    "platforms": sometimes_wrong(platform_lists, [], ["web", "web"], ["Web"]),
    "identity": sometimes_wrong(st.sampled_from(["required", "optional"]), "mandatory"),
    "status": st.sampled_from(["active", "deprecated", "removed"]),
    "replaced_by": TEXT,
    "tags": st.lists(TEXT, max_size=2),
    "category": TEXT,
    "properties": st.dictionaries(property_names, property_definitions(), max_size=4),
    "x-jira": TEXT,
})

plans = st.fixed_dictionaries({"events": st.dictionaries(event_names, events, max_size=4)},
                              optional={
    "version": sometimes_wrong(st.sampled_from(["1.0.0", "2.3.1-beta.1"]), "1.2", 1.2),
    "platforms": platform_lists,
    "additional_properties": st.booleans(),
    "naming": st.fixed_dictionaries({}, optional={
        "events": st.sampled_from(["title_case", "object_action"]),
        "properties": sometimes_wrong(st.sampled_from(["snake_case", "camel_case"]), "snake")}),
    "properties": st.dictionaries(st.sampled_from(SHARED), property_definitions(1), max_size=3),
    "global_properties": st.dictionaries(property_names, property_definitions(0), max_size=2),
    "x-owner": TEXT,
})


def outcome(path: Path) -> tuple[str, Any]:
    """What a command gets from a plan file: its schemas and lint, or its loading problems."""
    try:
        plan = load_plan(path)
    except TracklintError as error:
        return "refused", sorted((d.code, d.message) for d in error.diagnostics)
    lint = sorted((d.code, d.message) for d in lint_plan(plan))
    return "loaded", (CompiledPlan(plan).all_schemas(), lint)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=plans, indent=st.sampled_from([None, 2, "\t"]))
def test_yaml_and_json_forms_of_a_plan_give_the_same_results(tmp_path, document, indent):
    as_yaml, as_json = tmp_path / "plan.yaml", tmp_path / "plan.json"
    as_yaml.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
                       encoding="utf-8")
    as_json.write_text(json.dumps(document, indent=indent, ensure_ascii=indent is None),
                       encoding="utf-8")
    assert outcome(as_json) == outcome(as_yaml)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=plans)
def test_the_fast_format_check_agrees_with_jsonschema(document):
    fast = compile_predicate(plan_schema())
    assert fast is not None, "the plan format compiles to a predicate"
    assert fast(document) == Draft202012Validator(plan_schema()).is_valid(document)


def test_a_valid_plan_file_never_reaches_jsonschema(write, monkeypatch):
    path = write("plan.yaml", "events:\n  A Happened:\n    properties:\n"
                              "      price: {type: number, required: [web]}\n")

    def refuse() -> None:
        raise AssertionError("jsonschema was asked about a valid plan")

    monkeypatch.setattr(format_errors, "_plan_validator", refuse)
    assert load_plan(path).events["A Happened"].property("price") is not None
    write("plan.yaml", "events:\n  A Happened: {ownr: x}\n")
    with pytest.raises(AssertionError, match="jsonschema was asked"):
        load_plan(path)
