"""``tracklint infer``: a starting plan that plan lint accepts and the same payloads pass.

The end-to-end round trip infers a plan from captured payloads (and the example
shop's code), then runs ``tracklint plan check`` and ``tracklint validate`` on
the result.  The other tests pin the decisions one by one: YAML quoting, enum
thresholds, required per platform, types and their conflicts, shared
definitions, naming, limits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.code_check import CodeSettings, collect_calls
from linter.diagnostics import Severity
from linter.events import UNKNOWN, EventObservation
from linter.files import discover
from linter.infer import InferLimits, collect_evidence, infer_plan, infer_yaml
from linter.infer.emit import block_scalar, flow_scalar
from linter.infer.model import InferredPlan, InferredProperty
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE, ROOT

DATA = ROOT / "tests" / "data"
CAPTURE_SUFFIXES = (".json", ".jsonl", ".gz", ".txt")
GROUPS = {
    "drift": sorted(p for p in (DATA / "drift").iterdir() if p.suffix in CAPTURE_SUFFIXES),
    "shop": sorted((EXAMPLE / "payloads").glob("*.jsonl*")),
    "samples": sorted(p for p in (DATA / "payloads").glob("*/*")
                      if p.suffix in CAPTURE_SUFFIXES),
}


def run_infer(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (it is registered as ``tracklint infer``)."""
    code = ("from linter.cli.infer import infer_command; "
            "infer_command(prog_name='tracklint infer')")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def plan_of(text: str, tmp_path: Path) -> Plan:
    path = tmp_path / "inferred.yaml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)


def lint_errors(plan: Plan) -> list[str]:
    return [f"{d.code} {d.message}" for d in lint_plan(plan) if d.severity is Severity.ERROR]


def violations(plan: Plan, observations: Iterable[EventObservation]) -> list[str]:
    checker = EventChecker(plan)
    return [f"{d.code} {d.message}" for o in observations for d in checker.check(o)]


def events(name: str, values: Sequence[dict[str, Any]], platform: str = "web",
           sdk: str | None = None) -> list[EventObservation]:
    return [EventObservation(name, props, platform, sdk=sdk) for props in values]


def prop(plan: InferredPlan, event: str, name: str) -> InferredProperty:
    found = plan.event(event)
    assert found is not None, event
    for candidate in found.properties:
        if candidate.name == name:
            return plan.shared_property(name) or candidate if candidate.ref else candidate
    raise AssertionError(f"{event} has no property {name}")


def required(plan: InferredPlan, event: str, name: str) -> object:
    found = plan.event(event)
    assert found is not None
    return next(p.required for p in found.properties if p.name == name)


def shop_calls() -> list[Any]:
    files = tuple(discover([EXAMPLE / "app"]))
    return collect_calls(CodeSettings(targets=files, project_files=files,
                                      roots=(EXAMPLE,))).calls


# -- the round trip --------------------------------------------------------------------


def payloads(files: list[str]) -> list[str]:
    """``--payloads`` once per file, as the command takes several."""
    return [word for file in files for word in ("--payloads", file)]



