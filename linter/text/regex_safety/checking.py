"""Checking a plan pattern once, at plan-lint time: does it compile, does it backtrack?"""

from __future__ import annotations

import functools
import re
import warnings

from linter.text.regex_safety.characters import _Alphabet
from linter.text.regex_safety.checks import _check_loop
from linter.text.regex_safety.parse import _SourceParser
from linter.text.regex_safety.problem import PatternProblem
from linter.text.regex_safety.tree import _loops


@functools.lru_cache(maxsize=1024)
def check_pattern(pattern: str) -> PatternProblem | None:
    """None when ``pattern`` is fine; otherwise what is wrong with it.

    Results are cached: plans repeat patterns, and validation may ask again.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # FutureWarning for "[[", deprecated flags...
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            return _invalid(pattern, error.msg, error.pos)
        except (OverflowError, RecursionError, ValueError) as error:
            return _invalid(pattern, str(error) or type(error).__name__, None)
        try:
            return _find_backtracking(pattern, compiled.flags)
        except RecursionError:
            return None  # nested too deeply to analyse; re itself accepted it


def _invalid(pattern: str, reason: str, position: int | None) -> PatternProblem:
    fragment = pattern[position:position + 20] if position is not None else None
    return PatternProblem("invalid", f"invalid regular expression: {reason}", fragment,
                          position)


def _find_backtracking(pattern: str, flags: int) -> PatternProblem | None:
    alphabet = _Alphabet(pattern, flags)
    tree = _SourceParser(pattern, flags, alphabet).parse()
    for loop in _loops(tree):
        problem = _check_loop(loop)
        if problem is not None:
            return problem
    return None
