"""Loading a tracking plan: one file or a directory, merged, checked and modelled.

A plan directory (``plan.yaml`` plus ``events/*.yaml``...) is merged in sorted
path order, so the result never depends on the file system.  Every problem in
every file is collected before giving up, so an author fixes them in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.diagnostics import Diagnostic, TracklintError
from linter.plan.build import build_plan
from linter.plan.format_errors import format_problems
from linter.plan.fragments import fragment_problems
from linter.plan.model import Plan
from linter.plan.pattern_dialect import pattern_problems
from linter.plan.source import PathKey, Position, SourceDocument, plan_files, read_source
from linter.rules import RULES

# Top-level keys whose value is a name -> definition mapping, merged across files.
MERGED_SECTIONS = ("events", "properties", "global_properties")


@dataclass
class MergedPlan:
    """The raw data of every plan file merged into one, with each value's position."""

    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[PathKey, Position] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def position(self, key: PathKey) -> Position:
        for end in range(len(key), -1, -1):
            found = self.positions.get(key[:end])
            if found is not None:
                return found
        return Position(self.sources[0] if self.sources else "<plan>", 1, 1)


def load_plan(path: str | Path) -> Plan:
    """Load, merge and check a plan; raise :class:`TracklintError` listing every problem."""
    return load_documents((file, str(file)) for file in _plan_paths(Path(path)))


def load_documents(files: Iterable[tuple[Path, str]]) -> Plan:
    """Load plan files, each shown under its own display name, merged in the given order.

    The display name is what diagnostics print: the path itself, or for a plan
    read from git something like ``origin/main:plan/events.yaml``.
    """
    documents: list[SourceDocument] = []
    problems: list[Diagnostic] = []
    for file, display in files:
        try:
            document = read_source(file, display)
        except TracklintError as error:
            problems.extend(error.diagnostics)
            continue
        format_issues = (format_problems(document) or fragment_problems(document)
                         or pattern_problems(document))
        problems.extend(format_issues)
        if not format_issues:
            documents.append(document)
    merged = MergedPlan()
    for document in documents:
        problems.extend(_merge(merged, document))
    if problems:
        raise _plan_error(problems)
    return build_plan(merged.data, merged.position, tuple(merged.sources))


def _plan_paths(root: Path) -> list[Path]:
    display_root = str(root)
    if not root.exists():
        raise TracklintError(
            f"{display_root}: no such plan file or directory",
            [RULES["TL001"].diagnostic(message="no such plan file or directory",
                        path=display_root, hint="pass --plan PATH or set 'plan' in "
                        "[tool.tracklint] of pyproject.toml")])
    files = list(plan_files(root)) if root.is_dir() else [root]
    if not files:
        raise empty_plan_directory(display_root)
    return files


def empty_plan_directory(where: str) -> TracklintError:
    message = "the plan directory holds no .yaml, .yml or .json file"
    return TracklintError(f"{where}: {message}",
                          [RULES["TL001"].diagnostic(path=where, message=message)])


def _merge(merged: MergedPlan, document: SourceDocument) -> list[Diagnostic]:
    """Fold one file into the merged plan; a name defined twice is an error."""
    merged.sources.append(document.path)
    problems: list[Diagnostic] = []
    for key, value in document.data.items():
        if key in MERGED_SECTIONS and isinstance(value, Mapping):
            section = merged.data.setdefault(key, {})
            merged.positions.setdefault((key,), document.position((key,)))
            for name, definition in value.items():
                problems.extend(_add(merged, document, (key, name), section, name, definition))
        else:
            problems.extend(_add(merged, document, (key,), merged.data, key, value))
    for key, position in document.positions.items():
        merged.positions.setdefault(key, position)
    return problems


def _add(merged: MergedPlan, document: SourceDocument, path: PathKey,
         target: dict[str, Any], name: str, value: Any) -> list[Diagnostic]:
    here = document.position(path)
    if name in target:
        first = merged.positions[path]
        what = _describe(path)
        return [RULES["TL004"].diagnostic(path=here.path, line=here.line, column=here.column,
            message=f"{what} is defined twice: here and at "
                    f"{first.path}:{first.line}:{first.column}",
            hint="keep one definition; plan files of a directory are merged by name")]
    target[name] = value
    return []


def _describe(path: PathKey) -> str:
    if len(path) == 2:
        kind = {"events": "event", "properties": "shared property",
                "global_properties": "global property"}[str(path[0])]
        return f"{kind} '{path[1]}'"
    return f"the plan setting '{path[0]}'"


def _plan_error(problems: list[Diagnostic]) -> TracklintError:
    count = len(problems)
    first = problems[0]
    summary = (f"{first.location}: {first.message}" if count == 1
               else f"the plan has {count} problems")
    return TracklintError(summary, problems)
