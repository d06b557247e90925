"""The parts every format shares: reading sources with positions, JSON Schema in and
out, writing plan files, recognising formats, and JSON Schema import/export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.diagnostics import TracklintError
from linter.interop import import_plan
from linter.interop.common import PlanBuilder, parse_flag, platform_name
from linter.interop.problems import Where
from linter.interop.registry import format_named
from linter.interop.schema_in import SchemaReader
from linter.interop.schema_out import property_schema
from linter.interop.sources import load_csv, load_json
from linter.interop.write import SPLIT_AT, plan_files, render_plan
from linter.plan.build import build_plan
from linter.plan.compile import property_schema as compiled_schema
from linter.plan.loader import load_plan
from linter.plan.source import Position
from linter.validation.values import make_validator

from .conftest import EXAMPLE
from .interop_support import DATA, contract_changes, inline_globals, invoke

IGLU = DATA / "iglu" / "schemas"


def _error(call: Any) -> TracklintError:
    with pytest.raises(TracklintError) as caught:
        call()
    return caught.value


# -- sources ---------------------------------------------------------------------------


def test_json_values_are_located_by_line_and_pointer():
    path = DATA / "segment" / "typewriter-plan.json"
    document = load_json(path, "plan.json")
    lines = path.read_text(encoding="utf-8").splitlines()
    where = document.where("rules", 3, "key")
    assert where.pointer == "/rules/3/key"
    assert lines[where.line - 1][where.column - 1:].startswith('"Custom Violation Handler"')
    # A path that does not exist is placed at its nearest existing parent.
    missing = document.where("rules", 3, "nope")
    assert missing.line == document.where("rules", 3).line
    assert missing.pointer == "/rules/3/nope"


def test_every_json_value_is_located_where_it_starts():
    path = DATA / "segment" / "typewriter-telemetry-plan.json"
    text = path.read_text(encoding="utf-8")
    document = load_json(path, "plan.json")
    decoder = json.JSONDecoder()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def walk(value: Any, keys: tuple[Any, ...]) -> None:
        where = document.where(*keys)
        offset = starts[where.line - 1] + where.column - 1
        assert decoder.raw_decode(text, offset)[0] == value
        children = value.items() if isinstance(value, dict) else (
            enumerate(value) if isinstance(value, list) else ())
        for key, child in children:
            walk(child, (*keys, key))

    walk(document.data, ())


def test_invalid_json_is_reported_at_its_line_and_column(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{\n  "rules": [\n    {"key": "A",}\n  ]\n}\n', encoding="utf-8")
    problem = _error(lambda: load_json(path, "rules.json")).diagnostics[0]
    assert (problem.code, problem.path, problem.line) == ("TL601", "rules.json", 3)
    assert "invalid JSON" in problem.message and problem.hint


def test_a_file_that_is_not_utf8_is_reported_at_the_byte(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(b"Event Name,Property Name\nCaf\xe9 Opened,x\n")
    problem = _error(lambda: load_csv(path, "plan.csv")).diagnostics[0]
    assert (problem.code, problem.line, problem.column) == ("TL601", 2, 4)
    assert "0xe9" in problem.message


def test_csv_rows_know_the_line_they_start_on(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text('Event;Description\nA;"two\nlines"\n\nB;x\n', encoding="utf-8")
    table = load_csv(path, "plan.csv")
    assert table.header == ["Event", "Description"]
    assert [(row.line, row.get("Event")) for row in table.rows] == [(2, "A"), (5, "B")]
    assert table.rows[0].get("Description") == "two\nlines"


def test_a_csv_row_longer_than_its_header_is_named(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Event,Property\nA,b\nC,d,e\n", encoding="utf-8")
    problem = _error(lambda: load_csv(path, "plan.csv")).diagnostics[0]
    assert (problem.code, problem.line) == ("TL603", 3)
    assert "3 cells but the header names 2 columns" in problem.message


def test_helpers_read_what_spreadsheets_hold():
    assert platform_name(" iOS ") == "ios"
    assert platform_name("Apple TV") == "apple-tv"
    assert platform_name("3rd party") == "p-3rd-party"
    assert platform_name("  ") is None
    assert [parse_flag(v) for v in ("TRUE", "Yes", "x", "", "no", "maybe")] == [
        True, True, True, False, False, None]


def test_an_event_defined_twice_keeps_the_first_and_names_both_places():
    builder = PlanBuilder()
    assert builder.add_event("A", {"description": "one"}, Where("a.csv", 2))
    assert not builder.add_event("A", {"description": "two"}, Where("a.csv", 9))
    problem = builder.diagnostics[0]
    assert (problem.code, problem.line) == ("TL603", 9)
    assert "a.csv:2" in problem.message
    assert builder.result().data["events"]["A"] == {"description": "one"}


# -- JSON Schema in and out ------------------------------------------------------------


def _read(schema: dict[str, Any]) -> dict[str, Any]:
    reader = SchemaReader(schema, lambda at: Where("s.json"))
    return reader.properties(schema, ())


def test_json_schema_keywords_become_plan_fields():
    found = _read({
        "type": "object", "required": ["when", "tier"],
        "properties": {
            "when": {"type": ["string", "null"], "format": "date-time", "description": "d"},
            "tier": {"enum": ["free", "pro", None]},
            "count": {"type": "integer", "minimum": 0, "exclusiveMaximum": True,
                      "maximum": 10, "multipleOf": 2},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 8},
                     "maxItems": 3},
            "pair": {"type": "array", "items": [{"type": "string"}, {"type": "number"}]},
            "either": {"type": ["string", "integer", "null"]},
            "fixed": {"const": 3, "id": "/properties/fixed"},
        }})
    assert found["when"] == {"required": True, "type": "datetime", "description": "d",
                             "nullable": True}
    assert found["tier"] == {"required": True, "type": "string", "nullable": True,
                             "enum": ["free", "pro"]}
    assert found["count"] == {"type": "integer", "minimum": 0,
                              "schema": {"exclusiveMaximum": 10, "multipleOf": 2}}
    assert found["tags"] == {"type": "array", "max_items": 3,
                             "items": {"type": "string", "max_length": 8}}
    assert found["pair"] == {"type": "array", "schema": {
        "prefixItems": [{"type": "string"}, {"type": "number"}]}}
    assert found["either"] == {"type": "any", "nullable": True,
                               "schema": {"type": ["string", "integer", "null"]}}
    assert found["fixed"] == {"type": "integer", "enum": [3]}


def test_local_references_are_inlined_and_remote_ones_reported():
    schema = {"definitions": {"money": {"type": "number", "minimum": 0}},
              "properties": {"price": {"$ref": "#/definitions/money", "description": "p"},
                             "far": {"$ref": "https://example.com/x.json"}}}
    reader = SchemaReader(schema, lambda at: Where("s.json", pointer="/".join(map(str, at))))
    found = reader.properties(schema, ())
    assert found["price"] == {"type": "number", "description": "p", "minimum": 0}
    assert found["far"] == {"type": "any", "schema": {"$ref": "https://example.com/x.json"}}
    assert [d.code for d in reader.diagnostics] == ["TL605"]
    assert "points outside the document" in reader.diagnostics[0].message


def test_references_inside_kept_fragments_are_inlined_and_recursion_stops():
    schema = {"definitions": {"money": {"type": "number"},
                              "node": {"type": "object", "properties": {
                                  "name": {"type": "string"},
                                  "child": {"$ref": "#/definitions/node"}}}},
              "properties": {"pair": {"type": "array", "items": [{"$ref": "#/definitions/money"},
                                                                  {"type": "string"}]},
                             "tree": {"$ref": "#/definitions/node"}}}
    reader = SchemaReader(schema, lambda at: Where("s.json"))
    found = reader.properties(schema, ())
    assert found["pair"]["schema"] == {"prefixItems": [{"type": "number"}, {"type": "string"}]}
    assert found["tree"]["properties"]["child"] == {
        "type": "any", "schema": {"$ref": "#/definitions/node"}}
    assert [d.message for d in reader.diagnostics] == [
        "the reference '#/definitions/node' refers back to itself (a recursive schema); it "
        "is kept as written, under schema:"]


def _iglu_schemas() -> list[Path]:
    return sorted(p for p in IGLU.rglob("*") if p.is_file())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10_000_000) | st.floats(-10, 1e7)
    | st.text(max_size=5) | st.sampled_from(["add_to_cart", "", "x" * 300, "USD"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "name", "price", "type", "currency", "quantity"]), children,
        max_size=3),
    max_leaves=6)


@pytest.mark.parametrize("path", _iglu_schemas(), ids=lambda p: "/".join(p.parts[-4:]))
@settings(max_examples=60, deadline=None)
@given(value=st.dictionaries(st.sampled_from(
    ["id", "name", "price", "type", "quantity", "currency", "targetUrl", "elementId",
     "list_price", "step", "total_value", "transaction_id", "revenue"]), json_values,
    max_size=5))
def test_imported_properties_accept_exactly_what_the_original_schema_accepts(path, value):
    """A real Iglu schema (draft 4) and the plan properties read from it agree on every value."""
    original = json.loads(path.read_text(encoding="utf-8"))
    definitions = _read(original)
    plan = build_plan({"events": {"E": {"properties": definitions,
                                        "additional_properties": original.get(
                                            "additionalProperties", True) is not False}}},
                      lambda key: Position("p", 1, 1), ("p",))
    event = plan.events["E"]
    compiled = {"type": "object", "properties": {
        p.name: compiled_schema(p, "web", event.additional_properties)
        for p in event.properties}}
    required = [p.name for p in event.properties if p.required_on]
    if required:
        compiled["required"] = required
    if not event.additional_properties:
        compiled["additionalProperties"] = False
    draft4 = {k: v for k, v in original.items() if k not in ("self", "$schema")}
    assert (make_validator(compiled).is_valid(value)
            == make_validator({"$schema": "http://json-schema.org/draft-04/schema#", **draft4})
            .is_valid(value))


def test_plan_properties_are_written_in_the_readers_draft(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          E:
            properties:
              n: {type: integer, nullable: true, enum: [1, 2], schema: {exclusiveMinimum: 0}}
              when: {type: datetime, deprecated: true, examples: ["2024-01-01T00:00:00Z"]}
              rows: {type: array, schema: {prefixItems: [{type: string}]}}
        """))
    props = {p.name: p for p in plan.events["E"].properties}
    everywhere = frozenset(plan.platforms)
    assert property_schema(props["n"], everywhere, "draft-04") == {
        "type": ["integer", "null"], "enum": [1, 2, None], "minimum": 0,
        "exclusiveMinimum": True}
    assert property_schema(props["n"], everywhere, "draft-07")["exclusiveMinimum"] == 0
    assert property_schema(props["when"], everywhere, "draft-07") == {
        "type": "string", "format": "date-time", "deprecated": True,
        "examples": ["2024-01-01T00:00:00Z"]}
    assert property_schema(props["rows"], everywhere, "draft-07") == {
        "type": "array", "items": [{"type": "string"}]}


