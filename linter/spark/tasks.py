"""What runs on the executors: one capture file (or one DataFrame row) in, rows out.

Each file is read by the same payload reader and checked by the same
:class:`~linter.validation.event_check.EventChecker` and
:class:`~linter.batch.BatchValidator` as ``tracklint validate``; drift counters
come from the same :class:`~linter.drift.DriftCollector`.  The plan travels in
the task as bytes and is compiled once per Python worker (workers are reused
from task to task), not once per file.

A failure is a result, not a lost job: an event the checker fails on becomes a
TL302 diagnostic at that event, and a reader failure a TL302 at the last line
read, after which the file's other rows still go back to the driver.
"""

from __future__ import annotations

import copyreg
import io
import pickle
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from linter.batch import BatchValidator
from linter.diagnostics import Diagnostic, Severity
from linter.drift.aggregate import DriftCollector
from linter.drift.model import DriftLimits
from linter.events import EventObservation
from linter.payloads import OpenCapture, PayloadStats, read_payloads
from linter.plan.model import Plan
from linter.selection import RuleSelection
from linter.spark import rows
from linter.spark.sources import location_key
from linter.validation.event_check import EventChecker

INTERNAL_ERROR: Final = "TL302"
#: Reader counters sent back per file (``files`` only for files, not DataFrame rows).
COUNTERS: Final = ("files", "files_failed", "file_problems", "records", "events",
                   "non_events", "unreadable", "empty")
#: Per-file totals of a validation run, beside the reader's counters.
DIAGNOSTICS: Final = "diagnostics"
ERRORS: Final = "errors"


@dataclass(frozen=True)
class TaskSpec:
    """Everything a task needs, made on the driver and pickled into the job.

    ``token`` names the compiled plan in each worker's cache; ``drift`` is
    ``None`` for validation, the limits for a drift run.  ``count_files`` is
    false when each input row is one record of a DataFrame rather than a file.
    ``files`` maps each file's location (see :func:`~linter.spark.sources.location_key`)
    to its index and the name reports show.
    """

    token: str
    shipped: bytes
    format: str | None
    platform: str | None
    sdk_events: bool
    drift: DriftLimits | None
    count_files: bool
    files: Mapping[str, tuple[int, str]] | None = None


def ship(plan: Plan, selection: RuleSelection) -> bytes:
    """The plan and rule selection as bytes (their read-only mappings included)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump((plan, selection))
    return buffer.getvalue()


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return read_only, (dict(proxy),)


def read_only(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuilds a shipped read-only mapping (``mappingproxy`` cannot be pickled by name)."""
    return MappingProxyType(data)


class _Compiled:
    """A plan compiled once in this worker, with its checker and selection."""

    def __init__(self, shipped: bytes) -> None:
        self.plan, self.selection = pickle.loads(shipped)
        self.checker = GuardedChecker(self.plan)


_COMPILED: dict[str, _Compiled] = {}
_CACHED_PLANS: Final = 4


def compiled(spec: TaskSpec) -> _Compiled:
    """This worker's compiled plan for ``spec``; compiled on its first task only."""
    found = _COMPILED.get(spec.token)
    if found is None:
        if len(_COMPILED) >= _CACHED_PLANS:
            _COMPILED.clear()
        found = _COMPILED[spec.token] = _Compiled(spec.shipped)
    return found


class GuardedChecker(EventChecker):
    """The event checker, with a failure on one event reported at that event."""

    def check(self, observation: EventObservation) -> list[Diagnostic]:
        try:
            return super().check(observation)
        except Exception as error:  # a bug must not lose the other events
            origin = observation.origin
            return [Diagnostic(
                code=INTERNAL_ERROR, severity=Severity.ERROR,
                message=f"tracklint failed on this event ({type(error).__name__}: {error}); "
                        "the other events were checked",
                hint="report this with the record so it can be fixed",
                path=origin.path, line=origin.line, column=origin.column,
                event=observation.name, platform=observation.platform,
                pointer=origin.pointer or None)]


def run(spec: TaskSpec, batches: Iterable[Any]) -> Iterator[Any]:
    """The ``mapInArrow`` function: input batches of files, output batches of rows.

    Input columns: ``path`` and ``content`` (Spark's ``binaryFile`` rows), or
    for DataFrame records ``file`` (an ordering id), ``name``, ``content`` and
    ``first_line`` (the record's line or offset in its source).
    """
    state = compiled(spec)
    buffer = rows.RowBuffer()
    for batch in batches:
        for file, name, content, first_line in _inputs(spec, batch.to_pydict()):
            source = OpenCapture(name, io.BytesIO(content or b""))
            if spec.drift is None:
                found = validate_file(spec, state, file, source, first_line - 1)
            else:
                found = drift_file(spec, state, spec.drift, file, source)
            for row in found:
                buffer.add(row)
                if buffer.full:
                    yield from buffer.flush()
    yield from buffer.flush()


