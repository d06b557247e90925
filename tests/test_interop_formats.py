"""Each format on the vendors' own samples (tests/data/interop/*/SOURCES.md): what is
imported, what is reported, and what an export looks like to the tool that reads it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.diagnostics import TracklintError
from linter.interop import ExportOptions, ExportSettingMissing, export_plan, import_plan
from linter.interop.amplitude import COLUMNS
from linter.interop.registry import FORMATS
from linter.interop.write import render_plan
from linter.plan.build import build_plan
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.plan.source import Position

from .conftest import EXAMPLE
from .interop_support import DATA, contract_changes, project

SEGMENT = DATA / "segment"
AMPLITUDE = DATA / "amplitude"
RUDDER = DATA / "rudderstack"
SHEETS = DATA / "spreadsheet"


def _import(path: Path, name: str | None = None) -> tuple[str, dict[str, Any], list[Any]]:
    chosen, result = import_plan(path, name)
    return chosen.name, result.data, result.diagnostics


def _plan(data: dict[str, Any]) -> Plan:
    return build_plan(data, lambda key: Position("imported.yaml", 1, 1), ("imported.yaml",))


def _loaded(data: dict[str, Any], tmp_path: Path) -> Plan:
    """Plan data written as a plan file and loaded back, as ``plan import`` does."""
    path = tmp_path / "imported.yaml"
    path.write_text(render_plan(data), encoding="utf-8")
    return load_plan(path)


def _error(call: Any) -> Any:
    with pytest.raises(TracklintError) as caught:
        call()
    return caught.value.diagnostics[0]


def _codes(diagnostics: list[Any]) -> list[str]:
    return [d.code for d in diagnostics]


# -- Segment Protocols -----------------------------------------------------------------


def test_segment_typewriter_plan_imports_every_track_rule():
    name, data, diagnostics = _import(SEGMENT / "typewriter-plan.json")
    events = data["events"]
    assert name == "segment" and len(events) == 25 and diagnostics == []
    assert data["description"] == "Typewriter E2E"
    assert events["Enum Types"]["properties"] == {
        "string const": {"type": "string", "enum": ["Rick Sanchez"],
                         "description": "A string property that only accepts a single enum "
                                        "value."},
        "string enum": {"type": "string", "enum": ["Evil Morty", "Lawyer Morty"],
                        "description": "A string property that accepts multiple enum values."}}
    nullable = events["Every Nullable Required Type"]["properties"]
    assert nullable["required int"] == {"required": True, "type": "integer",
                                        "description": "Required integer property",
                                        "nullable": True}
    assert nullable["required string with regex"]["pattern"] == "Evil Morty|Lawyer Morty"
    assert events["Union Type"]["properties"]["universe_name"] == {
        "required": True, "type": "any", "nullable": True,
        "schema": {"type": ["string", "integer", "null"]}}
    # No additionalProperties in Segment's schemas: unplanned properties are allowed.
    assert events["Empty Event"] == {
        "description": "Validates that a generated client supports events with no explicit "
                       "properties. It is expected that this event accepts ANY properties.",
        "additional_properties": True, "properties": {}}


def test_segment_typewriter_telemetry_plan_keeps_nested_objects_and_arrays():
    _, data, _ = _import(SEGMENT / "typewriter-telemetry-plan.json")
    config = data["events"]["Command Build"]["properties"]["config"]
    assert config["type"] == "object" and config["required"] is True
    plans = config["properties"]["trackingPlans"]
    assert plans["type"] == "array"
    assert plans["items"]["properties"]["id"] == {"type": "string",
                                                  "description": "Tracking Plan ID"}


def test_segment_config_api_plan_reads_labels_as_tags(tmp_path):
    name, data, _ = _import(SEGMENT / "typewriter-plan-v1.json")
    assert name == "segment" and len(data["events"]) == 24
    event = data["events"]["42_--terrible==\\\"event'++name~!3"]
    assert event["tags"] == ["area:account", "type:contacts"]
    plan = _loaded(data, tmp_path)
    assert plan.events["Enum Types"].property("string enum").enum == ("Evil Morty",
                                                                     "Lawyer Morty")


def test_segment_public_api_response_unwraps_the_event_properties():
    _, data, _ = _import(SEGMENT / "papi-rules-response.json")
    assert data["events"] == {"Add Rule": {"additional_properties": True, "properties": {}}}


def _rules(*rules: dict[str, Any]) -> str:
    return json.dumps({"data": {"rules": list(rules)}}, indent=2)


def test_segment_rules_of_every_kind(tmp_path):
    """Properties under properties.properties, the newest version, COMMON, traits, labels."""
    wrapped = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
               "labels": {"owner": "growth", "platforms": "web,ios", "priority": "high"},
               "description": "Paid", "definitions": {"id": {"type": "string", "minLength": 1}},
               "properties": {
                   "context": {"type": "object", "required": ["ip"]}, "traits": {},
                   "properties": {"type": "object", "additionalProperties": False,
                                  "required": ["order_id"],
                                  "properties": {"order_id": {"$ref": "#/definitions/id"}}}}}
    path = tmp_path / "rules.json"
    path.write_text(_rules(
        {"key": "Order Completed", "type": "TRACK", "version": 1,
         "jsonSchema": {"properties": {"properties": {"properties": {"old": {}}}}}},
        {"key": "Order Completed", "type": "TRACK", "version": 2, "jsonSchema": wrapped,
         "deprecatedAt": "2024-01-01T00:00:00.000Z"},
        {"type": "COMMON", "version": 1, "jsonSchema": {"properties": {
            "properties": {"properties": {"app_version": {"type": "string"}}}}}},
        {"type": "IDENTIFY", "version": 1, "jsonSchema": {"properties": {
            "traits": {"properties": {"email": {"type": "string"}}}}}},
        {"type": "PAGE", "key": "Home", "version": 1, "jsonSchema": {}},
        {"type": "TRACK", "version": 1, "jsonSchema": {}}), encoding="utf-8")
    _, data, diagnostics = _import(path)
    assert data["events"] == {"Order Completed": {
        "description": "Paid", "owner": "growth", "platforms": ["web", "ios"],
        "tags": ["priority:high"], "status": "deprecated", "x-segment": {"version": 2},
        "properties": {"order_id": {"required": True, "type": "string", "min_length": 1}}}}
    assert "platforms" not in data  # tracklint's default platforms, web and ios among them
    assert data["global_properties"] == {"app_version": {"type": "string"}}
    assert data["x-segment"]["identify"]["properties"] == {"email": {"type": "string"}}
    assert [r["key"] for r in data["x-segment"]["rules"]] == ["Home"]
    older = [d for d in diagnostics if d.message.startswith(
        "version 1 of event 'Order Completed' is not imported")]
    assert [(d.code, d.pointer) for d in older] == [("TL605", "/data/rules/0/version")]
    assert older[0].line == 7
    messages = " | ".join(d.message for d in diagnostics)
    assert "the context constraints of event 'Order Completed' are not imported" in messages
    assert "identify traits ('email') have no place" in messages
    assert "the page rule 'Home' has no place" in messages
    no_key = [d for d in diagnostics if d.code == "TL603"]
    assert no_key and "without a key" in no_key[0].message
    assert no_key[0].pointer == "/data/rules/5"


def test_segment_common_schema_from_the_documentation(tmp_path):
    """Its properties.properties are global properties; context and traits are kept."""
    common = json.loads((SEGMENT / "common-json-schema.json").read_text(encoding="utf-8"))
    path = tmp_path / "rules.json"
    path.write_text(_rules({"type": "COMMON", "version": 1, "jsonSchema": common}),
                    encoding="utf-8")
    _, data, diagnostics = _import(path)
    assert data["global_properties"] == {"primary_business_unit": {"required": True,
                                                                   "type": "string"}}
    assert data["x-segment"]["common"] == common
    assert [d.code for d in diagnostics] == ["TL605"]
    assert "'context', 'anonymousId', 'userId', 'traits' are kept under x-segment" in \
        diagnostics[0].message
    plan = _loaded(data, tmp_path)
    _, result = export_plan(plan, "segment")
    rule = json.loads(result.files[0].text)["rules"][-1]
    assert rule["type"] == "COMMON"
    assert rule["jsonSchema"]["properties"]["context"] == common["properties"]["context"]
    assert rule["jsonSchema"]["required"] == common["required"]


def test_segment_export_is_the_replace_rules_body_and_reads_back(tmp_path):
    plan = load_plan(EXAMPLE / "plan")
    _, result = export_plan(plan, "segment")
    body = json.loads(result.files[0].text)
    rules = {r.get("key") or r["type"]: r for r in body["rules"]}
    order = rules["Order Completed"]["jsonSchema"]
    assert rules["Order Completed"]["type"] == "TRACK"
    assert order["properties"]["properties"]["additionalProperties"] is False
    assert "order_id" in order["properties"]["properties"]["required"]
    assert order["labels"]["owner"] == "checkout"
    assert rules["COMMON"]["jsonSchema"]["properties"]["properties"]["properties"].keys() == {
        g.name for g in plan.global_properties}
    # Segment has no platforms: a global property required on mobile only is optional.
    lost = [d.message for d in result.diagnostics if d.code == "TL604"]
    # Said once: where it exists and that it is required there, not twice over.
    assert any("global properties: 'app_version' only on android, ios (required there);" in m
               for m in lost)
    path = tmp_path / "rules.json"
    path.write_text(result.files[0].text, encoding="utf-8")
    _, data, _ = _import(path)
    again = _loaded(data, tmp_path)
    for name, event in plan.events.items():
        if event.status == "removed":
            assert name not in again.events
            continue
        back = again.events[name]
        assert (back.owner, back.status, back.identity, back.replaced_by, back.tags,
                set(back.platforms)) == (event.owner, event.status, event.identity,
                                         event.replaced_by, event.tags, set(event.platforms))


def test_any_json_schema_of_an_event_imports_as_plain_json_schema():
    """Mixpanel's documented event schema (draft-07), read without its Mixpanel meaning."""
    _, data, diagnostics = _import(DATA / "mixpanel" / "item-purchased.json", "jsonschema")
    event = data["events"]["item-purchased"]
    assert event["description"] == "Tracked when a user adds an item to their cart."
    assert event["properties"]["item_price"]["type"] == "number"
    assert event["properties"]["date_added_to_catalog"]["type"] == "datetime"
    assert [(d.code, d.pointer) for d in diagnostics] == [("TL605", "/metadata")]


