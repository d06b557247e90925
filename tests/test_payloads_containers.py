"""Reading capture files: containers, compression, stdin, positions and recovery."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.diagnostics import Severity
from linter.payloads import containers
from linter.payloads.containers import BadRecord, FileProblem, RawRecord, read_records


def records(path: Path | str) -> list[Any]:
    return list(read_records(path))


def values(path: Path | str) -> list[tuple[int, int, str, Any]]:
    items = records(path)
    assert all(isinstance(item, RawRecord) for item in items), items
    return [(item.line, item.column, item.pointer, item.value) for item in items
            if isinstance(item, RawRecord)]


def test_json_lines_give_one_record_per_line_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "capture.jsonl"
    path.write_text('{"a": 1}\n\n{"b": 2}\n   {"c": 3}\n')
    assert values(path) == [(1, 1, "", {"a": 1}), (3, 1, "", {"b": 2}), (4, 4, "", {"c": 3})]
    assert all(item.path == str(path) for item in records(path))


def test_json_array_elements_are_records_with_their_index(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text('[\n  {"a": 1},\n  {"b": 2}\n]\n')
    assert values(path) == [(2, 3, "/0", {"a": 1}), (3, 3, "/1", {"b": 2})]


def test_minified_array_elements_are_told_apart_by_column(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text('[{"a":1},{"b":2}, {"c":3}]')
    assert values(path) == [(1, 2, "/0", {"a": 1}), (1, 10, "/1", {"b": 2}),
                            (1, 19, "/2", {"c": 3})]


def test_a_pretty_printed_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('\n{\n  "event": "X",\n  "properties": {"a": [1, 2]}\n}\n')
    assert values(path) == [(2, 1, "", {"event": "X", "properties": {"a": [1, 2]}})]


def test_lines_holding_arrays_are_split(tmp_path: Path) -> None:
    path = tmp_path / "bodies.jsonl"
    path.write_text('[{"a":1},{"b":2}]\n[]\n[{"c":3}]\n')
    assert values(path) == [(1, 2, "/0", {"a": 1}), (1, 10, "/1", {"b": 2}),
                            (3, 2, "/0", {"c": 3})]


def test_empty_file_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n \n")
    assert records(path) == []


def test_crlf_and_utf8_bom_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\r\n{"b": "\xc3\xa9"}\r\n')
    assert values(path) == [(1, 1, "", {"a": 1}), (2, 1, "", {"b": "é"})]


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "powershell.jsonl"
    path.write_text('{"a": "Köln"}\n{"b": 2}\n', encoding="utf-16")
    assert values(path) == [(1, 1, "", {"a": "Köln"}), (2, 1, "", {"b": 2})]


def test_gzip_is_detected_by_magic_bytes_not_by_name(tmp_path: Path) -> None:
    path = tmp_path / "capture.log"  # no .gz suffix
    path.write_bytes(gzip.compress(b'{"a": 1}\n{"b": 2}\n'))
    assert values(path) == [(1, 1, "", {"a": 1}), (2, 1, "", {"b": 2})]


def test_a_gz_name_without_gzip_content_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "capture.jsonl.gz"
    path.write_text('{"a": 1}\n')
    assert values(path) == [(1, 1, "", {"a": 1})]


def test_multi_member_gzip_is_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "rotated.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n') + gzip.compress(b'{"b": 2}\n'))
    assert [value for *_, value in values(path)] == [{"a": 1}, {"b": 2}]


def test_truncated_gzip_reports_where_reading_stopped(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(b'{"n": %d}\n' % i for i in range(50_000)))
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) // 2])
    items = records(path)
    problem = items[-1]
    assert isinstance(problem, FileProblem)
    assert problem.fatal and "corrupt or truncated" in problem.message
    read = [item for item in items if isinstance(item, RawRecord)]
    assert 0 < len(read) < 50_000
    assert problem.line is not None and problem.line >= read[-1].line


def test_zip_archives_are_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.json", '{"a": 1}')
    (problem,) = records(path)
    assert isinstance(problem, FileProblem) and problem.fatal
    assert "zip" in problem.message and "unzip" in problem.hint


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    (problem,) = records(tmp_path / "nope.jsonl")
    assert isinstance(problem, FileProblem) and problem.fatal
    assert problem.path == str(tmp_path / "nope.jsonl")


class _Stdin:
    """A stand-in for sys.stdin whose .buffer is a pipe-like byte stream."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b'{"a": 1}\n[{"b": 2}]\n'))
    items = records("-")
    assert [(item.path, item.line, item.pointer) for item in items] == [
        ("<stdin>", 1, ""), ("<stdin>", 2, "/0")]


