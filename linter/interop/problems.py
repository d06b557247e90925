"""The diagnostics of import and export (TL6xx), located in the file they are about.

Every importer reports through these helpers, so a malformed Segment file and a
CSV with a missing column read the same way: ``file:line:col`` (or a JSON
Pointer where a file has no lines worth naming), what is wrong, and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from linter.diagnostics import Diagnostic, TracklintError
from linter.rules import rule

UNREADABLE = "TL601"
UNKNOWN_FORMAT = "TL602"
INVALID = "TL603"
NOT_EXPORTED = "TL604"
NOT_IMPORTED = "TL605"
RENAMED = "TL606"
VERSION_BUMP = "TL607"


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an input file: its display path, line and column if known, JSON Pointer."""

    path: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def at_pointer(self, pointer: str) -> Where:
        return Where(self.path, self.line, self.column, pointer)


def diagnostic(code: str, message: str, where: Where | None = None, *,
               hint: str | None = None, event: str | None = None) -> Diagnostic:
    """A TL6xx diagnostic, built by its rule (so with the catalogue's severity), at ``where``."""
    return rule(code).diagnostic(
        message, path=where.path if where else None, line=where.line if where else None,
        column=where.column if where else None, pointer=where.pointer if where else None,
        hint=hint, event=event)


def failure(code: str, message: str, where: Where | None, hint: str | None = None
            ) -> TracklintError:
    """An error that stops the command (exit 2), reported with its location."""
    problem = diagnostic(code, message, where, hint=hint)
    return TracklintError(f"{problem.location}: {message}", [problem])


def failures(problems: Sequence[Diagnostic]) -> TracklintError:
    """Several errors found in one input, reported together."""
    first = problems[0]
    summary = (f"{first.location}: {first.message}" if len(problems) == 1
               else f"{first.path}: {len(problems)} problems")
    return TracklintError(summary, problems)


def pointer(keys: Iterable[str | int]) -> str:
    """A JSON Pointer (RFC 6901) from path keys: ``/rules/3/jsonSchema``."""
    return "".join("/" + str(key).replace("~", "~0").replace("/", "~1") for key in keys)


def quoted(names: Iterable[str], limit: int = 6) -> str:
    """'a', 'b' and 3 more: names for a message, never a wall of text."""
    listed = list(dict.fromkeys(names))
    shown = ", ".join(f"'{name}'" for name in listed[:limit])
    rest = len(listed) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown
