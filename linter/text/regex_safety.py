"""Guarding the regular expressions of a tracking plan.

A ``pattern`` in a tracking plan runs in production on every event that carries
the property, so a pattern that backtracks catastrophically is a denial of
service waiting for one unlucky value.  This module

* checks a pattern once, at plan-lint time (:func:`check_pattern`): does it
  compile with Python's ``re``, and is it prone to exponential backtracking?
* wraps it for production use (:func:`compile_guarded`), refusing to run it on
  values longer than a bound so that a hostile value cannot stall the process.

JSON Schema ``pattern`` semantics are *search*, not *match*: ``"^[a-z]+$"``
must carry its own anchors, and ``"[a-z]"`` accepts any value containing a
lower-case letter.  :meth:`GuardedPattern.search` follows JSON Schema.

How the backtracking analysis works
-----------------------------------
Blow-ups need a repetition whose iterations can divide the same text in more
than one way; every iteration multiplies the ways, so a failing match tries
exponentially many.  Only a *quantified group* can repeat something that is
itself ambiguous, so each group that can repeat three times or more is analysed
on its own, innermost first.  A bounded group such as ``{1,5}`` is reported
with a polynomial cost, and never for overlapping alternatives, which then
cost at most 2^5 retries.  The rules:

1. *adjacent quantifiers* -- two unbounded quantifiers over overlapping
   characters, next to each other inside the loop: ``(\\d+\\d+)+``;
2. *exponential ambiguity* -- the loop can match some text along two different
   paths that start and end at the same point (a Glushkov automaton of the loop,
   with how many ways each transition can be taken, checked pairwise for a cycle
   through two distinct paths).  This is reported as a *nested quantifier* when
   the loop contains another repetition -- ``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``,
   ``(.*a)+`` -- and as *overlapping alternatives* otherwise: ``(a|a)*``,
   ``(\\d|\\w)+``;
3. *overlapping alternatives* written as plain text or character classes where
   one alternative matches a prefix of another: ``(a|ab)+``.  Python happens to
   cope with some of these, but the same plan is enforced by other engines, so
   the rule is deliberately conservative (``(\\.(com|co))+`` is flagged too).

The check on ambiguity, rather than on mere nesting, is what keeps common safe
patterns quiet: ``^[a-z]+(_[a-z]+)*$`` nests a quantifier, but the ``_`` makes
every split unique.  Python's own parser cannot be used on its own here because
it rewrites alternations (``(a|ab)`` becomes ``a(?:|b)`` and ``(\\d|\\w)``
becomes ``[\\d\\w]``), erasing the very ambiguity being looked for; groups and
alternatives are therefore split from the source text, and only the plain text
between them is handed to the parser (``re._parser`` on 3.11+, ``sre_parse`` on
3.10).  Characters are compared on a sample alphabet (Latin-1, Latin
Extended-A, a few other scripts, digits and spaces, plus every character in
the pattern), which is exact for the classes plan patterns use.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple, TypeAlias

__all__ = ["GuardedPattern", "PatternProblem", "check_pattern", "compile_guarded"]

# Python's regex parser moved from sre_parse to re._parser in 3.11 (sre_parse
# still exists there but warns).  Opcodes are compared by name below because
# their integer values differ between versions.
_PARSER: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11)
                                       else "sre_parse")
_MAXREPEAT: int = int(_PARSER.MAXREPEAT)

# Repetitions with a larger maximum are analysed as unbounded: ``(a+){1,100}`` is
# as dangerous as ``(a+)+`` for the input lengths that matter.  Smaller maxima are
# unrolled exactly.
_UNROLL_LIMIT = 10
# A group repeated at most twice is not a loop worth analysing: with
# at most two iterations an ambiguous body costs O(n^2), like ``.*.*``, which
# patterns use everywhere.  From three on the cost grows as n^k.
_LOOP_MIN_HIGH = 3
# The ambiguity check gives up on loops whose automaton or pair graph would be
# larger than this (the cheaper rules still apply); it then takes well under a
# second, where an unbounded check could take minutes on a pattern like
# ``(\w|\w|...)+`` with dozens of alternatives.
_MAX_POSITIONS = 300
_MAX_PAIR_EDGES = 200_000

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


# -- checking --------------------------------------------------------------------


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


# -- the guarded matcher ---------------------------------------------------------


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


# -- characters ------------------------------------------------------------------

_BASE_SAMPLE = (
    "".join(chr(code) for code in range(0x180))
    + "\u0131\u017f\u0391\u0394\u03b1\u03c3\u03c2\u0416\u0436\u05d0\u0660\u06f0\u0966"
    + "\u1e9e\u2003\u2028\u202f\u212a\u3000\u4e00\uff10\U0001d7ce\U0001f600"
)

_CATEGORY_ESCAPES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _op_name(op: Any) -> str:
    return str(getattr(op, "name", op))


class _Alphabet:
    """Character sets as bit masks over a sample alphabet, so overlap is one ``&``.

    The sample is fixed plus every character the pattern mentions (as text or
    as a literal, escape or range bound), so literals outside the fixed sample
    still overlap with themselves.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        extra = set(pattern) | set(_literal_chars(_PARSER.parse(pattern, flags)))
        self.chars = _BASE_SAMPLE + "".join(sorted(extra - set(_BASE_SAMPLE)))
        self.index = {char: i for i, char in enumerate(self.chars)}
        self.all = (1 << len(self.chars)) - 1
        self._categories: dict[tuple[str, bool], int] = {}
        self._case_forms: dict[str, int] | None = None

    def mask(self, test: Callable[[str], bool]) -> int:
        bits = 0
        for i, char in enumerate(self.chars):
            if test(char):
                bits |= 1 << i
        return bits

    def range(self, low: int, high: int) -> int:
        return self.mask(lambda char: low <= ord(char) <= high)

    def literal(self, code: int) -> int:
        index = self.index.get(chr(code))
        return 0 if index is None else 1 << index

    def category(self, name: str, ascii_only: bool) -> int:
        key = (name, ascii_only)
        if key not in self._categories:
            escape = _CATEGORY_ESCAPES.get(name)
            if escape is None:  # a category the parser never produces for str patterns
                self._categories[key] = self.all
            else:
                regex = re.compile(escape, re.ASCII if ascii_only else 0)
                self._categories[key] = self.mask(lambda c: regex.fullmatch(c) is not None)
        return self._categories[key]

    def case_closed(self, bits: int) -> int:
        """Add the other-case forms of every character in ``bits`` (for re.IGNORECASE)."""
        forms = self._forms()
        closed = bits
        for i, char in enumerate(self.chars):
            if (bits >> i) & 1:
                for form in _case_forms(char):
                    closed |= forms[form]
        return closed

    def _forms(self) -> dict[str, int]:
        """Case form -> the characters that have it; built on first use of IGNORECASE."""
        if self._case_forms is None:
            self._case_forms = {}
            for i, char in enumerate(self.chars):
                for form in _case_forms(char):
                    self._case_forms[form] = self._case_forms.get(form, 0) | 1 << i
        return self._case_forms