def _inputs(spec: TaskSpec, columns: dict[str, list[Any]],
            ) -> Iterator[tuple[int, str, bytes | None, int]]:
    """(file index, name, content, first line) of each input row."""
    if spec.files is not None:
        for location, content in zip(columns["path"], columns["content"], strict=True):
            file, name = spec.files[location_key(location)]
            yield file, name, content, 1
        return
    yield from zip(columns["file"], columns["name"], columns["content"],
                   (line or 1 for line in columns["first_line"]), strict=False)


def validate_file(spec: TaskSpec, state: _Compiled, file: int, source: OpenCapture,
                  offset: int) -> Iterator[dict[str, Any]]:
    """The diagnostic rows of one file, then its groups, codes and counters."""
    stream = read_payloads(source, format=spec.format, platform=spec.platform,
                           sdk_events=spec.sdk_events)
    # Groups are capped on the driver, across files, in first-come order.
    validator = BatchValidator(state.checker, state.selection, max_groups=sys.maxsize)
    seq = errors = 0
    for item, found in _checked(stream, source, validator):
        version = item.app_version if isinstance(item, EventObservation) else None
        for diagnostic in found:
            yield rows.diagnostic_row(diagnostic, file, seq, version, offset)
            seq += 1
            errors += diagnostic.severity is Severity.ERROR
    for rank, ((event, platform, version), tally) in enumerate(
            validator.result.groups.items()):
        key = {"event": event, "platform": platform, "app_version": version}
        yield {"kind": rows.GROUP, "file": file, "seq": rank, **key,
               "count": tally.events, "invalid": tally.invalid}
        for order, (code, count) in enumerate(tally.codes.items()):
            yield {"kind": rows.CODE, "file": file, "seq": order, **key, "code": code,
                   "count": count}
    yield from stat_rows(stream.stats, file, spec.count_files)
    yield {"kind": rows.STAT, "file": file, "seq": 0, "name": DIAGNOSTICS, "count": seq}
    yield {"kind": rows.STAT, "file": file, "seq": 0, "name": ERRORS, "count": errors}


def _checked(stream: Any, source: OpenCapture,
             validator: BatchValidator) -> Iterator[tuple[Any, list[Diagnostic]]]:
    """Each item with its selected diagnostics; a reader failure ends the file with a TL302."""
    line = None
    try:
        for item in stream:
            line = item.origin.line if isinstance(item, EventObservation) else item.line
            yield item, validator.check_item(item)
    except Exception as error:
        crash = reader_failure(source.name, line, error, stream.stats)
        yield crash, validator.check_item(crash)


def reader_failure(path: str, line: int | None, error: Exception,
                   stats: PayloadStats) -> Diagnostic:
    """The TL302 of a reader that failed inside a file; the file counts as failed."""
    stats.file_problems += 1
    stats.files_failed += 1
    where = f"after line {line}" if line else "at its start"
    return Diagnostic(
        code=INTERNAL_ERROR, severity=Severity.ERROR, path=path, line=line,
        message=f"tracklint failed reading this file {where} ({type(error).__name__}: "
                f"{error}); the rest of the file was not read",
        hint="report this with the record that follows; split the file to check the rest")


def drift_file(spec: TaskSpec, state: _Compiled, limits: DriftLimits, file: int,
               source: OpenCapture) -> Iterator[dict[str, Any]]:
    """One file's drift counters (pickled) and its reader counters."""
    stream = read_payloads(source, format=spec.format, platform=spec.platform,
                           sdk_events=spec.sdk_events)
    collector = DriftCollector(state.plan, limits)
    select = state.selection.apply
    check = state.checker.check
    line = None
    try:
        for item in stream:
            if isinstance(item, Diagnostic):
                line = item.line
                collector.add_problem(item)
            else:
                line = item.origin.line
                collector.add(item, select(check(item)))
    except Exception as error:
        collector.add_problem(reader_failure(source.name, line, error, stream.stats))
    yield {"kind": rows.DRIFT, "file": file, "seq": 0,
           "blob": pickle.dumps(collector.data, protocol=pickle.HIGHEST_PROTOCOL)}
    yield from stat_rows(stream.stats, file, spec.count_files)


def stat_rows(stats: PayloadStats, file: int, count_files: bool) -> Iterator[dict[str, Any]]:
    """The reader's counters, and the formats and non-event kinds in first-seen order."""
    for name in COUNTERS:
        if name != "files" or count_files:
            yield {"kind": rows.STAT, "file": file, "seq": 0, "name": name,
                   "count": getattr(stats, name)}
    for kind, counts in ((rows.FORMAT, stats.events_by_format),
                         (rows.NON_EVENT, stats.non_event_kinds)):
        for rank, (name, count) in enumerate(counts.items()):
            yield {"kind": kind, "file": file, "seq": rank, "name": name, "count": count}
