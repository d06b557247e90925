"""Reading plan files safely, keeping the position of every value.

A plan author needs ``plan.yaml:12:7: ...``, not a traceback, so the loader keeps
a map from each value's path (``("events", "Order Completed", "owner")``) to its
position in the source.  Plans come from repositories and pull requests, so the
loader treats them as untrusted: safe YAML only (no Python object tags), and
bounded size, nesting depth, number of values and alias expansion.

This module reads a file's text and hands it to the reader of its syntax
(:mod:`linter.plan.yaml_source`, :mod:`linter.plan.json_source`); both build the
data through :mod:`linter.plan.tree`, where the limits are enforced.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.diagnostics import Diagnostic, TracklintError
from linter.files import UnlistedFolder, walk_files
from linter.plan.json_source import parse_json
from linter.plan.tree import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    PathKey,
    Position,
    fail,
    load_error,
)
from linter.plan.yaml_source import parse_yaml
from linter.rules import RULES

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_VALUES", "PathKey", "Position",
           "SourceDocument", "load_error", "plan_files", "read_source"]

_EMPTY_HINT = "a plan file holds a mapping, for example 'events:' with the events"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One plan file: its data, as JSON-compatible Python values, and positions."""

    path: str
    data: Any
    positions: dict[PathKey, Position]

    def position(self, key: PathKey) -> Position:
        """The position of the value at ``key``, or of its nearest located parent."""
        for end in range(len(key), -1, -1):
            found = self.positions.get(key[:end])
            if found is not None:
                return found
        return Position(self.path, 1, 1)


def read_source(path: Path, display: str) -> SourceDocument:
    """Read one YAML or JSON plan file; raise :class:`TracklintError` on any problem."""
    text = _read_text(path, display)
    if not text.strip():
        raise fail(display, 1, 1, "TL001", "the plan file is empty", _EMPTY_HINT)
    parse = parse_json if path.suffix.lower() == ".json" else parse_yaml
    tree = parse(text, display)
    if tree.empty:
        raise fail(display, 1, 1, "TL001", "the plan file is empty", _EMPTY_HINT)
    data = tree.root()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        where = tree.positions[()]
        raise fail(display, where.line, where.column, "TL003",
                   f"the plan file holds {kind}, not a mapping",
                   "a plan file starts with keys such as 'version:', 'platforms:' and 'events:'")
    return SourceDocument(display, data, tree.positions)


def _read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(display, 1, 1, "TL005",
                       f"the plan file is {size / 1_048_576:.1f} MB; the limit is "
                       f"{MAX_FILE_BYTES // 1_048_576} MB",
                       "split the plan into a directory of smaller files")
        raw = path.read_bytes()
    except OSError as error:
        raise fail(display, 1, 1, "TL001", f"cannot read the plan file: {error.strerror}",
                   "check the path given with --plan or in the configuration") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(display, line, column, "TL001",
                   f"the plan file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                   "save the file as UTF-8") from None


def plan_files(directory: Path) -> Iterator[Path]:
    """The plan files of a directory, in a deterministic order (sorted relative paths).

    Hidden files and folders are left out.  A folder that cannot be listed is an
    error (TL001) naming it, never a silent gap in the plan, and a link to a
    missing file is kept so that reading it says so; links to folders are
    followed once.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for item in walk_files(directory, hidden=False):
        if isinstance(item, UnlistedFolder):
            problems.append(RULES["TL001"].diagnostic(
                f"cannot read the plan folder: {item.error.strerror or item.error}",
                path=str(item.path),
                hint="make the folder readable; the events defined in it are part of the "
                     "plan"))
        elif item.name.lower().endswith((".yaml", ".yml", ".json")):
            found.append(item)
    if problems:
        raise TracklintError(f"{problems[0].path}: {problems[0].message}", problems)
    yield from sorted(found, key=lambda path: path.relative_to(directory).as_posix())
