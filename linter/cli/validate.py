"""``tracklint validate``: check payloads captured from web, iOS, Android and servers."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click

from linter.batch import BatchResult, BatchValidator
from linter.batch_jobs import default_jobs, parallel_validation
from linter.cli.engine import EngineOptions, engine_options, spark_for
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    build_config,
    build_payload_sources,
    build_plan_path,
    build_reporter,
    build_selection,
    check_platforms,
    common_options,
    output_stream,
    payload_options,
    run,
)
from linter.diagnostics import Diagnostic
from linter.payloads import PayloadStats, PayloadStream, read_payloads
from linter.payloads.containers import STDIN
from linter.plan.loader import load_plan
from linter.report import RunSummary
from linter.report.base import CodeCounter, Reporter
from linter.report.text import TextReporter
from linter.text.display import percent, plural, printable, shorten
from linter.validation.event_check import EventChecker

VALIDATE_FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass(kw_only=True)
class ValidateOptions(EngineOptions):
    """``tracklint validate``: the payload and engine options, and how much to print."""

    max_diagnostics: int = 10_000
    progress: bool | None = None
    jobs: int | None = None


@click.command("validate")
@click.argument("payloads", nargs=-1, required=True,
                type=click.Path(allow_dash=True, path_type=Path))
@payload_options
@click.option("--max-diagnostics", type=click.IntRange(min=0), default=10_000,
              show_default=True,
              help="Print at most this many diagnostics; every one is still counted in "
                   "the summary and the tally.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on standard error (default: only on a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes; large files are read in parts, with the results of "
                   "one process (default: one per core for inputs over 64 MB, else one).")
@engine_options
@common_options(VALIDATE_FORMATS)
def validate_command(**values: Any) -> None:
    """Validate captured payloads (files, folders, or - for standard input) against the plan.

    Reads JSON Lines, JSON arrays and gzip files of Mixpanel, Segment, RudderStack,
    PostHog and Amplitude payloads, in constant memory. Exit 1 when a payload
    breaks the plan or cannot be read.
    """
    options = ValidateOptions(**values)
    run(options, execute_validate_spark if options.engine == "spark" else execute_validate)


def execute_validate(options: ValidateOptions) -> int:
    config = build_config(options)
    plan_path = build_plan_path(options, config)
    plan = load_plan(plan_path)
    check_platforms(options, config, plan)
    sources = build_payload_sources(options.payloads, quiet=options.quiet)
    try:
        stream = read_payloads(sources, format=options.payload_format,
                               platform=options.payload_platform,
                               sdk_events=options.sdk_events)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    selection = build_selection(options, config)
    jobs = options.jobs or default_jobs(sources)
    if jobs > 1 and all(os.fspath(source) != STDIN for source in sources):
        batch = parallel_validation(plan_path, sources, jobs, format=options.payload_format,
                                    platform=options.payload_platform,
                                    sdk_events=options.sdk_events, selection=selection)
        failed = _report(options, iter(batch), batch.result, batch.stats)
        return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN
    validator = BatchValidator(EventChecker(plan), selection)
    progress = _Progress(stream, len(sources), options.progress)
    items = progress.track(stream.located()) if progress.enabled else stream.located()
    failed = _report(options, validator.run_stream(stream, items), validator.result,
                     stream.stats)
    progress.done()
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def execute_validate_spark(options: ValidateOptions) -> int:
    """The same checks and output, with the files read and checked on Spark."""
    from linter import spark

    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    check_platforms(options, config, plan)
    with spark_for(options.spark_master) as session:
        try:
            checked = spark.validate(
                [str(p) for p in options.payloads], plan, spark=session,
                format=options.payload_format, platform=options.payload_platform,
                sdk_events=options.sdk_events, selection=build_selection(options, config))
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        failed = _report(options, checked.ordered(), checked.result, checked.stats)
        checked.unpersist()
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def _report(options: ValidateOptions, diagnostics: Iterator[Diagnostic], result: BatchResult,
            stats: PayloadStats) -> bool:
    """Write the diagnostics as they come, to standard output or ``--out``; True on errors.

    ``result`` and ``stats`` are complete once ``diagnostics`` is exhausted.
    """
    with output_stream(options) as out:
        reporter = build_reporter(options, out)
        if isinstance(reporter, TextReporter) and not options.statistics:
            return _stream_text(options, reporter, diagnostics, result, stats)
        return _collect(options, reporter, diagnostics, result, stats)


def _stream_text(options: ValidateOptions, reporter: TextReporter,
                 diagnostics: Iterator[Diagnostic], result: BatchResult,
                 stats: PayloadStats) -> bool:
    """Print each diagnostic as it is found: memory stays flat on any input size."""
    counts = CodeCounter()
    for diagnostic in diagnostics:
        if counts.total < options.max_diagnostics:
            reporter.write_diagnostic(diagnostic)
        counts.add(diagnostic)
    failed = counts.errors > 0
    if options.quiet:
        return failed
    omitted = counts.total - options.max_diagnostics
    if omitted > 0:
        reporter.write(f"... {omitted:,} more diagnostic{'s' if omitted != 1 else ''} not "
                       f"shown (--max-diagnostics {options.max_diagnostics}).")
    _write_tally(reporter, result)
    reporter.write()
    reporter.write(reporter.style(_summary_line(result, stats, counts), bold=True))
    return failed


def _write_tally(reporter: TextReporter, result: BatchResult) -> None:
    rows = result.rows()
    if not rows:
        return
    reporter.write()
    header = f"{'event':<32} {'platform':<9} {'app version':<12} {'events':>8} " \
             f"{'invalid':>8} {'conform':>8}"
    reporter.write(reporter.style(header, bold=True))
    for row in rows:
        rate = percent((row["events"] - row["invalid"]) / row["events"] if row["events"] else 1.0)
        colour = "green" if row["invalid"] == 0 else "red"
        event = shorten(printable(row["event"]), 32)
        platform = shorten(printable(row["platform"]), 9)
        version = shorten(printable(row["app_version"] or "-"), 12)
        reporter.write(f"{event:<32} {platform:<9} {version:<12} {row['events']:>8} "
                       f"{row['invalid']:>8} " + reporter.style(f"{rate:>8}", fg=colour))


def _summary_line(result: BatchResult, stats: PayloadStats, counts: CodeCounter) -> str:
    """"Found 2 errors, 1 warning: ..." as every command counts them, or "All payloads
    conform: ..." (never when no event was read), then what was read."""
    found = [plural(n, word) for n, word in ((counts.errors, "error"),
                                              (counts.warnings, "warning")) if n]
    verdict = (f"Found {', '.join(found)}" if found else
               "Nothing to check" if not result.events else
               "All payloads conform")
    return (f"{verdict}: {plural(stats.records, 'record')} read, "
            f"{plural(result.events, 'event')} ({result.events - result.invalid:,} valid, "
            f"{result.invalid:,} invalid), {stats.unreadable:,} unreadable, "
            f"{stats.non_events:,} not events (identify, page...), "
            f"{plural(stats.files, 'file')}.")