# -- Mixpanel Lexicon ------------------------------------------------------------------


MIXPANEL_SAMPLE = DATA / "mixpanel" / "item-purchased.json"


def test_mixpanel_schema_from_the_documentation():
    name, data, diagnostics = _import(MIXPANEL_SAMPLE)
    assert name == "mixpanel" and diagnostics == []
    event = data["events"]["Item Purchased"]
    assert event["description"] == "Tracked when a user adds an item to their cart."
    assert event["owner"] == "First Last" and event["tags"] == ["Shopping", "KPIs"]
    assert event["properties"]["date_added_to_catalog"] == {
        "type": "datetime", "description": "The date this item was added to the store catalog",
        "examples": ["2015-03-05T15:25:23"], "x-mixpanel": {"displayName": "Date Added"}}
    assert [p for p, d in event["properties"].items() if d.get("required")] == [
        "item_name", "item_id", "item_price"]


def test_mixpanel_list_response_with_profiles_and_dropped_events(tmp_path):
    schema = json.loads(MIXPANEL_SAMPLE.read_text(encoding="utf-8"))
    dropped = {**schema, "metadata": {"com.mixpanel": {"dropped": True,
                                                       "tags": ["replaced_by:Item Purchased"]}}}
    path = tmp_path / "schemas.json"
    path.write_text(json.dumps({"results": [
        {"entityType": "event", "name": "Item Purchased", "schemaJson": schema},
        {"entityType": "event", "name": "Old Purchase", "schemaJson": dropped},
        {"entityType": "profile", "name": "$user", "schemaJson": {"properties": {
            "plan": {"type": "string"}}}}], "status": "ok"}), encoding="utf-8")
    _, data, diagnostics = _import(path)
    assert data["events"]["Old Purchase"]["status"] == "removed"
    assert data["events"]["Old Purchase"]["replaced_by"] == "Item Purchased"
    assert data["x-mixpanel"]["profile"]["$user"]["properties"] == {"plan": {"type": "string"}}
    assert _codes(diagnostics) == ["TL605"] and "profile schema '$user'" in diagnostics[0].message