@pytest.mark.parametrize("group", ["drift", "shop", "samples", "everything"])
def test_round_trip_plan_check_and_validate(group, tmp_path, tracklint):
    files = ([str(p) for paths in GROUPS.values() for p in paths] if group == "everything"
             else [str(p) for p in GROUPS[group]])
    out = tmp_path / "plan.yaml"
    code = ["--code", str(EXAMPLE / "app"), "--no-cache"] if group == "everything" else []
    inferred = run_infer(*code, *payloads(files), "--out", str(out))
    assert inferred.returncode == 0, inferred.stderr
    assert "Inferred" in inferred.stderr and str(out) in inferred.stderr
    checked = tracklint("plan", "check", "--plan", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Found" in checked.stdout and " error" not in checked.stdout
    validated = tracklint("validate", "--plan", str(out), *files)
    assert validated.returncode == 0, validated.stdout[-3000:]
    assert "All payloads conform" in validated.stdout
    assert " 0 invalid" in validated.stdout


def test_round_trip_from_code_then_check_the_code(tmp_path, tracklint):
    out = tmp_path / "plan.yaml"
    inferred = run_infer("--code", "app", "--no-cache", "--out", str(out), cwd=EXAMPLE)
    assert inferred.returncode == 0, inferred.stderr
    text = out.read_text(encoding="utf-8")
    assert "# sent at app/accounts.py:8" in text
    assert "description: Inferred from 1 tracking call in code (server)" in text
    plan = load_plan(out)
    assert set(plan.events) == {
        "Account Created", "User Logged In", "Password Reset Requested", "Subscription Started",
        "Subscription Cancelled", "Payment Failed", "Order Completed", "Order Refunded"}
    assert plan.platforms == ("server",)
    assert lint_errors(plan) == []
    checked = tracklint("check", "--plan", str(out), "--no-cache", cwd=EXAMPLE)
    assert checked.returncode == 0, checked.stdout
    assert "All checks passed" in checked.stdout


def test_code_and_captures_together_in_the_library():
    from linter.payloads import read_payloads

    stream = read_payloads(GROUPS["shop"])
    observed = [o for o in stream if isinstance(o, EventObservation)]
    plan = infer_plan(observed, shop_calls())
    order = plan.event("Order Completed")
    assert order is not None and order.platforms is None  # every platform of the plan
    assert order.description == ("Inferred from 31 captured events (web, ios, android, server) "
                                 "and 1 tracking call in code (server)")
    # the code sends "coupon" (conditionally: the static checker cannot tell), the
    # server's captures do not always: not required on the server
    assert required(plan, "Order Completed", "coupon") == ("web", "ios", "android")
    # the literal "EUR" in app/billing.py counts like a value seen
    assert prop(plan, "Subscription Started", "currency").enum == ("EUR",)


# -- YAML quoting --------------------------------------------------------------------

ODD_NAMES = [
    "yes", "no", "on", "off", "Yes", "NO", "y", "n", "true", "False", "null", "~",
    "Order: Completed", "a #hash", "#start", "- dash", "-", "? q", "* star", "&anchor", "!tag",
    "%percent", "@at", "`tick", "123", "1.5", "0x1F", "0o17", "1e3", "1_000", "2024-01-01",
    "<<", "=", "with 'quote'", 'double "quote"', "tab\there", "line\nbreak", "nel\x85x",
    "sep\u2028arator", "ünïcödé ✓", "emoji 😀", "trailing ", " leading", "[x]", "{x}",
    "a, b", "a: b: c", "key:", ":colon", "|pipe", ">gt", "'", '"', "\\", ".nan", "-.inf",
    "ctrl\x01x", "del\x7fx", "bom\ufeffx", "...", "---", "x" * 1500,
]


def test_odd_event_and_property_names_survive(tmp_path):
    observed = [EventObservation(name, {name: name, "plain": 1, "nested": {name: [name]}}, "web")
                for name in ODD_NAMES for _ in range(5)]
    text = infer_yaml(observed)
    assert set(yaml.safe_load(text)["events"]) == set(ODD_NAMES)
    plan = plan_of(text, tmp_path)
    assert set(plan.events) == set(ODD_NAMES)
    for name in ODD_NAMES:
        assert plan.events[name].property(name) is not None
    assert lint_errors(plan) == []
    assert violations(plan, observed) == []


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "null", "true", "0o17",
                                  "1e3", "12", ".inf"])
def test_words_yaml_reads_as_other_types_are_quoted(word):
    for written in (block_scalar(word), flow_scalar(word)):
        assert written in (f"'{word}'", f'"{word}"')
        assert yaml.safe_load(written) == word


def test_enum_values_keep_their_text(tmp_path):
    observed = events("Answer Given", [{"answer": a} for a in ["yes", "no", "on"] * 5])
    text = infer_yaml(observed)
    assert "enum: ['yes', 'no', 'on']" in text
    plan = plan_of(text, tmp_path)
    assert plan.events["Answer Given"].property("answer").enum == ("yes", "no", "on")
    assert violations(plan, observed) == []


def test_comments_stay_on_one_line(tmp_path):
    values = [{"note": v} for v in ["a\nb", "c\u2028d", "e\x85f"] * 2]
    text = infer_yaml(events("Note Taken", values))
    comment = next(line for line in text.splitlines() if "values seen" in line)
    assert comment.strip().startswith("# values seen:")
    plan_of(text, tmp_path)  # loads


def test_empty_names_cannot_be_planned_so_they_are_allowed(tmp_path):
    observed = [EventObservation("", {"a": 1}, "web"),
                EventObservation("Form Sent", {"": "x", "field": "y"}, "web")]
    inferred = infer_plan(observed)
    assert [e.name for e in inferred.events] == ["Form Sent"]
    assert inferred.events[0].additional_properties is True
    assert any("empty name" in c for c in inferred.comments)
    plan = plan_of(infer_yaml(observed), tmp_path)
    assert violations(plan, observed[1:]) == []



