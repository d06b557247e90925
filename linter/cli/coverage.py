"""``tracklint coverage [PATHS...]``: how much of the plan the code and the apps send.

The server side comes from the static checker's call inventory of PATHS (the
project by default); with ``--payloads``, every client platform found in the
captures gets the same report.  It is a report, so it exits 0; ``--fail-under``
turns it into a gate on the code's coverage (exit 1); usage and plan errors
exit 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from linter.cli.check import build_code_settings, code_options
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    STDIN,
    CommonOptions,
    build_config,
    build_payload_sources,
    build_plan_path,
    run,
)
from linter.code_check import collect_calls
from linter.coverage import CoverageReport, coverage_report, render_text
from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.payloads import FORMATS, PayloadStream, read_payloads
from linter.plan.loader import load_plan


class ManyValuesOption(click.Option):
    """A repeatable option that also takes several values at once: ``--payloads a b c``.

    Click options take one value each; captures usually come as a shell glob
    (``--payloads captures/*.jsonl``), so this option goes on taking the words
    that follow it until the next option (a word starting with ``-``, except
    ``-`` itself, standard input).  Put positional arguments before it.
    """

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        registered: dict[str, Any] = {**getattr(parser, "_short_opt", {}),
                                      **getattr(parser, "_long_opt", {})}
        for name in self.opts:
            parsed = registered.get(name)
            if parsed is not None and hasattr(parsed, "process"):
                parsed.process = _greedy(parsed.process)


def _greedy(process: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    def take_all(value: Any, state: Any) -> None:
        process(value, state)
        remaining: list[str] = getattr(state, "rargs", [])
        while remaining and not _is_option(remaining[0]):
            process(remaining.pop(0), state)
    return take_all


def _is_option(word: str) -> bool:
    return word.startswith("-") and word != STDIN


def payload_options(function: Any) -> Any:
    """``--payloads`` and the options that say how to read them (shared with ``infer``)."""
    decorators = [
        click.option("--payloads", "payloads", cls=ManyValuesOption, multiple=True,
                     type=click.Path(exists=True, allow_dash=True, path_type=Path),
                     metavar="FILE...",
                     help="Captured payloads: files, folders of them, or - for standard "
                          "input; several may follow one --payloads, and it may be repeated."),
        click.option("--format", "payload_format", type=click.Choice(FORMATS),
                     help="Read every record as this wire format instead of detecting it."),
        click.option("--sdk-events", is_flag=True,
                     help="Also count the SDKs' own events ($pageview, [Amplitude] Page "
                          "Viewed...), which are otherwise not events."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def open_payloads(options: CommonOptions, platform: str | None) -> PayloadStream:
    """The stream of the ``--payloads`` of ``options``; a bad ``--platform`` is a usage error."""
    try:
        return read_payloads(build_payload_sources(options.extra["payloads"]),
                             format=options.extra["payload_format"], platform=platform,
                             sdk_events=options.extra["sdk_events"])
    except ValueError as error:
        raise click.UsageError(str(error)) from None


class _Observations:
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


@click.command("coverage")
@code_options
@payload_options
@click.option("--payload-platform",
              help="Treat every captured payload as sent from this platform "
                   "(default: read from each payload).")
@click.option("--plan", type=click.Path(path_type=Path),
              help="The tracking plan: a file, or a directory of files. "
                   "Default: 'plan' in the configuration.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="A tracklint.toml or pyproject.toml to use instead of the one found "
                   "from the checked paths upward.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Exit 1 when the code covers less than PERCENT of the events planned "
                   "for its platform.")
def coverage_command(paths: tuple[Path, ...], platform: str | None, no_cache: bool,
                     jobs: int | None, payloads: tuple[Path, ...], payload_format: str | None,
                     sdk_events: bool, payload_platform: str | None, plan: Path | None,
                     config: Path | None, output_format: str, fail_under: float | None) -> None:
    """Which planned events the code and the apps send, and which they never send.

    PATHS are the server code (default: the project, as configured). For the
    platform the code sends as, the report lists the planned events that are
    implemented (path:line of each call), those never sent, deprecated or
    removed events still sent, events outside the plan (with did-you-mean) and
    calls whose event name is dynamic. With --payloads, the same for every
    platform found in the captures, retired events by app version (give PATHS
    before --payloads: it takes every word up to the next option). Exit 0 (it
    is a report); 1 with --fail-under when the code's coverage is below it;
    2 on usage or plan errors.
    """
    options = CommonOptions(plan=plan, config=config, output_format=output_format,
                            platform=platform, paths=paths,
                            extra={"no_cache": no_cache, "jobs": jobs, "payloads": payloads,
                                   "payload_format": payload_format, "sdk_events": sdk_events,
                                   "payload_platform": payload_platform,
                                   "fail_under": fail_under})
    run(options, execute_coverage)


def execute_coverage(options: CommonOptions) -> int:
    report = build_coverage_report(options)
    if options.output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    return coverage_exit_code(report, options.extra.get("fail_under"))


def coverage_exit_code(report: CoverageReport, fail_under: float | None) -> int:
    """1 when the code covers less than ``fail_under``; nothing planned is never a failure."""
    if fail_under is None or report.code is None:
        return EXIT_CLEAN
    percent = report.code.percent
    if percent is not None and percent < fail_under:
        return EXIT_VIOLATIONS
    return EXIT_CLEAN


def build_coverage_report(options: CommonOptions) -> CoverageReport:
    """Load the plan, collect the calls of the code and read the captures, if any."""
    config = build_config(options)
    plan = load_plan(build_plan_path(options, config))
    settings = build_code_settings(options, config)
    inventory = collect_calls(settings)
    payloads: Sequence[Path] = options.extra.get("payloads") or ()
    if not payloads:
        return coverage_report(plan, inventory.calls, platform=settings.platform)
    stream = open_payloads(options, options.extra.get("payload_platform"))
    observations = _Observations(stream)
    report = coverage_report(plan, inventory.calls, platform=settings.platform,
                             observations=observations)
    # The stream's counts are complete only now that it has been read.
    return replace(report, payload_stats=stream.stats.to_dict(),
                   unreadable=observations.unreadable)
