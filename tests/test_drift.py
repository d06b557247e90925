"""``tracklint drift``: planted drift in multi-platform captures is found and reported.

tests/data/drift holds captures in five wire formats from four platforms
(generate.py writes them) with one drift of each kind planted against
tests/data/drift/plan.yaml:

* Android < 3.2.0 sends ``planType`` instead of ``plan_type`` (renamed property);
* web never sends the required ``price`` of "Product Added" (missing property);
* iOS 3.0.x sends ``plan_type: "Pro"`` where the others send ``"pro"`` (enum case);
* the server sends ``revenue`` as text (type drift number vs string);
* iOS < 3.0 sends the deprecated "Signed Up";
* Android never sends the optional ``referrer`` that web and iOS send (gap);
* so iOS conforms since 3.1.0 and Android since 3.2.0.
"""

from __future__ import annotations

import html
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from linter.cli.drift import drift_command
from linter.diagnostics import Diagnostic
from linter.drift import DriftCollector, DriftLimits, DriftReport, drift_report
from linter.drift.render_html import render_html
from linter.drift.render_json import render_json
from linter.drift.render_text import render_text
from linter.events import EventObservation, Origin
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.validation.event_check import EventChecker

DATA = Path(__file__).parent / "data" / "drift"
PLAN = DATA / "plan.yaml"
CAPTURES = sorted(p for p in DATA.iterdir() if p.suffix in (".json", ".jsonl", ".gz"))


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def report(plan: Plan) -> DriftReport:
    return drift_report(CAPTURES, plan)


