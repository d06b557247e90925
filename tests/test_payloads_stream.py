"""The stream as a whole: TL303 diagnostics, counters, options and bounded memory."""

from __future__ import annotations

import gzip
import io
import json
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import Diagnostic, Severity
from linter.events import EventObservation
from linter.payloads import OpenCapture, PayloadStats, read_payloads

DATA = Path(__file__).parent / "data" / "payloads"


def split(items: list[Any]) -> tuple[list[EventObservation], list[Diagnostic]]:
    return ([item for item in items if isinstance(item, EventObservation)],
            [item for item in items if isinstance(item, Diagnostic)])


def assert_every_message_counted(stats: PayloadStats, diagnostics: list[Diagnostic]) -> None:
    record_problems = [d for d in diagnostics if d.line is not None or d.pointer is not None]
    assert stats.unreadable + stats.file_problems == len(diagnostics)
    assert stats.unreadable <= len(record_problems)
    assert stats.events == sum(stats.events_by_format.values())
    assert stats.non_events == sum(stats.non_event_kinds.values())


def test_every_sample_file_reads_cleanly_and_is_counted() -> None:
    samples = sorted(path for path in DATA.rglob("*") if path.is_file() and path.suffix != ".md")
    stream = read_payloads(samples)
    events, diagnostics = split(list(stream))
    assert diagnostics == []
    stats = stream.stats
    assert stats.files == len(samples) == 18
    assert stats.events == len(events) == 43
    assert stats.events_by_format == {"amplitude": 8, "mixpanel": 13, "posthog": 7,
                                      "rudderstack": 6, "segment": 9}
    assert stats.non_events == 17
    assert stats.unreadable == stats.files_failed == stats.file_problems == 0
    assert {e.platform for e in events} == {"web", "ios", "android", "server"}
    assert all(e.origin.path and e.origin.line and e.origin.pointer for e in events)


MALFORMED = "\n".join([
    '{"event": "Order Completed", "properties": {"token": "t", "distinct_id": "u1", '
    '"mp_lib": "web"}}',
    '{"event": "Order Completed", "properties": {"token": "t",',
    "not json at all",
    '[1, {"event_type": "Viewed", "user_id": "user_1"}]',
    '{"type": "track", "userId": "u2", "properties": {"a": 1}}',
    '{"batch": [{"type": "track", "event": "A", "userId": "u"}, "oops", {"type": "tarck"}, '
    '{"type": "track", "event": "B", "properties": [1]}], "writeKey": "wk"}',
    '{"event": "Looks Like An Event", "properties": {}}',
    '{"api_key": "k", "events": {"event_type": "A"}}',
    '{"event": "", "distinct_id": "u", "properties": {}}',
    '{"type": "page", "name": "Home", "userId": "u3"}',
    '{"event": "Still Read", "distinct_id": "u4", "properties": {"$lib": "posthog-node"}}',
]) + "\n"


def test_malformed_records_become_tl303_with_positions_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "malformed.jsonl"
    path.write_text(MALFORMED)
    stream = read_payloads([path])
    events, diagnostics = split(list(stream))
    assert [(e.name, e.origin.line, e.origin.pointer) for e in events] == [
        ("Order Completed", 1, "/properties"),
        ("Viewed", 4, "/1/event_properties"),
        ("A", 6, "/batch/0/properties"),
        ("Still Read", 11, "/properties"),
    ]
    assert all(d.code == "TL303" and d.path == str(path) and d.hint for d in diagnostics)
    got = [(d.line, d.pointer, d.message) for d in diagnostics]
    assert got == [
        (2, "", "unreadable record: invalid JSON at line 3, column 1: "
                "Expecting property name enclosed in double quotes"),
        (3, "", "unreadable record: not valid JSON (Expecting value at column 1), "
                "nor a data= form or base64 body"),
        (4, "/0", "unreadable record: the record is a number, not a JSON object"),
        (5, "", "unreadable segment record: the message has no event name ('event')"),
        (6, "/batch/1", "unreadable segment record: the message is a string, not a JSON object"),
        (6, "/batch/2/type", "unreadable segment record: unknown message type 'tarck'"),
        (6, "/batch/3/properties",
         "unreadable segment record: 'properties' is an array, not an object"),
        (7, "", "unreadable record: not a payload of a known format (keys: event, properties)"),
        (8, "/events", "unreadable amplitude record: 'events' is an object, not an array"),
        (9, "/event", "unreadable posthog record: the event name ('event') is empty"),
    ]
    assert diagnostics[7].hint is not None and "--payload-format" in diagnostics[7].hint
    assert diagnostics[6].event == "B"
    stats = stream.stats
    assert (stats.records, stats.events, stats.non_events, stats.unreadable) == (12, 4, 1, 10)
    assert stats.non_event_kinds == {"page": 1}
    assert_every_message_counted(stats, diagnostics)


def test_forced_format_reads_ambiguous_records_and_reports_misfits(tmp_path: Path) -> None:
    path = tmp_path / "ambiguous.jsonl"
    path.write_text('{"event": "Looks Like An Event", "properties": {"plan": "pro"}}\n'
                    '{"event_type": "Amplitude Event"}\n')
    events, diagnostics = split(list(read_payloads([path], format="Mixpanel")))
    assert [(e.name, e.sdk, e.platform) for e in events] == [
        ("Looks Like An Event", "mixpanel", "unknown")]
    assert [(d.line, d.message) for d in diagnostics] == [
        (2, "unreadable mixpanel record: the message has no event name ('event')")]