def _collect(options: ValidateOptions, reporter: Reporter, diagnostics: Iterator[Diagnostic],
             result: BatchResult, stats: PayloadStats) -> bool:
    """Keep the first ``--max-diagnostics`` for a machine format; count every one."""
    kept: list[Diagnostic] = []
    counts = CodeCounter()
    for diagnostic in diagnostics:
        if len(kept) < options.max_diagnostics:
            kept.append(diagnostic)
        counts.add(diagnostic)
    details: dict[str, Any] = {**stats.to_dict(), "valid": result.events - result.invalid,
                               "invalid": result.invalid, "by_event": result.rows(),
                               "diagnostics_total": counts.total,
                               "diagnostics_omitted": counts.total - len(kept)}
    summary = RunSummary(checked=result.events, unit="event", details=details, counts=counts)
    reporter.report(kept, summary)
    return counts.errors > 0


class _Progress:
    """A live count on standard error, only on a terminal and never in CI logs."""

    def __init__(self, stream: PayloadStream, total_files: int, wanted: bool | None) -> None:
        self.stream = stream
        self.total_files = total_files
        self.out: TextIO = sys.stderr
        self.enabled = wanted if wanted is not None else (
            _isatty(self.out) and not os.environ.get("CI"))
        self.last = 0.0

    def track(self, items: Iterator[Any]) -> Iterator[Any]:
        for item in items:
            if self.enabled:
                self._tick()
            yield item

    def _tick(self) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        stats = self.stream.stats
        done = max(stats.files - 1, 0)
        width = 24
        filled = int(width * done / self.total_files) if self.total_files else 0
        bar = "#" * filled + "-" * (width - filled)
        self.out.write(f"\r[{bar}] file {stats.files}/{self.total_files}  "
                       f"{stats.records:,} records  {stats.events:,} events")
        self.out.flush()

    def done(self) -> None:
        if self.enabled and self.last:
            self.out.write("\r\x1b[2K")
            self.out.flush()


def _isatty(stream: TextIO | io.TextIOBase) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())

