"""Whether a fix is safe: the call must not break the plan afterwards in a new way.

A fix replaces a name or a value (a deprecated event by its ``replaced_by``, a
misspelled key by the planned one).  Before offering it as safe, the call is
checked again as it would be after the fix; an error it did not have before (the
replacement event requires properties the call does not send, the renamed key's
value has the wrong type) makes the fix unsafe, and says what would be left to do.
Unsafe fixes are applied only with ``--unsafe-fixes``, as in ruff.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from linter.diagnostics import Diagnostic, Replacement, Severity
from linter.events import EventObservation
from linter.validation.event_check import EventChecker

_Key = tuple[str, Any, Any]


def problems_after(checker: EventChecker, observation: EventObservation,
                   replacement: Replacement, before: Sequence[Diagnostic]) -> list[str]:
    """What would be wrong with the call after the fix that is not wrong now (empty: safe)."""
    fixed = _replaced(observation, replacement)
    known = {_key(d) for d in before if d.severity is Severity.ERROR}
    new = [d for d in checker.check(fixed) if d.severity is Severity.ERROR
           and _key(d) not in known]
    return _describe(new, fixed.name)


def unsafe_hint(hint: str | None, problems: Sequence[str]) -> str:
    """The diagnostic's hint, followed by why its fix is unsafe."""
    why = f"fix is unsafe: afterwards {'; '.join(problems)} (apply it with --unsafe-fixes)"
    if not hint:
        return f"the {why}"
    return f"{hint} The {why}" if hint.endswith(("?", ".", "!")) else f"{hint}; the {why}"


def _replaced(observation: EventObservation, replacement: Replacement) -> EventObservation:
    if replacement.subject == "event-name":
        return replace(observation, name=replacement.text)
    key = replacement.key
    if replacement.subject == "property-key" and key in observation.properties:
        renamed = {(replacement.text if k == key else k): v
                   for k, v in observation.properties.items()}
        return replace(observation, properties=renamed)
    if replacement.subject == "property-value" and key is not None \
            and key in observation.properties:
        return replace(observation, properties={**observation.properties,
                                                key: replacement.text})
    return observation


def _key(diagnostic: Diagnostic) -> _Key:
    """What a problem is about, independent of the event's name in its message."""
    return diagnostic.code, diagnostic.pointer, diagnostic.args.get("property")


def _describe(new: Iterable[Diagnostic], event: str | None) -> list[str]:
    missing = [str(d.args["property"]) for d in new
               if d.code == "TL205" and "property" in d.args]
    described = []
    if missing:
        quoted = [f"'{name}'" for name in missing]
        names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        described.append(f"'{event}' requires {names}, which the call does not send")
    described.extend(d.message for d in new if not (d.code == "TL205" and "property" in d.args))
    return described
