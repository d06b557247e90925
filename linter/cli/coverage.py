"""``tracklint coverage [PATHS...]``: how much of the plan the code and the apps send.

The server side comes from the static checker's call inventory of PATHS (the
project by default); with ``--payloads``, every client platform found in the
captures gets the same report.  It is a report, so it exits 0; ``--fail-under``
turns it into a gate on the code's coverage (exit 1); usage and plan errors
exit 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from linter.cli.check import build_code_settings
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CodeOptions,
    PayloadOptions,
    build_config,
    build_payload_sources,
    build_plan_path,
    check_platforms,
    code_options,
    config_option,
    out_option,
    output_format_option,
    output_stream,
    payload_options,
    plan_option,
    quiet_option,
    run,
)
from linter.code_check import collect_calls
from linter.coverage import CoverageReport, coverage_report, render_text
from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.payloads import PayloadStream, read_payloads
from linter.plan.loader import load_plan

F = TypeVar("F", bound=Callable[..., Any])


def payloads_option(function: F) -> F:
    """``--payloads PATH``, repeated for several (shared with ``infer``)."""
    return click.option(
        "--payloads", "payloads", multiple=True, metavar="PATH",
        type=click.Path(allow_dash=True, path_type=Path),
        help="Captured payloads: a file, a folder of them, or - for standard input; "
             "repeat the option for several.")(function)


def open_payloads(options: PayloadOptions) -> PayloadStream:
    """The stream of the ``--payloads`` of ``options``; a bad platform is a usage error."""
    try:
        return read_payloads(build_payload_sources(options.payloads),
                             format=options.payload_format, platform=options.payload_platform,
                             sdk_events=options.sdk_events)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


class Observations:
    """The observations of a payload stream; unreadable records are counted, not shown."""

    def __init__(self, stream: PayloadStream) -> None:
        self.stream = stream
        self.unreadable = 0

    def __iter__(self) -> Iterator[EventObservation]:
        for item in self.stream:
            if isinstance(item, Diagnostic):
                self.unreadable += 1
            elif isinstance(item, EventObservation):
                yield item


@dataclass(kw_only=True)
class CoverageOptions(CodeOptions, PayloadOptions):
    """``tracklint coverage``: code and payload options, and the coverage gate."""

    fail_under: float | None = None

    def inputs(self) -> tuple[Path, ...]:
        return (*CodeOptions.inputs(self), *PayloadOptions.inputs(self))


@click.command("coverage")
@code_options
@payloads_option
@payload_options
@plan_option
@config_option
@output_format_option(["text", "json"])
@out_option
@quiet_option
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Exit 1 when the code covers less than PERCENT of the events planned "
                   "for its platform.")
def coverage_command(**values: Any) -> None:
    """Which planned events the code and the apps send, and which they never send.

    PATHS are the server code (default: the project, as configured). For the
    platform the code sends as, the report lists the planned events that are
    implemented (path:line of each call), those never sent, deprecated or
    removed events still sent, events outside the plan (with did-you-mean) and
    calls whose event name is dynamic. With --payloads, the same for every
    platform found in the captures, retired events by app version. Exit 0 (it
    is a report); 1 with --fail-under when the code's coverage is below it;
    2 on usage or plan errors.
    """
    run(CoverageOptions(**values), execute_coverage)


def execute_coverage(options: CoverageOptions) -> int:
    report = build_coverage_report(options)
    with output_stream(options) as stream:
        if options.output_format == "json":
            stream.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            stream.write(render_text(report))
    return coverage_exit_code(report, options.fail_under)


def coverage_exit_code(report: CoverageReport, fail_under: float | None) -> int:
    """1 when the code covers less than ``fail_under``; nothing planned is never a failure."""
    if fail_under is None or report.code is None:
        return EXIT_CLEAN
    percent = report.code.percent
    if percent is not None and percent < fail_under:
        return EXIT_VIOLATIONS
    return EXIT_CLEAN


def build_coverage_report(options: CoverageOptions) -> CoverageReport:
    """Load the plan, collect the calls of the code and read the captures, if any."""
    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    check_platforms(options, config, plan)
    settings = build_code_settings(options, config)
    inventory = collect_calls(settings)
    if not options.payloads:
        return coverage_report(plan, inventory.calls, platform=settings.platform)
    stream = open_payloads(options)
    observations = Observations(stream)
    report = coverage_report(plan, inventory.calls, platform=settings.platform,
                             observations=observations)
    # The stream's counts are complete only now that it has been read.
    return replace(report, payload_stats=stream.stats.to_dict(),
                   unreadable=observations.unreadable)
