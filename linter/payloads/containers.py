"""Reading records out of capture files, whatever their container, in bounded memory.

A capture is JSON Lines, a JSON array, one pretty-printed object, any mix of
those, or lines of ``data=``/base64 request bodies; it may be gzip-compressed
and may arrive on standard input.  Rather than guessing the container from the
file name, the reader scans the text once as a sequence of top-level JSON values:

* a value starting with ``{`` is one record (a JSON Lines line, or a whole
  pretty-printed object);
* a value starting with ``[`` is streamed element by element, each element a
  record whose pointer prefix is its index (``/17``), so a multi-gigabyte array
  never has to be in memory at once;
* anything else is read as a line and decoded by :mod:`linter.payloads.forms`.

Text is decoded into a buffer that holds the unread part of the current chunk
plus the record being decoded, so memory is bounded by the read size and the
largest record (at most :data:`MAX_RECORD_CHARS`), never by the file.  Records
carry the 1-based line and column where they start.

A malformed record does not end the file: it is reported and reading resumes at
the next line that can start a record, the skipped lines being reported with it.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final, NamedTuple, TypeAlias

from linter.diagnostics import Severity
from linter.payloads.decoding import (
    FAST_DECODE,
    STRICT_DECODER,
    RecordError,
    check_record,
    describe_failure,
    encode_json,
)
from linter.payloads.forms import NotAPayload, decode_line
from linter.payloads.model import Lane

STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"
#: Bytes read from the (decompressed) stream at a time.
READ_SIZE: Final = 1 << 18
#: A record larger than this many characters is reported and skipped, so that one
#: runaway value (an unterminated string in a huge file) cannot exhaust memory.
MAX_RECORD_CHARS: Final = 64 << 20

_GZIP_MAGIC: Final = b"\x1f\x8b"
_ZIP_MAGIC: Final = b"PK\x03\x04"
_SOURCE_LINE_CHARS: Final = 200
# Near the end of the buffer a JSON error may only mean the value goes on in the
# next chunk (a cut number, literal or escape); the margin covers the longest cut.
_TRUNCATION_MARGIN: Final = 64
_BLANK_CHARS: Final = " \t\r\n"
_WHITESPACE: Final = re.compile(r"[ \t\r\n]*")
_BLANKS: Final = re.compile(r"[ \t\r]*")
_NUMBER_CHARS: Final = re.compile(r"[0-9.eE+-]*")
# Where reading may resume after a malformed record: a line that starts a JSON
# value or a data=/base64 body at the top level, an element or the end in an array.
_TOP_STARTS: Final = frozenset("{[") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_ARRAY_STARTS: Final = frozenset("{[,]")
# Values that end with their own delimiter: once decoded, more text cannot extend them.
_DELIMITED_STARTS: Final = frozenset("{[")
_DECOMPRESSION_ERRORS: Final = (OSError, EOFError, zlib.error)
_BLANK_BYTES: Final = b" \t\r\n"
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A line longer than this (in bytes) goes to the scanner, which enforces MAX_RECORD_CHARS.
_LINE_LIMIT: Final = 1 << 16


class RawRecord(NamedTuple):
    """A decoded JSON value and where it starts.

    ``pointer`` is the record's JSON Pointer inside the top-level value it belongs
    to: ``""`` for a line or a whole object, ``"/17"`` for an element of an array.
    A tuple rather than a frozen dataclass: one is made per record, and a tuple
    costs a fraction of the time to build.
    """

    path: str
    line: int
    column: int
    pointer: str
    value: Any


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be decoded (invalid JSON, too large, not a payload).

    ``end_line`` is the last line skipped with it before reading resumed.
    """

    path: str
    line: int
    column: int
    pointer: str
    message: str
    hint: str
    end_line: int | None = None
    source_line: str | None = None


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem with a file rather than one record: unreadable, corrupt, not UTF-8...

    ``fatal`` means reading of this file stopped there.
    """

    path: str
    line: int | None
    message: str
    hint: str
    severity: Severity = Severity.ERROR
    fatal: bool = False


class ByteRange(NamedTuple):
    """Bytes ``[start, end)`` of a plain file (``end`` None: to its end), read as one part.

    ``start`` is the start of line ``first_line``.  With ``split``, the range is
    one of several parts of its file, and can be read alone only while every
    record in it is one line: at the first line that is not, reading raises
    :class:`Unsplittable`.
    """

    path: str
    start: int
    end: int | None
    split: bool = True
    first_line: int = 1


class Unsplittable(Exception):
    """A part of a file holds a record that is not one line: read the file on from there."""


ContainerItem: TypeAlias = RawRecord | BadRecord | FileProblem
# RawRecord's own __new__ is Python code; building the tuple directly skips it.
_new_record: Final[Callable[[tuple[str, int, int, str, Any]], RawRecord]] = functools.partial(
    tuple.__new__, RawRecord)


@dataclass(frozen=True, slots=True)
class OpenCapture:
    """A capture that is already open, and the name its records carry.

    For bytes that did not come from a local path: a file's content fetched
    by Spark from object storage, a buffer.  The reader does not close it.
    """

    name: str
    stream: BinaryIO


Source: TypeAlias = "str | Path | OpenCapture | ByteRange"


def display_name(source: Source) -> str:
    """The path records carry: the argument as given, ``<stdin>`` for ``-``."""
    if isinstance(source, OpenCapture):
        return source.name
    if isinstance(source, ByteRange):
        return source.path
    text = os.fspath(source)
    return STDIN_NAME if text == STDIN else text


def read_records(source: Source, lane: Lane | None = None) -> Iterator[ContainerItem]:
    """Every record of one file (``-`` is standard input) or byte range, in file order.

    Problems with the file itself are yielded as :class:`FileProblem` instead of
    raised, so that a caller reading many files goes on to the next one.  A
    ``lane`` is offered each JSON Lines line first; a line it takes is not yielded.
    """
    if isinstance(source, ByteRange):
        yield from _read_range(source, lane)
        return
    path = display_name(source)
    if isinstance(source, OpenCapture):
        yield from _read_stream(path, source.stream, lane)
        return
    try:
        stream = _open(source)
    except OSError as error:
        yield FileProblem(path, None, f"cannot read the file: {error.strerror or error}",
                          "check the path and its permissions", fatal=True)
        return
    try:
        yield from _read_stream(path, stream, lane)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _read_range(part: ByteRange, lane: Lane | None) -> Iterator[ContainerItem]:
    try:
        handle = open(part.path, "rb")  # noqa: SIM115 -- closed below, after the problem case
    except OSError as error:
        yield FileProblem(part.path, None, f"cannot read the file: {error.strerror or error}",
                          "check the path and its permissions", fatal=True)
        return
    with handle:
        handle.seek(part.start)
        raw: io.RawIOBase = _Limited(handle, part.end - part.start) if part.end is not None \
            else _Limited(handle, None)
        reader = _LineReader(part.path, io.BufferedReader(raw), split=part.split,
                             at_start=part.start == 0, first_line=part.first_line, lane=lane)
        try:
            yield from reader.records()
        except OSError as error:
            yield FileProblem(part.path, reader.current_line(),
                              f"the file could not be read here ({error}); the rest of the "
                              "file was not read", "check the file", fatal=True)


class _Limited(io.RawIOBase):
    """At most ``size`` bytes of a file from where it stands (None: to its end)."""

    def __init__(self, handle: BinaryIO, size: int | None) -> None:
        super().__init__()
        self._handle = handle
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        wanted = len(view) if self._left is None else min(len(view), self._left)
        data = self._handle.read(wanted)
        view[:len(data)] = data
        if self._left is not None:
            self._left -= len(data)
        return len(data)


def _open(source: str | Path) -> BinaryIO:
    if os.fspath(source) == STDIN:
        return sys.stdin.buffer
    return open(source, "rb")  # closed by read_records


def _read_stream(path: str, stream: BinaryIO, lane: Lane | None) -> Iterator[ContainerItem]:
    """Sniff compression from the first bytes (not the file name), then scan."""
    try:
        head = stream.read(len(_ZIP_MAGIC))
    except OSError as error:
        yield FileProblem(path, None, f"cannot read the file: {error}", "check the file",
                          fatal=True)
        return
    if head.startswith(_ZIP_MAGIC):
        yield FileProblem(path, None, "the file is a zip archive, which is not read directly",
                          "extract it first (unzip -p FILE | tracklint validate -)", fatal=True)
        return
    body: io.BufferedIOBase = io.BufferedReader(_Prefixed(head, stream))
    compressed = head.startswith(_GZIP_MAGIC)
    if compressed:
        body = gzip.GzipFile(fileobj=body, mode="rb")
    reader = _LineReader(path, body, lane=lane)
    try:
        yield from reader.records()
    except _DECOMPRESSION_ERRORS as error:
        what = "gzip data" if compressed else "file"
        yield FileProblem(path, reader.current_line(),
                          f"the {what} is corrupt or truncated here ({error}); the rest of "
                          "the file was not read", "check that the capture was saved completely",
                          fatal=True)


class _LineReader:
    """JSON Lines at full speed, handing anything else to the :class:`_Scanner`.

    Nearly every capture is JSON Lines: one object per line.  Such a line is read
    as bytes and decoded in one call (:data:`~linter.payloads.decoding.FAST_DECODE`
    when msgspec is installed, the standard library otherwise), with no text
    buffer and no position bookkeeping.  Any other line (an array, a
    pretty-printed object, a form body, invalid JSON, text that is not UTF-8) is
    handed with the rest of the file to the scanner, which reads it exactly as it
    would have from the start and hands back at the next line that starts an
    object: records, locations and messages are the same either way.
    """

    def __init__(self, path: str, body: io.BufferedIOBase, *, split: bool = False,
                 at_start: bool = True, first_line: int = 1, lane: Lane | None = None) -> None:
        self.path = path
        self._lane = lane
        self._body = body
        self._split = split  # a part of a file: raise Unsplittable instead of scanning
        self._at_start = at_start
        self._line = first_line - 1  # lines consumed
        self._pending = b""  # bytes the scanner handed back, read before the body
        self._scanner: _Scanner | None = None

    def current_line(self) -> int:
        """The line being read (for a corrupt gzip stream); the last one counted in the loop."""
        return self._scanner.current_line() if self._scanner else max(self._line, 1)

    def records(self) -> Iterator[ContainerItem]:
        path = self.path
        decode = FAST_DECODE or _standard_decode
        surrogates = FAST_DECODE is None  # msgspec refuses lone surrogates itself
        encode = encode_json
        new_record = _new_record
        readline = self._body.readline
        limit = min(_LINE_LIMIT, MAX_RECORD_CHARS)  # longer lines: the scanner's limits apply
        first = self._at_start
        line = self._line
        lane = self._lane
        while True:
            try:
                raw = self._take_pending() if self._pending else readline(limit)
            except _DECOMPRESSION_ERRORS:
                self._line = line + 1  # where reading stopped, for the caller's message
                raise
            if not raw:
                self._line = line
                return
            if first:
                first = False
                if raw.startswith(_UTF16_BOMS):
                    yield from self._scan(raw, handback=False)
                    return
                raw = raw.removeprefix(codecs.BOM_UTF8)
            text = raw.strip(_BLANK_BYTES)
            if not text:
                line += 1
                continue
            if text[0] != 0x7B or text[-1] != 0x7D or len(raw) >= limit:  # not {...}
                self._line = line
                yield from self._scan(raw)
                line = self._line
                continue
            if lane is not None and lane(text):
                line += 1
                continue
            try:
                value = decode(text)
            except Exception:  # invalid or unusual: the scanner reads it and says why
                self._line = line
                yield from self._scan(raw)
                line = self._line
                continue
            line += 1
            column = 1 if raw[0] == 0x7B else len(raw) - len(raw.lstrip(_BLANK_BYTES)) + 1
            # A duplicate key needs more colons than keys: a byte count clears flat
            # records, an encoding the others (see decoding.duplicate_key, inlined here).
            keys = len(value)
            for child in value.values():
                if type(child) is dict:
                    keys += len(child)
            colons = text.count(b":")
            if surrogates or (colons > keys and (
                    b"\\u00" in text or colons > encode(value).count(b":"))):
                try:
                    check_record(text, value, surrogates=surrogates)
                except RecordError as error:
                    yield BadRecord(path, line, column, error.pointer, error.message,
                                    error.hint)
                    continue
            yield new_record((path, line, column, "", value))

    def _take_pending(self) -> bytes:
        """The next line of the handed-back bytes (completed from the body if cut)."""
        end = self._pending.find(b"\n")
        if end < 0:
            line = self._pending + self._body.readline(_LINE_LIMIT)
            self._pending = b""
            return line
        line, self._pending = self._pending[:end + 1], self._pending[end + 1:]
        return line

    def _scan(self, raw: bytes, handback: bool = True) -> Iterator[ContainerItem]:
        """The scanner over ``raw`` and the rest of the file, until it hands back."""
        if self._split:
            raise Unsplittable(f"line {self._line + 1} of this part is not one record")
        source = _Prefixed(raw + self._pending, self._body)
        self._pending = b""
        scanner = self._scanner = _Scanner(self.path, source, first_line=self._line + 1,
                                           handback=handback)
        leftover = yield from scanner.records()
        self._scanner = None
        if leftover is not None:
            unread, self._line = leftover
            self._pending = unread + source.unread()


def _standard_decode(text: bytes) -> Any:
    """:data:`FAST_DECODE` without msgspec: strict UTF-8, then the standard decoder."""
    return STRICT_DECODER.decode(text.decode("utf-8"))


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read from it put back in front (for sniffing stdin).

    ``read1`` serves the scanner without a buffer of its own in between, so that
    what the scanner has not used can be handed back exactly.
    """

    def __init__(self, head: bytes, stream: BinaryIO | io.BufferedIOBase) -> None:
        super().__init__()
        self._head = head
        # read1 returns what a pipe has ready instead of waiting for a full chunk.
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def unread(self) -> bytes:
        """The bytes put back that no read has taken yet."""
        return self._head

    def read1(self, size: int) -> bytes:
        if self._head:
            head, self._head = self._head[:size], self._head[size:]
            return head
        data: bytes = self._read(size)
        return data

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data: bytes = self._read(len(view))
        view[: len(data)] = data
        return len(data)


