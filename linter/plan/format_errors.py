"""Checking plan files against the plan format, in words a plan author understands.

jsonschema's own messages (``{'ownr': 'growth'} is not valid under any of the
given schemas``) are written for schema authors.  Here each error becomes one
sentence about the plan: which key of which event is wrong, what is expected and,
where it helps, what was probably meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from linter.diagnostics import Diagnostic
from linter.plan.schemas import plan_schema
from linter.plan.source import SourceDocument
from linter.rules import RULES
from linter.text.display import plural
from linter.validation.fastpath import Predicate, compile_predicate

_JSON_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "null": "empty",
}

_PATTERN_WORDS = {
    "version": "a semantic version such as 1.2.0 (quote it in YAML: '1.2.0')",
    "platform": "a lower-case platform name such as 'ios' or 'server'",
}

_validator: Draft202012Validator | None = None


def _plan_validator() -> Draft202012Validator:
    global _validator
    if _validator is None:
        _validator = Draft202012Validator(plan_schema())
    return _validator


@cache
def _follows_format() -> Predicate:
    """A plain-Python predicate of the plan format: True exactly when jsonschema finds nothing.

    jsonschema walks a 2,000-event plan in seconds, collecting what it needs
    for its messages; the predicate answers "is it valid?" in a fraction of
    that, so only a file with a problem pays for jsonschema's account of it.
    """
    predicate = compile_predicate(plan_schema())
    if predicate is None:  # the format uses a keyword the fast path lacks
        return lambda data: False
    return predicate


def format_problems(document: SourceDocument) -> list[Diagnostic]:
    """Every way one plan file breaks the plan format, each located in the file."""
    if _follows_format()(document.data):
        return []
    problems: list[Diagnostic] = []
    for error in _plan_validator().iter_errors(document.data):
        problems.extend(_translate(error, document))
    unique = {(d.line, d.column, d.message): d for d in problems}
    return sorted(unique.values(), key=lambda d: (d.line or 0, d.column or 0, d.message))


def _translate(error: ValidationError, document: SourceDocument) -> Iterator[Diagnostic]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        yield from _translate_branch(error, document)
        return
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        yield from _unknown_keys(error, path, document)
        return
    message, hint = _sentence(error, path)
    position = document.position(path)
    yield RULES["TL003"].diagnostic(message=message, hint=hint, path=position.path,
                     line=position.line, column=position.column,
                     pointer=_pointer(path))


def _translate_branch(error: ValidationError, document: SourceDocument) -> Iterator[Diagnostic]:
    """A property is either a type name or a mapping: explain the branch the author chose."""
    instance = error.instance
    branch = 1 if isinstance(instance, dict) else 0
    chosen = [e for e in error.context or () if e.relative_schema_path
              and e.relative_schema_path[0] == branch]
    if isinstance(instance, dict | str) and chosen and _is_property(error):
        for sub in chosen:
            yield from _translate(sub, document)
        return
    path = tuple(error.absolute_path)
    position = document.position(path)
    if _is_property(error):
        message = f"{_where(path)} must be a type name or a mapping of settings"
        hint = "for example 'price: number' or 'price: {type: number, minimum: 0}'"
    elif path and path[-1] == "required":
        message = f"{_where(path)} must be true, false or a list of platforms"
        hint = None
    else:
        message, hint = f"{_where(path)} is not valid here", None
    yield RULES["TL003"].diagnostic(message=message, hint=hint, path=position.path,
                     line=position.line, column=position.column, pointer=_pointer(path))


def _is_property(error: ValidationError) -> bool:
    return bool(error.schema == plan_schema()["$defs"]["property"])


def _unknown_keys(error: ValidationError, path: tuple[Any, ...],
                  document: SourceDocument) -> Iterator[Diagnostic]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key in allowed or key.startswith("x-"):
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}'?" if close
                else f"allowed keys: {', '.join(allowed)}; custom keys start with 'x-'")
        position = document.position((*path, key))
        yield RULES["TL003"].diagnostic(message=f"unknown key '{key}' in {_owner(path)}",
                         hint=hint, path=position.path, line=position.line,
                         column=position.column, pointer=_pointer((*path, key)))


def _sentence(error: ValidationError, path: tuple[Any, ...]) -> tuple[str, str | None]:
    where = _where(path)
    validator = error.validator
    value: Any = error.validator_value
    if path == ("version",) and validator in ("type", "pattern"):
        return (f"'version' must be {_PATTERN_WORDS['version']}, "
                f"not {_describe_value(error.instance)}", None)
    if validator == "type":
        expected = value if isinstance(value, list) else [value]
        words = " or ".join(_JSON_TYPE_WORDS.get(t, str(t)) for t in expected)
        return f"{where} must be {words}, not {_describe_value(error.instance)}", None
    if validator == "enum":
        options = [str(v) for v in value]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else None
        return (f"{where} must be one of {', '.join(options)}, "
                f"not {_describe_value(error.instance)}", hint)
    if validator == "pattern":
        kind = "version" if path == ("version",) else "platform"
        return f"{where} must be {_PATTERN_WORDS[kind]}, not {error.instance!r}", None
    if validator == "minItems":
        return f"{where} must list at least {plural(value, 'item')}", None
    if validator == "uniqueItems":
        return f"{where} lists the same item more than once", None
    if validator == "minimum":
        return f"{where} must be at least {value}, not {error.instance}", None
    if validator == "required":
        return error.message, None
    return f"{where}: {error.message}", None


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'"


_COLLECTIONS = {"events": "event", "properties": "property",
                "global_properties": "global property"}


def _where(path: Sequence[Any]) -> str:
    """Name the plan element at ``path``: "'owner' of event 'Signed Up'".

    The path is walked from the root with the plan's grammar, because a key such
    as "properties" means a collection in one place and an event's name in another.
    """
    elements: list[str] = []
    setting: str | None = None
    item: int | None = None
    collection: str | None = None
    for index, part in enumerate(path):
        if isinstance(part, int):
            item = part
        elif collection is not None:
            elements.append(f"{collection} '{part}'")
            collection = None
        elif setting is None and part in _COLLECTIONS and (index == 0 or part == "properties"):
            collection = _COLLECTIONS[part]
            if index == len(path) - 1:
                setting = part
        elif part == "items" and elements and setting is None:
            elements.append("the items")
        elif setting is None:
            setting = part
    owner = " of ".join(reversed(elements))
    named = f"'{setting}'" if setting is not None else owner or "the plan"
    if setting is not None and owner:
        named = f"{named} of {owner}"
    return f"item {item + 1} of {named}" if item is not None else named


def describe_location(path: Sequence[Any]) -> str:
    """The plan element at a path, in a plan author's words (for other plan checks)."""
    return _where(path)


def _owner(path: tuple[Any, ...]) -> str:
    return _where(path)


def _pointer(path: Sequence[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
