"""drift, coverage and plan diff speak like every command: diagnostics with catalogue codes,
the shared reporters, and --select/--ignore/--statistics/--exit-zero meaning the same."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from linter.cli import cli
from linter.rules import RULES
from linter.text.display import percent

from .conftest import EXAMPLE

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
DRIFT = Path(__file__).parent / "data" / "drift"
DRIFT_ARGS = ("--plan", str(DRIFT / "plan.yaml"), str(DRIFT))


def invoke(*args: str, monkeypatch: pytest.MonkeyPatch | None = None,
           cwd: Path | None = None) -> Result:
    if cwd is not None:
        assert monkeypatch is not None
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def codes(result: Result) -> set[str]:
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


# -- the catalogue ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["TL401", "TL407", "TL412", "TL501", "TL506", "TL701",
                                  "TL704"])
def test_report_codes_have_rule_pages(code: str) -> None:
    result = invoke("rule", code)
    assert result.exit_code == 0
    rule = RULES[code]
    assert result.stdout.startswith(f"{code} ({rule.name})")
    assert f"Default severity: {rule.severity.value}" in result.stdout


# -- drift ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_drift_findings_in_every_ci_format(fmt: str) -> None:
    result = invoke("drift", "--output-format", fmt, *DRIFT_ARGS)
    assert result.exit_code == 1
    if fmt == "sarif":
        document = json.loads(result.stdout)
        jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)
        run = document["runs"][0]
        renamed = next(r for r in run["results"] if r["ruleId"] == "TL406")
        location = renamed["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("plan.yaml")
        assert location["region"]["startLine"] > 1
        assert run["properties"]["drift"]["schema_version"] == 2
    elif fmt == "github":
        lines = result.stdout.splitlines()
        assert any(line.startswith("::error file=") and "title=TL405 platform-missing-property"
                   in line for line in lines)
        assert any(line.startswith("::warning ") and "TL407" in line for line in lines)
    else:
        suite = ElementTree.fromstring(result.stdout)
        assert int(suite.get("failures") or 0) == 4


def test_drift_select_and_ignore_filter_the_findings_shown() -> None:
    everything = codes(invoke("drift", "--output-format", "json", *DRIFT_ARGS))
    assert {"TL404", "TL407"} <= everything
    ignored = invoke("drift", "--output-format", "json", "--ignore", "TL407,TL404",
                     *DRIFT_ARGS)
    assert codes(ignored) == everything - {"TL404", "TL407"}
    text = invoke("drift", "--ignore", "TL407", *DRIFT_ARGS).stdout
    assert "TL407" not in text and "TL405" in text
    only = invoke("drift", "--select", "deprecated-event-sent", *DRIFT_ARGS)
    assert only.exit_code == 0, "a warning alone does not fail the run"
    assert "TL404 warning: ios still sends deprecated 'Signed Up'" in only.stdout
    assert "TL405" not in only.stdout


def test_drift_statistics_and_exit_zero() -> None:
    result = invoke("drift", "--statistics", *DRIFT_ARGS)
    assert result.exit_code == 1
    assert "     2  TL405      platform-missing-property" in result.stdout.splitlines()
    assert "CONFORMANCE" not in result.stdout
    assert invoke("drift", "--exit-zero", *DRIFT_ARGS).exit_code == 0


def test_a_deprecated_event_gets_one_verdict_in_validate_and_drift(write) -> None:
    capture = write("ios.jsonl", json.dumps({"event": "Signed Up", "properties": {
        "mp_lib": "swift", "$os": "iOS", "distinct_id": "u-1", "method": "email",
        "app_version": "2.9.1", "$app_version_string": "2.9.1"}}) + "\n")
    plan = str(EXAMPLE / "plan")
    validated = invoke("validate", "--plan", plan, str(capture))
    assert validated.exit_code == 0, validated.stdout
    assert "TL203 warning: event 'Signed Up' is deprecated" in validated.stdout
    assert "Found 1 warning: 1 record read, 1 event (1 valid, 0 invalid)" in validated.stdout
    drifted = invoke("drift", "--plan", plan, "--output-format", "json", str(capture))
    assert drifted.exit_code == 0, drifted.stdout
    output = json.loads(drifted.stdout)
    assert output["drift"]["summary"]["rate"] == 1.0
    [finding] = output["diagnostics"]
    assert (finding["code"], finding["severity"]) == ("TL404", "warning")


def test_a_property_with_type_drift_is_not_shown_as_ok() -> None:
    result = invoke("drift", "--output-format", "json", *DRIFT_ARGS)
    events = {e["name"]: e for e in json.loads(result.stdout)["drift"]["events"]}
    revenue = next(p for p in events["Order Completed"]["properties"] if p["name"] == "revenue")
    assert revenue["platforms"]["server"]["status"] == "drift"
    assert revenue["platforms"]["web"]["status"] == "ok"


def test_type_drift_names_the_types_as_sent_and_as_the_plan_says_them(write) -> None:
    records = [{"mp_lib": "web", "results_count": 4},
               {"mp_lib": "android", "$os": "Android", "results_count": "4"}]
    capture = write("search.jsonl", "".join(json.dumps({"event": "Products Searched",
                    "properties": {"distinct_id": "u-1", "query": "lamp", **r}}) + "\n"
                    for r in records))
    result = invoke("drift", "--plan", str(EXAMPLE / "plan"), str(capture))
    assert ("TL409 'results_count' of 'Products Searched' is sent as integer from web; as "
            "string from android; the plan says integer") in result.stdout
    assert "    web      ok " in result.stdout and "    android  drift " in result.stdout


# -- one rounding -----------------------------------------------------------------------


def test_percent_rounds_to_the_nearest_tenth_but_never_to_all_or_none() -> None:
    assert [percent(r) for r in (2 / 3, 1 / 3, 0.88, 1.0, 0.0)] == [
        "66.7%", "33.3%", "88.0%", "100%", "0%"]
    assert percent(9_999 / 10_000) == "99.9%" and percent(1 / 10_000) == "0.1%"


def test_a_rate_reads_the_same_in_text_json_and_html(write) -> None:
    records = [{"event": "Product Viewed", "properties": {
        "mp_lib": "web", "distinct_id": "u-1", "product_id": "p-1", "price": 9.5}}] * 2
    records.append({"event": "Product Viewed", "properties": {
        "mp_lib": "web", "distinct_id": "u-1", "price": 9.5}})
    capture = write("web.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    args = ("--plan", str(EXAMPLE / "plan"), str(capture))
    text = invoke("drift", *args).stdout
    assert "Product Viewed                66.7%     (3)" in text
    assert "in 1 of 3 events (33.3%)" in text
    document = json.loads(invoke("drift", "--output-format", "json", *args).stdout)
    assert document["drift"]["summary"]["rate"] == 0.6667
    html = invoke("drift", "--output-format", "html", *args).stdout
    assert '<span class="rate">66.7%</span>' in html and "66.6%" not in html


def test_coverage_and_infer_round_as_drift_does(write, monkeypatch) -> None:
    write("tracklint.toml", 'plan = "plan.yaml"\n')
    write("plan.yaml", "platforms: [server]\nevents:\n  A Done: {}\n  B Done: {}\n"
                       "  C Done: {}\n")
    root = write("app.py", "import analytics\n\n\ndef f(user):\n"
                           "    analytics.track(user, 'A Done', {})\n"
                           "    analytics.track(user, 'B Done', {})\n").parent
    result = invoke("coverage", "--no-cache", "--fail-under", "90", cwd=root,
                    monkeypatch=monkeypatch)
    assert "2 of 3 planned events implemented (66.7%)" in result.stdout
    assert "(66.7%), below --fail-under 90%" in result.stdout
    assert "Coverage: server (code) 66.7%." in result.stdout
    records = [{"event": "A Done", "properties": {"distinct_id": "u", "n": value}}
               for value in ("x", "y", 1)]
    capture = write("a.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    inferred = invoke("infer", "--payloads", str(capture))
    assert "type varies: string 66.7%, integer 33.3%" in inferred.stdout


# -- coverage -------------------------------------------------------------------------


def test_coverage_in_sarif_with_the_gate(monkeypatch) -> None:
    result = invoke("coverage", "--no-cache", "--fail-under", "90", "--output-format", "sarif",
                    cwd=EXAMPLE, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"TL501", "TL506"}
    gate = next(r for r in results if r["ruleId"] == "TL506")
    assert gate["level"] == "error" and "below --fail-under 90%" in gate["message"]["text"]
    ignored = invoke("coverage", "--no-cache", "--ignore", "TL501", cwd=EXAMPLE,
                     monkeypatch=monkeypatch)
    assert ignored.exit_code == 0 and "TL501" not in ignored.stdout
    assert "All checks passed (1 platform, 8 tracking calls)." in ignored.stdout


def test_coverage_json_keeps_the_table_beside_the_diagnostics(monkeypatch) -> None:
    result = invoke("coverage", "--no-cache", "--output-format", "json", cwd=EXAMPLE,
                    monkeypatch=monkeypatch)
    output = json.loads(result.stdout)
    assert output["coverage"]["code"]["coverage"] == 72.73
    assert output["summary"]["warnings"] == 3 and output["summary"]["errors"] == 0


# -- plan diff --------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
                   "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=environment)


PLAN = ("version: 1.0.0\nplatforms: [web]\nevents:\n  Order Completed:\n    properties:\n"
        "      order_id: {type: string, required: true}\n  Signed Up: {}\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "tracklint.toml").write_text('plan = "plan.yaml"\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("a project\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "before the plan")
    return tmp_path


def test_plan_diff_against_a_base_without_the_plan_compares_with_an_empty_plan(
        repo: Path, monkeypatch) -> None:
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    result = invoke("plan", "diff", "--base", "HEAD", cwd=repo, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "there is no plan at HEAD:plan.yaml: compared with an empty plan" in result.stdout
    assert "TL702 info: event 'Order Completed' was added [minor]" in result.stdout
    assert "declares no semantic version" not in result.stdout
    assert "Declared version: 1.0.0 (a new plan)" in result.stdout
    explicit = invoke("plan", "diff", "HEAD:plan.yaml", cwd=repo, monkeypatch=monkeypatch)
    assert explicit.exit_code == 2, "a REV:path named explicitly must exist"


def test_plan_diff_without_arguments_compares_the_working_tree_with_head(
        repo: Path, monkeypatch) -> None:
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    _git(repo, "add", "plan.yaml")
    _git(repo, "commit", "-q", "-m", "the plan")
    (repo / "plan.yaml").write_text(PLAN.replace("  Signed Up: {}\n", ""), encoding="utf-8")
    result = invoke("plan", "diff", "--output-format", "github", cwd=repo,
                    monkeypatch=monkeypatch)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # A removal is annotated on the checked-out plan (where the event was removed from),
    # never on HEAD:plan.yaml, which a pull request does not have.
    assert ("::warning file=plan.yaml,line=3,col=1,title=TL701 breaking-plan-change::event "
            "'Signed Up' was removed [major]%0Anote: HEAD:plan.yaml:7:3: it was here") in lines
    sarif = json.loads(invoke("plan", "diff", "--output-format", "sarif", cwd=repo,
                              monkeypatch=monkeypatch).stdout)
    removed = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TL701")
    [was] = removed["relatedLocations"]
    assert was["physicalLocation"]["artifactLocation"]["uri"] == "HEAD:plan.yaml"
    assert removed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "plan.yaml"
    assert any(line.startswith("::error file=plan.yaml,line=1,col=1,title=TL704 "
                               "version-bump-missing::") for line in lines)
    quiet = invoke("plan", "diff", "--ignore", "TL701,TL705", "-q", cwd=repo,
                   monkeypatch=monkeypatch)
    assert quiet.stdout.splitlines()[0].startswith("plan.yaml:1:1: TL704 ")
    assert "Comparing" not in quiet.stdout and "Found" not in quiet.stdout