def test_gzip_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(gzip.compress(b'{"a": 1}\n')))
    assert values("-") == [(1, 1, "", {"a": 1})]


def test_records_cut_by_chunk_boundaries_are_reassembled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(containers, "READ_SIZE", 7)
    expected = [{"event": f"E{i}", "n": i * 1.5, "s": "x" * (i % 13), "t": True, "u": None}
                for i in range(60)]
    path = tmp_path / "small-chunks.json"
    path.write_text(json.dumps(expected, indent=1))
    assert [value for *_, value in values(path)] == expected
    lines = tmp_path / "small-chunks.jsonl"
    lines.write_text("".join(json.dumps(item) + "\n" for item in expected) + "12345\n")
    got = values(lines)
    assert [value for *_, value in got] == [*expected, 12345]
    assert [line for line, *_ in got] == list(range(1, 62))


def test_multibyte_characters_split_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(containers, "READ_SIZE", 3)
    path = tmp_path / "utf8.jsonl"
    path.write_text('{"name": "Bestellung abgeschlossen ✓ 日本"}\n', encoding="utf-8")
    assert values(path) == [(1, 1, "", {"name": "Bestellung abgeschlossen ✓ 日本"})]


def test_invalid_json_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"a": 1}\n{"b": 2,, }\n{"c": 3}\n{"d": \n{"e": 5}\n')
    items = records(path)
    assert [type(item).__name__ for item in items] == [
        "RawRecord", "BadRecord", "RawRecord", "BadRecord", "RawRecord"]
    bad = items[1]
    assert isinstance(bad, BadRecord)
    assert (bad.line, bad.column, bad.end_line) == (2, 1, 2)
    assert bad.message == (
        "invalid JSON at column 9: Expecting property name enclosed in double quotes")
    assert bad.source_line == '{"b": 2,, }'
    cut = items[3]
    assert isinstance(cut, BadRecord) and (cut.line, cut.end_line) == (4, 4)
    assert [item.value for item in items if isinstance(item, RawRecord)] == [
        {"a": 1}, {"c": 3}, {"e": 5}]


def test_a_broken_pretty_printed_record_is_skipped_as_one(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "event": "A"\n  "properties": {}\n}\n'  # missing comma, lines 1-4
        '{\n  "event": "B"\n}\n'
    )
    items = records(path)
    assert [type(item).__name__ for item in items] == ["BadRecord", "RawRecord"]
    bad = items[0]
    assert isinstance(bad, BadRecord)
    assert (bad.line, bad.end_line) == (1, 4)
    assert bad.message == "invalid JSON at line 3, column 3: Expecting ',' delimiter"
    assert isinstance(items[1], RawRecord) and items[1].line == 5


def test_a_broken_array_element_is_skipped_and_the_array_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text('[\n  {"a": 1},\n  {"b": tru},\n  {"c": 3}\n]\n')
    items = records(path)
    assert [type(item).__name__ for item in items] == ["RawRecord", "BadRecord", "RawRecord"]
    bad = items[1]
    assert isinstance(bad, BadRecord) and (bad.line, bad.pointer) == (3, "/1")
    assert bad.source_line == '  {"b": tru},'
    last = items[2]
    assert isinstance(last, RawRecord) and (last.line, last.pointer, last.value) == (
        4, "/2", {"c": 3})