# -- writing plan files ----------------------------------------------------------------


def test_written_plans_read_back_as_exactly_the_imported_data():
    data = {"version": "1.0.0", "platforms": ["web", "ios"], "x-segment": {"id": "tp_1"},
            "events": {
                "yes": {"description": "Quotes: 'a' \"b\"\nand a second line", "tags": ["a:b"],
                        "properties": {
                            "on": {"type": "string", "enum": ["yes", "no", "0o17", "1e3"]},
                            "- dash": {"type": "object", "properties": {
                                "#": {"type": "number", "minimum": 0}}},
                            "long": {"type": "string", "description": "x" * 150},
                            "raw": {"type": "any", "schema": {"anyOf": [{"type": "string"},
                                                                        {"const": 1}]}}}},
                "Empty": {}}}
    text = render_plan(data)
    assert yaml.safe_load(text) == data
    assert "  yes:\n" not in text  # YAML 1.1 would read an unquoted yes as true


def test_a_folder_plan_splits_events_by_category():
    data = {"version": "1.0.0", "events": {
        "A": {"category": "Checkout / Payment"}, "B": {}, "C": {"category": "Search"}}}
    files = {str(f.path): yaml.safe_load(f.text) for f in plan_files(data, folder=True)}
    assert set(files) == {"plan.yaml", "events/checkout-payment.yaml",
                          "events/uncategorised.yaml", "events/search.yaml"}
    assert files["plan.yaml"] == {"version": "1.0.0", "events": {}}
    assert files["events/checkout-payment.yaml"] == {"events": {
        "A": {"category": "Checkout / Payment"}}}


