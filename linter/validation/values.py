"""Validators for single property values, and the words that describe value types."""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from linter.text.regex_safety import compile_guarded
from linter.validation.formats import format_checker

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "datetime": "an ISO 8601 date-time string",
    "array": "a list",
    "object": "an object",
    "null": "null",
    "any": "any value",
}


# Longest string a plan pattern is run on; longer values are reported, not matched.
PATTERN_INPUT_LIMIT = 10_000


def describe_type(kind: Any) -> str:
    kinds = kind if isinstance(kind, list) else [kind]
    return " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)


def _guarded_pattern(validator: Any, pattern: str, instance: Any,
                     schema: Any) -> Iterator[ValidationError]:
    """``pattern`` with a bound on input length: plan regexes run on production data.

    A value too long to match safely is reported rather than matched, so a
    hostile value cannot stall the process on a backtracking-prone pattern.
    """
    if not validator.is_type(instance, "string"):
        return
    try:
        guarded = compile_guarded(pattern, max_input=PATTERN_INPUT_LIMIT)
    except re.error:
        yield ValidationError(f"the plan's pattern {pattern!r} is not a valid regular expression")
        return
    if guarded.problem is not None:
        _warn_unsafe_pattern(pattern, guarded.problem.message)
        return
    result = guarded.search(instance)
    if result is None:
        yield ValidationError(f"it is {len(instance):,} characters long, too long to match "
                              f"the pattern {pattern!r} safely (limit {PATTERN_INPUT_LIMIT:,})")
    elif not result:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _warn_unsafe_pattern(pattern: str, problem: str) -> None:
    """Once per pattern: it is not run, because one value could stall the process.

    Plan lint reports such patterns (TL111) before they reach production; this
    is the last line of defence, and it is said once, not for every event.
    """
    logging.getLogger("tracklint").warning(
        "the plan's pattern %r is not checked at run time: %s (see 'tracklint rule TL111')",
        pattern, problem)


def _is_json_number(checker: Any, instance: Any) -> bool:
    """JSON Schema's "number", without NaN and Infinity: JSON cannot carry them.

    Python's json module writes them as bare ``NaN``/``Infinity`` tokens, which
    every analytics vendor rejects; so a plan's number is a finite one.
    """
    if isinstance(instance, bool) or not isinstance(instance, (int, float)):
        return False
    return not isinstance(instance, float) or math.isfinite(instance)


TYPE_CHECKER = Draft202012Validator.TYPE_CHECKER.redefine("number", _is_json_number)

GuardedValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _guarded_pattern}, type_checker=TYPE_CHECKER)

_FORMATS = format_checker()


def make_validator(schema: dict[str, Any]) -> Any:
    """A validator for one value, with the plan's formats and guarded patterns."""
    return GuardedValidator(schema, format_checker=_FORMATS)