def test_mixpanel_export_writes_what_lexicon_accepts(tmp_path):
    plan = load_plan(EXAMPLE / "plan")
    _, result = export_plan(plan, "mixpanel")
    body = json.loads(result.files[0].text)
    assert body["truncate"] is False
    entry = next(e for e in body["entries"] if e["name"] == "Order Completed")
    schema = entry["schemaJson"]
    assert entry["entityType"] == "event"
    assert schema["metadata"]["com.mixpanel"]["teamContacts"] == ["checkout"]
    allowed = {"type", "description", "examples", "metadata", "format"}
    assert all(set(p) <= allowed for p in schema["properties"].values())
    lost = [d.message for d in result.diagnostics if d.event == "Order Completed"]
    assert len(lost) == 1 and "property 'plan_type' enum [free, pro, enterprise]" in lost[0]
    assert "property 'items' items of type object, item constraints, min_items 1" in lost[0]
    deprecated = next(e for e in body["entries"] if e["name"] == "Signed Up")
    meta = deprecated["schemaJson"]["metadata"]["com.mixpanel"]
    assert "status:deprecated" in meta["tags"] and meta["dropped"] is False


# -- Amplitude Data --------------------------------------------------------------------


def test_amplitude_csv_export_from_amplitude_data():
    name, data, diagnostics = _import(AMPLITUDE / "corp-site-events-excerpt.csv")
    events = data["events"]
    assert name == "amplitude"
    assert list(events) == ["marketo: fetch known user data", "marketo: form load",
                            "marketo: known user response", "marketo: on validate",
                            "Tab Clicked", "TEST", "test ampli new corpsite", "test_event"]
    assert events["marketo: form load"]["platforms"] == ["web"]  # its Event Source
    assert "platforms" not in events["TEST"]
    assert events["marketo: form load"]["properties"]["cookie sync state"] == {
        "type": "string", "enum": ["no local storage cookie", "mismatch", "match"]}
    assert events["Tab Clicked"]["category"] == "website navigation"
    assert events["Tab Clicked"]["properties"]["pageUrl"] == {"type": "string",
                                                              "required": True}
    assert events["TEST"]["status"] == "removed"  # IGNORE, DELETED
    assert events["test ampli new corpsite"]["properties"]["number property"] == {
        "type": "number", "required": True}
    unexpected = [d for d in diagnostics if "UNEXPECTED" in d.message]
    assert len(unexpected) == 5 and unexpected[0].line == 2
    assert "'[Amplitude] Session Replay ID'" in unexpected[0].message