def test_unclosed_array_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[\n  {"a": 1},\n  {"b": 2}\n')
    items = records(path)
    assert [type(item).__name__ for item in items] == ["RawRecord", "RawRecord", "FileProblem"]
    problem = items[-1]
    assert isinstance(problem, FileProblem) and not problem.fatal
    assert "not closed" in problem.message and problem.line == 3


def test_missing_comma_between_elements_is_reported_but_both_are_read(tmp_path: Path) -> None:
    path = tmp_path / "comma.json"
    path.write_text('[{"a": 1}\n {"b": 2}]')
    items = records(path)
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["RawRecord", "FileProblem", "RawRecord"]
    problem = items[1]
    assert isinstance(problem, FileProblem) and problem.line == 2 and "','" in problem.message


def test_a_record_cut_by_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text('{"a": 1}\n{"b": "unterminated')
    bad = records(path)[-1]
    assert isinstance(bad, BadRecord) and bad.line == 2
    assert "file ends inside the record" in bad.message


def test_oversized_record_is_refused_and_reading_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(containers, "MAX_RECORD_CHARS", 1000)
    monkeypatch.setattr(containers, "READ_SIZE", 64)
    path = tmp_path / "huge.jsonl"
    path.write_text('{"big": "' + "x" * 5000 + '"}\n{"ok": 1}\n')
    items = records(path)
    assert [type(item).__name__ for item in items] == ["BadRecord", "RawRecord"]
    assert isinstance(items[0], BadRecord) and "larger than 1000" in items[0].message
    assert isinstance(items[1], RawRecord) and items[1].line == 2


def test_invalid_utf8_is_replaced_and_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"a": 1}\n{"city": "K\xf6ln"}\n{"city": "M\xfcnchen"}\n')
    items = records(path)
    warnings = [item for item in items if isinstance(item, FileProblem)]
    assert len(warnings) == 1
    assert warnings[0].severity is Severity.WARNING and warnings[0].line == 2
    assert [item.value for item in items if isinstance(item, RawRecord)] == [
        {"a": 1}, {"city": "K\ufffdln"}, {"city": "M\ufffdnchen"}]


def test_text_lines_are_decoded_as_forms_or_base64(tmp_path: Path) -> None:
    path = tmp_path / "forms.txt"
    path.write_text('data=eyJhIjogMX0%3D\nip=1&data=%7B%22b%22%3A2%7D\n'
                    'eyJjIjogM30=\n"just a string"\n')
    items = records(path)
    assert [item.value for item in items if isinstance(item, RawRecord)] == [
        {"a": 1}, {"b": 2}, {"c": 3}, "just a string"]


def test_garbage_line_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_text("hello world\n{\"a\": 1}\n")
    items = records(path)
    bad = items[0]
    assert isinstance(bad, BadRecord) and bad.line == 1
    assert "not valid JSON" in bad.message and bad.source_line == "hello world"
    assert isinstance(items[1], RawRecord)


# -- property: any layout, any chunk size, same records at the same positions --------
_json_scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
                 | st.floats(allow_nan=False, allow_infinity=False)
                 | st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
_json_values = st.recursive(
    _json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)
_objects = st.dictionaries(st.text(max_size=6), _json_values, max_size=5)


def _layout(kind: str, values: list[Any], ascii_only: bool) -> tuple[str, list[int], list[str]]:
    """The text of ``values`` in one container layout, where each starts, and its pointer."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    text, starts, pointers = "", [], []
    if kind == "jsonl":
        for value in values:
            text += "\n" if len(text) % 3 == 0 else "  "
            starts.append(len(text))
            pointers.append("")
            text += dump(value) + "\n"
    elif kind == "pretty":
        for value in values:
            starts.append(len(text))
            pointers.append("")
            text += json.dumps(value, indent=2, ensure_ascii=ascii_only) + "\n\n"
    else:
        separator = ",\n  " if kind == "array-indented" else ","
        text = "[\n  " if kind == "array-indented" else "["
        for index, value in enumerate(values):
            if index:
                text += separator
            starts.append(len(text))
            pointers.append(f"/{index}")
            text += dump(value)
        text += "\n]\n" if kind == "array-indented" else "]"
    return text, starts, pointers


@example(kind="array", objects=[], scalars=[0.0, -1.5e-07], read_size=1, ascii_only=True,
         compress=False)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["jsonl", "pretty", "array", "array-indented"]),
    objects=st.lists(_objects, max_size=8),
    scalars=st.lists(_json_values, max_size=6),
    read_size=st.integers(1, 40),
    ascii_only=st.booleans(),
    compress=st.booleans(),
)
def test_any_layout_and_chunking_gives_the_same_records(
    tmp_path_factory: pytest.TempPathFactory, kind: str, objects: list[dict[str, Any]],
    scalars: list[Any], read_size: int, ascii_only: bool, compress: bool,
) -> None:
    values: list[Any] = list(objects) if kind in ("jsonl", "pretty") else [*objects, *scalars]
    text, starts, pointers = _layout(kind, values, ascii_only)
    path = tmp_path_factory.mktemp("layout") / "capture"
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(containers, "READ_SIZE", read_size)
        got = records(path)
    assert all(isinstance(item, RawRecord) for item in got), got
    expected = [
        (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start), pointer, value)
        for start, pointer, value in zip(starts, pointers, values, strict=True)
    ]
    assert [(r.line, r.column, r.pointer, r.value) for r in got if isinstance(r, RawRecord)] == (
        expected)
