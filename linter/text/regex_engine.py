"""Running a plan's patterns on production values, in time linear in the value.

A ``pattern`` (or a ``patternProperties`` key of a ``schema:`` fragment) runs on
every event that carries the property, so a value chosen by whoever sends
events must never make it slow.  Python's ``re`` backtracks: ``\\d+\\d+X`` takes
seconds on a few thousand digits.  RE2 (google-re2) never backtracks; its time
is linear in the value for every pattern.

**The dialect.**  Plan patterns are written in RE2 syntax, which is what
JSON Schema's ECMA-262 patterns and Python's ``re`` have in common minus what
cannot run in linear time: no backreferences, no lookahead or lookbehind, no
possessive or atomic groups, no conditionals, and ``\\z`` (not ``\\Z``) for the
end of the text.  ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII, ``.`` does not
match a newline and ``$`` matches only at the very end of the value.  A pattern
outside the dialect is refused when the plan is loaded
(:func:`dialect_problem`).

**The engines.**  Every pattern has one of two:

* Python's ``re``, for a pattern whose cost is bounded by the pattern alone:
  anchored at the start with ``^`` (Python then tries no other start) and with
  only bounded repetition, at most :data:`MAX_WAYS` ways of matching.  It is
  compiled with ``re.ASCII`` so that the classes mean what they mean in RE2,
  and a value holding a newline goes to RE2 when the pattern uses ``$``.  Most
  plan patterns are of this kind (``^[A-Z]{3}$``, ``^\\d{4}-\\d{2}-\\d{2}$``), and
  calling ``re`` costs an eighth of a call into RE2.
* RE2 for every other pattern.

Where google-re2 is not installed (a platform without a wheel, installed with
``--no-deps``), the other patterns run on Python's ``re`` as well, as before
RE2: those the backtracking detector flags are not run at all, the others only
on values up to :data:`FALLBACK_INPUT_LIMIT` characters, and a warning says so
once per pattern.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from linter.text.regex_safety.checking import check_pattern

# Python's regex parser moved from sre_parse to re._parser in 3.11.
_sre_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11)
                                           else "sre_parse")
_sre_constants: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11)
                                              else "sre_constants")

__all__ = [
    "FALLBACK_INPUT_LIMIT",
    "MAX_WAYS",
    "PatternSyntaxError",
    "PlanPattern",
    "compile_plan_pattern",
    "dialect_problem",
    "has_re2",
    "python_equivalent",
    "python_source",
    "warn_not_run",
]

#: The most ways a bounded pattern may have of matching at one start to run on ``re``.
MAX_WAYS: Final = 10_000
#: Without RE2, the longest value a pattern with unbounded repetition is run on.
FALLBACK_INPUT_LIMIT: Final = 10_000

_logger = logging.getLogger("tracklint")


def _load_re2() -> Any:
    try:
        re2 = importlib.import_module("re2")
        low_level = importlib.import_module("re2._re2")
    except ImportError:
        return None
    return re2, low_level


_RE2: Final = _load_re2()


def has_re2() -> bool:
    """Whether google-re2 is installed, so that every pattern runs in linear time."""
    return _RE2 is not None


class PatternSyntaxError(ValueError):
    """A pattern that is not a regular expression, or not one of the plan's dialect."""


@dataclass(frozen=True, slots=True)
class PlanPattern:
    """A plan pattern compiled for production.

    ``search(value)`` says whether ``value`` contains a match (JSON Schema
    semantics: search, not match); ``engine`` names what runs it.  Only without
    RE2 can a pattern be held back: ``refused`` says why it is not run at all,
    and ``max_input`` is the longest value it is run on.
    """

    pattern: str
    engine: str
    search: Callable[[str], bool]
    max_input: int | None = None
    refused: str | None = None


@functools.lru_cache(maxsize=1024)
def compile_plan_pattern(pattern: str) -> PlanPattern:
    """The production matcher of one plan pattern (cached: cheap to call per value).

    Raises :class:`PatternSyntaxError` for a pattern that does not compile or is
    outside the dialect.
    """
    problem = dialect_problem(pattern)
    if problem is not None:
        raise PatternSyntaxError(problem)
    tree = _parse(pattern)
    if _bounded(tree):
        return PlanPattern(pattern, "re", _re_search(pattern, tree))
    if _RE2 is not None:
        return PlanPattern(pattern, "re2", _last_answer(_re2_search(pattern)))
    return _fallback(pattern)


