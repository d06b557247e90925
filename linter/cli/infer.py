"""``tracklint infer``: a starting tracking plan from server code and captured payloads.

For a team that has no plan yet: the tracking calls found in ``--code`` and
the events in ``--payloads`` become a YAML plan (``--out``, or standard output)
that ``tracklint plan check`` accepts and that the same payloads pass under
``tracklint validate``.  Exit 0 when the plan was written; 2 on usage errors
(nothing to infer from, an existing ``--out`` without ``--force``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from linter.cli.check import build_code_settings
from linter.cli.coverage import Observations, open_payloads, payloads_option
from linter.cli.options import (
    EXIT_CLEAN,
    INFERRED_PLATFORM_HELP,
    PLATFORM_HELP,
    CodeOptions,
    PayloadOptions,
    build_config,
    config_option,
    inferred_payload_options,
    quiet_option,
    run,
)
from linter.code_check import collect_calls
from linter.events import EventObservation
from linter.infer import Evidence, InferLimits, build_plan, collect_evidence, render_yaml
from linter.static import CallSite
from linter.text.display import plural


@dataclass(kw_only=True)
class InferOptions(CodeOptions, PayloadOptions):
    """``tracklint infer``: where the evidence is, where the plan goes, when to make enums.

    The code to read is ``paths`` (``--code``, repeated), as for the other code
    commands.
    """

    force: bool = False
    limits: InferLimits = field(default_factory=InferLimits)

    def inputs(self) -> tuple[Path, ...]:
        return (*CodeOptions.inputs(self), *PayloadOptions.inputs(self))


@click.command("infer")
@click.option("--code", "paths", multiple=True, metavar="PATH",
              type=click.Path(path_type=Path),
              help="A Python file or folder whose tracking calls to read; repeat the option "
                   "for several.")
@payloads_option
@inferred_payload_options
@click.option("--platform", help=PLATFORM_HELP + INFERRED_PLATFORM_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the plan to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option("--enum-max-values", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Most distinct values a string property may have to become an enum.")
@click.option("--enum-min-count", type=click.IntRange(min=1), default=5, show_default=True,
              help="Times each value must have been seen for the property to become an enum.")
@config_option
@quiet_option
@click.option("--no-cache", is_flag=True, help="Neither read nor write the code cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading code (default: one per core).")
def infer_command(enum_max_values: int, enum_min_count: int, **values: Any) -> None:
    """Write a starting tracking plan from server code and/or captured payloads.

    Events, their platforms and properties; property types (string, integer,
    number, boolean, datetime, array, object), enums for strings with few
    values each seen often, required where a property was always sent
    (per platform when they differ), nullable where null was seen, and
    comments where the evidence is thin. Review it before relying on it:
    it says only what was seen.
    """
    limits = InferLimits(enum_max_values=enum_max_values, enum_min_count=enum_min_count)
    run(InferOptions(**values, limits=limits), execute_infer)


def execute_infer(options: InferOptions) -> int:
    out = options.out
    if not options.paths and not options.payloads:
        raise click.UsageError("nothing to infer from: pass --code PATH and/or "
                               "--payloads PATH (each may be repeated)")
    if out is not None and out.exists() and not options.force:
        raise click.UsageError(f"{out} exists; pass --force to overwrite it")
    evidence, unreadable = build_evidence(options)
    text = render_yaml(build_plan(evidence))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    if not options.quiet:
        click.echo(_summary(evidence, unreadable, out), err=True)
    return EXIT_CLEAN


def build_evidence(options: InferOptions) -> tuple[Evidence, int]:
    """The evidence of the code and the captures, and how many records could not be read."""
    calls: list[CallSite] = []
    if options.paths:
        calls = collect_calls(build_code_settings(options, build_config(options))).calls
    reader = Observations(open_payloads(options)) if options.payloads else None
    observations: Iterable[EventObservation] = reader if reader is not None else ()
    evidence = collect_evidence(observations, calls, limits=options.limits)
    return evidence, reader.unreadable if reader is not None else 0


def _summary(evidence: Evidence, unreadable: int, out: Path | None) -> str:
    where = f"; wrote {out}" if out is not None else ""
    line = (f"Inferred {plural(len(evidence.events), 'event')} from "
            f"{plural(evidence.captured, 'captured event')} and "
            f"{plural(evidence.calls, 'tracking call')}{where}.")
    if unreadable:
        line += (f" {plural(unreadable, 'record')} could not be read; run 'tracklint validate' on "
                 "the payloads to see why.")
    if not evidence.events:
        line += " No events were found: the plan has none."
    return line
