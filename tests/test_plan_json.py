"""JSON plan files: any valid JSON loads, every value is located, hostile input is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.diagnostics import TracklintError
from linter.plan import tree
from linter.plan.compile import CompiledPlan
from linter.plan.json_source import parse_json
from linter.plan.loader import load_plan
from linter.plan.yaml_source import parse_yaml

from .conftest import EXAMPLE


def load_error(path: Path) -> TracklintError:
    with pytest.raises(TracklintError) as caught:
        load_plan(path)
    return caught.value


def test_a_tab_indented_plan_loads(write):
    """Segment's Typewriter writes its plan.json indented with tabs; YAML refuses tabs."""
    path = write("plan.json", '{\n\t"events": {\n\t\t"Order Completed": {\n\t\t\t"owner": '
                              '"growth",\n\t\t\t"properties": {\n\t\t\t\t"price": "number"'
                              '\n\t\t\t}\n\t\t}\n\t}\n}\n')
    plan = load_plan(path)
    event = plan.events["Order Completed"]
    assert event.owner == "growth" and event.position.line == 3
    price = event.property("price")
    assert price is not None and price.type == "number"
    assert (price.position.line, price.position.column) == (6, 5)  # a tab is one column


def test_the_example_plan_as_tab_indented_json_gives_the_same_schemas(tmp_path):
    folder = tmp_path / "plan"
    for source in sorted((EXAMPLE / "plan").rglob("*.yaml")):
        target = folder / source.relative_to(EXAMPLE / "plan").with_suffix(".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        target.write_text(json.dumps(data, indent="\t", ensure_ascii=False), encoding="utf-8")
    from_yaml = CompiledPlan(load_plan(EXAMPLE / "plan")).all_schemas()
    from_json = CompiledPlan(load_plan(folder)).all_schemas()
    assert from_json == from_yaml and len(from_json) > 30


def test_a_format_problem_in_json_is_located_at_its_key(write):
    path = write("plan.json", '{"events": {\n\t"A Happened": {\n\t\t"ownr": "growth"}}}')
    [problem] = load_error(path).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL003", 3, 3)
    assert problem.hint == "did you mean 'owner'?"


@pytest.mark.parametrize("content, line, column, words, hint", [
    ('{"events": {"A": {},}}', 1, 21, "Expecting property name", "trailing comma"),
    ('{"events": {"A": {}}\n "version": "1.0.0"}', 2, 2, "Expecting ',' delimiter",
     "missing comma"),
    ('{"events": {"A": {"description": "x\x00"}}}', 1, 36, "Invalid control character",
     "escapes"),
    ('{"events": {}}\n{"events": {}}', 2, 1, "Extra data", "one object"),
    ('// a comment\n{"events": {}}', 1, 1, "Expecting value", "missing comma"),
])
def test_invalid_json_is_located_with_what_to_do(write, content, line, column, words, hint):
    [problem] = load_error(write("plan.json", content)).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL002", line, column)
    assert problem.message.startswith("invalid JSON: ") and words in problem.message
    assert hint in (problem.hint or "")


def test_a_key_written_twice_in_json_is_a_duplicate_definition(write):
    path = write("plan.json", '{"events": {\n  "A Happened": {"properties": {\n'
                              '    "price": "number",\n    "price": "string"}}}}')
    [problem] = load_error(path).diagnostics
    assert (problem.code, problem.line, problem.column) == ("TL004", 4, 5)
    assert problem.message == ("'price' is defined twice in this mapping (first at "
                               f"{path}:3:5)")


@pytest.mark.parametrize("content, code, line, column, words", [
    ('{"events": {"A": {"x-n": NaN}}}', "TL002", 1, 26, "NaN is not a JSON value"),
    ('{"events": {"A": {"x-n": -Infinity}}}', "TL002", 1, 26, "-Infinity is not a JSON"),
    ('{"events": {"A\\ud83d": {}}}', "TL002", 1, 13, "lone surrogate \\ud83d"),
    ('{"events": {"A": {"description": "\\udc00 cut"}}}', "TL002", 1, 34,
     "lone surrogate \\udc00"),
    ('{"events": {"": {}}}', "TL003", 1, 13, "a mapping key must be a plain name"),
    ('{"events": {"A": {"x-n": 1' + "1" * 5000 + '}}}', "TL002", 1, 26,
     "cannot be read"),
])
def test_hostile_json_gets_a_located_diagnostic(write, content, code, line, column, words):
    [problem] = load_error(write("plan.json", content)).diagnostics
    assert (problem.code, problem.line, problem.column) == (code, line, column)
    assert words in problem.message and problem.hint


def test_escapes_decode_as_json_says(write):
    plan = load_plan(write("plan.json", '{"events": {"Caf\\u00e9 \\ud83d\\ude00 \\"Opened\\"":'
                                        ' {"description": "tab\\there\\nnew line \\\\ \\/"}}}'))
    [(name, event)] = plan.events.items()
    assert name == 'Café \U0001f600 "Opened"'
    assert event.description == "tab\there\nnew line \\ /"


def test_nesting_beyond_the_limit_is_located(write):
    path = write("plan.json", '{"events": {"A": {"x-deep":\n' + "[" * 70 + "]" * 70 + "}}}")
    [problem] = load_error(path).diagnostics
    # The root object, "events", "A" and the first 61 lists make 64 levels.
    assert (problem.code, problem.line, problem.column) == ("TL005", 2, 62)
    assert "nested more than 64 levels" in problem.message


def test_a_file_of_many_small_values_is_refused_where_the_limit_is_passed(write, monkeypatch):
    monkeypatch.setattr(tree, "MAX_VALUES", 1_000)
    path = write("plan.json", '{"events": {"A": {"x-list": [' + ",".join(["1"] * 5_000) + "]}}}")
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL005" and "more than 1,000 values" in problem.message
    assert problem.line == 1 and 1_900 < problem.column < 2_100


def test_a_json_file_over_the_size_limit_is_refused_without_reading_it(write):
    path = write("plan.json", b"")
    with path.open("wb") as handle:
        handle.truncate(tree.MAX_FILE_BYTES + 1)
    [problem] = load_error(path).diagnostics
    assert problem.code == "TL005" and "the limit is 10 MB" in problem.message


# -- the reader agrees with json.loads, and locates every value ---------------------------

KEYS = st.text(min_size=1, max_size=6)
SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8))
DOCUMENTS = st.dictionaries(KEYS, st.recursive(
    SCALARS, lambda children: st.lists(children, max_size=4)
    | st.dictionaries(KEYS, children, max_size=4), max_leaves=20), max_size=5)
