"""What is wrong with a plan pattern: the result of :func:`check_pattern`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

ProblemKind: TypeAlias = Literal["invalid", "backtracking"]


@dataclass(frozen=True, slots=True)
class PatternProblem:
    """Why a plan pattern should not run in production.

    ``kind`` is ``"invalid"`` (Python's ``re`` rejects it) or ``"backtracking"``;
    ``rule`` names the backtracking rule (``"nested-quantifier"``,
    ``"overlapping-alternation"``, ``"adjacent-quantifiers"``).  ``fragment`` and
    ``position`` (0-based index into the pattern) point at the offending part.
    """

    kind: ProblemKind
    message: str
    fragment: str | None = None
    position: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        return self.message
