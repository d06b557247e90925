"""Untrusted text never reaches a terminal raw, and long lines never flood it.

Event names and values come from payloads and source literals anyone can write:
an escape sequence could clear the screen or set the window title, a carriage
return or newline could print a fake verdict.  Every text renderer writes them
escaped, and JUnit stays well-formed XML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linter.cli import cli
from linter.code_examples import EXAMPLE_PLAN
from linter.report.text import excerpt_window
from linter.text.display import printable

from .conftest import EXAMPLE

HOSTILE = "\x1b[2J\x1b]0;pwned\x07Order\rAll payloads conform\n\x00\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202e]")


def invoke(*args: str, monkeypatch: pytest.MonkeyPatch, cwd: Path) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_safe(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text))
    assert not any(line.startswith("All payloads conform") for line in text.splitlines())


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "capture.jsonl"
    path.write_text(json.dumps({"event": HOSTILE, "properties": {
        "mp_lib": "web", "$app_version_string": "1.0\x1b[31m", HOSTILE: HOSTILE}}) + "\n",
        encoding="utf-8")
    return path


def test_printable_escapes_every_control_character() -> None:
    assert printable(HOSTILE) == ("\\x1b[2J\\x1b]0;pwned\\x07Order\\rAll payloads conform"
                                  "\\n\\x00\\u202e")
    assert printable("caf\u00e9 \U0001f600") == "caf\u00e9 \U0001f600"
    assert printable("\ud83d") == "\\ud83d"
    coloured = "\x1b[1m\x1b[31mTL201\x1b[0m \x1b[2J"
    assert printable(coloured, keep_colour=True) == "\x1b[1m\x1b[31mTL201\x1b[0m \\x1b[2J"


@pytest.mark.parametrize("color", ["--no-color", "--color"])
def test_validate_text_and_tally_escape_payload_text(capture, monkeypatch, color) -> None:
    result = invoke("validate", color, "--plan", str(EXAMPLE / "plan"), str(capture),
                    monkeypatch=monkeypatch, cwd=capture.parent)
    assert result.exit_code == 1
    text = result.stdout
    if color == "--color":
        text = re.sub("\x1b\\[[0-9;]*m", "", text)  # tracklint's own colours only
    assert_safe(text)
    assert "\\x1b[2J\\x1b]0;pwned\\x07Order\\rAll payloads conform" in text


def test_drift_text_escapes_payload_text(capture, monkeypatch) -> None:
    result = invoke("drift", "--plan", str(EXAMPLE / "plan"), str(capture),
                    monkeypatch=monkeypatch, cwd=capture.parent)
    assert_safe(result.stdout)
    assert "\\x1b[2J" in result.stdout


def test_junit_is_well_formed_with_esc_and_nul_in_a_name(capture, monkeypatch) -> None:
    result = invoke("validate", "--output-format", "junit", "--plan", str(EXAMPLE / "plan"),
                    str(capture), monkeypatch=monkeypatch, cwd=capture.parent)
    suite = ElementTree.fromstring(result.stdout)
    messages = [failure.get("message") or "" for failure in suite.iter("failure")]
    assert any("\\x1b[2J" in message for message in messages)


def test_github_annotations_escape_control_characters(capture, monkeypatch) -> None:
    result = invoke("validate", "--output-format", "github", "--plan",
                    str(EXAMPLE / "plan"), str(capture), monkeypatch=monkeypatch,
                    cwd=capture.parent)
    assert_safe(result.stdout)


def test_source_literals_are_escaped_in_check_and_calls(write, monkeypatch) -> None:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", EXAMPLE_PLAN)
    write("app.py", 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
                    'mp.track("u", "Order\x1b[2JCompleted", {})\n')
    checked = invoke("check", "--no-cache", monkeypatch=monkeypatch, cwd=root)
    assert checked.exit_code == 1
    assert_safe(checked.stdout)
    assert "Order\\x1b[2JCompleted" in checked.stdout
    listed = invoke("calls", "--no-cache", monkeypatch=monkeypatch, cwd=root)
    assert_safe(listed.stdout)


# -- long lines ---------------------------------------------------------------------------


def test_an_excerpt_is_cut_around_the_column() -> None:
    line = "x" * 10_000 + "HERE" + "y" * 10_000
    shown, start = excerpt_window(line, 10_000, 80)
    assert len(shown) == 80 and shown[start:start + 4] == "HERE"
    assert shown.startswith("\u2026") and shown.endswith("\u2026")


def test_an_escaped_excerpt_keeps_its_caret_under_the_span(write, monkeypatch) -> None:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", EXAMPLE_PLAN)
    write("app.py", 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
                    'x = "\x1b\x1b"; mp.track("u", "Order Completd", {})\n')
    lines = invoke("check", "--no-cache", monkeypatch=monkeypatch, cwd=root).stdout.splitlines()
    excerpt_line, caret = lines[1], lines[2]
    start = caret.index("^")
    assert excerpt_line[start:start + caret.count("^")] == '"Order Completd"'


def test_a_call_with_thousands_of_keys_on_one_line_prints_briefly(write, monkeypatch) -> None:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", "version: 1.0.0\nplatforms: [server]\nevents:\n  Order Completed:\n"
                       "    additional_properties: true\n"
                       "    properties:\n      price: {type: number}\n")
    keys = ", ".join(f'"k{i}": {i}' for i in range(5_000))
    write("app.py", 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
                    f'mp.track("u", "Order Completed", {{{keys}, "price": "9.99"}})\n')
    result = invoke("check", "--no-cache", monkeypatch=monkeypatch, cwd=root)
    assert result.exit_code == 1
    assert len(result.stdout) < 1_000, len(result.stdout)
    lines = result.stdout.splitlines()
    excerpt_line, caret = lines[1], lines[2]
    assert len(excerpt_line) <= 120 and excerpt_line.endswith('"price": "9.99"})')
    assert excerpt_line[caret.index("^"):caret.index("^") + 6] == '"9.99"'


# -- lone surrogates ----------------------------------------------------------------------

# An emoji cut in half: in a payload (as JSON escapes) and in a source literal.
PRODUCT_VIEWED = ('{"event": "Product Viewed", "properties": {"product_id": "p1", "price": 3.5, '
                  '"distinct_id": "u-1", "mp_lib": "python"}}')
CUT = [
    '{"event": "Order \\ud83d", "properties": {"mp_lib": "python"}}',
    '{"event": "Order Completed", "properties": {"mp_lib": "python", "pr\\udc00ice": 1}}',
    '{"event": "Order Completed", "properties": {"mp_lib": "python", "x": "a\\ud83d"}}',
]


def assert_well_formed(output_format: str, text: str) -> None:
    """The whole document, in its format, with nothing that cannot be encoded."""
    text.encode("utf-8")
    if output_format in ("json", "sarif"):
        json.loads(text)
    elif output_format == "junit":
        ElementTree.fromstring(text)
    elif output_format == "html":
        assert text.rstrip().endswith("</html>")


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_validate_writes_whole_reports_after_lone_surrogates(write, monkeypatch,
                                                             output_format) -> None:
    capture = write("capture.jsonl", "\n".join([PRODUCT_VIEWED, *CUT, PRODUCT_VIEWED]) + "\n")
    result = invoke("validate", "--output-format", output_format, "--payload-platform", "web",
                    "--plan", str(EXAMPLE / "plan"), str(capture), monkeypatch=monkeypatch,
                    cwd=capture.parent)
    assert result.exit_code == 1, result.output
    assert_well_formed(output_format, result.stdout)
    if output_format == "json":
        summary = json.loads(result.stdout)["summary"]
        assert (summary["records"], summary["valid"], summary["unreadable"]) == (5, 2, 3)
    elif output_format == "text":
        assert "5 records read, 2 events (2 valid, 0 invalid), 3 unreadable" in result.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit", "html"])
def test_drift_writes_whole_reports_after_lone_surrogates(write, monkeypatch,
                                                          output_format) -> None:
    capture = write("capture.jsonl", "\n".join([PRODUCT_VIEWED, *CUT, PRODUCT_VIEWED]) + "\n")
    result = invoke("drift", "--output-format", output_format, "--payload-platform", "web",
                    "--plan", str(EXAMPLE / "plan"), str(capture), monkeypatch=monkeypatch,
                    cwd=capture.parent)
    assert result.exit_code in (0, 1), result.output
    assert_well_formed(output_format, result.stdout)
    assert "3 captured records could not be read" in result.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_check_and_calls_write_whole_reports_with_a_lone_surrogate_literal(
        write, monkeypatch, output_format) -> None:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", EXAMPLE_PLAN)
    write("app.py", 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
                    'mp.track("u", "Order \\ud800", {"k\\ud83d": "\\udc00"})\n')
    checked = invoke("check", "--no-cache", "--output-format", output_format,
                     monkeypatch=monkeypatch, cwd=root)
    assert checked.exit_code == 1, checked.output
    assert_well_formed(output_format, checked.stdout)
    if output_format == "json":
        [diagnostic] = json.loads(checked.stdout)["diagnostics"]
        assert diagnostic["code"] == "TL201" and diagnostic["event"] == "Order \ud800"
    listing = "json" if output_format == "json" else "text"
    listed = invoke("calls", "--no-cache", "--output-format", listing,
                    monkeypatch=monkeypatch, cwd=root)
    assert listed.exit_code == 0
    assert_well_formed(listing, listed.stdout)


def test_a_baseline_holds_a_lone_surrogate_literal(write, monkeypatch) -> None:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", EXAMPLE_PLAN)
    write("app.py", 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
                    'mp.track("u", "Order \\ud800", {})\n')
    written = invoke("check", "--no-cache", "--write-baseline", "baseline.json",
                     monkeypatch=monkeypatch, cwd=root)
    assert written.exit_code == 0, written.output
    [entry] = json.loads((root / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert entry["event"] == "Order \ud800"
    again = invoke("check", "--no-cache", "--baseline", "baseline.json",
                   monkeypatch=monkeypatch, cwd=root)
    assert again.exit_code == 0 and "All checks passed" in again.stdout
