"""``tracklint coverage [PATHS...]``: how much of the plan the code and the apps send.

The server side comes from the static checker's call inventory of PATHS (the
project by default); with ``--payloads``, every client platform found in the
captures gets the same report.  What it finds is reported as TL5xx warnings, so
it exits 0; ``--fail-under`` turns it into a gate on the code's coverage (TL506,
exit 1); usage and plan errors exit 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import click

from linter.cli.check import build_code_settings
from linter.cli.options import (
    CodeOptions,
    PayloadOptions,
    build_config,
    build_payload_sources,
    build_plan_path,
    build_selection,
    check_platforms,
    code_options,
    common_options,
    payload_options,
    platform_option,
    run,
)
from linter.cli.options import report as report_diagnostics
from linter.code_check import collect_calls
from linter.config import Config
from linter.coverage import CoverageReport, below_threshold, coverage_report, coverage_summary
from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.payloads import PayloadStream, read_payloads
from linter.payloads.unreadable import unreadable_records
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
        return read_payloads(build_payload_sources(options.payloads, quiet=options.quiet),
                             format=options.payload_format, platform=options.payload_platform,
                             sdk_events=options.sdk_events)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


class Observations:
    """The observations of a payload stream; unreadable records are counted, not shown."""

    def __init__(self, stream: PayloadStream) -> None:
        self.stream = stream
        self.unreadable = 0
        self.first: str | None = None

    def __iter__(self) -> Iterator[EventObservation]:
        for item in self.stream:
            if isinstance(item, Diagnostic):
                self.unreadable += 1
                if self.first is None:
                    self.first = f"{item.location}: {item.message}"
            elif isinstance(item, EventObservation):
                yield item


@dataclass(kw_only=True)
class CoverageOptions(CodeOptions, PayloadOptions):
    """``tracklint coverage``: code and payload options, and the coverage gate."""

    fail_under: float | None = None

    def inputs(self) -> tuple[Path, ...]:
        return (*CodeOptions.inputs(self), *PayloadOptions.inputs(self))


@click.command("coverage")
@platform_option
@code_options
@payloads_option
@payload_options
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Fail (TL506, exit 1) when the code covers less than PERCENT of the "
                   "events planned for its platform.")
@common_options()
def coverage_command(**values: Any) -> None:
    """Which planned events the code and the apps send, and which they never send.

    PATHS are the server code (default: the project, as configured). For the
    platform the code sends as, the report lists the planned events that are
    implemented (path:line of each call), and as TL5xx warnings those never
    sent, deprecated or removed events still sent, events outside the plan
    (with did-you-mean) and calls whose event name is dynamic. With
    --payloads, the same for every platform found in the captures, retired
    events by app version. Exit 0 (it is a report) unless --fail-under is not
    met or a captured record cannot be read (1); 2 on usage or plan errors.
    """
    run(CoverageOptions(**values), execute_coverage)


def execute_coverage(options: CoverageOptions) -> int:
    """The report's findings, the gate and unreadable records, through the reporters."""
    config = build_config(options)
    report, unreadable_first = build_coverage_report(options, config)
    gate = below_threshold(report, options.fail_under) if options.fail_under is not None \
        else None
    unreadable = unreadable_records(report.unreadable, unreadable_first)
    findings = [*report.findings, *(d for d in (gate, unreadable) if d is not None)]
    selected = build_selection(options, config).apply(findings)
    report = replace(report, findings=tuple(selected))
    return report_diagnostics(options, report.findings, coverage_summary(report))


def build_coverage_report(options: CoverageOptions,
                          config: Config) -> tuple[CoverageReport, str | None]:
    """Load the plan, collect the calls of the code and read the captures, if any; with
    the first record that could not be read."""
    plan = load_plan(build_plan_path(options, config))
    check_platforms(options, config, plan)
    settings = build_code_settings(options, config)
    inventory = collect_calls(settings)
    if not options.payloads:
        return coverage_report(plan, inventory.calls, platform=settings.platform), None
    stream = open_payloads(options)
    observations = Observations(stream)
    report = coverage_report(plan, inventory.calls, platform=settings.platform,
                             observations=observations)
    # The stream's counts are complete only now that it has been read.
    return replace(report, payload_stats=stream.stats.to_dict(),
                   unreadable=observations.unreadable), observations.first