def test_names_and_values_holding_half_a_character_are_left_out(tmp_path):
    # A lone surrogate (an emoji cut in two) in a source literal: no plan can hold it.
    observed = [EventObservation("Order \ud83d", {"a": 1}, "server"),
                EventObservation("Form Sent", {"k\udc00": 1, "note": "y\ud83d", "ok": "x"},
                                 "server")]
    inferred = infer_plan(observed)
    assert [e.name for e in inferred.events] == ["Form Sent"]
    assert inferred.events[0].additional_properties is True
    assert any("lone surrogate" in c for c in inferred.comments)
    text = infer_yaml(observed)
    text.encode("utf-8")
    plan = plan_of(text, tmp_path)
    assert lint_errors(plan) == []
    assert sorted(p.name for p in plan.events["Form Sent"].properties) == ["note", "ok"]
    assert plan.events["Form Sent"].property("note").enum is None


# -- enums -----------------------------------------------------------------------------


def plans(counts: dict[str, int], name: str = "plan", **limits: int) -> InferredProperty:
    values = [{name: value} for value, count in counts.items() for _ in range(count)]
    inferred = infer_plan(events("Plan Chosen", values), limits=InferLimits(**limits))
    return prop(inferred, "Plan Chosen", name)


def test_enum_when_few_values_each_seen_often():
    assert plans({"free": 7, "pro": 6, "team": 5}).enum == ("free", "pro", "team")


def test_no_enum_when_a_value_is_rare_but_a_hint():
    found = plans({"free": 7, "pro": 6, "team": 4})
    assert found.enum is None and found.type == "string"
    assert found.comments == ('values seen: "free" (7), "pro" (6), "team" (4)',)
    assert plans({"free": 7, "pro": 6, "team": 4}, enum_min_count=4).enum == (
        "free", "pro", "team")


def test_no_enum_beyond_the_most_distinct_values():
    counts = {f"v{i:02d}": 5 for i in range(11)}
    assert plans(counts).enum is None
    assert plans(counts, enum_max_values=11).enum is not None
    assert plans({f"v{i:02d}": 5 for i in range(10)}).enum is not None


def test_no_enum_for_identifiers_versions_and_long_text():
    assert plans({"prd_1": 9, "prd_2": 9}, name="product_id").enum is None
    assert plans({"prd_1": 9, "prd_2": 9}, name="productId").enum is None
    assert plans({"3.1.0": 9, "3.2.0": 9}, name="release").enum is None
    assert plans({"x" * 121: 9}).enum is None
    assert plans({"x" * 120: 9}).enum == ("x" * 120,)


def test_enum_is_decided_in_bounded_memory():
    evidence = collect_evidence(events("Search Run", [{"query": f"q{i}"}
                                                      for i in range(20_000)]))
    value = evidence.events["Search Run"].body.properties["query"].value
    assert len(value.strings) == InferLimits().enum_max_values + 1
    assert value.strings.saturated


def test_nullable_enum_accepts_null(tmp_path):
    values = [{"tier": t} for t in ["gold", "silver"] * 5] + [{"tier": None}]
    observed = events("Tier Shown", values)
    found = prop(infer_plan(observed), "Tier Shown", "tier")
    assert found.enum == ("gold", "silver") and found.nullable
    assert violations(plan_of(infer_yaml(observed), tmp_path), observed) == []


# -- required -------------------------------------------------------------------------


def test_required_when_always_present():
    values = [{"a": 1, "b": 2}, {"a": 3}, {"a": 4, "b": None}]
    inferred = infer_plan(events("Thing Done", values))
    assert required(inferred, "Thing Done", "a") is True
    assert required(inferred, "Thing Done", "b") is False
    assert prop(inferred, "Thing Done", "b").nullable