def test_amplitude_rows_of_an_unplanned_event_are_not_imported(tmp_path):
    source = (AMPLITUDE / "corp-site-events-excerpt.csv").read_text(encoding="utf-8")
    row = ",Event,marketo: form load,,,,,,,ACTIVE,"
    assert row in source
    path = tmp_path / "edited.csv"
    path.write_text(source.replace(row, ",Event,marketo: form load,,,,,,UNEXPECTED,ACTIVE,"),
                    encoding="utf-8")
    _, data, diagnostics = _import(path)
    assert "marketo: form load" not in data["events"]
    assert "cookie sync state" not in data["events"]["marketo: fetch known user data"][
        "properties"]
    assert any(d.line == 5 and "event 'marketo: form load' was seen by Amplitude but is not "
               "planned (UNEXPECTED)" in d.message for d in diagnostics)


def test_amplitude_taxonomy_api_answers_in_a_folder(tmp_path):
    folder = tmp_path / "taxonomy"
    folder.mkdir()
    for file in ("taxonomy-events.json", "taxonomy-event-properties.json"):
        shutil.copy(AMPLITUDE / file, folder / file)
    name, data, _ = _import(folder)
    assert name == "amplitude"
    events = data["events"]
    assert events["Attribution"]["category"] == "Attribution Events"
    assert events["Conversation"]["x-amplitude"] == {"display_name": "User Conversion",
                                                     "activity": "INACTIVE"}
    assert events["Onboard Start"]["properties"] == {
        "Completed Task": {"type": "boolean",
                           "description": "User completed a task during onboarding.",
                           "x-amplitude": {"classifications": ["PII"]}},
        "Completed Tutorial": {"type": "any"}}


def test_amplitude_export_is_the_documented_csv_and_reads_back(tmp_path):
    _, data, _ = _import(AMPLITUDE / "corp-site-events-excerpt.csv")
    plan = _loaded(data, tmp_path)
    _, result = export_plan(plan, "amplitude")
    text = result.files[0].text
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    path = tmp_path / "again.csv"
    path.write_text(text, encoding="utf-8")
    _, again, _ = _import(path)
    assert again["events"] == data["events"]


