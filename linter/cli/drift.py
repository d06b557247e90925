"""``tracklint drift PAYLOADS...``: how platforms drift apart from the plan and each other.

Reads captured payloads of every supported format (files, folders of files,
``-`` for standard input), checks each event against the plan with the same
checker as ``tracklint validate``, and prints the drift report as text, JSON
or one self-contained HTML file.  Exit codes: 0 no drift, 1 drift found,
2 usage or plan error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from linter.cli.engine import engine_options, spark_for
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    STDIN,
    CommonOptions,
    build_config,
    build_payload_sources,
    build_plan_path,
    build_selection,
    common_options,
    fill_common,
    run,
)
from linter.diagnostics import Diagnostic
from linter.drift import drift_report
from linter.drift.model import DriftLimits, DriftReport
from linter.drift.render_html import render_html
from linter.drift.render_json import render_json
from linter.drift.render_text import render_text
from linter.events import EventObservation
from linter.payloads import FORMATS
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.report.base import use_color
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

OUTPUT_FORMATS = ("text", "json", "html")

F = TypeVar("F", bound=Callable[..., Any])


def drift_options(function: F) -> F:
    """The options of ``tracklint drift``: the shared plan/rule options and its own."""
    decorators = [
        common_options(OUTPUT_FORMATS, statistics=False),
        click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
                     help="Write the report to this file instead of standard output."),
        click.option("--format", "payload_format", type=click.Choice(FORMATS),
                     help="Read every record as this wire format instead of detecting it."),
        click.option("--platform", "payload_platform",
                     help="Treat every payload as sent from this platform (for captures "
                          "whose SDK does not say; default: read from each payload)."),
        click.option("--sdk-events", is_flag=True,
                     help="Also compare the SDKs' own events ($pageview, [Amplitude] Page "
                          "Viewed...), which are otherwise counted as not events."),
        click.option("--threshold", type=click.FloatRange(0, 100, min_open=True),
                     default=99.0, show_default=True,
                     help="Conformance (percent) every later version must reach for "
                          "'conforms since'."),
        click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True,
                     help="Most frequent values shown per property and platform."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@click.command("drift")
@click.argument("payloads", nargs=-1, required=True,
                type=click.Path(exists=True, allow_dash=True, path_type=Path))
@drift_options
@engine_options
def drift_command(payloads: tuple[Path, ...], engine: str, spark_master: str | None,
                  **values: Any) -> None:
    """Compare the events of several platforms with the plan and with each other.

    PAYLOADS are capture files (JSON Lines, JSON, gzip; Mixpanel, Segment,
    RudderStack, PostHog or Amplitude payloads), folders of them, or '-' for
    standard input. For every event the report shows which platforms send it,
    their conformance rate, the properties, types and values each platform
    sends, and by app version since when a platform conforms. Exit code 1 when
    an event conforms less than 100% on a platform, or a planned property is
    sent by some platforms and not by others.
    """
    options = fill_common(**values)
    options.paths = tuple(p for p in payloads if str(p) != STDIN)
    options.extra.update(payloads=payloads, engine=engine, spark_master=spark_master)
    run(options, execute_drift)


def execute_drift(options: CommonOptions) -> int:
    """Build the report, write it, and turn the verdict into the exit code."""
    report = build_drift_report(options)
    write_report(options, report)
    if report.has_drift and not options.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_CLEAN


def build_drift_report(options: CommonOptions) -> DriftReport:
    """Load the plan and the rule selection, then stream the payloads into a report."""
    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    selection = build_selection(options, config)
    checker = EventChecker(plan)

    def check(observation: EventObservation) -> Sequence[Diagnostic]:
        return selection.apply(checker.check(observation))

    limits = DriftLimits(top_shown=options.extra["top"],
                         threshold=options.extra["threshold"] / 100.0)
    if options.extra.get("engine") == "spark":
        return _spark_drift_report(options, plan, selection, limits)
    try:
        return drift_report(build_payload_sources(options.extra["payloads"]), plan, limits=limits,
                            check=check, format=options.extra["payload_format"],
                            platform=options.extra["payload_platform"],
                            sdk_events=options.extra["sdk_events"])
    except ValueError as error:  # an empty --platform
        raise click.UsageError(str(error)) from None


def _spark_drift_report(options: CommonOptions, plan: Plan, selection: RuleSelection,
                        limits: DriftLimits) -> DriftReport:
    """The same report, from counters collected on Spark executors."""
    from linter import spark

    with spark_for(options.extra["spark_master"]) as session:
        try:
            return spark.drift([str(p) for p in options.extra["payloads"]], plan, spark=session,
                               limits=limits, selection=selection,
                               format=options.extra["payload_format"],
                               platform=options.extra["payload_platform"],
                               sdk_events=options.extra["sdk_events"])
        except ValueError as error:
            raise click.UsageError(str(error)) from None


def render(report: DriftReport, output_format: str, *, color: bool) -> str:
    if output_format == "json":
        return render_json(report)
    if output_format == "html":
        return render_html(report)
    return render_text(report, color=color)


def write_report(options: CommonOptions, report: DriftReport) -> None:
    """To ``--out`` (never coloured) or standard output."""
    out: Path | None = options.extra["out"]
    if out is None:
        color = use_color(sys.stdout) if options.color is None else options.color
        click.echo(render(report, options.output_format, color=color), nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, options.output_format, color=False), encoding="utf-8")
    verdict = "drift found" if report.has_drift else "no drift"
    click.echo(f"Wrote the drift report to {out} ({verdict})", err=True)
