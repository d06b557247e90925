"""Hostile records: each one is a located TL303, reading goes on and the counts stay exact.

A lone surrogate (an emoji cut in half), JSON nested 3,000 levels deep, an
integer of 5,000 digits, NaN and Infinity, and a key written twice are each
put between two valid events, in every container a capture can use (a JSON
Lines line, an element of a JSON array, a ``data=`` form body, a base64 body),
and read with msgspec and with the standard library alone.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.payloads import containers, decoding, read_payloads

from .conftest import EXAMPLE

PLAN = str(EXAMPLE / "plan")
VALID = ('{"event": "Product Viewed", "properties": {"product_id": "p1", "price": 3.5, '
         '"distinct_id": "u-1", "mp_lib": "python"}}')

# name -> (the bad record's JSON text, words its diagnostic must contain, its pointer)
HOSTILE: dict[str, tuple[str, str, str]] = {
    "lone surrogate in the event name": (
        '{"event": "Order \\ud83d", "properties": {"mp_lib": "python"}}',
        "lone surrogate \\ud83d", "/event"),
    "lone surrogate in a property key": (
        '{"event": "Order Completed", "properties": {"mp_lib": "python", "pr\\udc00ice": 1}}',
        "a key in the object at /properties holds a lone surrogate \\udc00", "/properties"),
    "lone surrogate in a value": (
        '{"event": "Order Completed", "properties": {"mp_lib": "python", "x": "a\\uD83D"}}',
        "lone surrogate \\ud83d", "/properties/x"),
    "nested 3,000 levels": (
        '{"event": "Order Completed", "properties": {"mp_lib": "python", "x": '
        + "[" * 3000 + "]" * 3000 + "}}",
        "nested too deeply", ""),
    "an integer of 5,000 digits": (
        '{"event": "Order Completed", "properties": {"mp_lib": "python", "price": '
        + "9" * 5000 + "}}",
        "more than 4,300 digits", ""),
    "NaN": ('{"event": "Order Completed", "properties": {"mp_lib": "python", "price": NaN}}',
            "NaN is not a JSON number", ""),
    "-Infinity": ('{"event": "Order Completed", "properties": {"mp_lib": "python", '
                  '"price": -Infinity}}', "-Infinity is not a JSON number", ""),
    "a duplicate key in the properties": (
        '{"event": "Order Completed", "properties": {"mp_lib": "python", "price": 1, '
        '"price": "9.99"}}', "the key 'price' appears twice in the object at /properties",
        "/properties"),
    "a duplicate key written with blanks": (
        '{"event": "Order Completed", "event" : "Order Refunded", "properties": {}}',
        "the key 'event' appears twice in the record", ""),
}


@pytest.fixture(params=["msgspec", "json module"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with msgspec and with the standard library alone."""
    if request.param == "json module":
        monkeypatch.setattr(containers, "FAST_DECODE", None)
        monkeypatch.setattr(decoding, "_ENCODE", None)
    return str(request.param)


def _read(path: Path) -> tuple[list[EventObservation], list[Diagnostic], Any]:
    stream = read_payloads([path])
    items = list(stream)
    events = [item for item in items if isinstance(item, EventObservation)]
    problems = [item for item in items if isinstance(item, Diagnostic)]
    return events, problems, stream.stats


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_line_is_one_located_record_and_reading_goes_on(
        tmp_path: Path, decoder: str, case: str) -> None:
    text, words, pointer = HOSTILE[case]
    path = tmp_path / "capture.jsonl"
    path.write_text(f"{VALID}\n{text}\n{VALID}\n", encoding="utf-8")
    events, problems, stats = _read(path)
    assert [event.origin.line for event in events] == [1, 3]
    [problem] = problems
    assert problem.code == "TL303" and problem.line == 2 and problem.column == 1
    assert words in problem.message, problem.message
    assert problem.pointer == pointer
    assert (stats.records, stats.events, stats.unreadable) == (3, 2, 1)
    problem.message.encode("utf-8")  # nothing unencodable reaches a report


@pytest.mark.parametrize("case", ["lone surrogate in a value", "nested 3,000 levels",
                                  "an integer of 5,000 digits", "NaN",
                                  "a duplicate key in the properties"])
def test_a_hostile_array_element_is_one_record(tmp_path: Path, decoder: str, case: str) -> None:
    text, words, pointer = HOSTILE[case]
    path = tmp_path / "capture.json"
    path.write_text(f"[\n{VALID},\n{text},\n{VALID}\n]\n", encoding="utf-8")
    events, problems, stats = _read(path)
    assert [event.origin.pointer for event in events] == ["/0/properties", "/2/properties"]
    [problem] = problems
    assert problem.line == 3 and words in problem.message
    assert problem.pointer == "/1" + pointer
    assert (stats.events, stats.unreadable) == (2, 1)