def test_amplitude_csv_without_its_columns_is_named(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Object Type,Object Name\nEvent,A\n", encoding="utf-8")
    problem = _error(lambda: import_plan(path, "amplitude"))
    assert (problem.code, problem.line) == ("TL603", 1)
    assert "no 'Event Property Name' column" in problem.message


# -- Snowplow Iglu ---------------------------------------------------------------------


def test_iglu_registry_imports_the_newest_version_of_each_schema():
    name, data, diagnostics = _import(DATA / "iglu")
    events = data["events"]
    assert name == "iglu" and len(events) == 11
    assert events["link_click"]["x-snowplow"] == {"vendor": "com.snowplowanalytics.snowplow",
                                                  "version": "1-0-1"}
    assert "elementContent" in events["link_click"]["properties"]
    action = events["snowplow_ecommerce_action"]
    assert action["x-snowplow"]["version"] == "1-0-2"
    assert "additional_properties" not in action  # additionalProperties: false
    price = events["product"]["properties"]["price"]
    assert price == {"required": True, "type": "number",
                     "description": "The price of the product at the "
                     "current time.", "minimum": 0, "maximum": 9999999,
                     "schema": {"multipleOf": 0.01}}
    assert [d.message for d in diagnostics] == [
        "3 older schema versions are not imported: a plan holds the newest version of each "
        "schema, the registry keeps the history"]


def test_iglu_export_needs_a_vendor():
    plan = load_plan(EXAMPLE / "plan")
    with pytest.raises(ExportSettingMissing, match="pass --vendor"):
        export_plan(plan, "iglu")


def test_iglu_round_trip_keeps_every_schema(tmp_path):
    _, data, _ = _import(DATA / "iglu")
    plan = _loaded(data, tmp_path)
    _, result = export_plan(plan, "iglu", ExportOptions(previous=tmp_path / "empty"))
    out = tmp_path / "registry"
    for file in result.files:
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
    _, again, _ = _import(out)
    for name, event in data["events"].items():
        back = again["events"][name]
        assert back["properties"] == event["properties"], name
        assert back["x-snowplow"]["vendor"] == event["x-snowplow"]["vendor"]


# -- RudderStack -----------------------------------------------------------------------


def test_rudderstack_v1_project_from_rudder_cli_tests():
    name, data, diagnostics = _import(RUDDER / "v1-create")
    assert name == "rudderstack"
    assert data["events"] == {"Signup": {
        "description": "Triggered when a user signs up.", "category": "User Actions",
        "x-rudderstack": {"event_id": "signup", "rule_id": "signup_rule"},
        "properties": {
            "Email Address": {"required": True, "type": "string",
                              "description": "User's email address", "format": "email",
                              "min_length": 5, "max_length": 255},
            "User Metadata": {"type": "object", "description": "Optional user metadata "
                              "object or null", "nullable": True},
            "User Profiles": {"type": "array", "description": "List of user profile objects",
                              "items": {"type": "object"}}}}}
    messages = [d.message for d in diagnostics]
    assert any("the page rule 'page_view_rule' has no place" in m for m in messages)
    assert any("catalog events in no tracking plan are not imported: 'Checkout'" in m
               for m in messages)


def test_rudderstack_v0_1_project_resolves_custom_types_and_nesting():
    _, data, diagnostics = _import(RUDDER / "v0.1-typer")
    props = data["events"]["Some Track Event"]["properties"]
    # Catalog ids that are not the property names in snake_case are kept for export.
    assert props["someCustomObject"] == {
        "type": "object", "description": "some custom object property",
        "x-rudderstack": {"id": "some-custom-object"},
        "properties": {"someCustomString": {"required": True, "type": "string",
                                            "description": "some custom string property",
                                            "x-rudderstack": {"id": "some-custom-string"}},
                       "someInteger": {"type": "integer",
                                       "description": "some integer property",
                                       "x-rudderstack": {"id": "some-integer"}}}}
    assert props["someArrayOfStrings"]["items"] == {"type": "string"}
    assert props["someIntegerWithEnum"]["enum"][:2] == [200, 201]
    nested = props["someNestedObject"]["properties"]["someNestedLevel1"]["properties"]
    assert "someString" in nested["someNestedLevel2"]["properties"]
    variants = [d for d in diagnostics if "variants" in d.message]
    assert len(variants) == 2 and all(d.line for d in variants)


def test_rudderstack_bad_reference_names_the_known_ids(tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(RUDDER / "v1-create", folder)
    plan_file = folder / "trackingplan_v1.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
        "#property:email_address", "#property:email_adress"), encoding="utf-8")
    problem = _error(lambda: import_plan(folder))
    assert problem.code == "TL603" and problem.path.endswith("trackingplan_v1.yaml")
    assert "'#property:email_adress' names no property" in problem.message
    lines = plan_file.read_text(encoding="utf-8").splitlines()
    assert "email_address" in problem.hint
    assert "email_adress" in lines[problem.line - 1]