def test_required_per_platform_when_platforms_differ(tmp_path):
    observed = (events("Cart Viewed", [{"cart_id": "c1", "app_version": "1.0"}] * 3, "ios")
                + events("Cart Viewed", [{"cart_id": "c2", "app_version": "1.1"}] * 2,
                         "android")
                + events("Cart Viewed", [{"cart_id": "c3"}, {"cart_id": "c4",
                                                             "app_version": "x"}], "web"))
    inferred = infer_plan(observed)
    assert required(inferred, "Cart Viewed", "cart_id") is True
    assert required(inferred, "Cart Viewed", "app_version") == ("ios", "android")
    text = infer_yaml(observed)
    assert "app_version: {type: string, required: [ios, android]}" in text
    plan = plan_of(text, tmp_path)
    assert plan.events["Cart Viewed"].property("app_version").required_on == {"ios", "android"}
    assert violations(plan, observed) == []
    missing = EventObservation("Cart Viewed", {"cart_id": "c"}, "ios")
    assert [d.code for d in EventChecker(plan).check(missing)] == ["TL205"]


def test_calls_whose_keys_cannot_all_be_listed_make_nothing_required():
    observed = [EventObservation("Item Saved", {"id": UNKNOWN}, "server", keys_complete=False)]
    evidence = collect_evidence(observed)
    assert evidence.captured == 1  # an observation without a location is a captured event
    inferred = infer_plan([EventObservation("Item Saved", {"id": "a"}, "server"),
                           EventObservation("Item Saved", {}, "server", keys_complete=False)])
    assert required(inferred, "Item Saved", "id") is False


# -- types -----------------------------------------------------------------------------


def kind_of(values: list[Any]) -> InferredProperty:
    return prop(infer_plan(events("Value Sent", [{"v": v} for v in values])), "Value Sent", "v")


def test_scalar_types():
    assert kind_of([1, 2, 3]).type == "integer"
    assert kind_of([1, 2.5]).type == "number"
    assert kind_of([True, False]).type == "boolean"
    assert kind_of(["2024-06-03T08:02:02.368Z", "2024-06-03 08:02:02+02:00"]).type == "datetime"
    assert kind_of(["2024-06-03T08:02:02Z", "yesterday"]).type == "string"
    assert kind_of(["2024-06-03"]).type == "string"  # a date is not a date-time


def test_type_conflicts_use_the_escape_hatch(tmp_path):
    values = ["a", "b", 3]
    found = kind_of(values)
    assert found.type == "any"
    assert found.schema == {"type": ["string", "integer"]}
    assert found.comments == ("type varies: string 66.7%, integer 33.3%",)
    with_null = kind_of(["a", 2.5, None, 1])
    assert with_null.schema == {"type": ["string", "number", "null"]}
    observed = events("Value Sent", [{"v": v} for v in ["a", 2.5, None, 1, [1], {"k": 1}]])
    text = infer_yaml(observed)
    assert "schema: {type: [string, number, array, object, 'null']}" in text
    assert violations(plan_of(text, tmp_path), observed) == []


def test_null_only_and_unknown_values_are_any():
    assert kind_of([None, None]).type == "any"
    assert kind_of([None, None]).comments == ("only null seen",)
    unknown = kind_of([UNKNOWN])
    assert unknown.type == "any"
    assert unknown.comments == ("computed at run time in code: type not known",)
    # a known value elsewhere gives the type; unknown ones only count as present
    assert kind_of([UNKNOWN, "x"]).type == "string"


def test_lists_and_objects(tmp_path):
    values = [{"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2, "gift": True}],
               "tags": ["x", "y"], "meta": {"source": "ad", "depth": {"level": 1}},
               "empty": []}] * 3
    observed = events("Order Placed", values)
    inferred = infer_plan(observed)
    items = prop(inferred, "Order Placed", "items")
    assert items.type == "array" and items.items is not None
    assert items.items.type == "object"
    fields = {p.name: p for p in items.items.properties}
    assert fields["sku"].required is True and fields["gift"].required is False
    assert fields["qty"].type == "integer"
    tags = prop(inferred, "Order Placed", "tags").items
    assert tags is not None and tags.type == "string"
    meta = prop(inferred, "Order Placed", "meta")
    assert [p.name for p in meta.properties] == ["depth", "source"]
    assert prop(inferred, "Order Placed", "empty").comments == ("only empty lists seen",)
    plan = plan_of(infer_yaml(observed), tmp_path)
    assert violations(plan, observed) == []
    # nested objects list every key seen, so a new key is reported, as a missing one is
    meta_value = {"source": "ad", "depth": {"level": 1}, "other": 1}
    extra = EventObservation("Order Placed", {**values[0], "meta": meta_value}, "web")
    assert len(found := violations(plan, [extra])) == 1 and "'other'" in found[0]
    lacking = EventObservation("Order Placed", {**values[0], "meta": {"source": "ad"}}, "web")
    assert [v.split()[0] for v in violations(plan, [lacking])] == ["TL205"]