def dialect_problem(pattern: str) -> str | None:
    """None when ``pattern`` is in the plan's dialect; otherwise what is wrong with it."""
    try:
        tree = _parse(pattern)
    except PatternSyntaxError as error:
        return str(error)
    if "\\Z" in pattern.replace("\\\\", ""):
        return "it uses \\Z; write \\z for the end of the value (RE2 syntax)"
    construct = _outside_dialect(tree)
    if construct is not None:
        return (f"it uses {construct}, which plan patterns cannot (they are RE2 syntax, "
                "which runs in time linear in the value)")
    if _RE2 is not None:
        re2, _ = _RE2
        try:
            re2.compile(pattern, _re2_options())
        except re2.error as error:
            return f"RE2 does not accept it: {_re2_message(error)}"
    return None


# -- parsing and classifying ------------------------------------------------------------


def python_source(pattern: str) -> str:
    """``pattern`` for Python's ``re``: RE2's ``\\z`` (end of text) is Python's ``\\Z``."""
    if "\\z" not in pattern:
        return pattern
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            pair = pattern[index:index + 2]
            out.append("\\Z" if pair == "\\z" else pair)
            index += 2
        else:
            out.append(pattern[index])
            index += 1
    return "".join(out)


def _parse(pattern: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # FutureWarning for "[[" and friends
        try:
            return _sre_parser.parse(python_source(pattern))
        except re.error as error:
            raise PatternSyntaxError(f"invalid regular expression: {error}") from None
        except (OverflowError, RecursionError, ValueError) as error:
            raise PatternSyntaxError(f"invalid regular expression: {error}") from None


_C = _sre_constants
_UNSUPPORTED: Final = {
    _C.ASSERT: "a lookahead or lookbehind",
    _C.ASSERT_NOT: "a negative lookahead or lookbehind",
    _C.GROUPREF: "a backreference",
    _C.GROUPREF_EXISTS: "a conditional group",
}
for _name, _words in (("ATOMIC_GROUP", "an atomic group"),
                      ("POSSESSIVE_REPEAT", "a possessive quantifier")):
    if hasattr(_C, _name):
        _UNSUPPORTED[getattr(_C, _name)] = _words


def _outside_dialect(tree: Any) -> str | None:
    for op, _ in _items(tree):
        if op in _UNSUPPORTED:
            return _UNSUPPORTED[op]
    return None


def _items(tree: Any) -> Any:
    """Every (op, argument) of a parsed pattern, nested ones included."""
    stack = list(tree)
    while stack:
        op, argument = stack.pop()
        yield op, argument
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            stack.extend(argument[2])
        elif op is _C.SUBPATTERN:
            stack.extend(argument[-1])
        elif op is _C.BRANCH:
            for branch in argument[1]:
                stack.extend(branch)
        elif op in _UNSUPPORTED or op.name in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT"):
            body = argument[-1] if isinstance(argument, tuple) else argument
            if isinstance(body, (list, _sre_parser.SubPattern)):
                stack.extend(body)


_SIMPLE: Final = frozenset({_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN})


def _bounded(tree: Any) -> bool:
    """Whether ``re`` runs this pattern in time bounded by the pattern alone.

    It must start with ``^`` (``re`` then tries no other start), have no inline
    flags, no ``\\s`` (ASCII ``\\s`` differs from RE2's by one character) and
    only bounded repetition, with at most :data:`MAX_WAYS` ways of matching.
    """
    items = list(tree)
    if tree.state.flags & (re.MULTILINE | re.DOTALL | re.IGNORECASE | re.VERBOSE):
        return False
    if not items or items[0] != (_C.AT, _C.AT_BEGINNING):
        return False
    ways = _ways(items)
    return ways is not None and ways <= MAX_WAYS


def _ways(items: Any) -> int | None:
    """An upper bound of the ways a sequence can match from one start; None: unbounded."""
    total = 1
    for op, argument in items:
        if op in _SIMPLE:
            if op is _C.IN and any(kind is _C.CATEGORY and value in _SPACES
                                   for kind, value in argument):
                return None
            continue
        if op is _C.AT:
            if argument not in (_C.AT_BEGINNING, _C.AT_END, _C.AT_BOUNDARY,
                                _C.AT_NON_BOUNDARY, _C.AT_BEGINNING_STRING):
                return None
            continue
        if op is _C.SUBPATTERN:
            if argument[1] or argument[2]:  # inline flags on the group
                return None
            inner = _ways(argument[-1])
        elif op is _C.BRANCH:
            counts = [_ways(branch) for branch in argument[1]]
            inner = None if None in counts else sum(c for c in counts if c is not None)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            low, high, body = argument
            each = _ways(body)
            if each is None or high is _C.MAXREPEAT or high > MAX_WAYS:
                return None
            inner = sum(min(each ** count, MAX_WAYS + 1) for count in range(low, high + 1))
        else:
            return None
        if inner is None:
            return None
        total = min(total * max(inner, 1), MAX_WAYS + 1)
    return total


_SPACES: Final = frozenset({_C.CATEGORY_SPACE, _C.CATEGORY_NOT_SPACE})


def _uses_end(tree: Any) -> bool:
    return any(op is _C.AT and argument is _C.AT_END for op, argument in _items(tree))


# -- the engines ------------------------------------------------------------------------


def _re_search(pattern: str, tree: Any) -> Callable[[str], bool]:
    compiled = re.compile(python_source(pattern), re.ASCII).search
    if not _uses_end(tree):
        return lambda value: compiled(value) is not None
    # Python's $ also matches before a final newline; RE2's only at the end.
    exact = _re2_search(pattern) if _RE2 is not None else re.compile(
        _dollar_as_end(python_source(pattern)), re.ASCII).search

    def search(value: str) -> bool:
        if "\n" in value:
            return bool(exact(value))
        return compiled(value) is not None
    return search


def python_equivalent(pattern: str) -> str | None:
    """A source for Python's ``re`` (no flags needed) that matches what ``pattern`` does here.

    Only for a pattern whose engine is ``re`` (bounded, see the module docstring):
    the ASCII classes become an inline flag and ``$`` the end of the text, so the
    source can be handed to code that compiles it itself (msgspec's
    ``Meta(pattern=...)``, which searches like JSON Schema).  None for any other
    pattern: those only run in linear time on RE2.
    """
    try:
        compiled = compile_plan_pattern(pattern)
    except PatternSyntaxError:
        return None
    if compiled.engine != "re":
        return None
    return "(?a)" + _dollar_as_end(python_source(pattern))


def _dollar_as_end(pattern: str) -> str:
    """``pattern`` with each ``$`` outside a class written as ``\\Z`` (Python's end of text)."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append("\\Z" if char == "$" and not in_class else char)
        index += 1
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _re2_options() -> Any:
    re2, _ = _RE2
    options = re2.Options()
    options.never_capture = True
    options.log_errors = False
    return options


def _re2_search(pattern: str) -> Callable[[str], bool]:
    """RE2's own matcher, called directly: the Python wrapper's search costs 5x more."""
    _, low_level = _RE2
    compiled = low_level.RE2(pattern.encode("utf-8"), _re2_options())
    if not compiled.ok():
        raise PatternSyntaxError(compiled.error())
    match = compiled.Match
    unanchored = low_level.RE2.Anchor.UNANCHORED
    missing = (-1, -1)

    def search(value: str) -> bool:
        try:
            text = value.encode("utf-8")
        except UnicodeEncodeError:
            return False  # a lone surrogate: not text any pattern can match
        return bool(match(unanchored, text, 0, len(text))[0] != missing)
    return search


def _last_answer(search: Callable[[str], bool]) -> Callable[[str], bool]:
    """``search`` answering again for the very value it saw last, without matching it.

    An invalid event's value is asked about by the event's fast check, by the
    value's own, and by jsonschema for the message: one match, whatever its
    length.  The value is recognised by identity (the same ``str`` object), so
    the question costs nothing; one (value, answer) pair is kept, replaced as a
    whole, which threads may share.
    """
    last: list[tuple[str, bool]] = [("", search(""))]

    def answer(value: str) -> bool:
        seen, found = last[0]
        if seen is value:
            return found
        found = search(value)
        last[0] = (value, found)
        return found
    return answer


def _re2_message(error: Any) -> str:
    text = error.args[0] if error.args else str(error)
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _fallback(pattern: str) -> PlanPattern:
    """Without RE2: Python's ``re``, refusing what the detector flags and long values."""
    engine = "re (google-re2 is not installed)"
    problem = check_pattern(pattern)
    if problem is not None:
        return PlanPattern(pattern, engine, lambda value: False, refused=problem.message)
    compiled = re.compile(_dollar_as_end(python_source(pattern)), re.ASCII).search
    return PlanPattern(pattern, engine, lambda value: compiled(value) is not None,
                       max_input=FALLBACK_INPUT_LIMIT)


def warn_not_run(pattern: PlanPattern) -> None:
    """Say once per pattern that it is held back (only without RE2)."""
    _warn_once(pattern.pattern, pattern.refused or
               f"values longer than {FALLBACK_INPUT_LIMIT:,} characters are not matched")


@functools.cache
def _warn_once(pattern: str, consequence: str) -> None:
    _logger.warning("the plan's pattern %r is not checked at run time on every value: "
                    "google-re2 is not installed, so it runs on Python's re, and %s; "
                    "install google-re2 to run every pattern in linear time", pattern, consequence)
