"""Helpers for the static checker's tests: small project trees written to tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from linter.static import (
    CallSite,
    FileResult,
    ProjectIndex,
    WrapperSpec,
    build_project_index,
    find_calls,
)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``files`` (relative path → source) under ``root``; packages get ``__init__.py``."""
    written = []
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else textwrap.dedent(content).encode()
        path.write_bytes(data)
        written.append(path)
    return written


class Project:
    """A project tree on disk, indexed, with per-file inventories on demand."""

    def __init__(self, root: Path, files: Mapping[str, str | bytes],
                 wrappers: Sequence[WrapperSpec] = (), platform: str = "server",
                 roots: Sequence[Path] | None = None) -> None:
        self.root = root
        self.paths = write_tree(root, files)
        self.wrappers = tuple(wrappers)
        self.platform = platform
        self.index: ProjectIndex = build_project_index(
            self.paths, roots=[str(r) for r in (roots if roots is not None else [root])],
            wrappers=self.wrappers)

    def result(self, relative: str) -> FileResult:
        """The file's inventory; reused from the pre-pass and read afresh must agree."""
        path = self.root / relative
        result = find_calls(str(path), path.read_bytes(), self.index, self.wrappers,
                            self.platform)
        fresh = find_calls(str(path), path.read_bytes(), replace(self.index, calls={}),
                           self.wrappers, self.platform)
        assert result == fresh
        return result

    def calls(self, relative: str) -> list[CallSite]:
        result = self.result(relative)
        assert result.diagnostics == (), result.diagnostics
        return list(result.calls)

    def call(self, relative: str) -> CallSite:
        """The single tracking call of a file that must contain exactly one."""
        found = [c for c in self.calls(relative) if c.inside_wrapper is None]
        assert len(found) == 1, [(c.line, c.method) for c in found]
        return found[0]

    def names(self, relative: str) -> list[str | None]:
        return [c.observation.name for c in self.calls(relative) if c.inside_wrapper is None]


def single_file(tmp_path: Path, source: str, **kwargs: object) -> Project:
    """A one-module project ``app.py`` (no package)."""
    return Project(tmp_path, {"app.py": source}, **kwargs)  # type: ignore[arg-type]