def test_nesting_beyond_the_limit_is_typed_not_described(tmp_path):
    deep = {"a": {"b": {"c": {"d": 1}}}}
    observed = events("Deep Sent", [deep] * 2)
    inferred = infer_plan(observed, limits=InferLimits(max_depth=1))
    a = prop(inferred, "Deep Sent", "a")
    b = a.properties[0]
    assert b.type == "object" and b.properties == ()
    assert b.comments[-1] == "nested too deeply to describe its keys"
    text = infer_yaml(observed, limits=InferLimits(max_depth=1))
    assert violations(plan_of(text, tmp_path), observed) == []


# -- shared definitions, reserved keys, naming, platforms -------------------------------


def test_a_name_used_by_several_events_is_defined_once(tmp_path):
    observed = (events("Order Placed", [{"total": 10}] * 3)
                + events("Order Refunded", [{"total": "10.00"}] * 3))
    inferred = infer_plan(observed)
    shared = inferred.shared_property("total")
    assert shared is not None and shared.type == "any"
    assert shared.schema == {"type": ["string", "integer"]}
    order = inferred.event("Order Placed")
    assert order is not None and order.properties[0].ref == "total"
    plan = plan_of(infer_yaml(observed), tmp_path)
    assert lint_errors(plan) == []  # no TL103: one name, one meaning
    assert violations(plan, observed) == []


def test_keys_the_sdk_owns_are_left_out():
    observed = events("Page Liked", [{"$os": "iOS", "mp_lib": "swift", "distinct_id": "u1",
                                      "page": "home"}] * 2, "ios", sdk="mixpanel")
    found = infer_plan(observed).event("Page Liked")
    assert found is not None
    assert [p.name for p in found.properties] == ["page"]


def test_naming_declared_only_when_every_name_follows_it(tmp_path):
    consistent = (events("Order Completed", [{"order_id": "1", "total_price": 2}])
                  + events("Product Viewed", [{"product_id": "p"}]))
    inferred = infer_plan(consistent)
    assert (inferred.naming.events, inferred.naming.properties) == ("object_action",
                                                                    "snake_case")
    assert lint_errors(plan_of(infer_yaml(consistent), tmp_path)) == []
    mixed = consistent + events("viewCart", [{"cartId": "c"}])
    inferred = infer_plan(mixed)
    assert (inferred.naming.events, inferred.naming.properties) == (None, None)
    assert "naming:" not in infer_yaml(mixed)


def test_platforms_of_events_and_of_the_plan():
    observed = (events("Everywhere", [{}], "web") + events("Everywhere", [{}], "ios")
                + events("Web Only", [{}], "web") + events("Nowhere", [{}], "unknown"))
    inferred = infer_plan(observed)
    assert inferred.platforms == ("web", "ios")
    everywhere, nowhere, web_only = inferred.events
    assert everywhere.platforms is None and web_only.platforms == ("web",)
    assert nowhere.platforms is None
    assert any("named no platform" in c for c in nowhere.comments)


def test_thin_evidence_is_commented():
    observed = events("Rare Thing", [{"a": 1, "b": 1}] + [{"a": 2}] * 9)
    inferred = infer_plan(observed)
    assert prop(inferred, "Rare Thing", "b").comments == ("seen 1 time of 10",)
    assert prop(inferred, "Rare Thing", "a").comments == ()
    twice = infer_plan(events("Twice Seen", [{"a": 1}] * 2)).event("Twice Seen")
    assert twice is not None and twice.comments == ("seen 2 times",)
    assert twice.description == "Inferred from 2 captured events (web)"


# -- limits -----------------------------------------------------------------------------


def test_event_and_property_limits(tmp_path):
    observed = [EventObservation(f"Event {i}", {f"p{j}": j for j in range(5)}, "web")
                for i in range(4)]
    limits = InferLimits(max_events=2, max_properties=3)
    inferred = infer_plan(observed, limits=limits)
    assert [e.name for e in inferred.events] == ["Event 0", "Event 1"]
    assert any("Skipped 2 events beyond the first 2 event names" in c
               for c in inferred.comments)
    first = inferred.events[0]
    assert len(first.properties) == 3 and first.additional_properties is True
    plan = plan_of(infer_yaml(observed, limits=limits), tmp_path)
    assert violations(plan, observed[:2]) == []


