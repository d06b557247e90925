"""Which files a change can affect: what ``check --changed`` (the pre-commit hook) checks.

pre-commit passes only the files a commit changes, but a tracking call can break
in a file the commit did not touch: an event-name constant edited in
``events.py``, a wrapper changed in ``analytics.py``, an event renamed in the
plan.  So the hook checks:

* the whole project, when the plan or the tracklint configuration changed;
* otherwise the changed Python files and every project file whose names resolve
  through one of them, directly or through other modules.

"Resolve through" is recorded the way cached analyses record what they depend on
(:mod:`linter.static.reuse`): each module's names (imports, in function bodies too,
aliases, class bases, what functions return) are resolved over the project's summaries with a
recording :class:`~linter.static.symbols.Symbols`, and the modules looked up are
its dependencies.  A re-export chain (``from app import mp`` where ``app`` takes
``mp`` from ``app.analytics``) is followed to its end.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from linter.static import ProjectIndex
from linter.static.reuse import recorded
from linter.static.summary import (
    Binding,
    ClassBinding,
    FunctionBinding,
    Instance,
    ModuleSummary,
    Ref,
)
from linter.static.symbols import Symbols


def is_plan_or_configuration(path: Path, plan: Path, configuration: Path | None) -> bool:
    """Whether a changed file is the plan (or in its folder) or the configuration."""
    changed = Path(os.path.abspath(path))
    plan_path = Path(os.path.abspath(plan))
    if changed == plan_path or plan_path in changed.parents:
        return True
    return configuration is not None and changed == Path(os.path.abspath(configuration))


def importers(changed: Iterable[str], index: ProjectIndex) -> set[str]:
    """The project files (absolute paths) whose names resolve through a changed file,
    transitively; the changed files themselves are not included."""
    changed_paths = {os.path.abspath(path) for path in changed}
    reverse: dict[str, set[str]] = {}
    for path, dependencies in dependencies_of(index).items():
        for dependency in dependencies:
            reverse.setdefault(dependency, set()).add(path)
    found: set[str] = set()
    todo = list(changed_paths)
    while todo:
        for dependent in reverse.get(todo.pop(), ()):
            if dependent not in found and dependent not in changed_paths:
                found.add(dependent)
                todo.append(dependent)
    return found


def dependencies_of(index: ProjectIndex) -> dict[str, set[str]]:
    """For each project file (absolute path), the other project files its names
    resolve through."""
    files = _files_by_module(index)
    table = index.modules
    found: dict[str, set[str]] = {}
    for path, name in index.files.items():
        if name.name not in table:
            continue
        seen: dict[str, str | None] = {}
        symbols = Symbols(table, None, seen)
        summary = table[name.name]
        for qualified in _names(summary):
            symbols.resolve(qualified)
        for star in summary.star_imports:
            symbols.summary(star)
        deps = recorded(seen, None, None, None, None)
        looked_up = (module for module, _ in deps.modules) if deps is not None else iter(seen)
        found[path] = {files[module] for module in looked_up if module in files} - {path}
    return found


def _files_by_module(index: ProjectIndex) -> dict[str, str]:
    files: dict[str, str] = {}
    for path, name in index.files.items():
        for alias in name.aliases:
            files.setdefault(alias, path)
    for path, name in index.files.items():
        files[name.name] = path
    return files


def _names(summary: ModuleSummary) -> Iterator[str]:
    """Every qualified name a module's bindings refer to, and every name it imports
    (an import inside a function binds nothing at module level)."""
    yield from _binding_names(summary.bindings)
    yield from summary.imported


def _binding_names(bindings: Mapping[str, Binding]) -> Iterator[str]:
    for binding in bindings.values():
        if isinstance(binding, Ref):
            yield binding.target
        elif isinstance(binding, Instance):
            yield binding.factory
        elif isinstance(binding, FunctionBinding) and binding.info.returns:
            yield binding.info.returns
        elif isinstance(binding, ClassBinding):
            yield from binding.info.bases
            yield from _binding_names(binding.info.members)
            yield from _binding_names(binding.info.instance_attributes)
