"""The keyword a value breaks, as jsonschema would report it, without running jsonschema.

An invalid event's messages come from the first failing keyword of each wrong
value's schema (:func:`jsonschema.exceptions.best_match` over the errors of
``iter_errors``).  For a property schema made of plain keywords only (a type,
an enum, bounds, lengths, a pattern, a format, annotations), every error is at
the value itself and equally relevant, so the best match is simply the first
keyword, in the schema's order, that the value fails.  :class:`KeywordChecks`
finds it with one fast-path predicate per keyword (:mod:`linter.validation.fastpath`,
whose verdict on JSON values is jsonschema's), which is what the checker needs
to write the same message; anything else is left to jsonschema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from linter.text.regex_engine import PatternSyntaxError, compile_plan_pattern
from linter.validation.fastpath import Predicate, compile_property

__all__ = ["KeywordChecks", "keyword_checks"]

_PLAIN: Final = frozenset({
    "type", "enum", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
})
_ANNOTATIONS: Final = frozenset({
    "title", "description", "$comment", "deprecated", "examples", "default", "readOnly",
    "writeOnly", "contentMediaType", "contentEncoding",
})
# Values whose verdict per keyword is the fast path's exactly (see its docstring).
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


class KeywordChecks(NamedTuple):
    """A plain schema's keywords in jsonschema's order, each with its value and predicate."""

    checks: tuple[tuple[str, Any, Predicate], ...]

    def first_failure(self, value: Any) -> tuple[str, Any] | None:
        """``(keyword, its value in the schema)`` of the first keyword ``value`` breaks.

        None when it breaks none, or when ``value`` is not a JSON scalar (a list,
        an object, a value from code of another type): jsonschema decides those.
        """
        if type(value) not in _SCALARS:
            return None
        for keyword, limit, check in self.checks:
            if not check(value):
                return keyword, limit
        return None


def keyword_checks(schema: Mapping[str, Any]) -> KeywordChecks | None:
    """The checks of a schema of plain keywords; None for any other schema.

    A pattern counts as plain only when it runs on every value (the plan's
    engine refuses or limits none): otherwise jsonschema says why it was not run.
    """
    checks = []
    for keyword, limit in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword not in _PLAIN or (keyword == "pattern" and not _runs_everywhere(limit)):
            return None
        check = compile_property({keyword: limit})
        if check is None:
            return None
        checks.append((keyword, limit, check))
    return KeywordChecks(tuple(checks))


def _runs_everywhere(pattern: Any) -> bool:
    if type(pattern) is not str:
        return False
    try:
        compiled = compile_plan_pattern(pattern)
    except PatternSyntaxError:
        return False
    return compiled.refused is None and compiled.max_input is None
