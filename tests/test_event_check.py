"""The event checker shared by code and payload checks: one plan, the same verdicts."""

from __future__ import annotations

import pytest

from linter.diagnostics import Replacement
from linter.events import UNKNOWN, EventObservation, Origin
from linter.plan.loader import load_plan
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def checker() -> EventChecker:
    return EventChecker(load_plan(EXAMPLE / "plan"))


ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 2}]}


def observe(name, properties, platform="server", **fields) -> EventObservation:
    return EventObservation(name=name, properties=properties, platform=platform, **fields)


def codes(checker, observation) -> list[str]:
    return [d.code for d in checker.check(observation)]


def test_a_valid_event_has_no_diagnostics(checker):
    assert checker.check(observe("Order Completed", ORDER, user_id="u-1")) == []


def test_unknown_event_with_did_you_mean_and_fix_data(checker):
    [diagnostic] = checker.check(observe("order completed", ORDER))
    assert diagnostic.code == "TL201"
    assert diagnostic.hint == "did you mean 'Order Completed'?"
    assert diagnostic.replacement == Replacement("event-name", "Order Completed")
    [far] = checker.check(observe("Ordr Complted", ORDER))
    assert far.hint == "did you mean 'Order Completed'?"
    assert far.replacement is None, "only case/spacing variants are fixed automatically"


def test_event_not_planned_for_the_platform(checker):
    [diagnostic] = checker.check(observe("Product Viewed", {"product_id": "p", "price": 1.0}))
    assert diagnostic.code == "TL202" and "server" in diagnostic.message
    assert "web, ios, android" in (diagnostic.hint or "")


def test_deprecated_event_names_its_replacement(checker):
    diagnostics = checker.check(observe("Signed Up", {"method": "email"}))
    assert [d.code for d in diagnostics] == ["TL203"]
    assert diagnostics[0].hint == "send 'Account Created' instead"
    assert diagnostics[0].replacement == Replacement("event-name", "Account Created")


def test_missing_required_only_when_keys_are_complete(checker):
    partial = {k: v for k, v in ORDER.items() if k != "price"}
    assert codes(checker, observe("Order Completed", partial)) == ["TL205"]
    assert codes(checker, observe("Order Completed", partial, keys_complete=False)) == []


def test_unplanned_property_with_did_you_mean(checker):
    [diagnostic] = checker.check(observe("Order Completed", {**ORDER, "Currency_": "EUR"}))
    assert diagnostic.code == "TL206" and diagnostic.pointer == "/Currency_"
    [typo] = checker.check(observe("Account Created", {"signup_method": "email",
                                                       "planType": "pro"},
                                   keys_complete=False))
    assert typo.code == "TL206" and typo.hint == "did you mean 'plan_type'?"
    assert typo.replacement == Replacement("property-key", "plan_type", "planType")


def test_reserved_sdk_properties_are_not_unplanned(checker):
    reserved = {"$insert_id": "x", "mp_lib": "python", "time": 1, "distinct_id": "u",
                "token": "t", "$lib": "posthog-python"}
    assert codes(checker, observe("Order Completed", {**ORDER, **reserved})) == []
    assert codes(checker, observe("Order Completed", {**ORDER, "$lib": "x"},
                                  sdk="segment")) == ["TL206"]


def test_wrong_type_enum_and_constraints(checker):
    wrong = {**ORDER, "price": "19.99", "plan_type": "Pro", "currency": "euro",
             "coupon": "x" * 40}
    diagnostics = {d.pointer: d for d in checker.check(observe("Order Completed", wrong))}
    assert diagnostics["/price"].code == "TL207"
    assert diagnostics["/price"].hint == "send 19.99 as a number, not as text"
    assert diagnostics["/plan_type"].code == "TL208"
    assert diagnostics["/plan_type"].hint == "did you mean 'pro'?"
    assert diagnostics["/plan_type"].replacement == Replacement("property-value", "pro",
                                                               "plan_type")
    assert diagnostics["/currency"].code == "TL209" and "pattern" in diagnostics[
        "/currency"].message
    assert diagnostics["/coupon"].code == "TL209" and "at most 32" in diagnostics[
        "/coupon"].message


def test_nested_values_are_checked_with_their_path(checker):
    items = [{"sku": "a", "quantity": 0}, {"quantity": 1}]
    diagnostics = checker.check(observe("Order Completed", {**ORDER, "items": items}))
    found = {(d.code, d.pointer) for d in diagnostics}
    assert ("TL209", "/items/0/quantity") in found
    assert ("TL205", "/items/1") in found


def test_nullable_and_unknown_values(checker):
    assert codes(checker, observe("Order Completed", {**ORDER, "coupon": None})) == []
    assert codes(checker, observe("Order Completed", {**ORDER, "price": UNKNOWN})) == []


def test_identity_required(checker):
    assert codes(checker, observe("Order Completed", ORDER, user_id=None)) == ["TL210"]
    assert codes(checker, observe("Order Completed", ORDER, user_id="  ")) == ["TL210"]
    assert codes(checker, observe("Order Completed", ORDER, user_id=UNKNOWN)) == []
    assert codes(checker, observe("Product Added", {"product_id": "p", "sku": "s",
                                                    "price": 1, "quantity": 1},
                                  user_id=None)) == []


