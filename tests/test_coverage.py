"""``tracklint coverage``: which planned events the code and the apps send, or never send.

The example shop (examples/shop) sends 8 of the 11 events its plan plans for the
server; its captures show what web, iOS and Android send (iOS before 3.0 still
sends the deprecated "Signed Up").  Small projects in tmp_path plant one case of
each kind: implemented, never sent, deprecated and removed events still sent,
events outside the plan, events of another platform, dynamic names, wrappers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from linter.code_check import CodeSettings, collect_calls
from linter.coverage import (
    CoverageReport,
    EventUse,
    PlatformCoverage,
    code_coverage,
    coverage_report,
    render_text,
)
from linter.events import EventObservation
from linter.files import discover
from linter.payloads import read_payloads
from linter.plan.loader import load_plan
from linter.static import CallSite

from .conftest import EXAMPLE

SHOP_PAYLOADS = sorted(str(p) for p in (EXAMPLE / "payloads").iterdir()
                       if p.suffix in (".jsonl", ".gz"))

PLAN = """\
version: 1.2.0
platforms: [web, ios, server]
events:
  Item Added:
    platforms: [web, ios, server]
    properties:
      sku: {type: string}
  Item Removed:
    platforms: [server]
  Cart Emptied:
    platforms: [server, web]
  Item Put:
    status: deprecated
    replaced_by: Item Added
    platforms: [server]
  Item Dropped:
    status: removed
    platforms: [server]
  Page Scrolled:
    platforms: [web]
"""

APP = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")
NAMES = {"add": "Item Added"}


def track(user, event, **properties):
    mp.track(user.id, event, properties)


def add(user):
    mp.track(user.id, "Item Added", {"sku": "A-1"})


def add_again(user):
    track(user, "Item Added", sku="B-2")


def put(user):
    track(user, "Item Put")


def drop(user):
    mp.track(user.id, "Item Dropped", {})


def typo(user):
    mp.track(user.id, "Itme Removed", {})


def unknown(user):
    mp.track(user.id, "Wishlist Shared", {})


def scrolled(user):
    mp.track(user.id, "Page Scrolled", {})


def dynamic(user, kind):
    mp.track(user.id, NAMES[kind], {})
"""


