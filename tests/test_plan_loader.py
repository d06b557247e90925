"""Loading plans: the format, merging, and every loader error, located and in plain words."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml

from linter.diagnostics import TracklintError
from linter.plan import tree, yaml_source
from linter.plan.compile import CompiledPlan
from linter.plan.loader import load_plan
from linter.plan.source import MAX_FILE_BYTES

from .conftest import EXAMPLE

ISSUE_EXAMPLE = """\
version: 1.2.0
platforms: [web, ios, android, server]
additional_properties: false
properties:
  plan_type: {type: string, enum: [free, pro, enterprise], description: Subscription tier}
  price: {type: number, minimum: 0}
events:
  Order Completed:
    description: A checkout finished and was paid.
    owner: growth
    platforms: [web, ios, android, server]
    identity: required
    properties:
      order_id: {type: string, required: true}
      price: {ref: price, required: true}
      plan_type: {ref: plan_type}
      coupon: {type: string, nullable: true, max_length: 32}
      items: {type: array, items: {type: object, properties: {sku: {type: string, required: true}}}}
  Signed Up:
    status: deprecated
    replaced_by: Sign Up Completed
"""


def load_error(path: Path) -> TracklintError:
    with pytest.raises(TracklintError) as caught:
        load_plan(path)
    return caught.value


def test_the_documented_plan_format_loads_into_the_model(write):
    plan = load_plan(write("plan.yaml", ISSUE_EXAMPLE))
    order = plan.events["Order Completed"]
    assert plan.version == "1.2.0"
    assert order.identity == "required" and order.owner == "growth"
    price = order.property("price")
    assert price is not None and price.type == "number" and price.minimum == 0
    assert price.ref == "price" and price.required_on == frozenset(order.platforms)
    plan_type = order.property("plan_type")
    assert plan_type is not None and plan_type.enum == ("free", "pro", "enterprise")
    assert not plan_type.required_on
    coupon = order.property("coupon")
    assert coupon is not None and coupon.nullable and coupon.max_length == 32
    items = order.property("items")
    assert items is not None and items.items is not None
    assert items.items.child("sku") is not None
    signed_up = plan.events["Signed Up"]
    assert signed_up.status == "deprecated" and signed_up.replaced_by == "Sign Up Completed"
    assert signed_up.platforms == ("web", "ios", "android", "server")


def test_model_is_immutable(write):
    plan = load_plan(write("plan.yaml", ISSUE_EXAMPLE))
    with pytest.raises(AttributeError):
        plan.events["Order Completed"].owner = "someone"  # type: ignore[misc]
    with pytest.raises(TypeError):
        plan.events["New"] = plan.events["Order Completed"]  # type: ignore[index]


def test_every_compiled_schema_is_valid_json_schema_2020_12():
    compiled = CompiledPlan(load_plan(EXAMPLE / "plan"))
    schemas = compiled.all_schemas()
    assert len(schemas) > 30
    for _, _, schema in schemas:
        jsonschema.Draft202012Validator.check_schema(schema)


def test_compiled_schema_validates_payloads_per_platform():
    compiled = CompiledPlan(load_plan(EXAMPLE / "plan"))
    ios = jsonschema.Draft202012Validator(compiled.schema("Product Viewed", "ios"))
    web = jsonschema.Draft202012Validator(compiled.schema("Product Viewed", "web"))
    payload = {"product_id": "p1", "price": 12.5}
    assert web.is_valid(payload)
    assert not ios.is_valid(payload), "app_version is a required global property on ios"
    assert ios.is_valid({**payload, "app_version": "3.1.0"})
    assert not web.is_valid({**payload, "colour": "red"}), "unplanned properties are refused"


def test_schemas_are_compiled_once_and_cached():
    compiled = CompiledPlan(load_plan(EXAMPLE / "plan"))
    assert compiled.schema("Order Completed", "server") is compiled.schema(
        "Order Completed", "server")


def test_plan_directory_is_merged_deterministically(write, tmp_path):
    write("plan/plan.yaml", "version: 1.0.0\nplatforms: [web, server]\n")
    write("plan/events/b.yaml", "events:\n  B Happened: {}\n")
    write("plan/events/a.yaml", "events:\n  A Happened: {}\n")
    write("plan/properties/shared.json", json.dumps({"properties": {"price": "number"}}))
    write("plan/.hidden/ignored.yaml", "events:\n  Hidden: {}\n")
    plan = load_plan(tmp_path / "plan")
    assert list(plan.events) == ["A Happened", "B Happened"]
    assert "price" in plan.shared_properties
    assert plan.platforms == ("web", "server")
    assert [Path(s).name for s in plan.sources] == ["a.yaml", "b.yaml", "plan.yaml",
                                                    "shared.json"]


def test_a_name_defined_in_two_files_names_both_places(write, tmp_path):
    write("plan/a.yaml", "events:\n  Order Completed: {}\n")
    write("plan/b.yaml", "\n\nevents:\n  Order Completed: {owner: x}\n")
    error = load_error(tmp_path / "plan")
    [problem] = error.diagnostics
    assert problem.code == "TL004"
    assert problem.path and problem.path.endswith("b.yaml") and problem.line == 4
    assert "a.yaml:2:3" in problem.message


def test_a_key_defined_twice_in_one_mapping_is_an_error(write):
    error = load_error(write("plan.yaml", "events:\n  A: {}\n  B: {}\n  A: {}\n"))
    [problem] = error.diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL004", 4, 3)
    assert "first at" in problem.message and ":2:3" in problem.message


def test_every_format_problem_is_reported_at_once_with_its_line(write):
    path = write("plan.yaml", """\
        version: 1.2
        events:
          Order Completed:
            ownr: growth
            identity: mandatory
            properties:
              price: {type: numbr}
              coupon: {type: string, max_length: -1}
        """)
    problems = load_error(path).diagnostics
    by_line = {p.line: p for p in problems}
    assert set(by_line) == {1, 4, 5, 7, 8}
    assert all(p.code == "TL003" and p.path == str(path) for p in problems)
    assert "version" in by_line[1].message and "1.2.0" in by_line[1].message
    assert "unknown key 'ownr' in event 'Order Completed'" in by_line[4].message
    assert by_line[4].hint == "did you mean 'owner'?"
    assert by_line[5].message.startswith("'identity' of event 'Order Completed' must be one of")
    assert "'mandatory'" in by_line[5].message
    assert "'type' of property 'price'" in by_line[7].message
    assert by_line[7].hint == "did you mean 'number'?"
    assert "max_length" in by_line[8].message and "at least 0" in by_line[8].message


def test_an_empty_list_that_needs_items_says_how_many_in_words(write):
    [problem] = load_error(write("plan.yaml", "platforms: []\nevents: {}\n")).diagnostics
    assert (problem.line, problem.code) == (1, "TL003")
    assert problem.message == "'platforms' must list at least 1 item"


def test_format_errors_do_not_dump_validator_internals(write):
    path = write("plan.yaml", "events:\n  A:\n    properties:\n      x: {typ: string}\n")
    [problem] = load_error(path).diagnostics
    assert "is not valid under any of the given schemas" not in problem.message
    assert problem.message == "unknown key 'typ' in property 'x' of event 'A'"
    assert problem.hint == "did you mean 'type'?"


def test_json_plans_are_located_too(write):
    path = write("plan.json", '{\n  "events": {\n    "A": {"owner": 3}\n  }\n}\n')
    [problem] = load_error(path).diagnostics
    assert (problem.line, problem.code) == (3, "TL003")
    assert problem.message == "'owner' of event 'A' must be text, not the number 3"


def test_json_syntax_error_is_located(write):
    [problem] = load_error(write("plan.json", '{\n  "events": {,}\n}')).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL002", 2, 14)


def test_yaml_syntax_error_is_located(write):
    [problem] = load_error(write("plan.yaml", "events:\n  A: {owner: x\n  B: {}\n")).diagnostics
    assert problem.code == "TL002" and problem.line == 3
    assert problem.message.startswith("invalid YAML")


@pytest.mark.parametrize("content, expected", [
    ("", "the plan file is empty"),
    ("   \n# only a comment\n", "the plan file is empty"),
    ("- a\n- b\n", "the plan file holds a list, not a mapping"),
    ("just text\n", "the plan file holds a single value, not a mapping"),
])
def test_files_that_are_not_a_mapping(write, content, expected):
    [problem] = load_error(write("plan.yaml", content)).diagnostics
    assert problem.message == expected
    assert problem.line == 1 and problem.hint


def test_python_object_tags_are_refused(write, tmp_path):
    marker = tmp_path / "pwned"
    path = write("plan.yaml", f"events: !!python/object/apply:os.system ['touch {marker}']\n")
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL002" and problem.line == 1
    assert "python/object" in (problem.message + (problem.hint or ""))
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(write):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("events: {}")
    [problem] = load_error(write("plan.yaml", "\n".join(lines) + "\n")).diagnostics
    assert problem.code == "TL005" and "alias" in problem.message


def test_ten_thousand_deep_nesting_is_refused(write):
    [problem] = load_error(write("plan.yaml", "events: " + "[" * 10_000 + "]" * 10_000)
                           ).diagnostics
    assert problem.code == "TL005" and "nested more than" in problem.message
    deep_json = '{"events": ' + '{"a": ' * 10_000 + "1" + "}" * 10_000 + "}"
    [problem] = load_error(write("plan.json", deep_json)).diagnostics
    assert problem.code == "TL005"


@pytest.mark.parametrize("content, code, line, column, words", [
    ("events: &r [*r]\n", "TL005", 1, 9, "recursive alias"),
    ("a: &a {<<: *a}\n", "TL005", 1, 4, "recursive alias"),
    ("a: &a {b: {<<: *a}}\nevents: {}\n", "TL005", 1, 4, "recursive alias"),
    ("events: {<<: 5}\n", "TL003", 1, 14, "merge key (<<) must be given a mapping"),
    ("events: {<<: [{}, 5]}\n", "TL003", 1, 19, "merge key (<<) must be given a mapping"),
    ('events:\n  A: {description: "x\x00"}\n', "TL002", 2, 22, "U+0000"),
    ("events:\n  A: {description: x\x01}\n", "TL002", 2, 21, "U+0001"),
    ('events:\n  "A\\ud83d": {}\n', "TL002", 2, 3, "lone surrogate \\ud83d"),
    ('events:\n  A: {description: "\\ud83d\\ude00"}\n', "TL002", 2, 20, "lone surrogate"),
    ("events: {}\n---\nevents: {}\n", "TL002", 2, 1, "expected a single document"),
    ("x-a: &a 1\nx-b: &a 2\n", "TL002", 2, 6, "found duplicate anchor 'a'"),
    ("events: *nowhere\n", "TL002", 1, 9, "found undefined alias 'nowhere'"),
    ("events:\n  ? [A, B]\n  : {}\n", "TL003", 2, 5, "a mapping key must be a plain name"),
    ("events:\n  A: {x-n: 1" + "1" * 5000 + "}\n", "TL002", 2, 12, "cannot be read as a number"),
    ("events: !!set {A: null}\n", "TL002", 1, 9, "the tag tag:yaml.org,2002:set is not allowed"),
])
def test_hostile_yaml_gets_a_located_diagnostic(write, content, code, line, column, words):
    [problem] = load_error(write("plan.yaml", content)).diagnostics
    assert (problem.code, problem.line, problem.column) == (code, line, column)
    assert words in problem.message and problem.hint


@pytest.mark.parametrize("merge", [False, True])
def test_an_alias_chain_two_thousand_deep_is_refused(write, merge):
    lines = ["a0: &a0 {x: 1}"]
    lines += [f"a{i}: &a{i} {{<<: *a{i - 1}}}" if merge else f"a{i}: &a{i} [*a{i - 1}]"
              for i in range(1, 1_800)]
    [problem] = load_error(write("plan.yaml", "\n".join(lines) + "\nevents: {}\n")).diagnostics
    assert problem.code == "TL005" and "once its aliases are expanded" in problem.message


def test_a_merge_key_bomb_is_refused_quickly(write):
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: 1" for i in range(10)) + "}"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} {{<<: [{refs}], z{level}: 1}}")
    [problem] = load_error(write("plan.yaml", "\n".join(lines) + "\n")).diagnostics
    assert problem.code == "TL005" and "alias" in problem.message


def test_yaml_errors_are_told_in_pyyamls_words_with_libyaml_too(write):
    [problem] = load_error(write("plan.yaml", "events:\n\tA: {}\n")).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL002", 2, 1)
    assert problem.message == "invalid YAML: found character '\\t' that cannot start any token"


def test_values_repeated_by_an_alias_are_located_where_they_are_written(write):
    path = write("plan.yaml", """\
        x-money: &money
          type: numbr
        events:
          A Happened:
            properties:
              price: *money
              total:
                <<: *money
                description: The total
        """)
    problems = load_error(path).diagnostics
    assert [(p.line, p.column) for p in problems] == [(2, 3), (2, 3)]  # at "type: numbr"
    assert {p.message.split(" must ")[0] for p in problems} == {
        "'type' of property 'price' of event 'A Happened'",
        "'type' of property 'total' of event 'A Happened'"}


def test_merge_keys_follow_yaml_precedence(write):
    plan = load_plan(write("plan.yaml", """\
        x-a: &a {owner: a, description: from a}
        x-b: &b {owner: b, identity: required}
        events:
          E Happened:
            description: own
            <<: [*a, *b]
        """))
    event = plan.events["E Happened"]
    assert (event.owner, event.description, event.identity) == ("a", "own", "required")


@pytest.mark.parametrize("libyaml", [True, False])
def test_a_file_of_many_small_values_is_refused_while_reading(write, monkeypatch, libyaml):
    monkeypatch.setattr(tree, "MAX_VALUES", 20_000)
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml and yaml.__with_libyaml__)
    values = ",".join("1" for _ in range(200_000))
    path = write("plan.yaml", f"events:\n  A:\n    x-list: [{values}]\n")
    parsers: list[str] = []
    original = yaml_source.events

    def counting(text, loader):
        for event in original(text, loader):
            parsers.append(loader.__name__)
            yield event

    monkeypatch.setattr(yaml_source, "events", counting)
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL005" and "more than 20,000 values" in problem.message
    assert problem.line == 3 and problem.column > 20_000  # where the limit was passed
    assert len(parsers) <= 20_010, "reading stops at the limit, not at the end of the file"
    assert set(parsers) == {"CSafeLoader" if libyaml and yaml.__with_libyaml__ else "SafeLoader"}


def test_non_utf8_bytes_are_located(write):
    path = write("plan.yaml", b"events:\n  Caf\xe9 Opened: {}\n")
    [problem] = load_error(path).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL001", 2, 6)
    assert "UTF-8" in problem.message


def test_a_byte_order_mark_is_accepted(write):
    plan = load_plan(write("plan.yaml", "\ufeffevents:\n  A Happened: {}\n".encode()))
    assert list(plan.events) == ["A Happened"]


def test_a_fifty_megabyte_file_is_refused_without_reading_it(write):
    path = write("plan.yaml", b"")
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL005" and "50.0 MB" in problem.message
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


def test_a_gzip_file_is_not_a_plan(write):
    [problem] = load_error(write("plan.yaml", gzip.compress(b"events: {}"))).diagnostics
    assert problem.code == "TL001"


def test_missing_plan_path(tmp_path):
    [problem] = load_error(tmp_path / "nope").diagnostics
    assert problem.code == "TL001" and "--plan" in (problem.hint or "")


def test_problems_in_several_files_are_all_reported(write, tmp_path):
    write("plan/a.yaml", "events:\n  A: {ownr: x}\n")
    write("plan/b.yaml", "events: [\n")
    codes = sorted(p.code for p in load_error(tmp_path / "plan").diagnostics)
    assert codes == ["TL002", "TL003"]


def test_yaml_merge_keys_and_keys_that_look_like_booleans(write):
    plan = load_plan(write("plan.yaml", """\
        x-defaults: &defaults {owner: growth, identity: required}
        events:
          A Happened:
            <<: *defaults
            owner: checkout
            properties:
              on: boolean
        """))
    event = plan.events["A Happened"]
    assert (event.owner, event.identity) == ("checkout", "required")
    assert event.property("on") is not None


def test_per_platform_properties_and_global_properties(write):
    plan = load_plan(write("plan.yaml", """\
        platforms: [web, ios, server]
        global_properties:
          app_version: {type: string, required: true, platforms: [ios]}
        events:
          Cart Viewed:
            properties:
              screen: {type: string, platforms: [ios]}
              price: {type: number, required: [web]}
        """))
    event = plan.events["Cart Viewed"]
    names = {platform: [p.name for p in plan.properties_for(event, platform)]
             for platform in plan.platforms}
    assert names == {"web": ["price"], "ios": ["screen", "price", "app_version"],
                     "server": ["price"]}
    price = event.property("price")
    assert price is not None and price.is_required("web") and not price.is_required("server")


@pytest.mark.parametrize("fragment, words", [
    ('{$ref: "https://example.com/money.json"}', "points outside the plan"),
    ("{$ref: '#/$defs/a', $defs: {a: {type: string}}}", "cannot be resolved"),
    ("{items: {anyOf: [{$dynamicRef: '#meta'}]}}", "cannot be resolved"),
    ("{type: foo}", "'foo' is not a JSON Schema type"),
    ("{multipleOf: 0}", "'multipleOf' must be greater than 0"),
    ("{enum: 5}", "'enum' must be of type array"),
    ("{properties: 5}", "'properties' must be of type object"),
    ("{maxLength: -1}", "'maxLength' must be at least 0"),
    ("{pattern: '[a'}", "is not a valid regular expression"),
    ("{properties: {a: {maxLength: 1.5}}}", "'properties/a/maxLength' must be of type integer"),
])
def test_invalid_schema_fragments_are_refused_where_they_are(write, fragment, words):
    path = write("plan.yaml", f"""\
        events:
          A Happened:
            properties:
              x:
                type: string
                schema: {fragment}
        """)
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL003" and problem.line == 6 and problem.column >= 17
    assert problem.message.startswith("'schema' of property 'x' of event 'A Happened': ")
    assert words in problem.message and problem.hint


def test_fragments_are_found_in_shared_global_and_nested_properties(write):
    path = write("plan.yaml", """\
        properties:
          a: {type: string, schema: {type: foo}}
        global_properties:
          b: {type: string, schema: {type: foo}}
        events:
          A Happened:
            properties:
              c: {type: array, items: {type: object, properties: {d: {schema: {type: foo}}}}}
        """)
    lines = sorted(problem.line for problem in load_error(path).diagnostics)
    assert lines == [2, 4, 8]


def test_valid_fragments_and_data_that_looks_like_a_reference_load(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Happened:
            properties:
              x: {schema: {const: {$ref: not a reference}, multipleOf: 0.5}}
        """))
    assert plan.events["A Happened"].property("x") is not None