def test_a_large_plan_without_categories_is_split_by_first_word():
    events = {f"{noun} {verb}": {} for noun in ("Order", "Cart", "Product")
              for verb in ("Created", "Viewed", "Deleted", "Updated", "Shared", "Copied",
                           "Moved", "Archived", "Restored", "Exported", "Imported",
                           "Printed", "Starred", "Pinned")}
    assert len(events) > SPLIT_AT
    files = [str(f.path) for f in plan_files({"events": events}, folder=True)]
    assert files == ["plan.yaml", "events/order.yaml", "events/cart.yaml",
                     "events/product.yaml"]


# -- formats ---------------------------------------------------------------------------


def test_an_unknown_format_name_gets_did_you_mean_and_the_list():
    problem = _error(lambda: format_named("jsonshema")).diagnostics[0]
    assert problem.code == "TL602" and "unknown format 'jsonshema'" in problem.message
    assert "did you mean 'jsonschema'?" in (problem.hint or "")
    assert "the formats are: segment, mixpanel, amplitude" in (problem.hint or "")


def test_a_file_no_format_recognises_is_an_error_listing_the_formats(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    problem = _error(lambda: import_plan(path)).diagnostics[0]
    assert problem.code == "TL602" and problem.path == str(path)
    assert "pass --from FORMAT" in (problem.hint or "")


def test_a_missing_source_is_named(tmp_path):
    problem = _error(lambda: import_plan(tmp_path / "nope.json")).diagnostics[0]
    assert (problem.code, problem.message) == ("TL601", "no such file or directory")


# -- JSON Schema, the format ----------------------------------------------------------


def test_json_schema_export_and_import_round_trip_the_example(tmp_path):
    out = tmp_path / "schemas"
    exported = invoke("plan", "export", "--plan", str(EXAMPLE / "plan"), "--out", str(out))
    assert exported.exit_code == 0, exported.output
    imported = invoke("plan", "import", str(out), "--out", str(tmp_path / "plan.yaml"))
    assert imported.exit_code == 0, imported.output
    assert "Imported 16 events from" in imported.output and "plan check passed" in imported.output
    original = inline_globals(load_plan(EXAMPLE / "plan"))
    again = load_plan(tmp_path / "plan.yaml")
    assert contract_changes(original, again) == []
    for name, event in original.events.items():
        back = again.events[name]
        assert (back.owner, back.status, back.identity, back.replaced_by, back.description,
                set(back.platforms)) == (event.owner, event.status, event.identity,
                                         event.replaced_by, event.description,
                                         set(event.platforms))


def test_the_bundle_imports_like_the_folder(tmp_path):
    bundle = tmp_path / "bundle.json"
    assert invoke("plan", "export", "--plan", str(EXAMPLE / "plan"), "--bundle",
                  str(bundle)).exit_code == 0
    _, result = import_plan(bundle)
    assert result.data["version"] == load_plan(EXAMPLE / "plan").version
    assert len(result.data["events"]) == 16


def test_a_generic_json_schema_is_one_event_named_by_its_title(tmp_path):
    path = tmp_path / "checkout.json"
    path.write_text(json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#", "title": "Checkout Started",
        "type": "object", "properties": {"cart_id": {"type": "string"}},
        "required": ["cart_id"], "allOf": [{"required": ["cart_id"]}]}), encoding="utf-8")
    chosen, result = import_plan(path)
    assert chosen.name == "jsonschema"
    assert result.data["events"] == {"Checkout Started": {
        "additional_properties": True,
        "properties": {"cart_id": {"required": True, "type": "string"}}}}
    assert [(d.code, d.pointer) for d in result.diagnostics] == [("TL605", "/allOf")]


