"""The tree analysed: characters, sequences, alternatives and repetitions.

Also the questions the checks ask of it: which loops to analyse, what a node
can consume, whether it can match the empty text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

# Repetitions with a larger maximum are analysed as unbounded: ``(a+){1,100}`` is
# as dangerous as ``(a+)+`` for the input lengths that matter.  Smaller maxima are
# unrolled exactly.
_UNROLL_LIMIT = 10
# A group repeated at most twice is not a loop worth analysing: with
# at most two iterations an ambiguous body costs O(n^2), like ``.*.*``, which
# patterns use everywhere.  From three on the cost grows as n^k.
_LOOP_MIN_HIGH = 3


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