def test_dynamic_event_name(checker):
    [diagnostic] = checker.check(observe(None, {}, name_source="f'{kind} Completed'"))
    assert diagnostic.code == "TL211" and "f'{kind} Completed'" in diagnostic.message


def test_global_properties_apply_per_platform(checker):
    product = {"product_id": "p1", "price": 3.5}
    assert codes(checker, observe("Product Viewed", product, platform="web")) == []
    assert codes(checker, observe("Product Viewed", product, platform="ios")) == ["TL205"]
    bad = {**product, "app_version": "3.1"}
    assert codes(checker, observe("Product Viewed", bad, platform="ios")) == ["TL209"]


def test_diagnostics_are_located_at_the_value_origin(checker):
    origin = Origin(path="app/x.py", line=3, column=5)
    value_origin = Origin(path="app/x.py", line=4, column=20, end_line=4, end_column=25)
    [diagnostic] = checker.check(observe("Order Completed", {**ORDER, "plan_type": "Pro"},
                                         origin=origin,
                                         value_origins={"plan_type": value_origin}))
    assert (diagnostic.path, diagnostic.line, diagnostic.column) == ("app/x.py", 4, 20)


def test_payload_pointer_prefix(checker):
    origin = Origin(path="ios.jsonl", line=7, pointer="/batch/2/properties")
    [diagnostic] = checker.check(observe("Order Completed", {**ORDER, "price": -1},
                                         origin=origin))
    assert diagnostic.pointer == "/batch/2/properties/price" and diagnostic.line == 7


def test_a_long_value_is_matched_not_refused(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Happened:
            properties:
              slug: {type: string, pattern: '^[a-z-]+$'}
        """))
    checker = EventChecker(plan)
    assert checker.check(observe("A Happened", {"slug": "a" * 50_000})) == []
    [diagnostic] = checker.check(observe("A Happened", {"slug": "a" * 50_000 + "!"}))
    assert diagnostic.code == "TL209" and "must match the pattern" in diagnostic.message


def test_without_re2_a_backtracking_pattern_is_never_run_and_said_once(
        write, caplog, without_re2):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Happened:
            properties:
              slug: {type: string, pattern: '^(a+)+$'}
        """))
    checker = EventChecker(plan)
    hostile = {"slug": "a" * 40 + "!"}  # minutes of backtracking if the pattern ran
    with caplog.at_level("WARNING", logger="tracklint"):
        assert checker.check(observe("A Happened", hostile)) == []
        assert checker.check(observe("A Happened", hostile)) == []
    warnings = [r for r in caplog.records if "not checked at run time" in r.getMessage()]
    assert len(warnings) == 1


def test_datetime_and_formats(write):
    plan = load_plan(write("plan.yaml", """\
        events:
          A Happened:
            properties:
              at: datetime
              email: {type: string, format: email}
              id: {type: string, format: uuid}
        """))
    checker = EventChecker(plan)
    good = {"at": "2026-11-28T12:00:00Z", "email": "a@b.co",
            "id": "7f1b3c7e-8e8a-4b55-9c1e-2d1f0a9b6c11"}
    assert codes(checker, observe("A Happened", good)) == []
    bad = {"at": "28/11/2026", "email": "nope", "id": "123"}
    assert codes(checker, observe("A Happened", bad)) == ["TL209"] * 3


def test_a_payload_that_names_no_platform_asks_for_one(checker):
    [diagnostic] = checker.check(observe("Order Completed", ORDER, platform="unknown"))
    assert diagnostic.code == "TL202" and "--payload-platform" in (diagnostic.hint or "")


def test_posthog_js_token_and_distinct_id_are_reserved(checker):
    posthog_js = {**ORDER, "token": "phc_x", "distinct_id": "u-1", "$lib": "web"}
    assert codes(checker, observe("Order Completed", posthog_js, sdk="posthog")) == []


def test_the_library_entry_point_validates_plain_values():
    import linter

    checker = linter.EventChecker(linter.load_plan(EXAMPLE / "plan"))
    problems = checker.validate("Order Completed", {**ORDER, "price": "9.99"}, platform="web")
    assert [(p.code, p.pointer) for p in problems] == [("TL207", "/properties/price")]
    assert isinstance(problems[0], linter.Diagnostic)
    assert checker.validate("Order Completed", ORDER, platform="server", user_id=None)[
        0].code == "TL210"


def test_a_required_key_sent_misspelled_is_one_problem_not_two(checker):
    sent = {**{k: v for k, v in ORDER.items() if k != "order_id"}, "orderId": "o-1"}
    assert codes(checker, observe("Order Completed", sent)) == ["TL206"]


def test_a_finding_about_the_event_points_at_its_name_not_its_properties():
    import linter

    checker = linter.EventChecker(linter.load_plan(EXAMPLE / "plan"))
    [unknown] = checker.validate("order complete", ORDER, platform="web")
    assert (unknown.code, unknown.pointer) == ("TL201", "/event")
    [deprecated] = [d for d in checker.validate("Signed Up", {}, platform="ios",
                                                sdk="amplitude") if d.code == "TL203"]
    assert deprecated.pointer == "/event_type"
    batch = checker.check(observe("Nope Event", {}, origin=Origin(pointer="/batch/2/properties")))
    assert [d.pointer for d in batch] == ["/batch/2/event"]
    assert [d.pointer for d in checker.check(observe("Nope Event", {}))] == [None]
