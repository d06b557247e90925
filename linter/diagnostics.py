"""The one result type of tracklint.

Every part of tracklint (plan loading, plan lint, the static checker, runtime
validation, batch validation) reports problems as :class:`Diagnostic` values, and
every reporter renders them without knowing which part produced them.  Keeping a
single type is what lets a SARIF upload, a JSON log or a terminal show plan
problems, code problems and payload problems side by side.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal


class Severity(str, enum.Enum):
    """How bad a diagnostic is; ``error`` fails a run, the others only inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two 1-based (line, column) positions of a file."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A mechanical correction a checker can apply.

    ``path`` is the file the edits apply to when it is not the diagnostic's own: an
    event name held in a constant is fixed where the constant is defined.

    ``--fix`` applies safe fixes only.  A fix is unsafe when the code would still be
    wrong afterwards in a way it was not before (a deprecated event replaced by one
    that requires properties the call does not send): it is offered, with what it
    would leave to do, and applied only with ``--unsafe-fixes``, as in ruff.
    """

    description: str
    edits: tuple[Edit, ...]
    path: str | None = None
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a diagnostic is about, such as the constant an event name is read from.

    Reporters show it beside the diagnostic (a note in text, ``relatedLocations`` in
    SARIF), so a reader sees both the call that sends the value and where to change it.
    """

    message: str
    path: str
    line: int
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    source_line: str | None = None

    @property
    def location(self) -> str:
        parts = [self.path, str(self.line)]
        if self.column is not None:
            parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column,
                "message": self.message}


ReplacementSubject = Literal["event-name", "property-key", "property-value"]


@dataclass(frozen=True, slots=True)
class Replacement:
    """What a name or value should be instead, when that is certain (a case-only slip,
    a deprecated event's successor): the material a fix is made from.

    ``subject`` says what is replaced; ``key`` names the property a key or a value
    belongs to.  The checker that finds the problem knows the replacement; only the
    code side knows where the text is, so the fix itself is built there.
    """

    subject: ReplacementSubject
    text: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a plan, a source file or a payload.

    ``path``/``line``/``column`` locate it in a file (1-based line and column);
    they are ``None`` for a payload validated in process.  ``pointer`` is a JSON
    Pointer into the payload or plan value the problem is about.  ``args`` are the
    values the rule's message template was filled with (see :class:`linter.rules.Rule`);
    ``call_line`` is the first line of the call a code diagnostic belongs to, where an
    ignore comment for the whole call may stand.  ``related`` names other places the
    problem involves (where a constant used at the call is defined).  ``extra``
    carries data a reporter may show (the payload format, a Python type name...),
    nothing a fix relies on.  Build diagnostics through their rule
    (``linter.rules.RULES[code]``), which stamps the catalogue's severity.
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    event: str | None = None
    platform: str | None = None
    pointer: str | None = None
    source_line: str | None = None
    fix: Fix | None = None
    replacement: Replacement | None = None
    call_line: int | None = None
    args: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    related: tuple[Related, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fixable(self) -> bool:
        """Whether ``--fix`` fixes it (an unsafe fix needs ``--unsafe-fixes``)."""
        return self.fix is not None and self.fix.safe

    @property
    def location(self) -> str:
        """``path:line:col`` as compilers print it (parts that are unknown are left out)."""
        parts = [self.path or "<payload>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def at(self, **changes: Any) -> Diagnostic:
        """A copy of this diagnostic with some fields replaced (location, severity...)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form shared by every machine-readable output."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "event": self.event,
            "platform": self.platform,
            "pointer": self.pointer,
            "fixable": self.fixable,
            "related": [r.to_dict() for r in self.related],
        }
        if self.fix is not None and not self.fix.safe:
            data["unsafe_fix"] = self.fix.description
        if self.args:
            data["args"] = dict(self.args)
        if self.extra:
            data["extra"] = dict(self.extra)
        return data


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    """Order diagnostics as a reader expects: by file, then position, then code."""
    return (
        diagnostic.path or "",
        diagnostic.line or 0,
        diagnostic.column or 0,
        diagnostic.code,
        diagnostic.message,
    )


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


class TracklintError(Exception):
    """A problem that stops a command before it can check anything (exit code 2).

    It carries diagnostics so that, for instance, every error in a plan file is
    reported at once with its location rather than only the first.
    """

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = tuple(diagnostics)
