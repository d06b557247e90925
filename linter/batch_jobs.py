"""Batch validation on several processes, with the results of one.

Capture files are read by worker processes: each file is a task, and a large
plain JSON Lines file is cut into byte ranges at line starts, a task each.  A
worker reads and checks its part exactly as one process would (the same
:class:`~linter.payloads.reader.PayloadStream` and
:class:`~linter.batch.BatchValidator`) and returns its diagnostics and
counters; this process merges the parts in file order, so diagnostics come out
in the same order, with the same line numbers, and the tally by event x
platform x app version is the same (its bound on groups applied as it would
have been).  Memory stays bounded by the part size, never by the input.

A byte range can only be read on its own while every record in it is one
line.  A worker that meets any other layout (a pretty-printed object, an
array, invalid JSON) says so, and the rest of that file, from the start of that
range, is read as one task: the records before it were read exactly as one
process reads them, and the rest is.
"""

from __future__ import annotations

import concurrent.futures
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from linter.batch import BatchResult, BatchValidator, GroupKey, Tally
from linter.diagnostics import Diagnostic
from linter.payloads.containers import ByteRange, Unsplittable
from linter.payloads.reader import PayloadStats, PayloadStream
from linter.plan.loader import load_plan
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

#: Bytes of a plain file per task; a file smaller than two of them is one task.
PART_BYTES: Final = 32 << 20
#: Inputs smaller than this are read in this process when the number of jobs is
#: not given: starting workers would cost more than it saves.
PARALLEL_FROM_BYTES: Final = 64 << 20
_GZIP_MAGIC: Final = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class ValidateSettings:
    """What every worker needs to read and check like the others (sent once per worker).

    ``plan`` is the plan's path: each worker loads and compiles it once.
    """

    plan: str | Path
    format: str | None = None
    platform: str | None = None
    sdk_events: bool = False
    selection: RuleSelection = field(default_factory=RuleSelection)
    max_groups: int = 10_000