def _case_forms(char: str) -> set[str]:
    return {char.lower(), char.upper(), char.casefold()}


def _literal_chars(tree: Any) -> Iterator[str]:
    """Every character a parsed pattern names as a literal or range bound, at any depth."""
    if hasattr(tree, "data"):  # a SubPattern
        tree = tree.data
    if isinstance(tree, tuple) and len(tree) == 2 and hasattr(tree[0], "name"):
        name, value = _op_name(tree[0]), tree[1]
        if name in ("LITERAL", "NOT_LITERAL"):
            yield chr(value)
        elif name == "RANGE":
            yield from (chr(value[0]), chr(value[1]))
        else:
            yield from _literal_chars(value)
    elif isinstance(tree, (list, tuple)):
        for part in tree:
            yield from _literal_chars(part)


# -- the tree analysed -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    """Where a group sits in the pattern, for messages."""

    start: int
    text: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Chars:
    mask: int


@dataclass(frozen=True, slots=True)
class _Empty:
    """Anything that consumes no text: anchors, and backreferences (treated as empty)."""


@dataclass(frozen=True, slots=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Alt:
    options: tuple[_Node, ...]
    source: _Source | None = None  # set for a group whose alternatives came from source


@dataclass(frozen=True, slots=True)
class _Repeat:
    body: _Node
    low: int
    high: int | None  # None: unbounded
    possessive: bool = False
    source: _Source | None = None  # set for a quantified group

    @property
    def heavy(self) -> bool:
        """Unbounded, or bounded so high that it behaves like unbounded."""
        return self.high is None or self.high > _UNROLL_LIMIT


@dataclass(frozen=True, slots=True)
class _Look:
    """A lookaround: zero width for its context, but its own loops are still checked."""

    body: _Node


@dataclass(frozen=True, slots=True)
class _Atomic:
    """An atomic group: matched once, never re-entered by backtracking."""

    body: _Node


_Node: TypeAlias = "_Chars | _Empty | _Seq | _Alt | _Repeat | _Look | _Atomic"


def _children(node: _Node) -> tuple[_Node, ...]:
    if isinstance(node, _Seq):
        return node.items
    if isinstance(node, _Alt):
        return node.options
    if isinstance(node, (_Repeat, _Look, _Atomic)):
        return (node.body,)
    return ()


def _walk(node: _Node) -> Iterator[_Node]:
    """Every node below ``node`` (inclusive), children before parents."""
    for child in _children(node):
        yield from _walk(child)
    yield node


def _loops(tree: _Node) -> Iterator[_Repeat]:
    """Quantified groups that can repeat three times or more, innermost first."""
    for node in _walk(tree):
        if (isinstance(node, _Repeat) and node.source and not node.possessive
                and (node.high is None or node.high >= _LOOP_MIN_HIGH)):
            yield node


def _nullable(node: _Node) -> bool:
    if isinstance(node, _Chars):
        return False
    if isinstance(node, _Seq):
        return all(_nullable(item) for item in node.items)
    if isinstance(node, _Alt):
        return any(_nullable(option) for option in node.options)
    if isinstance(node, _Repeat):
        return node.low == 0 or _nullable(node.body)
    if isinstance(node, _Atomic):
        return _nullable(node.body)
    return True


def _consumes(node: _Node) -> int:
    """Every character ``node`` can consume, as a mask."""
    if isinstance(node, _Chars):
        return node.mask
    if isinstance(node, _Look) or (isinstance(node, _Repeat) and node.high == 0):
        return 0
    bits = 0
    for child in _children(node):
        bits |= _consumes(child)
    return bits


def _is_variable(node: _Node, *, unbounded: bool = False) -> bool:
    """A backtrackable repetition that can match texts of different non-zero lengths."""
    if not isinstance(node, _Repeat) or node.possessive or not _consumes(node.body):
        return False
    if unbounded:
        return node.heavy
    return node.high is None or (node.high >= 2 and node.high > node.low)


# -- from source text to tree --------------------------------------------------------

_FLAG_LETTERS = {"a": re.ASCII, "i": re.IGNORECASE, "L": re.LOCALE, "m": re.MULTILINE,
                 "s": re.DOTALL, "u": re.UNICODE, "x": re.VERBOSE}


class _SourceParser:
    """Splits a pattern into groups and alternatives itself; parses only the text between.

    The pattern has already compiled, so the scanner can assume it is well
    formed.  Capturing groups are counted so that backreferences in the text
    handed to Python's parser still refer to existing groups.
    """

    def __init__(self, pattern: str, flags: int, alphabet: _Alphabet) -> None:
        self.pattern = pattern
        self.flags = flags
        self.alphabet = alphabet
        self.pos = 0
        self.captures = 0

    def parse(self) -> _Node:
        options, _ = self._alternatives(self.flags)
        return options[0] if len(options) == 1 else _Alt(tuple(options))

    # scanning

    def _alternatives(self, flags: int) -> tuple[list[_Node], list[tuple[int, int]]]:
        """Parse up to the closing ``)`` (not consumed); return options and their spans."""
        options: list[_Node] = []
        spans: list[tuple[int, int]] = []
        items: list[_Node] = []
        start = text_start = self.pos
        text = self.pattern
        while self.pos < len(text) and text[self.pos] != ")":
            char = text[self.pos]
            if char == "|" or (char == "(" and not text.startswith("(?#", self.pos)):
                items.extend(self._text(text_start, self.pos, flags))
                if char == "|":
                    options.append(_Seq(tuple(items)))
                    spans.append((start, self.pos))
                    items = []
                    self.pos += 1
                    start = self.pos
                else:
                    items.extend(self._group(flags))
                text_start = self.pos
            else:
                self._skip_atom(flags)
        items.extend(self._text(text_start, self.pos, flags))
        options.append(_Seq(tuple(items)))
        spans.append((start, self.pos))
        return options, spans

    def _skip_atom(self, flags: int) -> None:
        """Step over one piece of plain text: an escape, a class, a comment or a character.

        ``(?#...)`` comments stay in the plain text: Python's parser skips them, and
        a quantifier after one applies to whatever precedes it.
        """
        text = self.pattern
        char = text[self.pos]
        if text.startswith("(?#", self.pos):
            self._skip_to_close()
        elif char == "\\":
            self.pos += 2
        elif char == "[":
            self.pos = _skip_class(text, self.pos)
        elif char == "#" and flags & re.VERBOSE:
            newline = text.find("\n", self.pos)
            self.pos = len(text) if newline < 0 else newline + 1
        else:
            self.pos += 1

    def _skip_to_close(self) -> None:
        """Step past the ``)`` ending a comment, backreference or flag group."""
        text = self.pattern
        while self.pos < len(text) and text[self.pos] != ")":
            self.pos += 2 if text[self.pos] == "\\" else 1
        self.pos += 1

    # groups

    def _group(self, flags: int) -> list[_Node]:
        """Parse a group starting at ``(`` and any quantifier after it."""
        start = self.pos
        text = self.pattern
        head = text[start:start + 4]
        if _is_flag_setting(text, start):
            self._skip_to_close()
            return []
        if head.startswith("(?P="):  # a backreference, analysed as matching nothing
            self._skip_to_close()
            return [self._quantified(_Empty(), start, flags)]
        if head.startswith("(?("):
            self.pos = text.index(")", start + 3) + 1
            options, _ = self._alternatives(flags)
            body: _Node = _Alt(tuple(options))
            self.pos += 1
            return [self._quantified(body, start, flags)]
        kind, body_flags = self._open(flags)
        options, spans = self._alternatives(body_flags)
        self.pos += 1  # the closing parenthesis
        alternatives = tuple(text[a:b] for a, b in spans)
        group: _Node = _Alt(tuple(options), _Source(start, text[start:self.pos], alternatives))
        if kind == "look":
            group = _Look(group)
        elif kind == "atomic":
            group = _Atomic(group)
        return [self._quantified(group, start, flags)]

    def _open(self, flags: int) -> tuple[str, int]:
        """Consume a group opening; return its kind and the flags inside it."""
        text = self.pattern
        start = self.pos
        if not text.startswith("(?", start):
            self.captures += 1
            self.pos += 1
            return "group", flags
        for prefix, kind in (("(?:", "group"), ("(?=", "look"), ("(?!", "look"),
                             ("(?<=", "look"), ("(?<!", "look"), ("(?>", "atomic")):
            if text.startswith(prefix, start):
                self.pos += len(prefix)
                return kind, flags
        if text.startswith("(?P<", start):
            self.captures += 1
            self.pos = text.index(">", start) + 1
            return "group", flags
        colon = text.index(":", start)  # scoped flags: (?i:...), (?-i:...), (?a-x:...)
        self.pos = colon + 1
        return "group", _apply_flags(text[start + 2:colon], flags)

    def _quantified(self, group: _Node, start: int, flags: int) -> _Node:
        """Apply the quantifier after a group, if any, as Python's parser would."""
        if flags & re.VERBOSE:
            self._skip_verbose_space()
        found = _read_quantifier(self.pattern, self.pos)
        if found is None:
            return group
        low, high, self.pos = found
        possessive = self.pattern.startswith("+", self.pos)
        if possessive or self.pattern.startswith("?", self.pos):
            self.pos += 1
        return _Repeat(group, low, high, possessive, _Source(start, self.pattern[start:self.pos]))

    def _skip_verbose_space(self) -> None:
        text = self.pattern
        while self.pos < len(text):
            if text[self.pos].isspace():
                self.pos += 1
            elif text[self.pos] == "#":
                newline = text.find("\n", self.pos)
                self.pos = len(text) if newline < 0 else newline + 1
            else:
                return

    # plain text

    def _text(self, start: int, end: int, flags: int) -> list[_Node]:
        """Parse group-free text with Python's parser (it has no alternation to rewrite)."""
        if start >= end:
            return []
        prefix = "()" * self.captures  # keeps backreferences like \\1 valid
        try:
            data = _PARSER.parse(prefix + self.pattern[start:end], flags)
        except (re.error, OverflowError, ValueError):
            return []  # cannot happen for a pattern that compiled; be lenient anyway
        return [_convert(op, av, flags, self.alphabet)
                for op, av in list(data)[self.captures:]]


def _is_flag_setting(text: str, start: int) -> bool:
    """``(?i)``, ``(?ax)``: global flags, already in the compiled pattern's flags."""
    if not text.startswith("(?", start):
        return False
    end = start + 2
    while end < len(text) and text[end] in _FLAG_LETTERS:
        end += 1
    return end > start + 2 and text.startswith(")", end)


def _apply_flags(spec: str, flags: int) -> int:
    """``i``, ``-i``, ``a-x`` -> the flags in force inside a scoped flag group."""
    on, _, off = spec.partition("-")
    for letter in on:
        if letter in "au":  # the two are exclusive; the group's choice wins
            flags &= ~(re.ASCII | re.UNICODE)
        flags |= _FLAG_LETTERS.get(letter, 0)
    for letter in off:
        flags &= ~_FLAG_LETTERS.get(letter, 0)
    return flags


def _skip_class(text: str, pos: int) -> int:
    """Index after the ``]`` closing the class opened at ``pos`` (a leading ``]`` is literal)."""
    pos += 1
    if text.startswith("^", pos):
        pos += 1
    first = True
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
        elif char == "]" and not first:
            return pos + 1
        else:
            pos += 1
        first = False
    return pos


_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d*)(,(\d*))?\}")


