"""Reporters render any diagnostics the same way; machine formats are valid for their readers."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema

from linter.diagnostics import Diagnostic, Edit, Fix, Severity
from linter.report import REPORTERS, RunSummary

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))

CODE_DIAGNOSTIC = Diagnostic(
    code="TL206", message="property 'planType' is not planned for event 'Account Created'",
    hint="did you mean 'plan_type'?", path="app/accounts.py", line=7, column=45, end_line=7,
    end_column=53, event="Account Created", platform="server",
    source_line='    track_event(user, "Account Created", planType="pro")',
    fix=Fix("rename", (Edit(7, 45, 7, 53, "plan_type"),)))
PAYLOAD_DIAGNOSTIC = Diagnostic(
    code="TL207", message="'price' of event 'Order Completed' must be a number, got a string",
    severity=Severity.ERROR, path="captured/ios.jsonl", line=12, event="Order Completed",
    platform="ios", pointer="/properties/price")
RUNTIME_DIAGNOSTIC = Diagnostic(code="TL203", message="event 'Signed Up' is deprecated",
                                severity=Severity.WARNING, event="Signed Up")
ALL = [CODE_DIAGNOSTIC, PAYLOAD_DIAGNOSTIC, RUNTIME_DIAGNOSTIC]


def render(name: str, diagnostics=ALL, **options) -> str:
    stream = io.StringIO()
    REPORTERS[name](stream, color=False, **options).report(diagnostics, RunSummary(3))
    return stream.getvalue()


def test_text_is_compiler_like_with_source_caret_and_hint():
    lines = render("text", [CODE_DIAGNOSTIC]).splitlines()
    assert lines[0] == ("app/accounts.py:7:45: TL206 [*] property 'planType' is not planned "
                        "for event 'Account Created'")
    assert lines[1] == '7 |     track_event(user, "Account Created", planType="pro")'
    assert lines[2] == " " * (4 + 44) + "^" * 8
    assert lines[3] == "  hint: did you mean 'plan_type'?"
    assert "Found 1 error in 3 files." in lines
    assert "1 fixable with --fix" in lines[-1]


def test_text_shows_payload_pointer_and_warning_level():
    output = render("text", [PAYLOAD_DIAGNOSTIC, RUNTIME_DIAGNOSTIC])
    assert "captured/ios.jsonl:12: TL207 " in output
    assert "at /properties/price" in output
    assert "<payload>: TL203 warning: event 'Signed Up' is deprecated" in output


def test_text_colour_only_when_asked():
    plain = render("text", [CODE_DIAGNOSTIC])
    stream = io.StringIO()
    REPORTERS["text"](stream, color=True).report([CODE_DIAGNOSTIC], RunSummary(1))
    assert "\x1b[" not in plain and "\x1b[" in stream.getvalue()


def test_text_statistics_and_clean_summary():
    output = render("text", ALL, statistics=True)
    assert "     1  TL206  [*] unplanned-property" in output
    assert "All checks passed" in render("text", [])


def test_the_closing_line_counts_as_every_report_does():
    stream = io.StringIO()
    summary = RunSummary(12_345, unit="event", details={"event names": 1_200, "platforms": 1})
    REPORTERS["text"](stream, color=False).report([RUNTIME_DIAGNOSTIC] * 2, summary)
    assert stream.getvalue().endswith(
        "Found 2 warnings in 12,345 events, 1,200 event names, 1 platform.\n")


def test_json_carries_the_documented_fields():
    document = json.loads(render("json"))
    first = document["diagnostics"][0]
    for key in ("path", "line", "column", "end_line", "end_column", "code", "severity",
                "message", "event"):
        assert key in first
    assert first["fixable"] is True and document["summary"]["errors"] == 2


def test_sarif_is_valid_against_the_official_schema():
    document = json.loads(render("sarif"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(document)
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["TL203", "TL206", "TL207"]
    result = next(r for r in run["results"] if r["ruleId"] == "TL206")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": 45, "endLine": 7, "endColumn": 53}
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "TL206"


def test_sarif_without_diagnostics_is_valid():
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(json.loads(render("sarif", [])))


def test_github_annotations_escape_their_fields():
    diagnostic = Diagnostic(code="TL201", message="event 'a,b' is not planned\nsecond line",
                            path="app/x,y.py", line=3, column=5)
    [line] = render("github", [diagnostic]).splitlines()
    assert line == ("::error file=app/x%2Cy.py,line=3,col=5,title=TL201 unknown-event::"
                    "event 'a,b' is not planned%0Asecond line")
    warning = render("github", [RUNTIME_DIAGNOSTIC])
    assert warning.startswith("::warning title=TL203 deprecated-event::")


def test_junit_is_well_formed_xml():
    root = ElementTree.fromstring(render("junit"))
    assert root.tag == "testsuite" and root.get("failures") == "2"
    assert len(root.findall("testcase")) == 3


def test_a_long_source_line_is_cut_around_the_column(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size",
                        lambda fallback=(0, 0): os.terminal_size((80, 24)))
    keys = ", ".join(f'"k{i}": {i}' for i in range(50_000))
    line = f"mp.track(u, 'Order Completed', {{{keys}, \"planType\": 1}})"
    column = line.index('"planType"') + 1
    diagnostic = CODE_DIAGNOSTIC.at(line=1, column=column, end_line=1, end_column=column + 10,
                                    source_line=line)
    excerpt, caret = render("text", [diagnostic]).splitlines()[1:3]
    assert len(excerpt) <= 80 and excerpt.startswith("1 | \u2026")
    assert caret.strip() == "^" * 10
    assert excerpt[caret.index("^"):caret.index("^") + 10] == '"planType"'