def run_coverage(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (it is registered as ``tracklint coverage``)."""
    code = ("import sys; from linter.cli.coverage import coverage_command; "
            "coverage_command(prog_name='tracklint coverage')")
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, env=environment, timeout=300)


def project(write: Callable[[str, str], Path], app: str = APP) -> Path:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", PLAN)
    write("app.py", app)
    return root


def inventory_of(root: Path) -> list[CallSite]:
    files = tuple(discover([root]))
    return collect_calls(CodeSettings(targets=files, project_files=files,
                                      roots=(root,))).calls


def by_event(uses: tuple[EventUse, ...]) -> dict[str, EventUse]:
    return {use.event: use for use in uses}


# -- the report, from the library --------------------------------------------------


def test_small_project_every_kind_of_use(write):
    root = project(write)
    plan = load_plan(root / "plan.yaml")
    section = code_coverage(inventory_of(root), plan, "server")
    implemented = by_event(section.implemented)
    assert set(implemented) == {"Item Added"}
    # one direct call and one through the project's own wrapper; the wrapper's body is not
    # a call site of its own
    assert implemented["Item Added"].count == 2
    assert [loc.rsplit(":", 1)[1] for loc in implemented["Item Added"].locations] == ["12", "16"]
    assert section.planned == ("Cart Emptied", "Item Added", "Item Removed")
    assert section.never_sent == ("Cart Emptied", "Item Removed")
    retired = by_event(section.retired)
    assert retired["Item Put"].status == "deprecated"
    assert retired["Item Put"].replaced_by == "Item Added"
    assert retired["Item Put"].locations[0].endswith("app.py:20")
    assert retired["Item Dropped"].status == "removed"
    unplanned = by_event(section.unplanned)
    assert unplanned["Itme Removed"].suggestion == "Item Removed"
    assert unplanned["Wishlist Shared"].suggestion is None
    other = by_event(section.other_platform)
    assert other["Page Scrolled"].planned_for == ("web",)
    assert [d.location.rsplit(":", 1)[1] for d in section.dynamic] == ["40"]
    assert section.dynamic[0].source  # what the name is computed from
    assert section.percent == pytest.approx(100 / 3)
    # the forwarding call in track() is not counted
    assert section.sent == 8


def test_calls_inside_wrappers_are_not_call_sites(write):
    root = project(write)
    calls = inventory_of(root)
    inside = [c for c in calls if c.inside_wrapper is not None]
    assert inside, "the example must have a wrapper body"
    section = code_coverage(calls, load_plan(root / "plan.yaml"), "server")
    body = f"{inside[0].path}:{inside[0].line}"
    assert body not in {d.location for d in section.dynamic}
    assert all(body not in use.locations for use in section.implemented + section.retired)


def test_nothing_planned_has_no_percentage(write):
    root = project(write)
    section = code_coverage(inventory_of(root), load_plan(root / "plan.yaml"), "android")
    assert section.planned == ()
    assert section.percent is None
    assert {u.event for u in section.other_platform} >= {"Item Added", "Page Scrolled"}


def test_example_shop_server_coverage():
    plan = load_plan(EXAMPLE / "plan")
    files = tuple(discover([EXAMPLE / "app"]))
    calls = collect_calls(CodeSettings(targets=files, project_files=files,
                                       roots=(EXAMPLE,))).calls
    section = code_coverage(calls, plan, "server")
    assert section.never_sent == ("Checkout Started", "Product Added", "Product Removed")
    implemented = by_event(section.implemented)
    assert len(implemented) == 8
    assert implemented["Account Created"].locations[0].endswith("accounts.py:8")
    assert implemented["Subscription Started"].locations[0].endswith("billing.py:11")
    assert section.retired == () and section.unplanned == () and section.dynamic == ()
    assert section.percent == pytest.approx(800 / 11)


def shop_capture_report() -> CoverageReport:
    plan = load_plan(EXAMPLE / "plan")
    stream = read_payloads(SHOP_PAYLOADS)
    observations = (i for i in stream if isinstance(i, EventObservation))
    return coverage_report(plan, None, observations=observations)


def test_payload_coverage_per_platform():
    report = shop_capture_report()
    assert report.code is None
    sections = {s.platform: s for s in report.captured}
    assert list(sections) == ["web", "ios", "android", "server"]
    web, ios, android = sections["web"], sections["ios"], sections["android"]
    assert web.never_sent == ("Product Removed", "Subscription Cancelled")
    assert by_event(web.implemented)["Product Viewed"].count == 61
    assert android.never_sent == ("Product Removed",)
    assert android.percent == pytest.approx(1000 / 11)
    assert web.sent == 189 and ios.sent == 229 and android.sent == 128
    # iOS before 3.0 still sends the deprecated "Signed Up": by app version, oldest first
    signed_up = by_event(ios.retired)["Signed Up"]
    assert signed_up.count == 7
    assert [(v.version, v.count) for v in signed_up.versions] == [("2.8.4", 2), ("2.9.1", 5)]
    assert signed_up.replaced_by == "Account Created"
    assert report.not_captured == ()


def test_payload_events_outside_the_plan_and_on_the_wrong_platform():
    plan = load_plan(EXAMPLE / "plan")
    observations = [
        EventObservation("Order Complete", {}, "web"),
        EventObservation("Order Complete", {}, "web"),
        EventObservation("Wishlist Shared", {}, "web"),
        EventObservation("Payment Failed", {}, "web"),  # planned for the server only
        EventObservation("Signed Up", {}, "android", app_version="3.10.0"),
        EventObservation("Signed Up", {}, "android", app_version="3.9.2"),
        EventObservation("Signed Up", {}, "android"),
    ]
    report = coverage_report(plan, None, observations=observations)
    web, android = report.captured
    unplanned = by_event(web.unplanned)
    assert unplanned["Order Complete"].count == 2
    assert unplanned["Order Complete"].suggestion == "Order Completed"
    assert by_event(web.other_platform)["Payment Failed"].planned_for == ("server",)
    versions = by_event(android.retired)["Signed Up"].versions
    assert [v.version for v in versions] == ["3.9.2", "3.10.0", "(no version)"]
    assert report.not_captured == ("ios", "server")


def test_unplanned_names_are_capped(monkeypatch):
    import linter.coverage.model as coverage

    monkeypatch.setattr(coverage, "MAX_UNPLANNED", 3)
    plan = load_plan(EXAMPLE / "plan")
    observations = [EventObservation(f"Made Up {i}", {}, "web") for i in range(10)]
    (web,) = coverage_report(plan, None, observations=observations).captured
    assert len(web.unplanned) == 3
    assert web.unplanned_overflow == 7
    assert "... and 7 events of other names outside the plan" in render_text(
        CoverageReport(None, captured=(web,)))


def test_every_finding_is_a_located_diagnostic(write):
    root = project(write)
    plan = load_plan(root / "plan.yaml")
    report = coverage_report(plan, inventory_of(root), platform="server")
    found = {(d.code, d.event, d.severity.value) for d in report.findings}
    assert found == {
        ("TL501", "Cart Emptied", "warning"), ("TL501", "Item Removed", "warning"),
        ("TL502", "Item Put", "warning"), ("TL502", "Item Dropped", "warning"),
        ("TL503", "Itme Removed", "warning"), ("TL503", "Wishlist Shared", "warning"),
        ("TL504", "Page Scrolled", "warning"), ("TL505", None, "info")}
    never = next(d for d in report.findings if d.event == "Cart Emptied")
    assert never.path == str(root / "plan.yaml") and never.line is not None
    typo = next(d for d in report.findings if d.event == "Itme Removed")
    assert typo.path is not None and typo.path.endswith("app.py")
    assert typo.hint == "did you mean 'Item Removed'?"
    put = next(d for d in report.findings if d.event == "Item Put")
    assert put.hint == "send 'Item Added' instead"


def test_a_name_pattern_says_which_planned_events_the_call_may_send(write):
    """``f"Item {action}"`` may send 'Item Added', 'Item Removed'...: still counted for
    none (which one is sent is decided at run time), but the finding names them."""
    root = project(write, APP.replace("NAMES[kind]", 'f"Item {kind}"'))
    plan = load_plan(root / "plan.yaml")
    section = code_coverage(inventory_of(root), plan, "server")
    [call] = section.dynamic
    assert call.pattern == "Item {}"
    assert call.may_send == ("Item Added", "Item Removed", "Item Put", "Item Dropped")
    assert call.to_dict()["may_send"] == list(call.may_send)
    report = coverage_report(plan, inventory_of(root), platform="server")
    [finding] = [d for d in report.findings if d.code == "TL505"]
    assert "it may send 'Item Added', 'Item Removed', 'Item Put', 'Item Dropped', the " \
        "planned events of its pattern 'Item {}'" in finding.message
    assert finding.args["pattern"] == "Item {}"


def test_text_rendering_lists_every_group(write):
    root = project(write)
    report = coverage_report(load_plan(root / "plan.yaml"), inventory_of(root),
                             platform="server")
    text = render_text(report)
    assert "server (code, 8 tracking calls): 1 of 3 planned events implemented (33.3%)" in text
    assert "TL501 warning: 'Cart Emptied' is planned for server but never sent by the code" \
        in text
    assert "TL503 warning: 'Itme Removed' is sent from server but is not in the plan" in text
    assert "  hint: did you mean 'Item Removed'?" in text
    assert "TL502 warning: server still sends deprecated 'Item Put'" in text
    assert "but the plan lists it for web only" in text
    assert "TL505 info: the event name of this call is computed at run time" in text
    assert "Coverage: server (code) 33.3%.\n" in text
    assert text.endswith("Found 7 warnings in 1 platform, 8 tracking calls.\n")


def test_json_form_is_plain_data(write):
    root = project(write)
    section = code_coverage(inventory_of(root), load_plan(root / "plan.yaml"), "server")
    data = json.loads(json.dumps(CoverageReport("1.2.0", section).to_dict()))
    code = data["code"]
    assert code["coverage"] == 33.33
    assert code["never_sent"] == ["Cart Emptied", "Item Removed"]
    assert code["unplanned"][0]["did_you_mean"] == "Item Removed"


def test_platform_coverage_without_plan_events():
    empty = PlatformCoverage("tv", "payloads", planned=())
    assert empty.to_dict()["coverage"] is None


# -- the command ------------------------------------------------------------------


def test_command_text_on_the_example():
    result = run_coverage("--no-cache", cwd=EXAMPLE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "server (code, 8 tracking calls): 8 of 11 planned events implemented (72.7%)" in out
    assert "app/accounts.py:8" in out
    for event in ("Checkout Started", "Product Added", "Product Removed"):
        assert f"TL501 warning: '{event}' is planned for server but never sent by the code" \
            in out


def test_command_with_several_payloads():
    files = [str(Path(p).relative_to(EXAMPLE)) for p in SHOP_PAYLOADS]
    repeated = [word for file in files for word in ("--payloads", file)]
    result = run_coverage("app", "--no-cache", *repeated, "--output-format", "json",
                          cwd=EXAMPLE)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    data = output["coverage"]
    assert data["code"]["coverage"] == 72.73
    retired = next(d for d in output["diagnostics"]
                   if d["code"] == "TL502" and d["platform"] == "ios")
    assert retired["event"] == "Signed Up" and "2.8.4 (2), 2.9.1 (5)" in retired["message"]
    platforms = [p["platform"] for p in data["captured"]]
    assert platforms == ["web", "ios", "android", "server"]
    ios = data["captured"][1]
    assert ios["retired"][0]["versions"] == [{"version": "2.8.4", "count": 2},
                                             {"version": "2.9.1", "count": 5}]
    assert data["payloads"]["files"] == len(files)
    assert data["unreadable"] == 0


def test_command_payload_folder_and_repeated_option():
    result = run_coverage("--no-cache", "--payloads", "payloads/web-analytics-js.jsonl",
                          "--payloads", "payloads/ios-mixpanel-export.jsonl.gz",
                          cwd=EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert "web (captured, 189 events)" in result.stdout
    assert "ios (captured, 229 events)" in result.stdout
    assert "No captures from: android, server" in result.stdout
    folder = run_coverage("--no-cache", "--payloads", "payloads", cwd=EXAMPLE)
    assert folder.returncode == 0, folder.stderr
    assert "android (captured, 128 events)" in folder.stdout


def test_fail_under(write):
    assert run_coverage("--no-cache", "--fail-under", "70", cwd=EXAMPLE).returncode == 0
    below = run_coverage("--no-cache", "--fail-under", "80", cwd=EXAMPLE)
    assert below.returncode == 1
    assert ("TL506 the code sends 8 of the 11 events planned for server (72.7%), below "
            "--fail-under 80%") in below.stdout
    root = project(write)
    assert run_coverage("--no-cache", "--fail-under", "34", cwd=root).returncode == 1
    assert run_coverage("--no-cache", "--fail-under", "33", cwd=root).returncode == 0


def test_usage_and_plan_errors_exit_2(write):
    root = project(write)
    (root / "plan.yaml").write_text("events: [not, a, mapping]\n", encoding="utf-8")
    broken = run_coverage("--no-cache", cwd=root)
    assert broken.returncode == 2
    assert "TL003" in broken.stderr + broken.stdout
    missing = run_coverage("--no-cache", "--payloads", "nowhere.jsonl", cwd=EXAMPLE)
    assert missing.returncode == 2
    assert run_coverage("--fail-under", "120", cwd=EXAMPLE).returncode == 2


def test_unreadable_records_are_counted(write):
    capture = write("bad.jsonl", '{"not": "a payload"}\nnot json\n')
    result = run_coverage("--no-cache", "--payloads", str(capture), "--output-format", "json",
                          cwd=EXAMPLE)
    assert result.returncode == 1, result.stderr  # the report left records out
    output = json.loads(result.stdout)
    assert output["coverage"]["unreadable"] == 2
    [unreadable] = [d for d in output["diagnostics"] if d["code"] == "TL303"]
    assert unreadable["message"].startswith("2 captured records could not be read")
