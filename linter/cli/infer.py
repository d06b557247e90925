"""``tracklint infer``: a starting tracking plan from server code and captured payloads.

For a team that has no plan yet: the tracking calls found in ``--code`` and
the events in ``--payloads`` become a YAML plan (``--out``, or standard output)
that ``tracklint plan check`` accepts and that the same payloads pass under
``tracklint validate``.  Exit 0 when the plan was written; 2 on usage errors
(nothing to infer from, an existing ``--out`` without ``--force``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from linter.cli.check import build_code_settings
from linter.cli.coverage import ManyValuesOption, open_payloads, payload_options
from linter.cli.options import EXIT_CLEAN, CommonOptions, build_config, run
from linter.code_check import collect_calls
from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.infer import Evidence, InferLimits, build_plan, collect_evidence, render_yaml
from linter.payloads import PayloadItem
from linter.static import CallSite


@click.command("infer")
@click.option("--code", "code", cls=ManyValuesOption, multiple=True, metavar="PATH...",
              type=click.Path(exists=True, path_type=Path),
              help="Python files or folders whose tracking calls to read; several may follow "
                   "one --code, and it may be repeated.")
@payload_options
@click.option("--payload-platform",
              help="Treat every captured payload as sent from this platform "
                   "(default: read from each payload; 'tracklint validate --platform').")
@click.option("--code-platform",
              help="The platform the code sends as (default: 'platform' in the "
                   "configuration, or server).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the plan to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option("--enum-max-values", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Most distinct values a string property may have to become an enum.")
@click.option("--enum-min-count", type=click.IntRange(min=1), default=5, show_default=True,
              help="Times each value must have been seen for the property to become an enum.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="A tracklint.toml or pyproject.toml to read the code's settings from.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the code cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading code (default: one per core).")
def infer_command(code: tuple[Path, ...], payloads: tuple[Path, ...],
                  payload_format: str | None, sdk_events: bool, payload_platform: str | None,
                  code_platform: str | None, out: Path | None, force: bool,
                  enum_max_values: int, enum_min_count: int, config: Path | None,
                  no_cache: bool, jobs: int | None) -> None:
    """Write a starting tracking plan from server code and/or captured payloads.

    Events, their platforms and properties; property types (string, integer,
    number, boolean, datetime, array, object), enums for strings with few
    values each seen often, required where a property was always sent
    (per platform when they differ), nullable where null was seen, and
    comments where the evidence is thin. Review it before relying on it:
    it says only what was seen.
    """
    options = CommonOptions(config=config, platform=code_platform, paths=code,
                            extra={"payloads": payloads, "payload_format": payload_format,
                                   "sdk_events": sdk_events,
                                   "payload_platform": payload_platform, "out": out,
                                   "force": force, "no_cache": no_cache, "jobs": jobs,
                                   "limits": InferLimits(enum_max_values=enum_max_values,
                                                         enum_min_count=enum_min_count)})
    run(options, execute_infer)


def execute_infer(options: CommonOptions) -> int:
    out: Path | None = options.extra["out"]
    if not options.paths and not options.extra["payloads"]:
        raise click.UsageError("nothing to infer from: pass --code PATHS and/or "
                               "--payloads FILES")
    if out is not None and out.exists() and not options.extra["force"]:
        raise click.UsageError(f"{out} exists; pass --force to overwrite it")
    evidence, unreadable = build_evidence(options)
    text = render_yaml(build_plan(evidence))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    click.echo(_summary(evidence, unreadable, out), err=True)
    return EXIT_CLEAN


def build_evidence(options: CommonOptions) -> tuple[Evidence, int]:
    """The evidence of the code and the captures, and how many records could not be read."""
    calls: list[CallSite] = []
    if options.paths:
        calls = collect_calls(build_code_settings(options, build_config(options))).calls
    counter = _Counter()
    observations: Iterable[EventObservation] = ()
    if options.extra["payloads"]:
        observations = counter.observations(
            open_payloads(options, options.extra["payload_platform"]))
    evidence = collect_evidence(observations, calls, limits=options.extra["limits"])
    return evidence, counter.unreadable


class _Counter:
    """Passes observations on and counts the records that could not be read."""

    def __init__(self) -> None:
        self.unreadable = 0

    def observations(self, items: Iterable[PayloadItem]) -> Iterator[EventObservation]:
        for item in items:
            if isinstance(item, Diagnostic):
                self.unreadable += 1
            elif isinstance(item, EventObservation):
                yield item


def _summary(evidence: Evidence, unreadable: int, out: Path | None) -> str:
    where = f"; wrote {out}" if out is not None else ""
    line = (f"Inferred {len(evidence.events):,} event(s) from {evidence.captured:,} captured "
            f"event(s) and {evidence.calls:,} tracking call(s){where}.")
    if unreadable:
        line += (f" {unreadable:,} record(s) could not be read; run 'tracklint validate' on "
                 "the payloads to see why.")
    if not evidence.events:
        line += " No events were found: the plan has none."
    return line
