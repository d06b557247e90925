"""A plan diff as diagnostics (TL7xx) and a verdict section, for the shared reporters.

Each change is a diagnostic located where it is in the plan: TL701 for a
breaking change (a warning: a breaking change is fine with a major bump),
TL702 for an addition, TL703 for documentation only.  The version verdict is
TL704, an error, when breaking changes come without the bump they need, and
TL705 notes a version that is missing, went down or was bumped too little;
both point at the new plan's ``version:``.  The comparison itself (which plans,
the suggested and declared bumps) is the ``plan_diff`` section: text around
the diagnostics and data in the JSON output.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.diagnostics import Diagnostic, Related
from linter.plan.diff.model import Bump, PlanChange
from linter.plan.diff.versions import VersionVerdict
from linter.plan.model import Plan
from linter.plan.revision import PlanSource
from linter.report.base import ReportSection, RunSummary, Style
from linter.rules import RULES


@dataclass(frozen=True, slots=True)
class DiffResult:
    """Both plans, the changes and the version verdict.

    ``old_missing`` is true when the old plan did not exist at its revision and
    an empty plan stood in for it (the change that adds the plan).
    """

    old_source: PlanSource
    new_source: PlanSource
    old_plan: Plan
    new_plan: Plan
    changes: tuple[PlanChange, ...]
    verdict: VersionVerdict
    old_missing: bool = False


def diff_diagnostics(result: DiffResult) -> list[Diagnostic]:
    """One diagnostic per change, then the verdict and the version notes."""
    found = [_relocated(_change(change), change, result) for change in result.changes]
    version = result.new_plan.position_of("version")
    where = {"path": version.path, "line": version.line, "column": version.column}
    verdict = result.verdict
    if not verdict.ok:
        hint = None if verdict.expected_version else "add 'version: X.Y.Z' to both plans"
        found.append(RULES["TL704"].build(args={"message": verdict.message}, hint=hint,
                                          extra=verdict.to_dict(), **where))
    found.extend(RULES["TL705"].build(args={"note": note}, **where) for note in verdict.notes)
    return found


def _change(change: PlanChange) -> Diagnostic:
    code = ("TL701" if change.breaking else "TL702" if change.bump is Bump.MINOR
            else "TL703")
    where = change.position
    facts = {key: value for key, value in change.to_dict().items()
             if key not in ("message", "path", "line", "column") and value is not None}
    return RULES[code].diagnostic(
        f"{change.message} [{change.bump.value}]", event=change.event,
        platform=change.platform, path=where.path if where else None,
        line=where.line if where else None, column=where.column if where else None,
        extra=facts)


def _relocated(diagnostic: Diagnostic, change: PlanChange, result: DiffResult) -> Diagnostic:
    """A removal is located in the old plan; read from a git revision (``HEAD:plan.yaml``),
    that file is not in the checkout, and a CI annotation there shows on no line of the
    pull request.  Such a change is put where the element was removed from in the new
    plan (its event, else the plan's ``events:`` or ``global_properties:``), with its old place
    as a related location."""
    where = change.position
    if (where is None or result.old_source.revision is None
            or result.new_source.revision is not None
            or where.path not in result.old_plan.sources):
        return diagnostic
    parent = result.new_plan.event(change.event) if change.event is not None else None
    anchor = (parent.position if parent is not None
              else result.new_plan.position_of("events" if change.event is not None
                                               else "global_properties"))
    was = Related(message="it was here", path=where.path, line=where.line,
                  column=where.column)
    return diagnostic.at(path=anchor.path, line=anchor.line, column=anchor.column,
                         end_line=None, end_column=None, source_line=None,
                         related=(*diagnostic.related, was))


def diff_section(result: DiffResult) -> ReportSection:
    """Which plans were compared (before the changes), the bumps (after them)."""
    def before(style: Style) -> Iterator[str]:
        yield (f"Comparing {_described(result.old_source, result.old_plan)} with "
               f"{_described(result.new_source, result.new_plan)}")
        if result.old_missing:
            yield (f"{style('note:', fg='cyan', bold=True)} there is no plan at "
                   f"{result.old_source.label}: compared with an empty plan, so every "
                   "event is new")
        if not result.changes:
            yield "No changes."

    def after(style: Style) -> Iterator[str]:
        verdict = result.verdict
        bump = verdict.suggested.value
        target = (f" (to {verdict.expected_version})" if verdict.expected_version
                  and bump != "none" else "")
        yield f"Suggested version bump: {bump}{target}"
        if result.old_missing:
            yield f"Declared version: {verdict.new_version or '(none)'} (a new plan)"
        else:
            declared = "unknown" if verdict.declared is None else verdict.declared.value
            yield (f"Declared version: {verdict.old_version or '(none)'} -> "
                   f"{verdict.new_version or '(none)'} ({declared})")
        if verdict.ok:
            yield style("OK:", fg="green", bold=True) + f" {verdict.message}"

    return ReportSection("plan_diff", _data(result), before, after)


def diff_summary(result: DiffResult) -> RunSummary:
    breaking = sum(change.breaking for change in result.changes)
    return RunSummary(checked=len(result.changes), unit="change",
                      details={"breaking": breaking} if breaking else {},
                      sections=(diff_section(result),))


def _data(result: DiffResult) -> dict[str, Any]:
    breaking = sum(change.breaking for change in result.changes)
    return {
        "old": {"plan": result.old_source.label, "version": result.old_plan.version,
                "missing": result.old_missing},
        "new": {"plan": result.new_source.label, "version": result.new_plan.version},
        "summary": {"breaking": breaking, "compatible": len(result.changes) - breaking},
        "suggested_bump": result.verdict.suggested.value,
        "verdict": result.verdict.to_dict(),
    }


def _described(source: PlanSource, plan: Plan) -> str:
    return f"{source.label} ({plan.version})" if plan.version else source.label


__all__ = ["DiffResult", "diff_diagnostics", "diff_section", "diff_summary"]
