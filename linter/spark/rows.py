"""The rows executors send back to the driver, and diagnostics to and from them.

Every executor task writes one kind of row for everything it found, told apart
by ``kind``: a diagnostic, a conformance group, a rule code of a group, a
reader counter, a wire format or non-event kind seen, or a file's drift
counters.  ``file`` and ``seq`` place each row in input order (the file's
index, then the order within the file), which is how the driver reproduces
the single-process order of diagnostics and the first-come order of groups.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any, Final

from linter.diagnostics import Diagnostic, Severity

DIAGNOSTIC: Final = "diagnostic"
GROUP: Final = "group"
CODE: Final = "code"
STAT: Final = "stat"
FORMAT: Final = "format"
NON_EVENT: Final = "non_event"
DRIFT: Final = "drift"

#: (column, Spark SQL type) of every row; Arrow batches are built to match.
COLUMNS: Final = (
    ("kind", "string"), ("file", "bigint"), ("seq", "bigint"),
    ("path", "string"), ("line", "bigint"), ("column", "bigint"),
    ("end_line", "bigint"), ("end_column", "bigint"),
    ("code", "string"), ("severity", "string"), ("message", "string"), ("hint", "string"),
    ("event", "string"), ("platform", "string"), ("app_version", "string"),
    ("pointer", "string"), ("source_line", "string"), ("extra", "string"),
    ("name", "string"), ("count", "bigint"), ("invalid", "bigint"), ("blob", "binary"),
)
SCHEMA: Final = ", ".join(f"`{name}` {kind}" for name, kind in COLUMNS)
NAMES: Final = tuple(name for name, _ in COLUMNS)

#: The columns of the diagnostics DataFrame :func:`linter.spark.validate` returns.
DIAGNOSTIC_COLUMNS: Final = (
    "path", "line", "column", "end_line", "end_column", "code", "severity", "message",
    "hint", "event", "platform", "app_version", "pointer", "source_line", "extra",
    "file", "seq",
)


def diagnostic_row(diagnostic: Diagnostic, file: int, seq: int,
                   app_version: str | None, line_offset: int = 0) -> dict[str, Any]:
    """A diagnostic as a row; ``line_offset`` moves it to the record's place in its source."""
    return {
        "kind": DIAGNOSTIC, "file": file, "seq": seq,
        "path": diagnostic.path,
        "line": _moved(diagnostic.line, line_offset),
        "column": diagnostic.column,
        "end_line": _moved(diagnostic.end_line, line_offset),
        "end_column": diagnostic.end_column,
        "code": diagnostic.code, "severity": diagnostic.severity.value,
        "message": diagnostic.message, "hint": diagnostic.hint,
        "event": diagnostic.event, "platform": diagnostic.platform,
        "app_version": app_version, "pointer": diagnostic.pointer,
        "source_line": diagnostic.source_line,
        "extra": json.dumps(dict(diagnostic.extra), sort_keys=True) if diagnostic.extra else None,
        "blob": _typed_fields(diagnostic),
    }


def _typed_fields(diagnostic: Diagnostic) -> bytes | None:
    """The fields no column holds (template arguments, replacement, related places).

    They are pickled as Spark pickles everything it moves between Python workers:
    the bytes come from this job's own executors, never from input data.
    """
    fields = (dict(diagnostic.args), diagnostic.replacement, diagnostic.related,
              diagnostic.call_line)
    return pickle.dumps(fields) if any(fields) else None


def row_diagnostic(row: Any) -> Diagnostic:
    """The diagnostic a row (a Spark ``Row`` or a mapping) holds."""
    extra = row["extra"]
    args, replacement, related, call_line = (
        pickle.loads(row["blob"]) if row["blob"] else ({}, None, (), None))
    return Diagnostic(
        code=row["code"], message=row["message"], severity=Severity(row["severity"]),
        path=row["path"], line=row["line"], column=row["column"], end_line=row["end_line"],
        end_column=row["end_column"], hint=row["hint"], event=row["event"],
        platform=row["platform"], pointer=row["pointer"], source_line=row["source_line"],
        extra=json.loads(extra) if extra else {}, args=args, replacement=replacement,
        related=related, call_line=call_line,
    )


def _moved(line: int | None, offset: int) -> int | None:
    return None if line is None else line + offset


class RowBuffer:
    """Rows gathered column by column and handed out as Arrow record batches.

    A batch is cut every ``batch_rows`` rows so that a file with many
    diagnostics never holds all of them in memory at once.
    """

    def __init__(self, batch_rows: int = 4096) -> None:
        self.batch_rows = batch_rows
        self._columns: dict[str, list[Any]] = {name: [] for name in NAMES}
        self._size = 0

    def add(self, row: dict[str, Any]) -> None:
        for name, values in self._columns.items():
            values.append(row.get(name))
        self._size += 1

    @property
    def full(self) -> bool:
        return self._size >= self.batch_rows

    def flush(self) -> Iterator[Any]:
        """The rows gathered so far as one ``pyarrow.RecordBatch`` (none if empty)."""
        if not self._size:
            return
        import pyarrow as pa

        batch = pa.RecordBatch.from_pydict(self._columns, schema=arrow_schema())
        self._columns = {name: [] for name in NAMES}
        self._size = 0
        yield batch


def arrow_schema() -> Any:
    """The Arrow form of :data:`COLUMNS`."""
    import pyarrow as pa

    types = {"string": pa.string(), "bigint": pa.int64(), "binary": pa.binary()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])