def drift(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(drift_command, list(args), input=input)


def finding(report: DriftReport, code: str, event: str,
            prop: str | None = None) -> Diagnostic:
    found = [f for f in report.findings
             if f.code == code and f.event == event and f.extra.get("property") == prop]
    assert len(found) == 1, [f.message for f in report.findings]
    return found[0]


def platforms(found: Diagnostic) -> list[str]:
    return list(found.extra["platforms"])


# -- what was read ----------------------------------------------------------------------


def test_every_format_and_platform_is_read(report: DriftReport) -> None:
    assert report.platforms == ("web", "ios", "android", "server")
    assert report.inputs.files == 6
    assert report.inputs.events == 82
    assert report.inputs.non_events == 2  # a page call and an identify
    assert report.inputs.unreadable == 0
    assert report.total == 82


def test_which_platforms_send_each_event_and_how_often(report: DriftReport) -> None:
    counts = {event.name: {c.platform: c.count for c in event.cells if c.count}
              for event in report.events}
    assert counts == {
        "Account Created": {"web": 6, "ios": 13, "android": 8},
        "Order Completed": {"web": 3, "ios": 3, "android": 2, "server": 4},
        "Product Added": {"web": 5, "ios": 9, "android": 6, "server": 2},
        "Search Performed": {"web": 4, "ios": 6, "android": 4},
        "Signed Up": {"ios": 7},
    }


def test_conformance_rate_per_event_and_platform(report: DriftReport) -> None:
    def rate(event: str, platform: str) -> float | None:
        found = report.event(event)
        assert found is not None
        cell = found.cell(platform)
        assert cell is not None
        return cell.rate

    assert rate("Account Created", "web") == 1.0
    assert rate("Account Created", "ios") == pytest.approx(8 / 13)
    assert rate("Account Created", "android") == pytest.approx(3 / 8)
    assert rate("Product Added", "web") == 0.0
    assert rate("Order Completed", "server") == pytest.approx(1 / 4)
    assert rate("Signed Up", "ios") == 1.0  # deprecated: a warning, as validate says
    assert rate("Search Performed", "android") == 1.0
    assert rate("Search Performed", "server") is None  # not sent (and not planned)
    assert report.has_drift


# -- each planted drift ------------------------------------------------------------------


def test_property_renamed_on_one_platform(report: DriftReport) -> None:
    found = finding(report, "TL406", "Account Created", "planType")
    assert platforms(found) == ["android"] and found.extra["count"] == 5
    assert found.severity == "error"
    assert "android sends 'planType' instead of 'plan_type'" in found.message
    event = report.event("Account Created")
    assert event is not None
    plan_type = next(p for p in event.properties if p.name == "planType")
    assert plan_type.renamed_to == "plan_type"
    assert {"extra", "renamed"} <= set(plan_type.flags)
    missing = finding(report, "TL405", "Account Created", "plan_type")
    assert platforms(missing) == ["android"] and missing.extra["count"] == 5


def test_required_property_missing_on_web(report: DriftReport) -> None:
    found = finding(report, "TL405", "Product Added", "price")
    assert platforms(found) == ["web"] and found.extra["count"] == 5
    assert "sent by ios, android, server" in found.message
    event = report.event("Product Added")
    assert event is not None
    price = next(p for p in event.properties if p.name == "price")
    statuses = {on.platform: on.status for on in price.platforms}
    assert statuses == {"web": "missing", "ios": "ok", "android": "ok", "server": "ok"}


def test_enum_case_drift_between_platforms(report: DriftReport) -> None:
    found = finding(report, "TL410", "Account Created", "plan_type")
    assert found.severity == "error"  # TL208 fired: 'Pro' is not one of the plan's values
    assert "'Pro' (ios)" in found.message and "'pro' (web, ios, android)" in found.message
    event = report.event("Account Created")
    assert event is not None
    plan_type = next(p for p in event.properties if p.name == "plan_type")
    ios = plan_type.on("ios")
    assert ios is not None
    top = {v.value: (v.count, v.in_plan) for v in ios.top_values}
    assert top["Pro"] == (5, False) and top["pro"] == (5, True)
    assert ios.lengths is not None and (ios.lengths.minimum, ios.lengths.maximum) == (3, 10)


def test_type_drift_number_versus_string(report: DriftReport) -> None:
    found = finding(report, "TL409", "Order Completed", "revenue")
    assert found.severity == "error"
    assert "as number and string from server" in found.message
    event = report.event("Order Completed")
    assert event is not None
    revenue = next(p for p in event.properties if p.name == "revenue")
    server, web = revenue.on("server"), revenue.on("web")
    assert server is not None and web is not None
    assert dict(server.types) == {"string": 3, "number": 1}
    assert dict(web.types) == {"number": 3}
    assert web.numbers is not None and (web.numbers.minimum, web.numbers.maximum) == (12.5, 130)


def test_optional_property_sent_by_some_platforms_only(report: DriftReport) -> None:
    found = finding(report, "TL407", "Account Created", "referrer")
    assert platforms(found) == ["android"] and found.extra["count"] == 8
    assert found.severity == "warning"  # the plan allows it to be missing
    assert found.message.startswith("'referrer' of 'Account Created' is sent by web (6 of 6), "
                                    "ios (8 of 13)")


def test_old_app_versions_still_send_a_deprecated_event(report: DriftReport) -> None:
    found = finding(report, "TL404", "Signed Up")
    assert platforms(found) == ["ios"] and found.extra["count"] == 7
    assert found.extra["versions"] == ["2.9.1", "2.8.0"]
    assert found.severity == "warning"
    assert found.hint == "send 'Account Created' instead"
    ios = next(v for v in report.versions if v.platform == "ios")
    assert [(u.event, u.count, u.versions) for u in ios.retired] == [
        ("Signed Up", 7, ("2.9.1", "2.8.0"))]


def test_conformance_since_version(report: DriftReport) -> None:
    views = {v.platform: v for v in report.versions}
    assert set(views) == {"ios", "android"}  # web and server send no app version
    ios, android = views["ios"], views["android"]
    assert [v.version for v in ios.versions] == [
        "3.10.0", "3.9.2", "3.1.0", "3.0.0", "3.0.0-beta.1", "2.9.1", "2.8.0"]
    assert ios.conforms_since == "3.1.0"
    assert android.conforms_since == "3.2.0"
    old = next(v for v in android.versions if v.version == "3.0.0")
    # planType for plan_type is one mistake: reported as unplanned, with the fix.
    assert {(i.code, i.property) for i in old.issues} == {("TL206", "planType")}
    event = report.event("Account Created")
    assert event is not None
    cell = event.cell("ios")
    assert cell is not None and cell.conforms_since == "3.1.0"


def test_no_false_drift_on_the_control_event(report: DriftReport) -> None:
    event = report.event("Search Performed")
    assert event is not None and not event.has_drift
    assert not any(f.event == "Search Performed" for f in report.findings)


def test_sdk_properties_are_not_reported_as_extra(report: DriftReport) -> None:
    names = {p.name for event in report.events for p in event.properties}
    assert not any(name.startswith(("$", "mp_")) for name in names)
    assert not {"token", "distinct_id", "time"} & names


# -- outputs ------------------------------------------------------------------------------


def test_json_output() -> None:
    result = drift("--plan", str(PLAN), "--output-format", "json", str(DATA))
    assert result.exit_code == 1, result.output
    output = json.loads(result.stdout)
    document = output["drift"]
    assert document["schema_version"] == 2 and document["drift"] is True
    assert document["plan_version"] == "1.4.0"
    assert document["platforms"] == ["web", "ios", "android", "server"]
    assert document["summary"]["events"] == 82
    assert document["summary"]["by_platform"]["server"] == {
        "events": 6, "conformant": 3, "rate": 0.5}
    events = {e["name"]: e for e in document["events"]}
    android = events["Account Created"]["platforms"]["android"]
    assert android["rate"] == 0.375 and android["conforms_since"] == "3.2.0"
    props = {p["name"]: p for p in events["Account Created"]["properties"]}
    assert props["planType"]["renamed_to"] == "plan_type"
    ios_values = props["plan_type"]["platforms"]["ios"]["top_values"]
    assert {"value": "Pro", "type": "string", "count": 5, "error": 0, "truncated": False,
            "in_plan": False} in ios_values
    codes = sorted({f["code"] for f in output["diagnostics"]})
    assert codes == ["TL404", "TL405", "TL406", "TL407", "TL409", "TL410"]
    assert output["summary"]["errors"] == 4 and output["summary"]["warnings"] == 3
    renamed = next(f for f in output["diagnostics"] if f["code"] == "TL406")
    assert renamed["extra"]["platforms"] == ["android"]
    assert renamed["path"].endswith("plan.yaml") and renamed["line"] > 1
    assert document["versions"]["ios"]["conforms_since"] == "3.1.0"
    assert document["versions"]["ios"]["retired_events"][0]["newest_version"] == "2.9.1"


def test_text_output(report: DriftReport) -> None:
    text = render_text(report)
    assert "CONFORMANCE" in text
    assert "Account Created               100%      (6)  61.5%    (13)  37.5%     (8)  ·\n" in text
    assert "TL406 android sends 'planType' instead of 'plan_type' in 'Account Created'" in text
    assert "TL404 warning: ios still sends deprecated 'Signed Up'" in text
    assert "ios  conforms since 3.1.0" in text
    assert "3 of 5 events break the plan on at least one platform." in text
    assert text.endswith("Found 4 errors, 3 warnings in 82 events, 5 event names, "
                         "4 platforms.\n")
    assert "\x1b[" not in text
    assert "\x1b[" in render_text(report, color=True)


def test_html_is_self_contained(report: DriftReport) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page.replace(
        "https://shop.example.com", "")
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count("<script") == 1 and "<script src" not in page
    assert "default-src 'none'" in html.unescape(page)
    assert 'data-rate="0.3750" data-platform="android"' in page


def test_out_file_and_exit_codes(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "drift.html"
    result = drift("--plan", str(PLAN), "--output-format", "html", "--out", str(out),
                   *map(str, CAPTURES))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Wrote the report to {out}." in result.stderr
    assert drift("--plan", str(PLAN), "--exit-zero", str(DATA)).exit_code == 0


def test_no_drift_exits_zero(tmp_path: Path) -> None:
    capture = tmp_path / "web.jsonl"
    capture.write_text(json.dumps({
        "type": "track", "event": "Search Performed",
        "properties": {"query": "lamp", "results_count": 2},
        "context": {"library": {"name": "analytics.js", "version": "1.0"}},
        "anonymousId": "a1", "messageId": "m1"}) + "\n", encoding="utf-8")
    result = drift("--plan", str(PLAN), str(capture))
    assert result.exit_code == 0, result.output
    assert "Every event conforms to the plan on every platform that sends it." in result.stdout
    assert "All checks passed (1 event, 1 event name, 1 platform)." in result.stdout


def test_usage_and_plan_errors_exit_two(tmp_path: Path) -> None:
    assert drift("--plan", str(PLAN), str(tmp_path / "missing.jsonl")).exit_code == 2
    bad_plan = tmp_path / "plan.yaml"
    bad_plan.write_text("events: [1, 2\n", encoding="utf-8")
    assert drift("--plan", str(bad_plan), str(CAPTURES[0])).exit_code == 2
    assert drift("--plan", str(tmp_path / "nope.yaml"), str(CAPTURES[0])).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert drift("--plan", str(PLAN), str(tmp_path / "empty")).exit_code == 2


def test_folders_skip_non_capture_files_and_stdin_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "captures"
    folder.mkdir()
    (folder / "README.md").write_text("# not a capture\n", encoding="utf-8")
    (folder / "web.jsonl").write_bytes((DATA / "web_analytics_js.jsonl").read_bytes())
    result = drift("--plan", str(PLAN), "--output-format", "json", str(folder))
    document = json.loads(result.stdout)["drift"]
    assert document["inputs"]["files"] == 1 and document["inputs"]["unreadable"] == 0
    stdin = (DATA / "server_mixpanel.jsonl").read_text(encoding="utf-8")
    piped = json.loads(drift("--plan", str(PLAN), "--output-format", "json", "-",
                             input=stdin).stdout)["drift"]
    assert piped["summary"]["by_platform"] == {
        "server": {"events": 2, "conformant": 2, "rate": 1.0}}


def test_ignored_rules_do_not_count_against_conformance() -> None:
    result = drift("--plan", str(PLAN), "--output-format", "json", "--ignore", "TL208",
                   str(DATA))
    output = json.loads(result.stdout)
    # Without TL208 the "Pro" of iOS 3.0.x conforms, and so does "Signed Up" (a warning).
    assert output["drift"]["versions"]["ios"]["conforms_since"] == "2.8.0"
    value = next(f for f in output["diagnostics"] if f["code"] == "TL410")
    assert value["severity"] == "warning"


def test_threshold_and_top_options() -> None:
    result = drift("--plan", str(PLAN), "--output-format", "json", "--threshold", "30",
                   "--top", "1", str(DATA))
    document = json.loads(result.stdout)["drift"]
    assert document["versions"]["ios"]["conforms_since"] == "3.0.0"  # beta.1 is at 0%
    events = {e["name"]: e for e in document["events"]}
    props = {p["name"]: p for p in events["Account Created"]["properties"]}
    assert len(props["plan_type"]["platforms"]["ios"]["top_values"]) == 1


# -- observations in, report out (no files) --------------------------------------------------

GAP_PLAN = """\
version: 1.0.0
platforms: [web, ios]
events:
  Checkout Started:
    properties:
      cart_id: {type: string, required: true}
      coupon: {type: string}
"""


def observation(name: str, platform: str, properties: dict[str, Any],
                version: str | None = None) -> EventObservation:
    return EventObservation(name=name, properties=properties, platform=platform,
                            user_id="u1", anonymous_id="a1", sdk="segment",
                            app_version=version, origin=Origin(pointer="/properties"))


def collect(plan: Plan, observations: list[EventObservation],
            limits: DriftLimits | None = None) -> DriftReport:
    checker = EventChecker(plan)
    collector = DriftCollector(plan, limits)
    for item in observations:
        collector.add(item, checker.check(item))
    return collector.report()


def test_a_gap_on_an_optional_property_is_a_warning(write: Callable[[str, str], Path]) -> None:
    plan = load_plan(write("plan.yaml", GAP_PLAN))
    report = collect(plan, [
        observation("Checkout Started", "web", {"cart_id": "c1", "coupon": "SPRING"}),
        observation("Checkout Started", "ios", {"cart_id": "c2"}),
    ])
    assert all(cell.rate == 1.0 for event in report.events for cell in event.cells)
    gap = finding(report, "TL407", "Checkout Started", "coupon")
    assert platforms(gap) == ["ios"] and gap.severity == "warning"
    assert not report.has_drift  # the plan allows it: shown, not failed


def test_unknown_events_get_a_did_you_mean(write: Callable[[str, str], Path]) -> None:
    plan = load_plan(write("plan.yaml", GAP_PLAN))
    report = collect(plan, [observation("checkout started", "web", {"cart_id": "c1"})])
    found = finding(report, "TL401", "checkout started")
    assert found.hint == "did you mean 'Checkout Started'?"
    # Its properties are not each reported as unplanned: the event is.
    assert [f.code for f in report.findings] == ["TL401"]


def test_memory_is_bounded_whatever_the_number_of_distinct_values(
        write: Callable[[str, str], Path]) -> None:
    plan = load_plan(write("plan.yaml", GAP_PLAN))
    limits = DriftLimits(top_k=16, max_events=10, max_properties=8, max_versions=5)
    collector = DriftCollector(plan, limits)

    def feed(start: int, count: int) -> None:
        for n in range(start, start + count):
            obs = observation("Checkout Started", "web",
                              {"cart_id": f"cart-{n}", "coupon": f"C{n}", f"extra_{n}": n},
                              version=f"1.{n}.0")
            collector.add(obs, [])
            if n % 2:
                collector.add(observation(f"Unplanned {n}", "ios", {"x": n}), [])

    # 200,000 distinct values (and property names, versions, event names) in all;
    # once warm, 40,000 more events must not grow the collector.
    feed(0, 2_000)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    feed(2_000, 40_000)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 64 * 1024, f"the collector grew by {grown} bytes"
    feed(42_000, 158_000)

    cells = collector.data.cells
    assert len(cells) == 1 + limits.max_events  # the planned event + 10 unplanned names
    web = cells["Checkout Started"]["web"]
    assert web.count == 200_000
    assert len(web.properties) == 2 + limits.max_properties  # planned + capped extras
    assert web.other_properties == 200_000 - limits.max_properties
    assert len(web.properties["cart_id"].values) == limits.top_k
    assert len(collector.data.platforms["web"].versions) == limits.max_versions
    report = collector.report()
    assert report.overflow.events == 100_000 - limits.max_events
    assert report.overflow.versions == 200_000 - limits.max_versions
    assert report.overflow.properties == 200_000 - limits.max_properties
    event = report.event("Checkout Started")
    assert event is not None
    cart = next(p for p in event.properties if p.name == "cart_id").on("web")
    assert cart is not None and cart.distinct_saturated and len(cart.top_values) == 5
    assert cart.lengths is not None and cart.lengths.maximum == len("cart-199999")


def test_json_is_strict_even_with_odd_values(write: Callable[[str, str], Path]) -> None:
    plan = load_plan(write("plan.yaml", GAP_PLAN))
    report = collect(plan, [observation("Checkout Started", "web",
                                        {"cart_id": float("nan"), "coupon": float("inf")})])
    document = json.loads(render_json(report))["drift"]
    values = document["events"][0]["properties"][0]["platforms"]["web"]["top_values"]
    assert values[0]["value"] == "nan"


# -- the Shopwise example -------------------------------------------------------------------

EXAMPLE_PAYLOADS = Path(__file__).parent.parent / "examples" / "shop" / "payloads"


def test_the_example_captures_show_the_drift_their_readme_describes() -> None:
    # No --plan: the example's pyproject.toml, found from the payloads upward, names it.
    result = drift("--output-format", "json", str(EXAMPLE_PAYLOADS))
    assert result.exit_code == 1, result.output
    output = json.loads(result.stdout)
    document = output["drift"]
    assert document["plan_version"] == "2.3.0"
    assert document["platforms"] == ["web", "ios", "android", "server"]
    assert document["inputs"]["files"] == 5 and document["inputs"]["unreadable"] == 0
    assert 400 <= document["summary"]["events"] <= 800
    found = {(f["code"], f["severity"], f["event"], f["extra"].get("property"),
              tuple(f["extra"]["platforms"])) for f in output["diagnostics"]}
    assert found >= {
        ("TL406", "error", "Account Created", "planType", ("android",)),
        ("TL404", "warning", "Signed Up", None, ("ios",)),
        ("TL405", "error", "Product Added", "price", ("web",)),
        ("TL409", "error", "Products Searched", "results_count", ("web", "ios", "android")),
        ("TL407", "warning", "Account Created", "referrer", ("ios", "android")),
    }
    value = next(f for f in output["diagnostics"] if f["code"] == "TL410")
    assert value["event"] == "Account Created" and "'Free' (ios)" in value["message"]
    versions = document["versions"]
    assert versions["ios"]["conforms_since"] == "3.1.0"
    assert versions["android"]["conforms_since"] == "4.2.0"
    assert versions["ios"]["retired_events"][0]["versions"] == ["2.9.1", "2.8.4"]


def test_platform_override(tmp_path: Path) -> None:
    capture = tmp_path / "capture.jsonl"
    capture.write_text(json.dumps({"event": "Search Performed", "properties": {
        "token": "t", "distinct_id": "u1", "time": 1717430400, "query": "lamp",
        "results_count": 1}}) + "\n", encoding="utf-8")
    unknown = json.loads(drift("--plan", str(PLAN), "--output-format", "json",
                               str(capture)).stdout)["drift"]
    assert unknown["platforms"] == ["unknown"] and unknown["drift"] is True
    result = drift("--plan", str(PLAN), "--output-format", "json", "--payload-platform", "ios",
                   str(capture))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drift"]["platforms"] == ["ios"]
    assert drift("--plan", str(PLAN), "--payload-platform", " ", str(capture)).exit_code == 2
