"""The guarded matcher: a plan pattern compiled for production, with a bound on input length."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from linter.text.regex_safety.checking import check_pattern
from linter.text.regex_safety.problem import PatternProblem


@dataclass(frozen=True, slots=True)
class GuardedPattern:
    """A compiled plan pattern that refuses inputs too long to match safely.

    ``problem`` is the backtracking problem :func:`check_pattern` found, if any;
    plan lint reports it, and a caller may choose not to run such a pattern.
    """

    pattern: str
    max_input: int
    regex: re.Pattern[str]
    problem: PatternProblem | None = None

    def search(self, value: str) -> bool | None:
        """Whether ``value`` contains a match (JSON Schema semantics: search, not match).

        Returns None -- "not checked" -- when ``value`` is longer than
        ``max_input`` characters: even a linear pattern is then too costly to run
        on every event, and a backtracking one could stall the process.
        """
        if len(value) > self.max_input:
            return None
        return self.regex.search(value) is not None


@functools.lru_cache(maxsize=512)
def compile_guarded(pattern: str, *, max_input: int = 10_000) -> GuardedPattern:
    """Compile a plan pattern for production matching (cached, so cheap to call per value).

    Raises ``re.error`` when the pattern does not compile (plan lint reports
    that earlier as an invalid pattern) and ``ValueError`` for a negative bound.
    """
    if max_input < 0:
        raise ValueError("max_input must not be negative")
    regex = re.compile(pattern)
    problem = check_pattern(pattern)
    return GuardedPattern(pattern, max_input, regex, problem)
