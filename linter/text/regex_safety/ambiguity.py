"""Exponential ambiguity: can a loop match some text along two different paths?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, TypeAlias

from linter.text.regex_safety.tree import (
    _Alt,
    _Atomic,
    _Chars,
    _consumes,
    _Node,
    _nullable,
    _Repeat,
    _Seq,
)

# The ambiguity check gives up on loops whose automaton or pair graph would be
# larger than this (the cheaper rules still apply); it then takes well under a
# second, where an unbounded check could take minutes on a pattern like
# ``(\w|\w|...)+`` with dozens of alternatives.
_MAX_POSITIONS = 300
_MAX_PAIR_EDGES = 200_000


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
