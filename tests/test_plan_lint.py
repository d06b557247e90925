"""Plan lint: every rule's own examples become test cases (valid: silent, invalid: reported)."""

from __future__ import annotations

import pytest

from linter.plan.lint import PLAN_RULES, lint_plan
from linter.plan.loader import load_plan
from linter.rules import RULES

from .conftest import EXAMPLE

CASES = [
    pytest.param(rule, example, kind, id=f"{rule.code}-{kind}-{index}")
    for rule in PLAN_RULES
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("rule, example, kind", CASES)
def test_rule_examples(write, rule, example, kind):
    plan = load_plan(write("plan.yaml", example))
    found = [d for d in rule().check(plan) if d.code == rule.code]
    if kind == "valid":
        assert found == []
    else:
        assert found, f"{rule.code} did not report:\n{example}"
        for diagnostic in found:
            assert diagnostic.path and diagnostic.line and diagnostic.line > 0
            assert diagnostic.message and diagnostic.hint


def test_every_rule_has_examples_of_both_kinds_and_a_catalogue_entry():
    for rule in PLAN_RULES:
        assert rule.valid and rule.invalid, rule.code
        assert rule.code in RULES and rule.code.startswith("TL1")


def test_the_example_plan_is_clean():
    assert lint_plan(load_plan(EXAMPLE / "plan")) == []


def test_conflicting_property_points_at_the_second_definition(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Done:
            properties:
              price: number
          B Done:
            properties:
              price: string
        """))
    [problem] = [d for d in lint_plan(plan) if d.code == "TL103"]
    assert problem.line == 7
    assert "number" in problem.message and "string" in problem.message


def test_similar_names_are_grouped_once(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          Order Completed: {}
          order_completed: {}
          OrderCompleted: {}
        """))
    similar = [d for d in lint_plan(plan) if d.code == "TL104"]
    assert len(similar) == 2
    assert {d.event for d in similar} | {"Order Completed"} == {
        "Order Completed", "order_completed", "OrderCompleted"}


def test_catastrophic_pattern_is_flagged_and_safe_pattern_is_not(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Done:
            properties:
              slug: {type: string, pattern: '^([a-z]+)*$'}
              code: {type: string, pattern: '^[A-Z]{2}-\\d{4}$'}
        """))
    codes = [(d.code, d.line) for d in lint_plan(plan)]
    assert ("TL111", 4) in codes
    assert not [c for c in codes if c[1] == 5]


def test_patterns_inside_a_schema_fragment_are_linted_too(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Done:
            properties:
              tags:
                type: object
                schema:
                  patternProperties: {'^(a+)+$': {type: integer}}
                  properties:
                    label: {type: string, pattern: '(x+)+y'}
        """))
    found = [d for d in lint_plan(plan) if d.code == "TL111"]
    assert sorted(d.message.split(" has pattern ")[1].split(":")[0] for d in found) == [
        "'(x+)+y'", "'^(a+)+$'"]
    assert {(d.line, d.event) for d in found} == {(4, "A Done")}


def test_a_mistake_in_a_shared_property_is_reported_once_where_it_is_written(write):
    plan = load_plan(write("plan.yaml", """\
        properties:
          slug: {type: string, pattern: '^([a-z]+)*$', enum: [a, a]}
          code: {type: string, pattern: '[a-z'}
          address:
            type: object
            properties:
              zip: {type: string, pattern: '^(\\d+)+$', min_length: 5, max_length: 2}
        events:
          A Done:
            properties:
              slug: {ref: slug, required: true}
              code: {ref: code}
              address: {ref: address}
          B Done:
            properties:
              slug: {ref: slug}
              code: {ref: code, pattern: '^[a-z]+$'}
              address: {ref: address}
        """))
    found = sorted((d.code, d.line) for d in lint_plan(plan)
                   if d.code in ("TL109", "TL110", "TL111", "TL115"))
    assert found == [("TL109", 2), ("TL110", 3), ("TL111", 2), ("TL111", 7), ("TL115", 7)]


def test_an_event_that_changes_an_inherited_setting_is_checked_on_its_own(write):
    plan = load_plan(write("plan.yaml", """\
        properties:
          code: {type: string, pattern: '^[a-z]+$'}
        events:
          A Done:
            properties:
              code: {ref: code, pattern: '[a-z'}
        """))
    assert [(d.code, d.line) for d in lint_plan(plan) if d.code == "TL110"] == [("TL110", 6)]


def test_a_retired_events_legacy_shape_is_information_not_an_error(write, tracklint, tmp_path):
    path = write("plan.yaml", """\
        events:
          Signed Up:
            status: deprecated
            replaced_by: Account Created
            properties:
              plan: {type: string, enum: [basic, premium]}
          Account Created:
            properties:
              plan: {type: string, enum: [free, pro]}
          Account Closed:
            properties:
              plan: {type: string, enum: [free, pro, team]}
        """)
    found = [(d.code, d.severity.value, d.line, d.event) for d in lint_plan(load_plan(path))
             if d.code == "TL103"]
    assert found == [("TL103", "info", 6, "Signed Up"), ("TL103", "error", 12, "Account Closed")]
    retired = path.read_text().replace("  Account Closed:\n    properties:\n"
                                       "      plan: {type: string, enum: [free, pro, team]}\n",
                                       "")
    path.write_text(retired)
    result = tracklint("plan", "check", "--select", "TL103", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plan.yaml:6:7: TL103 info: " in result.stdout
    assert "All checks passed (1 plan file, 2 events). 1 note above." in result.stdout