def _read_quantifier(text: str, pos: int) -> tuple[int, int | None, int] | None:
    """(low, high or None for unbounded, end) of a quantifier at ``pos``, as ``re`` reads it."""
    found = _QUANTIFIER.match(text, pos)
    if found is None or found.group() == "{}":
        return None
    symbol = found.group()
    if symbol in "*+?":
        return {"*": 0, "+": 1, "?": 0}[symbol], (1 if symbol == "?" else None), found.end()
    low = int(found.group(1) or 0)
    if found.group(2) is None:
        return low, low, found.end()
    high = int(found.group(3)) if found.group(3) else None
    return low, high, found.end()


def _convert(op: Any, av: Any, flags: int, alphabet: _Alphabet) -> _Node:
    """One item of Python's parse tree -> a node of the analysed tree."""
    name = _op_name(op)
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
        return _Chars(_char_mask(name, av, flags, alphabet))
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        return _Repeat(_convert_seq(body, flags, alphabet), int(low),
                       None if high >= _MAXREPEAT else int(high),
                       possessive=name == "POSSESSIVE_REPEAT")
    if name == "SUBPATTERN":
        _, add_flags, del_flags, body = av
        return _convert_seq(body, (flags | add_flags) & ~del_flags, alphabet)
    if name == "BRANCH":
        return _Alt(tuple(_convert_seq(option, flags, alphabet) for option in av[1]))
    if name in ("ASSERT", "ASSERT_NOT"):
        return _Look(_convert_seq(av[1], flags, alphabet))
    if name == "ATOMIC_GROUP":
        return _Atomic(_convert_seq(av, flags, alphabet))
    if name == "GROUPREF_EXISTS":
        _, yes, no = av
        return _Alt((_convert_seq(yes, flags, alphabet),
                     _convert_seq(no, flags, alphabet) if no else _Empty()))
    return _Empty()  # AT (anchors), GROUPREF (backreferences), ...


