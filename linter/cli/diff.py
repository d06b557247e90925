"""``tracklint plan diff``: what changed between two plans, and whether the version says so.

Run in CI on a pull request (``tracklint plan diff --base origin/main``), it lists
the breaking and the compatible changes as TL7xx diagnostics (in any output
format: GitHub annotations on the plan's lines, SARIF...), suggests the semver
bump, and fails (exit 1, TL704) when a breaking change comes without a major
version bump, so a plan change that breaks senders or consumers cannot slip in
as a patch.  A base revision without the plan (the pull request that adds it)
is compared as an empty plan.  Exit 2 is a usage or loading error, as for every
command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from linter.cli.options import (
    CommonOptions,
    build_config,
    build_plan_path,
    build_selection,
    common_options,
    report,
    run,
)
from linter.config import Config
from linter.plan.diff import check_version, diff_plans
from linter.plan.diff.report import DiffResult, diff_diagnostics, diff_summary
from linter.plan.model import Plan
from linter.plan.revision import (
    PlanNotAtRevision,
    PlanSource,
    is_revision,
    load_plan_source,
    repository_path,
)


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
@common_options()
def plan_diff(**values: Any) -> None:
    """Classify the changes from plan OLD to plan NEW as breaking or compatible.

    OLD and NEW are each a plan file or directory, a git revision (the same plan
    path at that commit) or REV:path (path from the repository's top folder, or
    ./path from the current folder). NEW defaults to the working-tree plan.
    With --base REV, OLD is the plan at REV and the one argument, if any, is NEW.
    Without arguments, the working-tree plan is compared with HEAD.

    Exit 1 when a breaking change comes without a major bump of the plan's
    'version' (a minor bump is enough while the version is 0.y.z).
    """
    run(DiffOptions(**values), execute_plan_diff)


def execute_plan_diff(options: DiffOptions) -> int:
    config = build_config(options)
    result = build_diff(options, config)
    diagnostics = build_selection(options, config).apply(diff_diagnostics(result))
    return report(options, diagnostics, diff_summary(result))


def build_diff(options: DiffOptions, config: Config) -> DiffResult:
    """Load both plans (an empty old plan if it does not exist at its revision yet)."""
    old_source, new_source = build_plan_sources(options, config)
    new_plan = load_plan_source(new_source)
    old_missing = False
    try:
        old_plan = load_plan_source(old_source)
    except PlanNotAtRevision:
        if not _same_path_as_new(options):
            raise  # a REV:path that was named explicitly must exist
        old_plan, old_missing = Plan(), True
    changes = tuple(diff_plans(old_plan, new_plan))
    verdict = check_version(old_plan.version, new_plan.version, changes,
                            old_exists=not old_missing)
    return DiffResult(old_source, new_source, old_plan, new_plan, changes, verdict,
                      old_missing)


def _same_path_as_new(options: DiffOptions) -> bool:
    """OLD is the new plan's own path at a revision (``--base``, a bare revision, none)."""
    old = options.old if options.base is None else None
    return old is None or (":" not in old and not Path(old).exists())


# -- which two plans -----------------------------------------------------------------


def build_plan_sources(options: DiffOptions, config: Config) -> tuple[PlanSource, PlanSource]:
    """Turn OLD, NEW and --base into two plan sources.

    A missing path follows the other plan: ``--base origin/main`` (or a bare
    revision as OLD) means "the same plan as NEW, at that revision"; nothing at
    all means ``--base HEAD``.
    """
    old, new, base = options.old, options.new, options.base
    cwd = Path.cwd()
    if old is None and base is None:
        base = "HEAD"  # no arguments: the working tree against the last commit
    if base is not None:
        if new is not None:
            raise click.UsageError("with --base REV, pass at most one plan (NEW): OLD is "
                                   "the same plan at REV")
        old, new = None, old

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
