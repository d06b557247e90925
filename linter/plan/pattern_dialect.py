"""Checking a plan's patterns against the plan's pattern dialect when the plan is read.

Plan patterns are RE2 syntax (see :mod:`linter.text.regex_engine`): what runs in
time linear in the value.  A pattern Python's ``re`` accepts but the dialect
does not (a lookbehind, a backreference, ``\\Z``...) would otherwise fail on
the first event that carries its property, so it is refused here, located in
the plan file: ``pattern:`` of every property definition, and ``pattern`` and
``patternProperties`` anywhere inside a ``schema:`` fragment.  A pattern that is
no regular expression at all is reported by plan lint (TL110) and, inside a
fragment, by the fragment check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.diagnostics import Diagnostic
from linter.plan.format_errors import describe_location
from linter.plan.fragments import _fragments, _subschemas, property_definitions
from linter.plan.source import PathKey, SourceDocument, load_error
from linter.text.regex_engine import dialect_problem

_HINT = ("plan patterns are RE2 syntax, which runs in time linear in the value: no "
         "lookaround or backreferences, \\z for the end of the value")


def pattern_problems(document: SourceDocument) -> list[Diagnostic]:
    """Every pattern of one plan file that is outside the dialect, located."""
    problems: list[Diagnostic] = []
    verdicts: dict[str, str | None] = {}  # a large plan repeats a few patterns many times
    for path, pattern in _patterns(document.data):
        if pattern not in verdicts:
            verdicts[pattern] = _outside_dialect(pattern)
        problem = verdicts[pattern]
        if problem is not None:
            position = document.position(path)
            problems.append(load_error(
                position.path, position.line, position.column, "TL003",
                f"{describe_location(path[:-1])}: pattern {pattern!r}: {problem}", _HINT))
    for path in _unevaluated_with_patterns(document.data):
        position = document.position(path)
        problems.append(load_error(
            position.path, position.line, position.column, "TL003",
            f"{describe_location(path[:-1])}: unevaluatedProperties cannot be combined with "
            "patternProperties in a schema: fragment (the validator would match the keys on "
            "a backtracking engine)", "write additionalProperties instead"))
    return problems


def _unevaluated_with_patterns(data: Any) -> Iterator[PathKey]:
    """``unevaluatedProperties`` in a fragment that also has ``patternProperties``."""
    for path, fragment in _fragments(data):
        schemas = list(_subschemas(fragment, ()))
        if not any("patternProperties" in schema for _, schema in schemas):
            continue
        for inner, schema in schemas:
            if "unevaluatedProperties" in schema:
                yield (*path, *inner, "unevaluatedProperties")


def _outside_dialect(pattern: str) -> str | None:
    """What is wrong with a pattern Python compiles; None for one it does not (not ours)."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    return dialect_problem(pattern)


def _patterns(data: Any) -> Iterator[tuple[PathKey, str]]:
    """(path, pattern) of every pattern in a plan file's property definitions."""
    definitions = property_definitions(data)
    for path, definition in definitions:
        pattern = definition.get("pattern")
        if isinstance(pattern, str):
            yield (*path, "pattern"), pattern
    for path, definition in definitions:
        if "schema" not in definition:
            continue
        for inner, schema in _subschemas(definition["schema"], ()):
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                yield (*path, "schema", *inner, "pattern"), pattern
            keyed = schema.get("patternProperties")
            if isinstance(keyed, dict):
                for key in keyed:
                    if isinstance(key, str):
                        yield (*path, "schema", *inner, "patternProperties", key), key