def _convert_seq(data: Any, flags: int, alphabet: _Alphabet) -> _Seq:
    return _Seq(tuple(_convert(op, av, flags, alphabet) for op, av in data))


def _char_mask(name: str, av: Any, flags: int, alphabet: _Alphabet) -> int:
    """The characters a one-character item matches, honouring IGNORECASE/DOTALL/ASCII."""
    if name == "ANY":
        newline = alphabet.literal(ord("\n"))
        return alphabet.all if flags & re.DOTALL else alphabet.all & ~newline
    negate = name == "NOT_LITERAL"
    if name == "IN":
        negate = bool(av) and _op_name(av[0][0]) == "NEGATE"
        bits = _class_mask(av, flags, alphabet)
    else:
        bits = alphabet.literal(av)
    if flags & re.IGNORECASE:
        bits = alphabet.case_closed(bits)
    return alphabet.all & ~bits if negate else bits


def _class_mask(items: Any, flags: int, alphabet: _Alphabet) -> int:
    bits = 0
    for op, av in items:
        name = _op_name(op)
        if name == "LITERAL":
            bits |= alphabet.literal(av)
        elif name in ("RANGE", "RANGE_UNI_IGNORE"):
            bits |= alphabet.range(int(av[0]), int(av[1]))
        elif name == "CATEGORY":
            bits |= alphabet.category(_op_name(av), bool(flags & re.ASCII))
    return bits