@pytest.mark.parametrize("case", ["lone surrogate in the event name", "nested 3,000 levels",
                                  "an integer of 5,000 digits", "NaN",
                                  "a duplicate key in the properties"])
@pytest.mark.parametrize("body", ["data= form", "base64"])
def test_a_hostile_form_or_base64_body_is_one_record(tmp_path: Path, decoder: str, case: str,
                                                      body: str) -> None:
    text, words, _ = HOSTILE[case]
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    line = f"data={quote(text)}&verbose=1" if body == "data= form" else encoded
    path = tmp_path / "capture.txt"
    path.write_text(f"{VALID}\n{line}\n{VALID}\n", encoding="utf-8")
    events, problems, stats = _read(path)
    assert [event.origin.line for event in events] == [1, 3]
    [problem] = problems
    assert problem.line == 2 and words in problem.message, problem.message
    assert (stats.records, stats.events, stats.unreadable) == (3, 2, 1)


def test_records_are_the_same_with_and_without_msgspec(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hostile case, valid lines, an array and a pretty-printed object in one file."""
    pretty = json.dumps(json.loads(VALID), indent=2)
    text = "\n".join([VALID, *(case[0] for case in HOSTILE.values()),
                      f"[{VALID}, {VALID}]", pretty, VALID]) + "\n"
    path = tmp_path / "capture.jsonl"
    path.write_text(text, encoding="utf-8")

    def summary() -> list[tuple[Any, ...]]:
        return [(type(item).__name__, item.line, item.column, item.pointer, item.value)
                if isinstance(item, containers.RawRecord)
                else (type(item).__name__, item.line, item.pointer, item.message)
                for item in containers.read_records(path)]

    fast = summary()
    monkeypatch.setattr(containers, "FAST_DECODE", None)
    monkeypatch.setattr(decoding, "_ENCODE", None)
    assert summary() == fast
    assert len(fast) == 1 + len(HOSTILE) + 2 + 1 + 1  # the array is two records


def test_duplicate_keys_are_found_wherever_they_are() -> None:
    assert decoding.duplicate_key(b'{"a": 1, "b": {"c": [1, {"d": 1, "d": 2}]}}',
                                  {"a": 1, "b": {"c": [1, {"d": 2}]}}) == ("/b/c/1", "d")
    # Colons inside strings and escaped colons do not hide a repeat, nor make one up.
    assert decoding.duplicate_key('{"t": "12:00:00", "u": "a\\u003ab"}',
                                  {"t": "12:00:00", "u": "a:b"}) is None
    assert decoding.duplicate_key('{"t": "12:00", "t": "a\\u003ab"}', {"t": "a:b"}) == (
        "", "t")


def test_validate_reports_hostile_records_and_its_json_stays_well_formed(
        tracklint: Any, write: Any) -> None:
    good = ('{"type": "track", "event": "Product Viewed", "userId": "u-1", "properties": '
            '{"product_id": "p1", "price": 3.5}, "context": {"library": {"name": "analytics.js"}}}')
    records = [good, *(case[0] for case in HOSTILE.values()), good]
    path = write("capture.jsonl", "\n".join(records) + "\n")
    result = tracklint("validate", "--plan", PLAN, "--output-format", "json", str(path))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    summary = report["summary"]
    assert summary["records"] == len(records) and summary["unreadable"] == len(HOSTILE)
    assert summary["valid"] == 2
    text = tracklint("validate", "--plan", PLAN, str(path))
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert f"{len(HOSTILE):,} unreadable" in text.stdout


def test_drift_goes_on_after_hostile_records(tracklint: Any, write: Any) -> None:
    records = [VALID, *(case[0] for case in HOSTILE.values()), VALID]
    path = write("capture.jsonl", "\n".join(records) + "\n")
    result = tracklint("drift", "--plan", PLAN, "--output-format", "json", str(path))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    document = json.loads(result.stdout)
    inputs = document["drift"]["inputs"]
    assert (inputs["records"], inputs["events"], inputs["unreadable"]) == (
        len(records), 2, len(HOSTILE))
    located = [line.split(": ")[0] for line in inputs["problems"]]  # the first few, in order
    assert located and located == [f"{path}:{line}:1" for line in range(2, 2 + len(located))]
    assert document["drift"]["summary"]["events"] == 2