def test_rudderstack_export_is_a_rudder_v1_project_that_reads_back(tmp_path):
    plan = load_plan(EXAMPLE / "plan")
    _, result = export_plan(plan, "rudderstack", ExportOptions(name="Shop"))
    out = tmp_path / "project"
    for file in result.files:
        (out / file.path).parent.mkdir(parents=True, exist_ok=True)
        (out / file.path).write_text(file.text, encoding="utf-8")
    specs = {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in out.iterdir()}
    assert {s["version"] for s in specs.values()} == {"rudder/v1"}
    assert specs["tracking-plan.yaml"]["spec"]["display_name"] == "Shop"
    rule = specs["tracking-plan.yaml"]["spec"]["rules"][0]
    assert rule["event"].startswith("#event:") and rule["properties"][0]["property"].startswith(
        "#property:")
    _, data, _ = _import(out)
    again = _loaded(data, tmp_path)
    assert contract_changes(project(plan, FORMATS["rudderstack"].carries), again) == []


def test_rudderstack_export_keeps_the_imported_tracking_plan_name(tmp_path):
    _, data, _ = _import(RUDDER / "v1-create")
    plan = _loaded(data, tmp_path)
    _, result = export_plan(plan, "rudderstack")
    spec = yaml.safe_load(next(f.text for f in result.files
                               if f.path.name == "tracking-plan.yaml"))["spec"]
    assert (spec["id"], spec["display_name"]) == ("app_tracking", "App Tracking")
    _, named = export_plan(plan, "rudderstack", ExportOptions(name="Web App"))
    spec = yaml.safe_load(next(f.text for f in named.files
                               if f.path.name == "tracking-plan.yaml"))["spec"]
    assert (spec["id"], spec["display_name"]) == ("web_app", "Web App")


# -- spreadsheets ----------------------------------------------------------------------


def test_countly_schema_export_is_a_spreadsheet():
    name, data, diagnostics = _import(SHEETS / "countly-schema-export.csv")
    assert name == "csv"
    assert data["events"] == {"purchase": {
        "description": "Purchase event", "category": "Revenue",
        "properties": {"country": {"type": "string", "required": True},
                       "amount": {"type": "number"}}}}
    assert [d.message for d in diagnostics] == [
        "columns tracklint does not know are not imported: 'Segment Status'"]


@pytest.mark.parametrize(("sample", "expected"), [
    ("avo-ultimate-template-example.csv", {
        "description": "Sent when the user opens the app", "category": "App Lifecycle",
        "owner": "Growth", "platforms": ["ios", "android", "web"],
        "properties": {"Device Type": {"type": "string", "required": True,
                                       "description": "The type of client user is currently "
                                                      "using",
                                       "enum": ["iOS", "Android", "Web", "Desktop", "Fire"]}}}),
    ("avo-mixpanel-template-example.csv", {
        "description": "Sent when the user opens the app", "platforms": ["ios", "android", "web"],
        "properties": {"Device Type": {"type": "string", "description": "The client type",
                                       "enum": ["iOS", "Android", "Web", "Desktop", "Fire"]}}}),
    ("avo-segment-protocols-example.csv", {
        "owner": "Growth",
        "properties": {"Device Type": {"type": "string",
                                       "description": "Sent when the user opens the app",
                                       "enum": ["iOS", "Android", "Web", "Desktop"]}}}),
])
def test_avo_documented_spreadsheet_formats(sample, expected):
    name, data, _ = _import(SHEETS / sample)
    assert name == "csv"
    assert data["events"] == {"App Opened": expected}