# -- the checks ------------------------------------------------------------------


def _check_loop(loop: _Repeat) -> PatternProblem | None:
    """The first rule ``loop`` breaks, most specific first.

    A bounded loop (``{1,5}``) is analysed as if unbounded -- its iterations
    divide text the same way -- but reported with a polynomial cost, and only for
    repetitions: ambiguous alternatives cost 2^k for k iterations, which a small
    bound keeps harmless.
    """
    assert loop.source is not None
    source = loop.source
    cost = "exponential time" if loop.heavy else f"polynomial time of degree {loop.high}"
    if _adjacent_quantifiers(loop.body):
        return _problem(source, "adjacent-quantifiers",
                        f"adjacent quantifiers: {source.text} repeats two neighbouring "
                        f"unbounded quantifiers over overlapping characters, which can take "
                        f"{cost} or worse on input that almost matches")
    ambiguous = _exponentially_ambiguous(replace(loop, low=min(loop.low, 1), high=None))
    nested = any(_is_variable(node) for node in _walk(loop.body))
    if ambiguous and nested:
        return _problem(source, "nested-quantifier",
                        f"nested quantifier: {source.text} can take {cost} on input that "
                        "almost matches")
    if not loop.heavy:
        return None
    if ambiguous:
        return _problem(source, "overlapping-alternation",
                        f"overlapping alternatives: {source.text} can match the same text "
                        "in more than one way, which can take exponential time on input "
                        "that almost matches")
    clash = _prefix_alternatives(loop.body)
    if clash is not None:
        first, second = clash
        return _problem(source, "overlapping-alternation",
                        f"overlapping alternatives: in {source.text} the alternatives "
                        f"'{first}' and '{second}' can start with the same text, so "
                        "backtracking engines may retry them exponentially often")
    return None


