"""The driver side: build the job, then turn its rows into the CLI's results.

The executors read and check the files (:mod:`linter.spark.tasks`); here the
summary is computed as Spark aggregations over their rows, the first-come
order of conformance groups is restored from each group's first position, and
drift counters are folded in file order, so the results are the ones
``tracklint validate`` and ``tracklint drift`` print for the same files.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from linter.batch import OTHER, BatchResult, GroupKey, Tally
from linter.diagnostics import Diagnostic
from linter.drift.accumulators import Collected
from linter.drift.analysis import build_report
from linter.drift.merge import merge_into
from linter.drift.model import DriftLimits, DriftReport
from linter.payloads import PayloadStats
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.selection import RuleSelection
from linter.spark import rows, tasks
from linter.spark.session import require_pyspark, spark_session
from linter.spark.sources import capture_files, location_key

#: Conformance groups kept before the rest share one, as in ``tracklint validate``.
DEFAULT_MAX_GROUPS = 10_000


@dataclass
class SparkValidation:
    """The result of :func:`validate`.

    ``diagnostics`` is a DataFrame with one row per diagnostic (path, line,
    column, code, severity, message, hint, event, platform, app_version,
    pointer...; ``file`` and ``seq`` give the input order); ``stats`` and
    ``result`` are the CLI's summary: records read, events, valid, invalid,
    unreadable, not events, and the tally by event x platform x app version.
    The job's rows stay cached until :meth:`unpersist`.
    """

    diagnostics: Any
    stats: PayloadStats
    result: BatchResult
    errors: int
    _rows: Any

    @property
    def failed(self) -> bool:
        """True when a diagnostic is an error (the CLI's exit code 1)."""
        return self.errors > 0

    def ordered(self) -> Iterator[Diagnostic]:
        """Every diagnostic in input order, streamed to the driver a partition at a time.

        Read from the job's rows rather than :attr:`diagnostics`, whose columns
        leave out the typed fields a diagnostic carries (:func:`rows.row_diagnostic`).
        """
        frame = (self._rows.where(self._rows["kind"] == rows.DIAGNOSTIC)
                 .select(*rows.DIAGNOSTIC_COLUMNS, "blob").orderBy("file", "seq"))
        for row in frame.toLocalIterator():
            yield rows.row_diagnostic(row)

    def unpersist(self) -> None:
        self._rows.unpersist()


def validate(source: Any, plan: Plan | str | Path, *, spark: Any = None,
             column: str = "value", path_column: str | None = None,
             line_column: str | None = None, format: str | None = None,
             platform: str | None = None, sdk_events: bool = False,
             selection: RuleSelection | None = None,
             max_groups: int = DEFAULT_MAX_GROUPS) -> SparkValidation:
    """Check captured payloads on a Spark cluster, as ``tracklint validate`` does.

    ``source`` is a path or URI, a list of them (files or folders; JSON Lines,
    JSON, gzip), or a DataFrame whose string column ``column`` holds one raw
    record per row (``path_column`` and ``line_column`` then say where each
    record came from).  ``format``, ``platform`` and ``sdk_events`` are the
    reader's options, ``selection`` the rules to report.
    """
    spark, plan = _prepare(spark, plan)
    spec, inputs = _job(spark, source, plan, selection, drift=None, format=format,
                        platform=platform, sdk_events=sdk_events, column=column,
                        path_column=path_column, line_column=line_column)
    found = inputs.mapInArrow(partial(tasks.run, spec), rows.SCHEMA).persist()
    stats, result, totals = _summary(found, max_groups)
    diagnostics = found.where(found["kind"] == rows.DIAGNOSTIC).select(*rows.DIAGNOSTIC_COLUMNS)
    result.diagnostics = totals.get(tasks.DIAGNOSTICS, 0)
    return SparkValidation(diagnostics, stats, result, totals.get(tasks.ERRORS, 0), found)


def drift(source: Any, plan: Plan | str | Path, *, spark: Any = None,
          limits: DriftLimits | None = None, column: str = "value",
          path_column: str | None = None, line_column: str | None = None,
          format: str | None = None, platform: str | None = None, sdk_events: bool = False,
          selection: RuleSelection | None = None) -> DriftReport:
    """The drift report of ``tracklint drift``, from counters collected on the executors.

    Each file's counters are collected where it is read and folded on the
    driver in file order (:mod:`linter.drift.merge`), the same fold the local
    engine uses, so both render the same text, JSON and HTML.
    """
    spark, plan = _prepare(spark, plan)
    limits = limits or DriftLimits()
    spec, inputs = _job(spark, source, plan, selection, drift=limits, format=format,
                        platform=platform, sdk_events=sdk_events, column=column,
                        path_column=path_column, line_column=line_column)
    found = inputs.mapInArrow(partial(tasks.run, spec), rows.SCHEMA).persist()
    try:
        stats, _, _ = _summary(found, DEFAULT_MAX_GROUPS)
        merged = Collected()
        parts = (found.where(found["kind"] == rows.DRIFT).select("file", "blob")
                 .orderBy("file").toLocalIterator())
        for part in parts:
            merge_into(merged, pickle.loads(part["blob"]), plan, limits)
    finally:
        found.unpersist()
    return build_report(plan, limits, merged, stats)


def _prepare(spark: Any, plan: Plan | str | Path) -> tuple[Any, Plan]:
    require_pyspark()
    return (spark or spark_session()), (plan if isinstance(plan, Plan) else load_plan(plan))


def _job(spark: Any, source: Any, plan: Plan, selection: RuleSelection | None, *,
         drift: DriftLimits | None, format: str | None, platform: str | None,
         sdk_events: bool, column: str, path_column: str | None,
         line_column: str | None) -> tuple[tasks.TaskSpec, Any]:
    """The task every executor runs, and the DataFrame of its inputs."""
    from linter.payloads import read_payloads

    read_payloads([], format=format, platform=platform)  # a bad option fails here, not there
    spec = tasks.TaskSpec(token=uuid.uuid4().hex, shipped=tasks.ship(plan, selection or
                          RuleSelection()), format=format, platform=platform,
                          sdk_events=sdk_events, drift=drift, count_files=False)
    if _is_dataframe(source):
        return spec, _record_inputs(source, column, path_column, line_column)
    paths: Sequence[str | Path] = [source] if isinstance(source, (str, Path)) else source
    files = capture_files(spark, paths)
    index = {location_key(f.location): (i, f.name) for i, f in enumerate(files)}
    frame = (spark.read.format("binaryFile").load([f.location for f in files])
             .select("path", "content"))
    return replace(spec, count_files=True, files=index), frame


def _is_dataframe(source: Any) -> bool:
    return hasattr(source, "mapInArrow") and hasattr(source, "schema")


def _record_inputs(frame: Any, column: str, path_column: str | None,
                   line_column: str | None) -> Any:
    """One input row per record: an ordering id, its source name, bytes and line."""
    from pyspark.sql import functions as F

    order = F.monotonically_increasing_id()
    return frame.select(
        order.alias("file"),
        (F.col(path_column).cast("string") if path_column else F.lit("<dataframe>"))
        .alias("name"),
        F.col(column).cast("binary").alias("content"),
        (F.col(line_column) if line_column else order + 1).cast("bigint").alias("first_line"),
    )


def _summary(found: Any, max_groups: int) -> tuple[PayloadStats, BatchResult, dict[str, int]]:
    """Reader counters, conformance tally and totals, aggregated by Spark over every file."""
    from pyspark.sql import functions as F

    keys = ("kind", "name", "event", "platform", "app_version", "code")
    aggregated = (found.where(~found["kind"].isin(rows.DIAGNOSTIC, rows.DRIFT))
                  .groupBy(*keys)
                  .agg(F.sum("count").alias("count"), F.sum("invalid").alias("invalid"),
                       F.min(F.struct("file", "seq")).alias("first"))
                  .collect())
    ordered = sorted(aggregated, key=lambda row: (row["first"]["file"], row["first"]["seq"]))
    stats = PayloadStats()
    totals: dict[str, int] = {}
    for row in ordered:
        kind, name, count = row["kind"], row["name"], int(row["count"] or 0)
        if kind == rows.STAT and hasattr(stats, name):
            setattr(stats, name, count)
        elif kind == rows.STAT:
            totals[name] = count
        elif kind == rows.FORMAT:
            stats.events_by_format[name] = count
        elif kind == rows.NON_EVENT:
            stats.non_event_kinds[name] = count
    return stats, _tally(ordered, max_groups), totals


def _tally(ordered: list[Any], max_groups: int) -> BatchResult:
    """Groups in the order they were first seen; past ``max_groups``, one "(other)" group."""
    result = BatchResult()
    kept: dict[GroupKey, GroupKey] = {}
    for row in ordered:
        if row["kind"] != rows.GROUP:
            continue
        key = (row["event"], row["platform"], row["app_version"])
        final = key if len(kept) < max_groups else (OTHER, OTHER, OTHER)
        kept[key] = final
        tally = result.groups.setdefault(final, Tally())
        tally.events += int(row["count"])
        tally.invalid += int(row["invalid"] or 0)
        result.events += int(row["count"])
        result.invalid += int(row["invalid"] or 0)
    for row in ordered:
        if row["kind"] == rows.CODE:
            key = kept[(row["event"], row["platform"], row["app_version"])]
            result.groups[key].codes[row["code"]] += int(row["count"])
    return result


__all__ = ["SparkValidation", "drift", "validate"]