def test_a_spreadsheet_without_an_event_column_says_which_names_work(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Name,Property,Type\nA,b,string\n", encoding="utf-8")
    problem = _error(lambda: import_plan(path, "csv"))
    assert (problem.code, problem.path, problem.line) == ("TL603", str(path), 1)
    assert "no column names the events" in problem.message
    assert "'Event Name'" in problem.hint


def test_spreadsheet_rows_group_nest_and_type(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Event Name,Description,Property,Data Type,Required,Allowed Values,Analysis\n"
        "Order Completed,,,,,,why\n"
        ",,order_id,String,TRUE,,\n"
        ",,items,Object,,,\n"
        ",,items.sku,string,yes,,\n"
        ",,page.url,string,,,\n"
        ",,tier,\"string,null\",\"ios, Android\",\"free; pro, plus\",\n"
        "*,,app_version,text,,,\n"
        "Refunded,Money back,,,,,\n"
        ",,amount,money,,,\n", encoding="utf-8")
    _, data, diagnostics = _import(path)
    order = data["events"]["Order Completed"]["properties"]
    assert order["items"] == {"type": "object", "properties": {
        "sku": {"type": "string", "required": True}}}
    assert order["page.url"] == {"type": "string"}
    assert order["tier"] == {"nullable": True, "type": "string", "required": ["ios", "android"],
                             "enum": ["free", "pro, plus"]}
    assert data["global_properties"] == {"app_version": {"type": "string"}}
    assert data["events"]["Refunded"]["description"] == "Money back"
    messages = [(d.line, d.message) for d in diagnostics]
    assert (1, "columns tracklint does not know are not imported: 'Analysis'") in messages
    assert any(line == 10 and "the type 'money' of property 'amount'" in m
               for line, m in messages)


def test_spreadsheet_export_reads_back_exactly(tmp_path):
    plan = load_plan(EXAMPLE / "plan")
    _, result = export_plan(plan, "csv")
    path = tmp_path / "plan.csv"
    path.write_text(result.files[0].text, encoding="utf-8")
    _, data, diagnostics = _import(path)
    assert diagnostics == []
    again = _loaded(data, tmp_path)
    assert contract_changes(plan, again) == []
    for name, event in plan.events.items():
        back = again.events[name]
        assert (back.owner, back.status, back.identity, back.replaced_by, back.tags,
                back.description, set(back.platforms)) == (
            event.owner, event.status, event.identity, event.replaced_by, event.tags,
            event.description, set(event.platforms))


# -- every sample: import, export, import ----------------------------------------------


SAMPLES = [
    (SEGMENT / "typewriter-plan.json", "segment"),
    (SEGMENT / "typewriter-plan-v1.json", "segment"),
    (SEGMENT / "typewriter-telemetry-plan.json", "segment"),
    (DATA / "mixpanel" / "item-purchased.json", "mixpanel"),
    (AMPLITUDE / "corp-site-events-excerpt.csv", "amplitude"),
    (DATA / "iglu", "iglu"),
    (RUDDER / "v1-create", "rudderstack"),
    (RUDDER / "v0.1-typer", "rudderstack"),
    (SHEETS / "countly-schema-export.csv", "csv"),
    (SHEETS / "avo-ultimate-template-example.csv", "csv"),
]


@pytest.mark.parametrize(("sample", "format_name"), SAMPLES,
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_a_sample_exported_again_imports_as_the_same_plan(sample, format_name, tmp_path):
    """What a vendor's file holds survives tracklint: import, export, import again."""
    _, first, _ = _import(sample, format_name)
    plan = _loaded(first, tmp_path)
    _, exported = export_plan(plan, format_name, ExportOptions(previous=tmp_path / "none"))
    out = tmp_path / "export"
    for file in exported.files:
        (out / file.path).parent.mkdir(parents=True, exist_ok=True)
        (out / file.path).write_text(file.text, encoding="utf-8")
    single = len(exported.files) == 1 and format_name not in ("iglu", "rudderstack")
    _, second, _ = _import(out / exported.files[0].path if single else out, format_name)
    assert second["events"] == first["events"]
    assert second.get("global_properties") == first.get("global_properties")
    assert second.get("platforms") == first.get("platforms")