def _problem(source: _Source, rule: str, message: str) -> PatternProblem:
    return PatternProblem("backtracking", message, source.text, source.start, rule)


def _adjacent_quantifiers(body: _Node) -> bool:
    """Rule (c): ``X+`` and ``Y+`` with only optional items between and X, Y overlapping."""
    for node in _walk(body):
        if not isinstance(node, _Seq):
            continue
        items = [_unwrap(item) for item in node.items]
        for i, left in enumerate(items):
            if not _is_variable(left, unbounded=True):
                continue
            for right in items[i + 1:]:
                if _is_variable(right, unbounded=True) and _consumes(left) & _consumes(right):
                    return True
                if not _nullable(right):
                    break
    return False


def _unwrap(node: _Node) -> _Node:
    """See through groups of one item: ``(\\d+)`` is the repetition ``\\d+``."""
    while True:
        if isinstance(node, _Seq) and len(node.items) == 1:
            node = node.items[0]
        elif isinstance(node, _Alt) and len(node.options) == 1:
            node = node.options[0]
        else:
            return node


def _prefix_alternatives(body: _Node) -> tuple[str, str] | None:
    """Rule (b) for plain alternatives: one can match the start of another (``a|ab``)."""
    for node in _walk(body):
        if not isinstance(node, _Alt) or node.source is None:
            continue
        spelled = [(text, _char_sequence(option))
                   for text, option in zip(node.source.alternatives, node.options, strict=True)]
        for i, (text, chars) in enumerate(spelled):
            for other_text, other in spelled[i + 1:]:
                if chars is not None and other is not None and _prefix_overlap(chars, other):
                    return text, other_text
    return None