def test_limits_are_checked():
    with pytest.raises(ValueError):
        InferLimits(enum_min_count=0)
    with pytest.raises(ValueError):
        InferLimits(max_depth=-1)


# -- code --------------------------------------------------------------------------------


APP = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")
NAMES = {"a": "Plan Chosen"}


def send(user, event, **properties):
    mp.track(user.id, event, properties)


def chosen(user, plan):
    mp.track(user.id, "Plan Chosen", {"plan": "pro", "seats": 3, "user": plan})


def chosen_again(user):
    send(user, "Plan Chosen", plan="team", seats=5)


def dynamic(user, kind):
    mp.track(user.id, NAMES[kind], {})
"""


def test_code_literals_give_types_and_dynamic_names_are_listed(write, tmp_path):
    root = write("app.py", APP).parent
    files = tuple(discover([root]))
    calls = collect_calls(CodeSettings(targets=files, project_files=files,
                                       roots=(root,))).calls
    inferred = infer_plan((), calls)
    chosen = inferred.event("Plan Chosen")
    assert chosen is not None and chosen.platforms is None
    assert chosen.description == "Inferred from 2 tracking calls in code (server)"
    assert prop(inferred, "Plan Chosen", "seats").type == "integer"
    plan_prop = prop(inferred, "Plan Chosen", "plan")
    assert plan_prop.type == "string"
    assert plan_prop.comments == ('values seen: "pro" (1), "team" (1)',)
    assert prop(inferred, "Plan Chosen", "user").type == "any"
    assert required(inferred, "Plan Chosen", "user") is False
    assert required(inferred, "Plan Chosen", "seats") is True
    dynamic = [c for c in inferred.comments if "dynamic event name" in c]
    assert len(dynamic) == 1 and dynamic[0].endswith("app.py:20")
    # the forwarding call in send() is a wrapper's body, not a call of its own
    assert not any(":8" in location for c in chosen.comments for location in c.split(", "))


# -- the command -----------------------------------------------------------------------


def test_command_writes_stdout_or_a_file_and_never_overwrites(tmp_path):
    shop = [str(p) for p in GROUPS["shop"]]
    printed = run_infer(*payloads(shop))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# A starting tracking plan")
    assert "version: 0.1.0" in printed.stdout
    assert "Inferred 15 events from 594 captured events" in printed.stderr
    out = tmp_path / "plan.yaml"
    out.write_text("events: {}\n", encoding="utf-8")
    refused = run_infer(*payloads(shop), "--out", str(out))
    assert refused.returncode == 2
    assert "exists" in refused.stderr
    assert out.read_text(encoding="utf-8") == "events: {}\n"
    forced = run_infer(*payloads(shop), "--out", str(out), "--force")
    assert forced.returncode == 0
    assert out.read_text(encoding="utf-8") == printed.stdout


def test_command_needs_something_to_infer_from():
    result = run_infer()
    assert result.returncode == 2
    assert "nothing to infer from" in result.stderr


def test_command_enum_thresholds(tmp_path):
    capture = tmp_path / "capture.jsonl"
    lines = [f'{{"event": "Plan Chosen", "properties": {{"mp_lib": "python", "plan": "{p}"}}}}'
             for p in ["free"] * 3 + ["pro"] * 3]
    capture.write_text("\n".join(lines) + "\n", encoding="utf-8")
    default = run_infer("--payloads", str(capture))
    assert "enum:" not in default.stdout
    lowered = run_infer("--payloads", str(capture), "--enum-min-count", "3")
    assert "plan: {type: string, required: true, enum: [free, pro]}" in lowered.stdout
    capped = run_infer("--payloads", str(capture), "--enum-min-count", "3",
                       "--enum-max-values", "1")
    assert "enum:" not in capped.stdout


def test_command_platform_override(tmp_path):
    capture = tmp_path / "capture.jsonl"
    capture.write_text('{"event": "Thing Done", "properties": {"x": 1}}\n', encoding="utf-8")
    result = run_infer("--payloads", str(capture), "--payload-format", "mixpanel",
                       "--payload-platform", "web")
    assert result.returncode == 0, result.stderr
    assert "platforms: [web]" in result.stdout
    unreadable = run_infer("--payloads", str(capture))
    assert unreadable.returncode == 0
    assert "1 record could not be read" in unreadable.stderr
    assert "No events were found" in unreadable.stderr
    assert "events: {}" in unreadable.stdout