# -- what the plan keeps for other tools -----------------------------------------------


def test_the_plan_keeps_categories_descriptions_and_x_keys(write):
    plan = load_plan(write("plan.yaml", """\
        description: The shop's events
        x-segment: {id: tp_1}
        events:
          A:
            category: Checkout
            x-mixpanel: {hidden: true}
            properties:
              p: {type: string, examples: [a, b], x-amplitude: {visibility: HIDDEN}}
        """))
    assert plan.description == "The shop's events"
    assert dict(plan.extensions) == {"x-segment": {"id": "tp_1"}}
    event = plan.events["A"]
    assert event.category == "Checkout"
    assert dict(event.extensions) == {"x-mixpanel": {"hidden": True}}
    prop = event.properties[0]
    assert prop.examples == ("a", "b")
    assert dict(prop.extensions) == {"x-amplitude": {"visibility": "HIDDEN"}}


def test_plan_diff_shows_category_and_x_key_changes_as_documentation(write):
    from linter.plan.diff import diff_plans

    old = load_plan(write("old.yaml", "events: {A: {category: One, x-mp: {hidden: false}}}"))
    new = load_plan(write("new.yaml", "events: {A: {category: Two, x-mp: {hidden: true}}}"))
    changes = {(c.kind, c.bump.value, c.message) for c in diff_plans(old, new)}
    assert changes == {("event-category", "patch", "the category of event 'A' changed"),
                       ("event-extension", "patch", "x-mp of event 'A' changed")}
