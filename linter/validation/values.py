"""Validators for single property values, and the words that describe value types."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from linter.text.regex_engine import PatternSyntaxError, compile_plan_pattern, warn_not_run
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


def describe_type(kind: Any) -> str:
    kinds = kind if isinstance(kind, list) else [kind]
    return " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kinds)


def _plan_pattern(validator: Any, pattern: str, instance: Any,
                  schema: Any) -> Iterator[ValidationError]:
    """``pattern`` on the plan's engine (:mod:`linter.text.regex_engine`): linear time.

    Plan patterns run on production data, so never on Python's backtracking
    ``re`` unless their cost is bounded by the pattern alone.
    """
    if not validator.is_type(instance, "string"):
        return
    try:
        compiled = compile_plan_pattern(pattern)
    except PatternSyntaxError as error:
        yield ValidationError(f"the plan's pattern {pattern!r} cannot be run: {error}")
        return
    if compiled.refused is not None:
        warn_not_run(compiled)
        return
    if compiled.max_input is not None and len(instance) > compiled.max_input:
        warn_not_run(compiled)
        yield ValidationError(f"it is {len(instance):,} characters long, too long to match "
                              f"the pattern {pattern!r} without google-re2 "
                              f"(limit {compiled.max_input:,})")
    elif not compiled.search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _key_matches(pattern: str, key: str) -> bool:
    """Whether a ``patternProperties`` pattern matches a key; one that cannot run, does not."""
    try:
        compiled = compile_plan_pattern(pattern)
    except PatternSyntaxError:
        return False
    if compiled.refused is not None or (
            compiled.max_input is not None and len(key) > compiled.max_input):
        warn_not_run(compiled)
        return False
    return compiled.search(key)


def _pattern_properties(validator: Any, patterns: Any, instance: Any,
                        schema: Any) -> Iterator[ValidationError]:
    """jsonschema's ``patternProperties``, with the keys matched on the plan's engine."""
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _key_matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any,
                           schema: Any) -> Iterator[ValidationError]:
    """jsonschema's ``additionalProperties``, with ``patternProperties`` on the plan's engine."""
    if not validator.is_type(instance, "object"):
        return
    named = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = {key for key in instance if key not in named
              and not any(_key_matches(pattern, key) for pattern in patterns)}
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        listed = ", ".join(repr(each) for each in sorted(extras, key=str))
        if patterns:
            verb = "does" if len(extras) == 1 else "do"
            yield ValidationError(f"{listed} {verb} not match any of the regexes: "
                                  + ", ".join(repr(each) for each in sorted(patterns)))
        else:
            verb = "was" if len(extras) == 1 else "were"
            yield ValidationError(
                f"Additional properties are not allowed ({listed} {verb} unexpected)")


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
    Draft202012Validator,
    {"pattern": _plan_pattern, "patternProperties": _pattern_properties,
     "additionalProperties": _additional_properties},
    type_checker=TYPE_CHECKER)

_FORMATS = format_checker()


def make_validator(schema: dict[str, Any]) -> Any:
    """A validator for one value, with the plan's formats and guarded patterns."""
    return GuardedValidator(schema, format_checker=_FORMATS)
