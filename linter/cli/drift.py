"""``tracklint drift PAYLOADS...``: how platforms drift apart from the plan and each other.

Reads captured payloads of every supported format (files, folders of files,
``-`` for standard input), checks each event against the plan with the same
checker as ``tracklint validate``, and prints the drift report as text, JSON,
SARIF, GitHub annotations, JUnit, or one self-contained HTML file.  Exit
codes: 0 no error finding, 1 drift found, 2 usage or plan error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from linter.cli.engine import EngineOptions, engine_options, spark_for
from linter.cli.options import (
    build_config,
    build_payload_sources,
    build_plan_path,
    build_selection,
    check_platforms,
    common_options,
    exit_code,
    output_stream,
    payload_options,
    run,
)
from linter.cli.options import report as report_diagnostics
from linter.diagnostics import Diagnostic
from linter.drift import drift_report
from linter.drift.model import DriftLimits, DriftReport
from linter.drift.render_html import render_html
from linter.drift.render_text import drift_summary
from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.report import REPORTERS
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

#: Every reporter's format, and one self-contained HTML page.
OUTPUT_FORMATS = (*REPORTERS, "html")


@dataclass(kw_only=True)
class DriftOptions(EngineOptions):
    """``tracklint drift``: the payload and engine options, the conformance threshold and
    the values shown."""

    threshold: float = 99.0
    top: int = 5


@click.command("drift")
@click.argument("payloads", nargs=-1, required=True,
                type=click.Path(allow_dash=True, path_type=Path))
@payload_options
@click.option("--threshold", type=click.FloatRange(0, 100, min_open=True),
              default=99.0, show_default=True,
              help="Conformance (percent) every later version must reach for "
                   "'conforms since'.")
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Most frequent values shown per property and platform.")
@engine_options
@common_options(OUTPUT_FORMATS)
def drift_command(**values: Any) -> None:
    """Compare the events of several platforms with the plan and with each other.

    PAYLOADS are capture files (JSON Lines, JSON, gzip; Mixpanel, Segment,
    RudderStack, PostHog or Amplitude payloads), folders of them, or '-' for
    standard input. For every event the report shows which platforms send it,
    their conformance rate, the properties, types and values each platform
    sends, and by app version since when a platform conforms. What drifts is
    reported as TL4xx diagnostics ('tracklint rule TL405'), in any output
    format; exit code 1 when one of them is an error.
    """
    run(DriftOptions(**values), execute_drift)


def execute_drift(options: DriftOptions) -> int:
    """Build the report, write it, and turn its error findings into the exit code."""
    report = build_drift_report(options)
    if options.output_format == "html":
        with output_stream(options) as stream:
            stream.write(render_html(report))
        return exit_code(report.findings, options)
    return report_diagnostics(options, report.findings, drift_summary(report))


def build_drift_report(options: DriftOptions) -> DriftReport:
    """Load the plan and the rule selection, then stream the payloads into a report whose
    findings are the selected ones, at their configured severities."""
    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    check_platforms(options, config, plan)
    selection = build_selection(options, config)
    checker = EventChecker(plan)

    def check(observation: EventObservation) -> Sequence[Diagnostic]:
        return selection.apply(checker.check(observation))

    limits = DriftLimits(top_shown=options.top, threshold=options.threshold / 100.0)
    if options.engine == "spark":
        report = _spark_drift_report(options, plan, selection, limits)
    else:
        sources = build_payload_sources(options.payloads, quiet=options.quiet)
        try:
            report = drift_report(sources, plan, limits=limits, check=check,
                                  format=options.payload_format,
                                  platform=options.payload_platform,
                                  sdk_events=options.sdk_events)
        except ValueError as error:  # an empty --payload-platform
            raise click.UsageError(str(error)) from None
    return replace(report, findings=tuple(selection.apply(report.findings)))


def _spark_drift_report(options: DriftOptions, plan: Plan, selection: RuleSelection,
                        limits: DriftLimits) -> DriftReport:
    """The same report, from counters collected on Spark executors."""
    from linter import spark

    with spark_for(options.spark_master) as session:
        try:
            return spark.drift([str(p) for p in options.payloads], plan, spark=session,
                               limits=limits, selection=selection,
                               format=options.payload_format,
                               platform=options.payload_platform,
                               sdk_events=options.sdk_events)
        except ValueError as error:
            raise click.UsageError(str(error)) from None