LAYOUTS = st.sampled_from([{}, {"indent": 2}, {"indent": "\t"},
                           {"indent": 1, "ensure_ascii": False}, {"separators": (",", ":")},
                           {"indent": "  \t", "ensure_ascii": False}])


def _walk(value, path=()):
    yield path, value
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, item in items:
        yield from _walk(item, (*path, key))


def _text_at(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1][column - 1:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, layout=LAYOUTS)
def test_json_reads_as_json_loads_reads_it_with_every_value_located(document, layout):
    text = json.dumps(document, **layout)
    built = parse_json(text, "plan.json")
    assert built.root() == json.loads(text)
    for path, value in _walk(document):
        position = built.positions[path]
        here = _text_at(text, position.line, position.column)
        if path and isinstance(path[-1], str):  # a member: located at its key
            assert here.startswith(json.dumps(path[-1], **{
                k: v for k, v in layout.items() if k == "ensure_ascii"})), (path, here)
        else:
            assert here[0] == json.dumps(value)[0], (path, here)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_yaml_reads_as_pyyaml_reads_it_with_libyaml_or_without(document):
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    built = parse_yaml(text, "plan.yaml")
    assert built.root() == yaml.safe_load(text)
    if yaml.__with_libyaml__:
        from linter.plan.yaml_source import _read
        pure = _read(text, "plan.yaml", yaml.SafeLoader)
        assert pure.root() == built.root() and pure.positions == built.positions