class _Scanner:
    """The top-level JSON value scanner over a bounded text buffer.

    ``buf[pos:]`` is unread text; ``base`` is the absolute offset of ``buf[0]``.
    Line numbers are counted lazily and only forwards: ``_counted`` is the buffer
    index up to which newlines have been counted, ``_line`` the line there.
    """

    def __init__(self, path: str, stream: io.BufferedIOBase | _Prefixed, *, first_line: int = 1,
                 handback: bool = False) -> None:
        self.path = path
        self._stream = stream
        self._handback = handback
        self._replaced = False
        self._decoder: codecs.IncrementalDecoder | None = None
        self._encoding = "UTF-8"
        self._fallback = "utf-8"
        decoder = STRICT_DECODER
        self._raw_decode = decoder.raw_decode
        # raw_decode without its Python wrapper: (value, end), or StopIteration or
        # JSONDecodeError; only the fast path of _value calls it.  JSONDecoder sets
        # it in __init__, but typeshed does not declare it.
        self._scan_once: Callable[[str, int], tuple[Any, int]] = vars(decoder)["scan_once"]
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._base = 0
        self._counted = 0
        self._line = first_line
        self._line_start = 0
        self._pending: list[FileProblem] = []
        self._reported_encoding = False
        self._tail_newline = False

    # -- the scan --------------------------------------------------------------
    def records(self) -> Generator[ContainerItem, None, tuple[bytes, int] | None]:
        """Every record to the end of the file, or until the next one can be handed back.

        With ``handback``, reading stops after a record when the next one starts
        a line with ``{`` and the text so far was valid UTF-8; the return value
        is then the unread bytes and the number of lines before them.
        """
        records = 0
        while self._skip_whitespace():
            char = self.buf[self.pos]
            if records and char == "{" and self._handback and self._can_hand_back():
                return self._hand_back()
            records += 1
            if char == "[":
                yield from self._array()
            elif char == "{":
                yield self._value("")
            else:
                yield self._text_line()
            if self._pending:
                yield from self._drain()
        yield from self._drain()
        return None

    def _can_hand_back(self) -> bool:
        pos = self.pos
        return (not self._replaced and not self._pending and self._encoding == "UTF-8"
                and ((pos == 0 and self._base == 0) or (pos > 0 and self.buf[pos - 1] == "\n")))

    def _hand_back(self) -> tuple[bytes, int]:
        line = self._location(self.pos)[0]
        state = self._decoder.getstate()[0] if self._decoder is not None else b""
        return self.buf[self.pos:].encode("utf-8") + state, line - 1

    def _value(self, pointer: str) -> RawRecord | BadRecord:
        """The JSON value at ``pos`` as a record, resuming after it if it is malformed."""
        pos = self.pos
        buf = self.buf
        if buf[pos] in _DELIMITED_STARTS:
            # Fast path: an object or array that decodes ends at its own closing
            # bracket, so no refill can change it; anything else (an error, a cut
            # record) takes the careful path below, which decodes it again.
            try:
                value, end = self._scan_once(buf, pos)
            except (StopIteration, ValueError, RecursionError):
                pass
            else:
                line, column = self._location(pos)
                self.pos = end
                return self._checked(line, column, pointer, value, buf[pos:end])
        line, column = self._location(pos)
        decoded = self._decode()
        if isinstance(decoded, tuple):
            value, end = decoded
            text = self.buf[self.pos:end]
            self.pos = end
            return self._checked(line, column, pointer, value, text)
        source = self._source_line()
        end_line = self._resync(_ARRAY_STARTS if pointer else _TOP_STARTS)
        if isinstance(decoded, RecordError):
            return BadRecord(self.path, line, column, pointer + decoded.pointer, decoded.message,
                             decoded.hint, end_line, source)
        return BadRecord(self.path, line, column, pointer, decoded,
                         "fix the record, or remove it from the capture", end_line, source)

    def _checked(self, line: int, column: int, pointer: str, value: Any,
                 text: str) -> RawRecord | BadRecord:
        """The record, or why it must not be read (a lone surrogate, a duplicate key)."""
        try:
            check_record(text, value)
        except RecordError as error:
            return BadRecord(self.path, line, column, pointer + error.pointer, error.message,
                             error.hint)
        return RawRecord(self.path, line, column, pointer, value)

    def _array(self) -> Iterator[ContainerItem]:
        """Stream a top-level array's elements; each is a record with prefix ``/index``."""
        line, _ = self._location(self.pos)
        self.pos += 1
        index = 0
        after_element = False
        record: RawRecord | BadRecord | None = None
        while self._skip_whitespace():
            char = self.buf[self.pos]
            if char == "]":
                self.pos += 1
                return
            if after_element and char == ",":
                self.pos += 1
                after_element = False
                continue
            if after_element:
                missing_at, _ = self._location(self.pos)
                yield FileProblem(
                    self.path, missing_at, f"a ',' is missing before element {index} of the "
                    f"JSON array that starts at line {line}", "separate array elements with ','")
            record = self._value(f"/{index}")
            yield record
            if self._pending:
                yield from self._drain()
            index += 1
            # After a malformed element, reading resumed at a ',' or at the next element.
            after_element = self._at(",") if isinstance(record, BadRecord) else True
        if not isinstance(record, BadRecord):  # a malformed element already says where it ended
            self._pending.append(FileProblem(
                self.path, self._last_line(), f"the JSON array that starts at line {line} is "
                "not closed: the file ends inside it",
                "check that the capture was saved completely"))

    def _text_line(self) -> RawRecord | BadRecord:
        """A line that does not start a JSON object or array: a form body, base64, a scalar."""
        line, column = self._location(self.pos)
        end = self._line_end()
        if end is None:
            end_line = self._resync(_TOP_STARTS)
            return BadRecord(self.path, line, column, "",
                             f"the line is longer than {MAX_RECORD_CHARS} characters",
                             "split the capture into one record per line", end_line)
        text = self.buf[self.pos:end]
        self.pos = end
        try:
            return RawRecord(self.path, line, column, "", decode_line(text, column))
        except NotAPayload as error:
            return BadRecord(self.path, line, column, "", error.message, error.hint,
                             source_line=_clip(text))
        except RecordError as error:
            return BadRecord(self.path, line, column, error.pointer, error.message, error.hint,
                             source_line=_clip(text))

    # -- decoding with refills -------------------------------------------------
    def _decode(self) -> tuple[Any, int] | str | RecordError:
        """The value at ``pos`` and where it ends, or a message saying what is wrong.

        A value cut by the end of the buffer is retried with more text; the buffer
        at least doubles each time, so a large record costs linear time.
        """
        while True:
            buf = self.buf
            try:
                value, end = self._raw_decode(buf, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or not _maybe_cut(error, len(buf)):
                    return self._describe(error)
            except (RecursionError, ValueError) as error:  # NaN, 3,000 levels, 5,000 digits
                return describe_failure(error)
            else:
                if self.eof or not _maybe_continued(value, buf, end):
                    return value, end
            if len(buf) - self.pos > MAX_RECORD_CHARS:
                return f"the record is larger than {MAX_RECORD_CHARS} characters"
            self._fill(grow=True)

    def _describe(self, error: json.JSONDecodeError) -> str:
        """The JSON error, placed in the file; "line N" only when the record spans lines."""
        what = error.msg.removesuffix(" at")
        if self.eof and _maybe_cut(error, len(self.buf)) and (
            error.pos >= len(self.buf) or what.startswith("Unterminated string")
        ):
            return f"invalid JSON: the file ends inside the record ({what})"
        line, column = self._peek_location(error.pos)
        if line == self._line:
            return f"invalid JSON at column {column}: {what}"
        return f"invalid JSON at line {line}, column {column}: {what}"

    # -- buffer management -----------------------------------------------------
    def _fill(self, grow: bool = False) -> None:
        """Drop consumed text and append what the stream has ready.

        ``grow`` (a record is cut by the end of the buffer) waits for at least as
        many new bytes as the unread buffer holds, so that re-decoding a large
        record from its start happens a logarithmic number of times; otherwise
        whatever a pipe has ready is enough, so records flow as they arrive.
        """
        if self.pos:
            self._count_to(self.pos)
            # Keep the start of the current line (if short) for source_line.
            cut = self.pos
            line_start = self._line_start - self._base
            if line_start >= 0 and cut - line_start <= _SOURCE_LINE_CHARS:
                cut = line_start
            self._base += cut
            self._counted -= cut
            self.buf = self.buf[cut:]
            self.pos -= cut
        wanted = max(len(self.buf) - self.pos, 1) if grow else 1
        chunks: list[bytes] = []
        received = 0
        while received < wanted:
            data = self._stream.read1(READ_SIZE)
            if not data:
                self.eof = True
                break
            chunks.append(data)
            received += len(data)
        text = self._decode_bytes(b"".join(chunks))
        if text:
            self._tail_newline = text.endswith("\n")
            self.buf += text

    def _decode_bytes(self, data: bytes) -> str:
        """Decode strictly; on invalid bytes, replace them from there on and warn once."""
        if self._decoder is None:
            self._decoder = self._choose_decoder(data)
        state = self._decoder.getstate()
        try:
            return self._decoder.decode(data, self.eof)
        except UnicodeDecodeError:
            self._replaced = True
            self._decoder = codecs.getincrementaldecoder(self._fallback)("replace")
            text = self._decoder.decode(state[0] + data, self.eof)
        if not self._base and not self.buf:
            text = text.removeprefix("\ufeff")
        if not self._reported_encoding:
            self._reported_encoding = True
            line = self._peek_location(len(self.buf))[0] + text.count("\n", 0, text.find("\ufffd"))
            self._pending.append(FileProblem(
                self.path, line, f"the file is not valid {self._encoding} here; invalid bytes "
                "were replaced by U+FFFD", "save captures as UTF-8", severity=Severity.WARNING))
        return text

    def _choose_decoder(self, head: bytes) -> codecs.IncrementalDecoder:
        """UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so (PowerShell's ``>``)."""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._encoding = "UTF-16"
            little = head.startswith(codecs.BOM_UTF16_LE)
            self._fallback = "utf-16-le" if little else "utf-16-be"
            return codecs.getincrementaldecoder("utf-16")("strict")
        return codecs.getincrementaldecoder("utf-8-sig")("strict")

    def _skip_whitespace(self) -> bool:
        """Move to the next non-blank character; false at the end of the file."""
        buf = self.buf
        pos = self.pos
        if pos < len(buf):
            char = buf[pos]
            if char not in _BLANK_CHARS:
                return True  # records and separators are adjacent
            if char == "\n" and pos + 1 < len(buf) and buf[pos + 1] not in _BLANK_CHARS:
                self.pos = pos + 1  # the next JSON Lines record
                return True
        while True:
            self.pos = _skip(_WHITESPACE, self.buf, self.pos)
            if self.pos < len(self.buf):
                return True
            if self.eof:
                return False
            self._fill()

    def _line_end(self) -> int | None:
        """Index of the end of the line at ``pos`` (filling as needed); None if too long."""
        scanned = 0
        while True:
            end = self.buf.find("\n", self.pos + scanned)
            if end >= 0:
                return end
            if self.eof:
                return len(self.buf)
            scanned = len(self.buf) - self.pos
            if scanned > MAX_RECORD_CHARS:
                return None
            self._fill()

    def _skip_line(self) -> None:
        """Discard text up to and including the next newline, without keeping it."""
        while True:
            end = self.buf.find("\n", self.pos)
            if end >= 0:
                self.pos = end + 1
                return
            self.pos = len(self.buf)
            if self.eof:
                return
            self._fill()

    def _resync(self, starts: frozenset[str]) -> int:
        """Skip to the next line whose first character is in ``starts``.

        Returns the last line skipped, which ends the malformed record's range.
        """
        while True:
            self._skip_line()
            if not self._ensure_text():
                return self._last_line()
            self.pos = _skip(_BLANKS, self.buf, self.pos)
            if not self._ensure_text():
                return self._last_line()
            if self.buf[self.pos] in starts:
                return self._location(self.pos)[0] - 1

    def _ensure_text(self) -> bool:
        while self.pos >= len(self.buf):
            if self.eof:
                return False
            self._fill()
        return True

    def _at(self, char: str) -> bool:
        return self._ensure_text() and self.buf[self.pos] == char

    def _drain(self) -> Iterator[FileProblem]:
        pending, self._pending = self._pending, []
        yield from pending

    # -- positions -------------------------------------------------------------
    def _count_to(self, index: int) -> None:
        if index <= self._counted:
            return
        buf = self.buf
        newlines = buf.count("\n", self._counted, index)
        if newlines:
            self._line += newlines
            self._line_start = self._base + buf.rfind("\n", self._counted, index) + 1
        self._counted = index

    def _location(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a buffer index at or after every earlier one asked."""
        self._count_to(index)
        return self._line, self._base + index - self._line_start + 1

    def _peek_location(self, index: int) -> tuple[int, int]:
        """Like :meth:`_location`, for an index that reading may go back before."""
        index = min(max(index, self._counted), len(self.buf))
        buf = self.buf
        newlines = buf.count("\n", self._counted, index)
        if not newlines:
            return self._line, self._base + index - self._line_start + 1
        return self._line + newlines, index - buf.rfind("\n", self._counted, index)

    def current_line(self) -> int:
        return self._peek_location(self.pos)[0]

    def _last_line(self) -> int:
        """The number of the file's last line, once the end of the file is reached."""
        line = self.current_line()
        return line - 1 if self.pos >= len(self.buf) and self._tail_newline and line > 1 else line

    def _source_line(self) -> str:
        """The start of the line where the current record starts, for reporters."""
        begin = self._line_start - self._base
        if begin < 0:
            begin = self.pos
        end = self.buf.find("\n", begin, begin + _SOURCE_LINE_CHARS + 1)
        return _clip(self.buf[begin:end if end >= 0 else begin + _SOURCE_LINE_CHARS + 1])


def _maybe_cut(error: json.JSONDecodeError, size: int) -> bool:
    """Could more text turn this error into a valid value?

    A string running to the end of the buffer reports its start position, other
    cut values report a position at (or just before) the end.
    """
    return error.pos >= size - _TRUNCATION_MARGIN or error.msg.startswith("Unterminated string")


def _maybe_continued(value: Any, buf: str, end: int) -> bool:
    """Could the number just decoded go on in the next chunk ("12" of "12.5e3")?

    Objects, arrays, strings and literals end with their own delimiter; a number
    ends where its characters do, so one that runs to the end of the buffer (its
    fraction or exponent possibly cut: "0." decodes as 0) is read again.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return _skip(_NUMBER_CHARS, buf, end) >= len(buf)


def _skip(pattern: re.Pattern[str], text: str, index: int) -> int:
    """The index after the run of ``pattern`` characters at ``index``."""
    match = pattern.match(text, index)
    return match.end() if match else index


def _clip(text: str) -> str:
    text = text.rstrip("\r\n")
    if len(text) > _SOURCE_LINE_CHARS:
        return text[:_SOURCE_LINE_CHARS] + "…"
    return text
