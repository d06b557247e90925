"""``tracklint validate``: check payloads captured from web, iOS, Android and servers."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from typing import Any, TextIO

import click

from linter.batch import BatchResult, BatchValidator
from linter.cli.engine import engine_options, spark_for
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CommonOptions,
    build_config,
    build_payload_sources,
    build_plan_path,
    build_reporter,
    build_selection,
    common_options,
    fill_common,
    run,
)
from linter.diagnostics import Diagnostic, Severity
from linter.payloads import FORMATS, PayloadStats, PayloadStream, read_payloads
from linter.plan.loader import load_plan
from linter.report import RunSummary
from linter.report.base import CodeCounter
from linter.report.text import TextReporter
from linter.validation.event_check import EventChecker

VALIDATE_FORMATS = ("text", "json", "sarif", "github", "junit")


@click.command("validate")
@click.argument("payloads", nargs=-1, required=True)
@click.option("--format", "wire_format", type=click.Choice(sorted(FORMATS)),
              help="The payloads' wire format (default: detected per record).")
@click.option("--platform", help="Treat every payload as sent from this platform "
                                 "(default: read from each payload).")
@click.option("--sdk-events", is_flag=True,
              help="Also check the SDKs' own events ($pageview, [Amplitude] Page Viewed...), "
                   "which are otherwise counted as not events.")
@click.option("--max-diagnostics", type=click.IntRange(min=0), default=10_000,
              show_default=True,
              help="For json/sarif/github/junit output: keep at most this many diagnostics "
                   "(all are counted in the summary). Text output streams all of them.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on standard error (default: only on a terminal).")
@engine_options
@common_options(VALIDATE_FORMATS)
def validate_command(payloads: tuple[str, ...], wire_format: str | None, platform: str | None,
                     sdk_events: bool, max_diagnostics: int, progress: bool | None,
                     engine: str, spark_master: str | None, **values: Any) -> None:
    """Validate captured payloads (files, folders, or - for standard input) against the plan.

    Reads JSON Lines, JSON arrays and gzip files of Mixpanel, Segment, RudderStack,
    PostHog and Amplitude payloads, in constant memory. Exit 1 when a payload
    breaks the plan or cannot be read.
    """
    options = fill_common(**values)
    options.platform = platform
    options.extra.update(payloads=payloads, wire_format=wire_format, sdk_events=sdk_events,
                         max_diagnostics=max_diagnostics, progress=progress,
                         spark_master=spark_master)
    run(options, execute_validate_spark if engine == "spark" else execute_validate)


def execute_validate(options: CommonOptions) -> int:
    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    sources = build_payload_sources(options.extra["payloads"])
    try:
        stream = read_payloads(sources, format=options.extra["wire_format"],
                               platform=options.platform,
                               sdk_events=options.extra["sdk_events"])
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    validator = BatchValidator(EventChecker(plan), build_selection(options, config))
    progress = _Progress(stream, len(sources), options.extra["progress"])
    items = progress.track(stream.located()) if progress.enabled else stream.located()
    diagnostics = validator.run_stream(stream, items)
    if options.output_format == "text":
        failed = _stream_text(options, diagnostics, validator.result, stream.stats)
    else:
        failed = _collect(options, diagnostics, validator.result, stream.stats)
    progress.done()
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def execute_validate_spark(options: CommonOptions) -> int:
    """The same checks and output, with the files read and checked on Spark."""
    from linter import spark

    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    with spark_for(options.extra["spark_master"]) as session:
        try:
            checked = spark.validate(
                list(options.extra["payloads"]), plan, spark=session,
                format=options.extra["wire_format"], platform=options.platform,
                sdk_events=options.extra["sdk_events"],
                selection=build_selection(options, config))
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        diagnostics = checked.ordered()
        if options.output_format == "text":
            failed = _stream_text(options, diagnostics, checked.result, checked.stats)
        else:
            failed = _collect(options, diagnostics, checked.result, checked.stats)
        checked.unpersist()
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def _stream_text(options: CommonOptions, diagnostics: Iterator[Diagnostic],
                 result: BatchResult, stats: PayloadStats) -> bool:
    """Print each diagnostic as it is found: memory stays flat on any input size.

    ``result`` and ``stats`` are complete once ``diagnostics`` is exhausted.
    """
    reporter = build_reporter(options)
    assert isinstance(reporter, TextReporter)
    failed = False
    counts = CodeCounter()
    for diagnostic in diagnostics:
        reporter.write_diagnostic(diagnostic)
        failed |= diagnostic.severity is Severity.ERROR
        counts.add(diagnostic)
    _write_tally(reporter, result)
    if options.statistics and counts.rows():
        reporter.write_statistics(counts.rows())
    reporter.write()
    reporter.write(_summary_line(result, stats, failed))
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
        rate = f"{row['conformance'] * 100:.1f}%"
        colour = "green" if row["invalid"] == 0 else "red"
        reporter.write(f"{row['event'][:32]:<32} {row['platform'][:9]:<9} "
                       f"{(row['app_version'] or '-')[:12]:<12} {row['events']:>8} "
                       f"{row['invalid']:>8} " + reporter.style(f"{rate:>8}", fg=colour))


def _summary_line(result: BatchResult, stats: PayloadStats, failed: bool) -> str:
    verdict = "Found problems" if failed else "All payloads conform"
    return (f"{verdict}: {stats.records:,} records read, {result.events:,} events "
            f"({result.events - result.invalid:,} valid, {result.invalid:,} invalid), "
            f"{stats.unreadable:,} unreadable, {stats.non_events:,} not events "
            f"(identify, page...), {stats.files} file{'s' if stats.files != 1 else ''}.")


def _collect(options: CommonOptions, diagnostics: Iterator[Diagnostic], result: BatchResult,
             stats: PayloadStats) -> bool:
    limit: int = options.extra["max_diagnostics"]
    kept: list[Diagnostic] = []
    failed = False
    for diagnostic in diagnostics:
        failed |= diagnostic.severity is Severity.ERROR
        if len(kept) < limit:
            kept.append(diagnostic)
    details: dict[str, Any] = {**stats.to_dict(), "valid": result.events - result.invalid,
                               "invalid": result.invalid, "by_event": result.rows(),
                               "diagnostics_total": result.diagnostics,
                               "diagnostics_omitted": result.diagnostics - len(kept)}
    summary = RunSummary(checked=result.events, unit="event", details=details)
    build_reporter(options).report(kept, summary)
    return failed


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

