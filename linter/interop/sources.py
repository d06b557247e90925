"""Reading the files other tools export: JSON, CSV and YAML, keeping positions.

A user importing a 2,000-rule Segment export needs ``plan.json:1841:17`` for a
rule without a key, not "invalid input", so JSON values are located by line
(Python's ``json`` does not say where a value is; a small scanner over the
already-valid text does) as well as by JSON Pointer, and CSV rows by the line
they start on.  Files are untrusted: size is bounded, YAML goes through the plan
loader's safe reader, and nothing is evaluated.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.diagnostics import TracklintError
from linter.interop.problems import INVALID, UNREADABLE, Where, diagnostic, failure, pointer
from linter.plan.source import SourceDocument, read_source

MAX_BYTES = 64 * 1024 * 1024
Key = tuple[str | int, ...]


def read_text(path: Path, display: str) -> str:
    """The file's text (UTF-8, a byte order mark allowed); TL601 when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise failure(UNREADABLE, f"the file is {size / 1_048_576:.0f} MB; the limit for "
                          f"an import is {MAX_BYTES // 1_048_576} MB", Where(display),
                          "export the plan in parts (for example by category)")
        raw = path.read_bytes()
    except OSError as error:
        raise failure(UNREADABLE, f"cannot read the file: {error.strerror}", Where(display),
                      "check the path") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise failure(UNREADABLE, f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                      Where(display, line, column), "save or export the file as UTF-8") from None


# -- JSON ------------------------------------------------------------------------------


@dataclass
class JsonDocument:
    """A parsed JSON file and the position of each of its values."""

    path: str
    data: Any
    _offsets: dict[Key, int] = field(repr=False)
    _line_starts: list[int] = field(repr=False)

    def where(self, *keys: str | int) -> Where:
        """The location of the value at ``keys`` (or of its nearest located parent)."""
        for end in range(len(keys), -1, -1):
            offset = self._offsets.get(keys[:end])
            if offset is not None:
                line = bisect.bisect_right(self._line_starts, offset)
                column = offset - self._line_starts[line - 1] + 1
                return Where(self.path, line, column, pointer(keys) or None)
        return Where(self.path, pointer=pointer(keys) or None)


def load_json(path: Path, display: str, text: str | None = None) -> JsonDocument:
    """Parse a JSON file; TL601 at the line and column where it stops being JSON."""
    text = read_text(path, display) if text is None else text
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise failure(UNREADABLE, f"invalid JSON: {error.msg}",
                      Where(display, error.lineno, error.colno),
                      "export the file again; a truncated download is the usual cause") from None
    except RecursionError:
        raise failure(UNREADABLE, "the JSON is nested too deeply to read", Where(display)) from None
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    return JsonDocument(display, data, _json_offsets(text), starts)


_SKIP = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_ATOM = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")


def _json_offsets(text: str) -> dict[Key, int]:
    """The offset where each value of valid JSON ``text`` starts, by its path.

    Iterative, so depth costs no recursion; runs only on text ``json.loads``
    accepted, so it can trust the grammar.
    """
    offsets: dict[Key, int] = {}
    # A stack of (path of the container, next index or None for objects, is_object).
    stack: list[tuple[Key, list[int], bool]] = []
    position = _skip(text, 0)
    path: Key = ()
    while position < len(text):
        char = text[position]
        if char in "{[":
            offsets[path] = position
            stack.append((path, [0], char == "{"))
            position = _skip(text, position + 1)
            if text[position] in "}]":
                continue
            path = _next_path(text, stack, position)
            if stack[-1][2]:
                position = _after_key(text, position)
            continue
        if char in "}]":
            stack.pop()
            position = _skip(text, position + 1)
        elif char == '"':
            offsets[path] = position
            position = _DECODER.raw_decode(text, position)[1]
            position = _skip(text, position)
        else:
            offsets[path] = position
            atom = _ATOM.match(text, position)
            position = _skip(text, atom.end() if atom else position + 1)
        if not stack:
            break
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
            path = _next_path(text, stack, position)
            if stack[-1][2]:
                position = _after_key(text, position)
    return offsets


def _skip(text: str, position: int) -> int:
    """The first offset at or after ``position`` that is not JSON whitespace."""
    match = _SKIP.match(text, position)
    return match.end() if match else position


def _next_path(text: str, stack: list[tuple[Key, list[int], bool]], position: int) -> Key:
    parent, counter, is_object = stack[-1]
    if is_object:
        key = _DECODER.raw_decode(text, position)[0]
        return (*parent, key)
    index = counter[0]
    counter[0] += 1
    return (*parent, index)


def _after_key(text: str, position: int) -> int:
    """From the opening quote of an object key to the start of its value."""
    end = _DECODER.raw_decode(text, position)[1]
    colon = _skip(text, end)
    return _skip(text, colon + 1)


# -- CSV -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One record of a CSV file: the line it starts on and its cells by column name."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str | None) -> str:
        return "" if column is None else self.cells.get(column, "").strip()


@dataclass
class CsvTable:
    """A CSV file with a header row."""

    path: str
    header: list[str]
    rows: list[CsvRow]

    def where(self, line: int, column: str | None = None) -> Where:
        position = self.header.index(column) + 1 if column in self.header else None
        return Where(self.path, line, position)


def load_csv(path: Path, display: str, text: str | None = None) -> CsvTable:
    """Parse a CSV file with a header (comma, semicolon or tab separated)."""
    text = read_text(path, display) if text is None else text
    if not text.strip():
        raise failure(UNREADABLE, "the file is empty", Where(display),
                      "export the tracking plan again; the file should start with a header row")
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        rows: list[CsvRow] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(header):
                    extra = record[len(header):]
                    if any(cell.strip() for cell in extra):
                        raise failure(
                            INVALID, f"the row has {len(record)} cells but the header names "
                            f"{len(header)} columns", Where(display, start),
                            "quote cells that contain the separator "
                            f"({delimiter!r}) and check the row against the header")
                rows.append(CsvRow(start, dict(zip(header, record, strict=False))))
            start = reader.line_num + 1
    except csv.Error as error:
        raise failure(UNREADABLE, f"invalid CSV: {error}", Where(display, reader.line_num),
                      "check the quotes on that line") from None
    return CsvTable(display, header, rows)


# -- YAML ------------------------------------------------------------------------------


def load_yaml(path: Path, display: str) -> SourceDocument:
    """A YAML file through the plan loader's safe reader (limits, no tags, positions).

    Its problems keep their location and message but become TL601, since the file
    is an input to convert, not a plan.
    """
    try:
        return read_source(path, display)
    except TracklintError as error:
        problems = [diagnostic(UNREADABLE, d.message.replace("the plan file", "the file"),
                               Where(d.path or display, d.line, d.column), hint=d.hint)
                    for d in error.diagnostics]
        raise TracklintError(error.message.replace("the plan file", "the file"),
                             problems) from None


# -- helpers shared by the importers ---------------------------------------------------


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty one (for optional sections)."""
    return value if isinstance(value, Mapping) else {}


def items(value: Any) -> Sequence[Any]:
    """``value`` when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def files_under(root: Path, suffixes: tuple[str, ...] = ()) -> Iterator[Path]:
    """Files below ``root`` in a stable order, hidden folders skipped."""
    found = [path for path in root.rglob("*")
             if path.is_file() and not any(part.startswith(".")
                                           for part in path.relative_to(root).parts)
             and (not suffixes or path.suffix.lower() in suffixes)]
    yield from sorted(found, key=lambda path: path.relative_to(root).as_posix())