def test_forced_rudderstack_format_sets_the_sdk(tmp_path: Path) -> None:
    path = tmp_path / "spec.jsonl"
    path.write_text('{"type": "track", "event": "A", "userId": "u"}\n')
    (event,) = read_payloads([path], format="rudderstack")
    assert isinstance(event, EventObservation) and event.sdk == "rudderstack"


def test_platform_override_wins(tmp_path: Path) -> None:
    stream = read_payloads([DATA / "segment" / "mobile_batches.jsonl.gz"], platform="ios")
    events, _ = split(list(stream))
    assert {e.platform for e in events} == {"ios"} and len(events) == 3


@pytest.mark.parametrize(("options", "message"), [
    ({"format": "snowplow"}, "unknown payload format 'snowplow'"),
    ({"platform": "  "}, "must not be empty"),
])
def test_bad_options_fail_before_reading(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_payloads(["does-not-matter"], **options)


def test_missing_and_corrupt_files_do_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"event_type": "A", "user_id": "user_1"}\n')
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(b'{"event_type": "B"}\n' * 20000)[:200])
    stream = read_payloads([tmp_path / "missing.jsonl", cut, good])
    events, diagnostics = split(list(stream))
    assert [e.name for e in events][-1] == "A"
    assert diagnostics[0].path == str(tmp_path / "missing.jsonl")
    assert diagnostics[0].line is None and "cannot read the file" in diagnostics[0].message
    assert "corrupt or truncated" in diagnostics[-1].message
    assert diagnostics[-1].path == str(cut)
    assert stream.stats.files == 3 and stream.stats.files_failed == 2
    assert_every_message_counted(stream.stats, diagnostics)


def test_not_utf8_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"event_type": "Bestellung", "user_id": "K\xf6ln1"}\n')
    events, diagnostics = split(list(read_payloads([path])))
    assert len(events) == 1
    (warning,) = diagnostics
    assert warning.severity is Severity.WARNING and warning.code == "TL303"


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (DATA / "posthog" / "mobile_batches.jsonl.gz").read_bytes()

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(data))

    monkeypatch.setattr(sys, "stdin", Stdin())
    events, _ = split(list(read_payloads(["-"])))
    assert [(e.name, e.origin.path, e.origin.line) for e in events] == [
        ("Order Completed", "<stdin>", 1), ("Product Viewed", "<stdin>", 2)]


def test_a_single_path_is_one_source(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"event_type": "A"}\n')
    stream = read_payloads(str(path))
    assert [item.name for item in stream if isinstance(item, EventObservation)] == ["A"]
    assert stream.stats.files == 1


def test_a_stream_is_iterated_once(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"event_type": "A"}\n')
    stream = read_payloads([path])
    assert len(list(stream)) == 1
    with pytest.raises(RuntimeError, match="only once"):
        iter(stream)


def test_stats_are_json_serialisable(tmp_path: Path) -> None:
    stream = read_payloads([DATA / "posthog" / "js_events.json"])
    list(stream)
    data = json.loads(json.dumps(stream.stats.to_dict()))
    assert data["events"] == 2 and data["non_event_kinds"] == {"$pageview": 1, "$identify": 1}


def test_empty_batches_and_arrays_are_counted_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text('{"batch": [], "writeKey": "wk"}\n{"api_key": "k", "events": []}\n[[]]\n')
    stream = read_payloads([path])
    assert list(stream) == []
    assert (stream.stats.records, stream.stats.empty) == (3, 3)


def _write_big_array(path: Path, count: int, *, compress: bool = False) -> int:
    event = {"event": "Order Completed",
             "properties": {"token": "0f3a5e2b9c8d47e1a6b2c3d4e5f60718", "distinct_id": "user_4821",
                            "time": 1717430400, "$insert_id": "x1f0k9l2m3n4b5v6", "mp_lib": "web",
                            "order_id": "ord_9f3k2", "total": 49.9, "currency": "EUR",
                            "note": "n" * 200}}
    line = json.dumps(event)
    opener = gzip.open if compress else open
    with opener(path, "wt") as out:
        out.write("[")
        for index in range(count):
            out.write(("," if index else "") + line)
        out.write("]")
    return len(line) * count


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_a_multi_megabyte_json_array_is_streamed_in_bounded_memory(
    tmp_path: Path, compress: bool
) -> None:
    path = tmp_path / ("big.json.gz" if compress else "big.json")
    size = _write_big_array(path, 30_000, compress=compress)
    assert size > 12_000_000
    stream = read_payloads([path])
    tracemalloc.start()
    try:
        count = 0
        last = None
        for item in stream:
            assert isinstance(item, EventObservation)
            count += 1
            last = item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == stream.stats.events == 30_000
    assert last is not None and last.origin.pointer == "/29999/properties"
    assert last.origin.line == 1 and last.origin.column is not None and last.origin.column > size
    assert peak < size / 8, f"peak {peak} bytes for a {size}-byte array"


def test_an_open_capture_is_read_like_the_file_it_came_from(tmp_path: Path) -> None:
    """Bytes fetched elsewhere (Spark's binaryFile) are read under the name given."""
    text = ('{"event": "Signed In", "properties": {"distinct_id": "u"}}\n'
            'not json\n')
    capture = tmp_path / "capture.jsonl.gz"
    capture.write_bytes(gzip.compress(text.encode()))
    from_file = list(read_payloads(capture))
    opened = OpenCapture(str(capture), io.BytesIO(capture.read_bytes()))
    assert list(read_payloads(opened)) == from_file
    assert [type(item).__name__ for item in from_file] == ["EventObservation", "Diagnostic"]
