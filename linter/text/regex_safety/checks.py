"""The checks: the backtracking rules one quantified group (a loop) is held to."""

from __future__ import annotations

from dataclasses import replace

from linter.text.regex_safety.ambiguity import _exponentially_ambiguous
from linter.text.regex_safety.problem import PatternProblem
from linter.text.regex_safety.tree import (
    _Alt,
    _Chars,
    _consumes,
    _is_variable,
    _Node,
    _nullable,
    _Repeat,
    _Seq,
    _Source,
    _walk,
)


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