@dataclass(slots=True)
class _Part:
    """What one task found, its counters not yet merged."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    groups: dict[GroupKey, Tally] = field(default_factory=dict)
    events: int = 0
    invalid: int = 0
    found: int = 0
    stats: PayloadStats = field(default_factory=PayloadStats)
    unsplittable: bool = False


@dataclass(frozen=True, slots=True)
class _Task:
    source: str | Path
    part: ByteRange | None = None  # None: the whole source


def default_jobs(sources: Sequence[str | Path]) -> int:
    """One process per core for inputs large enough to gain from it, else one."""
    total = 0
    for source in sources:
        try:
            total += os.stat(source).st_size
        except (OSError, ValueError):
            continue
    return (os.cpu_count() or 1) if total >= PARALLEL_FROM_BYTES else 1


class ParallelValidation:
    """Diagnostics of every source in order; :attr:`result` and :attr:`stats` once iterated."""

    def __init__(self, settings: ValidateSettings, sources: Sequence[str | Path], jobs: int,
                 part_bytes: int = PART_BYTES) -> None:
        if any(os.fspath(source) == "-" for source in sources):
            raise ValueError("standard input cannot be shared between processes; read it "
                             "with one process")
        self.settings = settings
        self.sources = list(sources)
        self.jobs = jobs
        self.part_bytes = part_bytes
        self.result = BatchResult()
        self.stats = PayloadStats()

    def __iter__(self) -> Iterator[Diagnostic]:
        tasks = (task for source in self.sources for task in self._tasks(source))
        with concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs, initializer=_start_worker,
                initargs=(self.settings,)) as pool:
            window: deque[tuple[_Task, concurrent.futures.Future[_Part]]] = deque()
            abandoned: set[str] = set()
            pending = next(tasks, None)
            while pending is not None or window:
                while pending is not None and len(window) < 2 * self.jobs:
                    window.append((pending, pool.submit(_run, pending)))
                    pending = next(tasks, None)
                task, future = window.popleft()
                key = os.fspath(task.source)
                if task.part is not None and task.part.split and key in abandoned:
                    continue  # the rest of this file is read as one task
                part = future.result()
                if part.unsplittable:
                    assert task.part is not None
                    abandoned.add(key)
                    tail = _Task(task.source, task.part._replace(end=None, split=False))
                    window.appendleft((tail, pool.submit(_run, tail)))
                    continue
                yield from part.diagnostics
                self._merge(part)
        self.stats.files = len(self.sources)

    def _tasks(self, source: str | Path) -> Iterator[_Task]:
        """One task, or one per byte range of a large plain file (cut at line starts).

        A range's first line number is counted here, as the ranges are handed
        out, so that workers number lines as one process does.
        """
        path = os.fspath(source)
        try:
            size = os.stat(path).st_size
            with open(path, "rb") as handle:
                if handle.read(2) == _GZIP_MAGIC or size < 2 * self.part_bytes:
                    yield _Task(source)
                    return
                start, line = 0, 1
                while start < size:
                    handle.seek(start + self.part_bytes)
                    handle.readline()
                    end: int | None = handle.tell() if handle.tell() < size else None
                    yield _Task(source, ByteRange(path, start, end, first_line=line))
                    if end is None:
                        return
                    line += _newlines(handle, start, end)
                    start = end
        except (OSError, ValueError):
            yield _Task(source)  # the reader says what is wrong with it

    def _merge(self, part: _Part) -> None:
        result, stats = self.result, self.stats
        for key, tally in part.groups.items():
            target = result.tally(key, self.settings.max_groups)
            target.events += tally.events
            target.invalid += tally.invalid
            target.codes.update(tally.codes)
        result.events += part.events
        result.invalid += part.invalid
        result.diagnostics += part.found
        found = part.stats
        for name in ("files_failed", "file_problems", "records", "events", "non_events",
                     "unreadable", "empty"):
            setattr(stats, name, getattr(stats, name) + getattr(found, name))
        for counts, more in ((stats.events_by_format, found.events_by_format),
                             (stats.non_event_kinds, found.non_event_kinds)):
            for name, count in more.items():
                counts[name] = counts.get(name, 0) + count


_worker: tuple[EventChecker, ValidateSettings] | None = None


def _start_worker(settings: ValidateSettings) -> None:
    """Compile the plan once per worker process."""
    global _worker
    _worker = (EventChecker(load_plan(settings.plan)), settings)


def _run(task: _Task) -> _Part:
    """Read and check one task as one process would; its counters, not yet merged."""
    assert _worker is not None
    checker, settings = _worker
    stream = PayloadStream([task.part or task.source], format=settings.format,
                           platform=settings.platform, sdk_events=settings.sdk_events)
    # Every group is kept here: which ones get a row of their own is decided when the
    # parts are merged in order, as one process decides it.
    validator = BatchValidator(checker, settings.selection, max_groups=sys.maxsize)
    try:
        diagnostics = list(validator.run_stream(stream))
    except Unsplittable:
        return _Part(unsplittable=True)
    result = validator.result
    return _Part(diagnostics, result.groups, result.events, result.invalid, result.diagnostics,
                 stream.stats)


def _newlines(handle: Any, start: int, end: int) -> int:
    """The newlines in bytes ``[start, end)`` of an open file."""
    count = 0
    handle.seek(start)
    left = end - start
    while left > 0:
        block = handle.read(min(left, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def parallel_validation(plan: str | Path, sources: Sequence[str | Path], jobs: int,
                        **settings: Any) -> ParallelValidation:
    """:class:`ParallelValidation` of ``sources`` against the plan at ``plan`` on ``jobs``
    processes (``settings``: the fields of :class:`ValidateSettings`)."""
    return ParallelValidation(ValidateSettings(plan, **settings), sources, jobs)