def _char_sequence(node: _Node) -> list[int] | None:
    """The masks of an alternative made only of single characters, else None."""
    if isinstance(node, _Chars):
        return [node.mask]
    if isinstance(node, _Seq):
        masks: list[int] = []
        for item in node.items:
            part = _char_sequence(item)
            if part is None:
                return None
            masks.extend(part)
        return masks
    if isinstance(node, _Alt) and len(node.options) == 1:
        return _char_sequence(node.options[0])
    return None


def _prefix_overlap(first: list[int], second: list[int]) -> bool:
    shorter = min(len(first), len(second))
    if shorter == 0:
        return not first and not second  # two empty alternatives
    return all(a & b for a, b in zip(first[:shorter], second[:shorter], strict=True))


# -- exponential ambiguity -------------------------------------------------------------


class _TooComplex(Exception):
    """The automaton of a loop would be too large to analyse quickly."""


_Counts: TypeAlias = dict[int, int]


class _Frag(NamedTuple):
    """A sub-automaton: ways to match empty, and weighted first and last positions."""

    empty: int
    first: _Counts
    last: _Counts


def _plus(a: _Counts, b: _Counts, times: int = 1) -> _Counts:
    merged = dict(a)
    if times:
        for key, count in b.items():
            merged[key] = min(2, merged.get(key, 0) + count * times)
    return merged