def test_validate_reports_a_bad_fragment_instead_of_stopping(write, tracklint, tmp_path):
    write("plan.yaml", "events:\n  A:\n    properties:\n      x: {schema: {enum: 5}}\n")
    write("captured.jsonl", '{"type": "track", "event": "A", "userId": "u", '
                            '"properties": {"x": 1}}\n')
    result = tracklint("validate", "--plan", "plan.yaml", "captured.jsonl", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "plan.yaml:4:20: TL003" in result.stderr
    assert "internal error" not in result.stderr


def test_a_plan_folder_that_cannot_be_read_is_an_error_not_a_gap(write, tmp_path, monkeypatch):
    write("plan/plan.yaml", "version: 1.0.0\n")
    write("plan/events/orders.yaml", "events:\n  Order Completed: {}\n")
    write("plan/events/refunds/refunds.yaml", "events:\n  Order Refunded: {}\n")
    real_scandir = os.scandir
    locked = str(tmp_path / "plan" / "events" / "refunds")

    def scandir(path):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    [problem] = load_error(tmp_path / "plan").diagnostics
    assert (problem.code, problem.path) == ("TL001", locked)
    assert problem.message == "cannot read the plan folder: Permission denied"


def test_a_link_to_a_missing_plan_file_is_reported(write, tmp_path):
    write("plan/plan.yaml", "events:\n  Order Completed: {}\n")
    (tmp_path / "plan" / "refunds.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "plan" / "loop").symlink_to(tmp_path / "plan")
    [problem] = load_error(tmp_path / "plan").diagnostics
    assert problem.code == "TL001" and problem.path.endswith("refunds.yaml")
    assert "No such file or directory" in problem.message
