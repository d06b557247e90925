"""Rules for the constraints on property values (TL109-TL111, TL115)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from linter.diagnostics import Diagnostic
from linter.plan.lint.base import PlanRule, every_property, shared_base
from linter.plan.model import Plan, Property
from linter.text.regex_safety import check_pattern

_PROP = "events:\n  A:\n    properties:\n      x: "

_ENUM_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "datetime": (str,),
}


class DuplicateEnumValue(PlanRule):
    code = "TL109"
    valid = (_PROP + "{type: string, enum: [free, pro]}\n",)
    invalid = (_PROP + "{type: string, enum: [free, pro, free]}\n",)

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for where, event, prop in every_property(plan):
            base = shared_base(plan, prop)
            if base is not None and base.enum == prop.enum:
                continue
            seen: set[tuple[type, object]] = set()
            for value in prop.enum or ():
                key = (type(value), value)
                if key in seen:
                    yield self.report(prop.position, f"{where} lists {value!r} twice in its "
                                      "enum", "remove the duplicate (or fix the typo)",
                                      event.name if event else None)
                seen.add(key)


class PatternProblem(PlanRule):
    """TL110 (invalid) and TL111 (catastrophic backtracking) share one analysis."""

    code = "TL110"
    valid: ClassVar[tuple[str, ...]] = (_PROP + "{type: string, pattern: '^[a-z_]+$'}\n",)
    invalid: ClassVar[tuple[str, ...]] = (_PROP + "{type: string, pattern: '^[a-z+$'}\n",)

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for where, event, prop in every_property(plan):
            base = shared_base(plan, prop)
            for pattern in _patterns(prop):
                if base is not None and pattern in _patterns(base):
                    continue  # reported once, at the shared definition
                problem = check_pattern(pattern)
                if problem is None or (problem.kind == "invalid") != (self.code == "TL110"):
                    continue
                yield self.report(prop.position, f"{where} has pattern {pattern!r}: "
                                  f"{problem.message}", self.hint,
                                  event.name if event else None)

    hint = "write it in Python/ECMA regular expression syntax"


class SlowPattern(PatternProblem):
    code = "TL111"
    valid = (_PROP + "{type: string, pattern: '^\\d{4}-\\d{2}-\\d{2}$'}\n",)
    invalid = (_PROP + "{type: string, pattern: '^(a+)+$'}\n",
               _PROP + "{type: string, pattern: '^(\\w+\\s?)*$'}\n",
               _PROP + "{type: object, schema: {patternProperties: {'^(a|a)*$': {}}}}\n")
    hint = ("validators that backtrack run the exported schema too; remove the nested "
            "repetition")


def _patterns(prop: Property) -> list[str]:
    """A property's own pattern and every pattern of its ``schema:`` fragment."""
    found = [prop.pattern] if prop.pattern is not None else []
    stack: list[Any] = [prop.raw_schema] if prop.raw_schema is not None else []
    while stack:
        schema = stack.pop()
        if isinstance(schema, dict):
            if isinstance(schema.get("pattern"), str):
                found.append(schema["pattern"])
            keyed = schema.get("patternProperties")
            if isinstance(keyed, dict):
                found.extend(key for key in keyed if isinstance(key, str))
            stack.extend(value for key, value in schema.items()
                         if key not in ("enum", "const", "examples", "default"))
        elif isinstance(schema, list):
            stack.extend(schema)
    return found


class InvalidConstraint(PlanRule):
    code = "TL115"
    valid = (_PROP + "{type: integer, minimum: 1, maximum: 10, enum: [1, 2]}\n",)
    invalid = (
        _PROP + "{type: integer, minimum: 10, maximum: 1}\n",
        _PROP + "{type: integer, enum: [1, two]}\n",
        _PROP + "{type: number, min_length: 3}\n",
        _PROP + "{type: string, min_length: 5, max_length: 2}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for where, event, prop in every_property(plan):
            base = shared_base(plan, prop)
            inherited = set(_constraint_problems(base)) if base is not None else set()
            for problem in _constraint_problems(prop):
                if problem in inherited:
                    continue
                yield self.report(prop.position, f"{where}: {problem}",
                                  "fix the constraint in the plan",
                                  event.name if event else None)


def _constraint_problems(prop: Property) -> Iterator[str]:
    for low, high in (("minimum", "maximum"), ("min_length", "max_length"),
                      ("min_items", "max_items")):
        low_value, high_value = getattr(prop, low), getattr(prop, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            yield f"{low} ({low_value}) is greater than {high} ({high_value})"
    allowed = {
        "string": {"pattern", "format", "min_length", "max_length"},
        "datetime": set(),
        "integer": {"minimum", "maximum"},
        "number": {"minimum", "maximum"},
        "array": {"min_items", "max_items"},
    }
    checked = {"pattern", "format", "min_length", "max_length", "minimum", "maximum",
               "min_items", "max_items"}
    if prop.type in allowed:
        for name in sorted(checked - allowed[prop.type]):
            if getattr(prop, name) is not None:
                yield f"'{name}' does not apply to a {prop.type}"
    kinds = _ENUM_TYPES.get(prop.type)
    for value in prop.enum or ():
        if value is None and prop.nullable:
            continue
        wrong_bool = isinstance(value, bool) and prop.type != "boolean"
        if kinds is not None and (not isinstance(value, kinds) or wrong_bool):
            yield f"enum value {value!r} is not a {prop.type}"
