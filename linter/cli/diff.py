"""``tracklint plan diff``: what changed between two plans, and whether the version says so.

Run in CI on a pull request (``tracklint plan diff --base origin/main``), it lists
the breaking and the compatible changes, suggests the semver bump, and fails
(exit 1) when a breaking change comes without a major version bump, so a plan
change that breaks senders or consumers cannot slip in as a patch.  Exit 2 is a
usage or loading error, as for every command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click

from linter import __version__
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CommonOptions,
    build_config,
    build_plan_path,
    config_option,
    out_option,
    output_format_option,
    output_stream,
    plan_option,
    quiet_option,
    run,
)
from linter.config import Config
from linter.plan.diff import Classification, PlanChange, VersionVerdict, check_version, diff_plans
from linter.plan.model import Plan
from linter.plan.revision import PlanSource, is_revision, load_plan_source, repository_path
from linter.report import use_color

FORMATS = ("text", "json")


@dataclass(kw_only=True)
class DiffOptions(CommonOptions):
    """``tracklint plan diff``: the two plans (paths, revisions or REV:path) or a base."""

    old: str | None = None
    new: str | None = None
    base: str | None = None

    def inputs(self) -> tuple[Path, ...]:
        return tuple(Path(p) for p in (self.old, self.new) if p and Path(p).exists())


@click.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--base", metavar="REV",
              help="Compare with the plan at this git revision (for example origin/main), "
                   "read from git without a checkout. NEW defaults to the working-tree plan.")
@plan_option
@config_option
@output_format_option(FORMATS)
@out_option
@quiet_option
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when a breaking change lacks a major version bump.")
@click.option("--color/--no-color", default=None,
              help="Colour the output (default: only on a terminal).")
def plan_diff(**values: Any) -> None:
    """Classify the changes from plan OLD to plan NEW as breaking or compatible.

    OLD and NEW are each a plan file or directory, a git revision (the same plan
    path at that commit) or REV:path (path from the repository's top folder, or
    ./path from the current folder). NEW defaults to the working-tree plan.
    With --base REV, OLD is the plan at REV and the one argument, if any, is NEW.

    Exit 1 when a breaking change comes without a major bump of the plan's
    'version' (a minor bump is enough while the version is 0.y.z).
    """
    run(DiffOptions(**values), execute_plan_diff)


@dataclass(frozen=True, slots=True)
class DiffResult:
    """Everything a renderer prints: both plans, the changes and the version verdict."""

    old_source: PlanSource
    new_source: PlanSource
    old_plan: Plan
    new_plan: Plan
    changes: tuple[PlanChange, ...]
    verdict: VersionVerdict


def execute_plan_diff(options: DiffOptions) -> int:
    config = build_config(options)
    old_source, new_source = build_plan_sources(options, config)
    old_plan, new_plan = load_plan_source(old_source), load_plan_source(new_source)
    changes = tuple(diff_plans(old_plan, new_plan))
    verdict = check_version(old_plan.version, new_plan.version, changes)
    result = DiffResult(old_source, new_source, old_plan, new_plan, changes, verdict)
    with output_stream(options) as stream:
        build_renderer(options)(result, stream)
    return EXIT_CLEAN if verdict.ok or options.exit_zero else EXIT_VIOLATIONS


# -- which two plans -----------------------------------------------------------------


def build_plan_sources(options: DiffOptions, config: Config) -> tuple[PlanSource, PlanSource]:
    """Turn OLD, NEW and --base into two plan sources.

    A missing path follows the other plan: ``--base origin/main`` (or a bare
    revision as OLD) means "the same plan as NEW, at that revision".
    """
    old, new, base = options.old, options.new, options.base
    cwd = Path.cwd()
    if base is not None:
        if new is not None:
            raise click.UsageError("with --base REV, pass at most one plan (NEW): OLD is "
                                   "the same plan at REV")
        old, new = None, old
    elif old is None:
        raise click.UsageError("pass the old plan (a path, a git revision or REV:path), "
                               "or --base REV")

    def working_plan() -> str:
        return repository_path(build_plan_path(options, config), cwd)

    new_source = (_plan_source(new, working_plan, cwd, "NEW") if new is not None
                  else PlanSource(str(build_plan_path(options, config))))

    def same_as_new() -> str:
        if new_source.revision is not None:
            return new_source.path
        return repository_path(new_source.path, cwd)

    if old is None:
        return PlanSource(same_as_new(), revision=base), new_source
    return _plan_source(old, same_as_new, cwd, "OLD"), new_source


def _plan_source(text: str, default_path: Callable[[], str], cwd: Path,
                 which: str) -> PlanSource:
    """A path if it exists, else ``REV:path``, else a bare revision (with the default path)."""
    if Path(text).exists():
        return PlanSource(text)
    revision, separator, path = text.partition(":")
    if separator and revision:
        if not path:
            return PlanSource(default_path(), revision)
        if path.startswith(("./", "../")):
            # As in git, ./path is relative to the current folder, not the top one.
            return PlanSource(repository_path(path, cwd), revision)
        return PlanSource(path.strip("/"), revision)
    if is_revision(text, cwd):
        return PlanSource(default_path(), text)
    raise click.UsageError(f"{which} '{text}' is neither a plan file or directory nor a "
                           "git revision (use REV:path for a plan at a revision)")


# -- output --------------------------------------------------------------------------

Renderer = Callable[[DiffResult, TextIO], None]


def build_renderer(options: CommonOptions) -> Renderer:
    if options.output_format == "json":
        return render_json
    color = options.color

    def render(result: DiffResult, stream: TextIO) -> None:
        render_text(result, stream, use_color(stream) if color is None else color)

    return render


def render_json(result: DiffResult, stream: TextIO) -> None:
    breaking = sum(change.breaking for change in result.changes)
    document = {
        "tool": {"name": "tracklint", "version": __version__},
        "old": {"plan": result.old_source.label, "version": result.old_plan.version},
        "new": {"plan": result.new_source.label, "version": result.new_plan.version},
        "changes": [change.to_dict() for change in result.changes],
        "summary": {"breaking": breaking, "compatible": len(result.changes) - breaking},
        "suggested_bump": result.verdict.suggested.value,
        "verdict": result.verdict.to_dict(),
    }
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def render_text(result: DiffResult, stream: TextIO, color: bool = False) -> None:
    def style(text: str, **styles: Any) -> str:
        return click.style(text, **styles) if color else text

    def write(text: str = "") -> None:
        stream.write(text + "\n")

    verdict = result.verdict
    write(f"Comparing {_described(result.old_source, result.old_plan)} with "
          f"{_described(result.new_source, result.new_plan)}")
    if not result.changes:
        write("No changes.")
    for classification, colour in ((Classification.BREAKING, "red"),
                                   (Classification.COMPATIBLE, "green")):
        group = [c for c in result.changes if c.classification is classification]
        if group:
            write()
            write(style(f"{classification.value.capitalize()} changes ({len(group)}):",
                        fg=colour, bold=True))
            for change in group:
                write(f"  {style(_location(change), bold=True)}: {change.message}"
                      f"{style(f' [{change.bump.value}]', dim=True)}")
    write()
    write(f"Suggested version bump: {verdict.suggested.value}"
          + (f" (to {verdict.expected_version})" if verdict.expected_version
             and verdict.suggested.value != "none" else ""))
    declared = "unknown" if verdict.declared is None else verdict.declared.value
    write(f"Declared version: {verdict.old_version or '(none)'} -> "
          f"{verdict.new_version or '(none)'} ({declared})")
    for note in verdict.notes:
        write(f"{style('note:', fg='cyan', bold=True)} {note}")
    if verdict.ok:
        write(style("OK:", fg="green", bold=True) + f" {verdict.message}")
    else:
        write(style("error:", fg="red", bold=True) + f" {verdict.message}")


def _described(source: PlanSource, plan: Plan) -> str:
    return f"{source.label} ({plan.version})" if plan.version else source.label


def _location(change: PlanChange) -> str:
    where = change.position
    return "<plan>" if where is None else f"{where.path}:{where.line}:{where.column}"
