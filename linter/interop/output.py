"""Putting import and export results on disk, and checking an imported plan.

An import is only useful if the plan it writes passes ``tracklint plan check``,
so after writing, the plan is loaded and linted like any other: its errors are
reported with the import's own warnings, and the command fails when there are
any, saying which.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from linter.diagnostics import Diagnostic, Severity, TracklintError
from linter.interop.model import ExportedFile
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan
from linter.plan.source import plan_files

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def is_folder(out: Path) -> bool:
    """Whether ``--out`` names a folder: an existing one, or a name without a plan suffix."""
    return out.is_dir() or out.suffix.lower() not in PLAN_SUFFIXES


def write_files(files: Sequence[ExportedFile], root: Path) -> list[Path]:
    """Write each file under ``root`` (folders created); the paths written, in order."""
    written = []
    for file in files:
        target = root.joinpath(*file.path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
        written.append(target)
    return written


def place(files: Sequence[ExportedFile], out: Path, folder: bool) -> int:
    """Write an export at ``--out``: one file as ``out`` itself, or files under ``out``.

    Returns how many files were written.
    """
    if not folder and len(files) == 1:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(files[0].text, encoding="utf-8")
        return 1
    return len(write_files(files, out))


def existing_plan_files(folder: Path) -> list[Path]:
    """The plan files a folder holds now (what a forced re-import replaces)."""
    return list(plan_files(folder)) if folder.is_dir() else []


def check_plan(path: Path) -> tuple[list[Diagnostic], int]:
    """``plan check`` of a written plan: its errors (loading or lint) and its warning count."""
    try:
        plan = load_plan(path)
    except TracklintError as error:
        return list(error.diagnostics), 0
    found = lint_plan(plan)
    errors = [d for d in found if d.severity is Severity.ERROR]
    return errors, sum(d.severity is Severity.WARNING for d in found)


def check_files(files: Sequence[ExportedFile]) -> tuple[list[Diagnostic], int]:
    """:func:`check_plan` for files not written anywhere (a plan sent to standard output)."""
    with tempfile.TemporaryDirectory(prefix="tracklint-import-") as folder:
        root = Path(folder)
        write_files(files, root)
        errors, warnings = check_plan(root)
    # Locations in the temporary folder mean nothing to the reader: keep the line only.
    return [d.at(path="<standard output>") if d.path and d.path.startswith(folder) else d
            for d in errors], warnings
