"""What the checks of CI need comes with the test extra, on any machine.

mypy checks ``linter/`` as the oldest Python tracklint supports (``[tool.mypy]
python_version``), so it reads the branches written for older Pythons only, such
as ``import tomli`` where the standard library has no ``tomllib``.  Each module
those branches import must come with ``pip install -e '.[test]'`` on every
Python, or ``.ci/run`` fails on a clean machine that never had it.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from packaging.requirements import Requirement

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def _version(node: ast.expr) -> tuple[int, ...] | None:
    if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
        return tuple(e.value for e in node.elts)  # type: ignore[attr-defined]
    return None


def imports_for_older_pythons(source: str) -> Iterator[tuple[tuple[int, ...], str]]:
    """(version, module): a module imported only on Pythons older than ``version``."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
                and ast.unparse(node.test.left) == "sys.version_info"
                and len(node.test.ops) == 1):
            continue
        version = _version(node.test.comparators[0])
        operator = node.test.ops[0]
        if version is None or not isinstance(operator, ast.GtE | ast.Lt):
            continue
        older = node.orelse if isinstance(operator, ast.GtE) else node.body
        for statement in older:
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Import):
                    yield from ((version, alias.name.split(".")[0]) for alias in inner.names)
                elif isinstance(inner, ast.ImportFrom) and inner.module and not inner.level:
                    yield version, inner.module.split(".")[0]


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def test_modules_of_older_python_branches_come_with_the_test_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    checked_as = tuple(int(part) for part in
                       project["tool"]["mypy"]["python_version"].split("."))
    requirements = [Requirement(text) for text in
                    project["project"]["dependencies"]
                    + project["project"]["optional-dependencies"]["test"]]
    everywhere = {_name(r.name) for r in requirements if r.marker is None}
    needed = {module for path in sorted(Path(ROOT / "linter").rglob("*.py"))
              for version, module in imports_for_older_pythons(path.read_text("utf-8"))
              if checked_as < version}
    assert needed, "linter/config.py imports tomli on Python 3.10"
    missing = sorted(module for module in needed if _name(module) not in everywhere)
    assert not missing, f"add {missing} to the test extra: mypy checks Python {checked_as}"