class _Glushkov:
    """A position automaton that counts (up to 2) the ways each transition is taken.

    Plain Glushkov automata merge the two routes from ``a`` back to ``a`` in
    ``(a+)+`` into one transition; a backtracking engine tries both, so the
    count is kept.
    """

    def __init__(self) -> None:
        self.masks: list[int] = []
        self.follow: list[_Counts] = []

    def build(self, node: _Node) -> _Frag:
        if isinstance(node, _Chars):
            return self._position(node.mask)
        if isinstance(node, _Seq):
            frag = _Frag(1, {}, {})
            for item in node.items:
                frag = self._concat(frag, self.build(item))
            return frag
        if isinstance(node, _Alt):
            total = _Frag(0, {}, {})
            for option in node.options:
                frag = self.build(option)
                total = _Frag(min(2, total.empty + frag.empty), _plus(total.first, frag.first),
                              _plus(total.last, frag.last))
            return total
        if isinstance(node, _Repeat):
            return self._repeat(node)
        if isinstance(node, _Atomic):
            return self._opaque(node.body)
        return _Frag(1, {}, {})  # _Empty, _Look

    def _position(self, mask: int) -> _Frag:
        if len(self.masks) >= _MAX_POSITIONS:
            raise _TooComplex
        index = len(self.masks)
        self.masks.append(mask)
        self.follow.append({})
        return _Frag(0, {index: 1}, {index: 1})

    def _opaque(self, body: _Node) -> _Frag:
        """Something matched without backtracking into it: one position, no loop."""
        frag = self._position(_consumes(body))
        return frag._replace(empty=1 if _nullable(body) else 0)

    def _link(self, last: _Counts, first: _Counts) -> None:
        for source, ways in last.items():
            self.follow[source] = _plus(self.follow[source], first, ways)

    def _concat(self, a: _Frag, b: _Frag) -> _Frag:
        self._link(a.last, b.first)
        return _Frag(min(2, a.empty * b.empty), _plus(a.first, b.first, a.empty),
                     _plus(b.last, a.last, b.empty))

    def _repeat(self, node: _Repeat) -> _Frag:
        if node.possessive:
            frag = self._opaque(node.body)
            return frag._replace(empty=1) if node.low == 0 else frag
        if node.heavy:
            frag = _Frag(1, {}, {})
            for _ in range(max(0, min(node.low, 2) - 1)):
                frag = self._concat(frag, self.build(node.body))
            loop = self.build(node.body)
            self._link(loop.last, loop.first)
            if node.low == 0:
                loop = loop._replace(empty=1)
            return self._concat(frag, loop)
        assert node.high is not None
        tail = _Frag(1, {}, {})
        for _ in range(node.high - node.low):  # a{1,3} = a(a(a)?)?, never a a? a?
            optional = self._concat(self.build(node.body), tail)
            tail = optional._replace(empty=min(2, optional.empty + 1))
        frag = _Frag(1, {}, {})
        for _ in range(node.low):
            frag = self._concat(frag, self.build(node.body))
        return self._concat(frag, tail)


def _exponentially_ambiguous(loop: _Repeat) -> bool:
    """Whether some text can take the loop from a position back to itself two ways.

    Pairs of positions reading the same characters form a product graph; the
    loop is exponentially ambiguous when a strongly connected component holds a
    pair (p, p) and either a pair (p, q) with p != q or a transition (s, s) ->
    (t, t) that can be taken in two ways.
    """
    automaton = _Glushkov()
    try:
        automaton.build(loop)
        graph = _pair_graph(automaton)
    except _TooComplex:
        return False
    for component in _components(graph):
        members = set(component)
        if not any(p == q for p, q in members):
            continue
        if any(p != q for p, q in members):
            return True
        for s, _ in members:
            if any(ways >= 2 and (t, t) in members
                   for t, ways in automaton.follow[s].items()):
                return True
    return False


_Pair: TypeAlias = tuple[int, int]


def _pair_graph(automaton: _Glushkov) -> dict[_Pair, list[_Pair]]:
    """Pairs of positions reachable from a diagonal pair by reading the same text."""
    masks, follow = automaton.masks, automaton.follow
    graph: dict[_Pair, list[_Pair]] = {}
    pending = [(p, p) for p in range(len(masks))]
    edges = 0
    while pending:
        pair = pending.pop()
        if pair in graph:
            continue
        p, q = pair
        successors = [(a, b) for a in follow[p] for b in follow[q] if masks[a] & masks[b]]
        edges += len(successors)
        if edges > _MAX_PAIR_EDGES:
            raise _TooComplex
        graph[pair] = successors
        pending.extend(s for s in successors if s not in graph)
    return graph


def _components(graph: dict[_Pair, list[_Pair]]) -> Iterator[list[_Pair]]:
    """Strongly connected components with a cycle (Tarjan's algorithm, iteratively)."""
    index: dict[_Pair, int] = {}
    low: dict[_Pair, int] = {}
    stack: list[_Pair] = []
    on_stack: set[_Pair] = set()
    for root in graph:
        if root in index:
            continue
        work: list[tuple[_Pair, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = _pop_component(stack, on_stack, node)
                if len(component) > 1 or node in graph[node]:
                    yield component


def _pop_component(stack: list[_Pair], on_stack: set[_Pair], root: _Pair) -> list[_Pair]:
    component: list[_Pair] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == root:
            return component
