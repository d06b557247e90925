"""The one event checker behind the static checker and runtime validation.

It takes an :class:`EventObservation` and returns TL2xx diagnostics.  What the
observation does not know (a value computed at run time, a ``**kwargs`` that may
hold more keys) is never guessed: such values are skipped, and missing-property
checks run only when the key set is complete.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from linter.diagnostics import Diagnostic, Replacement
from linter.events import UNKNOWN, EventObservation, Origin
from linter.jsontypes import json_type
from linter.plan.compile import CompiledPlan, property_schema
from linter.plan.model import Event, Plan, Property
from linter.rules import RULES, Rule
from linter.sdks import (
    UNKNOWN_PLATFORM,
    event_name_pointer,
    is_reserved_property,
    properties_pointer,
)
from linter.text.naming import Suggester, matches_pattern, normalise_name
from linter.validation.fastpath import FastPath
from linter.validation.keywords import KeywordChecks, keyword_checks
from linter.validation.values import describe_type, make_validator


class EventChecker:
    """Checks observations against one plan; build it once and reuse it (thread-safe)."""

    def __init__(self, plan: Plan | CompiledPlan, *, fast_path: bool = True) -> None:
        """``fast_path=False`` sends every event through the full checks (for comparison)."""
        self.compiled = plan if isinstance(plan, CompiledPlan) else CompiledPlan(plan)
        self.plan = self.compiled.plan
        self._event_names = Suggester(self.plan.events)
        self._event_hints = _BoundedCache()
        self._property_names = lru_cache(maxsize=None)(self._property_suggester)
        self._property_hints = _BoundedCache()
        self._planned = lru_cache(maxsize=None)(self._planned_properties)
        self._required = lru_cache(maxsize=None)(self._required_properties)
        self._reserved: dict[str | None, dict[str, bool]] = {}
        self._validator = lru_cache(maxsize=None)(self._value_validator)
        self._keywords = lru_cache(maxsize=None)(self._keyword_checks)
        self._fast_path = FastPath(self.compiled, self._diagnostics) if fast_path else None

    def check(self, observation: EventObservation) -> list[Diagnostic]:
        """Every TL2xx diagnostic for ``observation``.

        Most events are valid, so a complete observation is first put to the
        plan's compiled predicate (:class:`~linter.validation.fastpath.FastPath`);
        when it accepts, the checks below would find nothing and jsonschema is
        never reached.  Everything else, and every diagnostic, comes from them.
        """
        if self._fast_path is not None and self._fast_path.accepts(observation):
            return []
        return list(self._diagnostics(observation))

    __call__ = check

    def full_check(self, observation: EventObservation) -> list[Diagnostic]:
        """:meth:`check` without asking the fast path first (a caller that just did)."""
        return list(self._diagnostics(observation))

    def accepts(self, name: str, platform: str, properties: dict[str, Any], user_id: Any,
                sdk: str | None) -> bool:
        """True when an event given as plain JSON values has no diagnostic at all.

        The verdict of :meth:`check` without an observation (the fast path's
        :meth:`~linter.validation.fastpath.FastPath.accepts_values`); False means
        "build the observation and check it".
        """
        fast = self._fast_path
        return fast is not None and fast.accepts_values(name, platform, properties, user_id, sdk)

    def accepts_values(self) -> Callable[[str, str, dict[str, Any], Any, str | None], bool]:
        """:meth:`accepts` as one bound call, for a loop over millions of events."""
        fast = self._fast_path
        return fast.accepts_values if fast is not None else _never

    @property
    def fast_path(self) -> FastPath | None:
        """The fast path this checker asks first (None when built with ``fast_path=False``)."""
        return self._fast_path

    def validate(self, name: str, properties: Mapping[str, Any], *, platform: str = "server",
                 user_id: Any = UNKNOWN, anonymous_id: Any = UNKNOWN,
                 sdk: str | None = None) -> list[Diagnostic]:
        """Check one event given as plain values: the library entry point for payloads.

        Each diagnostic's ``pointer`` is a JSON Pointer into the message ``sdk``
        sends, as everywhere in tracklint: ``/properties/price`` (Amplitude's
        ``/event_properties/price``).  A ``platform`` the plan does not have raises
        :class:`~linter.plan.model.UnknownPlatformError` rather than reporting every
        event as not planned for it.
        """
        self.plan.require_platform(platform)
        return self.check(EventObservation(
            name=name, properties=properties, platform=platform, user_id=user_id,
            anonymous_id=anonymous_id, sdk=sdk,
            origin=Origin(pointer=properties_pointer(sdk))))

    # -- event level -------------------------------------------------------
    def _diagnostics(self, obs: EventObservation) -> Iterator[Diagnostic]:
        if obs.name is None:
            if obs.name_pattern is not None and not any(
                    matches_pattern(obs.name_pattern, name) for name in self.plan.events):
                yield self._at(obs, obs.origin, _UNPLANNED_PATTERN,
                               {"pattern": obs.name_pattern, "source": obs.name_source},
                               "fix the name's fixed parts, or add the events it sends "
                               "to the tracking plan")
                return
            yield self._at(obs, obs.origin, _DYNAMIC_NAME, {"source": obs.name_source},
                           "use a string literal or a constant so the call can be checked")
            return
        event = self.plan.event(obs.name)
        if event is None:
            unknown = self._unknown_event(obs)
            yield unknown
            # A name that differs only in case or spacing is surely that event: check
            # the rest against it, so fixing the name does not reveal new problems.
            meant = unknown.replacement
            event = self.plan.event(meant.text) if meant is not None else None
            if event is None:
                return
        if event.status == "removed":
            yield self._retired(obs, event, _REMOVED)
            return
        if event.status == "deprecated":
            yield self._retired(obs, event, _DEPRECATED)
        if obs.platform == UNKNOWN_PLATFORM:
            yield self._at_name(
                obs, _WRONG_PLATFORM, {"event": event.name},
                "pass --payload-platform (web, ios, android or server) to say where it came from",
                variant="unnamed")
            return
        if not event.planned_for(obs.platform):
            yield self._at_name(
                obs, _WRONG_PLATFORM,
                {"event": event.name, "platform": obs.platform},
                f"it is planned for: {', '.join(event.platforms)}; add '{obs.platform}' to its "
                "platforms in the plan if it should be sent from here")
            return
        yield from self._identity(obs, event)
        yield from self._properties(obs, event)

    def _unknown_event(self, obs: EventObservation) -> Diagnostic:
        name = obs.name or ""
        close = self._event_hints.get(name, lambda: _suggest(self._event_names, name))
        hint = f"did you mean '{close[0]}'?" if close else (
            "add the event to the tracking plan, or fix its name")
        replacement = (Replacement("event-name", close[0])
                       if close and normalise_name(close[0]) == normalise_name(name) else None)
        return self._at_name(obs, _UNKNOWN_EVENT, {"event": name},
                        hint, replacement=replacement)

    def _retired(self, obs: EventObservation, event: Event, rule: Rule) -> Diagnostic:
        successor = event.replaced_by
        hint = (f"send '{successor}' instead" if successor
                else "stop sending it, or mark it active in the plan")
        replacement = (Replacement("event-name", successor)
                       if successor and self._is_active(successor) else None)
        return self._at_name(obs, rule, {"event": event.name},
                        hint, replacement=replacement)

    def _is_active(self, name: str) -> bool:
        event = self.plan.event(name)
        return event is not None and event.status == "active"

    def _identity(self, obs: EventObservation, event: Event) -> Iterator[Diagnostic]:
        if event.identity != "required" or obs.user_id is UNKNOWN:
            return
        if obs.user_id is None or (isinstance(obs.user_id, str) and not obs.user_id.strip()):
            shown = "None" if obs.user_id is None else repr(obs.user_id)
            yield self._at(
                obs, obs.identity_origin or obs.origin, _MISSING_IDENTITY,
                {"event": event.name, "user_id": shown},
                "pass the signed-in user's id; the plan marks this event identity: required")

    # -- property level ----------------------------------------------------
    def _planned_properties(self, event_name: str, platform: str) -> Mapping[str, Property]:
        event = self.plan.events[event_name]
        return {p.name: p for p in self.plan.properties_for(event, platform)}

    def _required_properties(self, event_name: str, platform: str) -> tuple[Property, ...]:
        return tuple(prop for prop in self._planned(event_name, platform).values()
                     if prop.is_required(platform))

    def _properties(self, obs: EventObservation, event: Event) -> Iterator[Diagnostic]:
        platform = obs.platform
        planned = self._planned(event.name, platform)
        # The values that meet their schema are waved through by the fast path's
        # predicates (fetched at the first planned key: the fast path's own probe of
        # an event, with no properties, must not ask for them while it builds);
        # jsonschema runs only on the others, for their messages.
        checks: Mapping[str, Any] | None = None
        reserved = self._reserved_keys(obs.sdk)
        extra = event.additional_properties
        misspelled: set[str] = set()
        suggestions = _SUGGESTIONS_PER_EVENT
        properties = obs.properties
        for key, value in properties.items():
            prop = planned.get(key)
            if prop is None:
                if extra:
                    continue
                known = reserved.get(key)
                if known is None:
                    known = self._is_reserved(reserved, key, obs.sdk)
                if not known:
                    suggestions -= 1
                    unplanned = self._unplanned(obs, event, key, suggestions >= 0)
                    if unplanned.replacement is not None:
                        misspelled.add(unplanned.replacement.text)
                    yield unplanned
                continue
            if value is UNKNOWN:
                continue
            if checks is None:
                fast = self._fast_path
                checks = fast.value_checks(event.name, platform) if fast is not None else {}
            check = checks.get(key)
            if check is None or not check(value):
                yield from self._value(obs, event, prop, key, value)
        if obs.keys_complete:
            for prop in self._required(event.name, platform):
                # A required key sent misspelled ("refundAmount") is one mistake, already
                # reported with its fix as unplanned; "missing" would say it twice.
                if prop.name not in properties and prop.name not in misspelled:
                    yield self._at(
                        obs, obs.origin, _MISSING_PROPERTY,
                        {"event": event.name, "property": prop.name},
                        _describe_expected(prop), pointer=f"{obs.origin.pointer}")

    def _reserved_keys(self, sdk: str | None) -> dict[str, bool]:
        """Which keys are the SDK's own (see :func:`is_reserved_property`), as found so far."""
        found = self._reserved.get(sdk)
        if found is None:
            found = self._reserved.setdefault(sdk, {})
        return found

    @staticmethod
    def _is_reserved(known: dict[str, bool], key: str, sdk: str | None) -> bool:
        """:func:`is_reserved_property`, remembered (a capture repeats a few keys)."""
        reserved = is_reserved_property(key, sdk)
        if len(known) < _REMEMBERED_KEYS and type(key) is str:
            known[key] = reserved
        return reserved

    def _property_suggester(self, event_name: str, platform: str) -> Suggester:
        return Suggester(self._planned(event_name, platform))

    def _unplanned(self, obs: EventObservation, event: Event, key: str,
                   suggest: bool) -> Diagnostic:
        """TL206, with a did-you-mean while the event's budget of suggestions lasts.

        Suggestions are remembered per event x platform x key: a capture repeats
        the same few wrong keys, and each one costs a fuzzy match otherwise.
        """
        close: list[str] = []
        if suggest:
            names = self._property_names(event.name, obs.platform)
            close = self._property_hints.get((event.name, obs.platform, key),
                                             lambda: _suggest(names, key))
        hint = (f"did you mean '{close[0]}'?" if close
                else "add the property to the event in the plan, or stop sending it")
        replacement = (Replacement("property-key", close[0], key)
                       if close and normalise_name(close[0]) == normalise_name(key) else None)
        return self._at(obs, obs.property_origins.get(key, obs.origin), _UNPLANNED_PROPERTY,
                        {"property": key, "event": event.name}, hint,
                        pointer=_pointer(obs.origin.pointer, key), replacement=replacement)

    def _keyword_checks(self, event_name: str, platform: str, key: str) -> KeywordChecks | None:
        prop = self._planned(event_name, platform)[key]
        event = self.plan.events[event_name]
        return keyword_checks(property_schema(prop, platform, event.additional_properties))

    def _value_validator(self, event_name: str, platform: str, key: str) -> Any:
        prop = self._planned(event_name, platform)[key]
        event = self.plan.events[event_name]
        return make_validator(property_schema(prop, platform, event.additional_properties))

    def _value(self, obs: EventObservation, event: Event, prop: Property, key: str,
               value: Any) -> Iterator[Diagnostic]:
        """The problems of one value the fast path did not accept.

        With the fast path, a scalar against a schema of plain keywords is
        explained from the first keyword it breaks (what jsonschema's best match
        would be); everything else, and everything without the fast path, by
        jsonschema.
        """
        plain = self._keywords(event.name, obs.platform, key) if self._fast_path else None
        if plain is not None:
            found = plain.first_failure(value)
            if found is not None:
                keyword, limit = found
                problem = _explain_keyword(keyword, limit, value, None, False, key, event.name,
                                           key)
                origin = obs.value_origins.get(key) or obs.property_origins.get(key, obs.origin)
                yield self._at(obs, origin, problem.rule, problem.args, problem.hint,
                               pointer=_pointer(obs.origin.pointer, key),
                               replacement=problem.replacement, variant=problem.variant)
                return
        validator = self._validator(event.name, obs.platform, key)
        errors = list(validator.iter_errors(value))
        if not errors:
            return
        by_path: dict[tuple[Any, ...], list[ValidationError]] = {}
        for error in errors:
            by_path.setdefault(tuple(error.absolute_path), []).append(error)
        for path, group in by_path.items():
            error = best_match(group)
            if error is None:
                continue
            yield self._value_problem(obs, event, prop, key, path, error)

    def _value_problem(self, obs: EventObservation, event: Event, prop: Property, key: str,
                       path: tuple[Any, ...], error: ValidationError) -> Diagnostic:
        where = key + "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in path)
        origin = obs.value_origins.get(key) or obs.property_origins.get(key, obs.origin)
        pointer = _pointer(obs.origin.pointer, key, *path)
        problem = _explain(error, where, event.name, key)
        return self._at(obs, origin, problem.rule, problem.args, problem.hint, pointer=pointer,
                        replacement=problem.replacement, variant=problem.variant)

    # -- helpers -----------------------------------------------------------
    def _at_name(self, obs: EventObservation, rule: Rule, args: Mapping[str, Any],
                 hint: str | None = None, **kwargs: Any) -> Diagnostic:
        """A diagnostic about the event itself: at the name in the source, and in a
        payload at the name's field (``/event``), not at its properties."""
        return self._at(obs, obs.name_origin or obs.origin, rule, args, hint,
                        pointer=event_name_pointer(obs.origin.pointer, obs.sdk), **kwargs)

    def _at(self, obs: EventObservation, origin: Origin, rule: Rule, args: Mapping[str, Any],
            hint: str | None = None, *, pointer: str | None = None,
            replacement: Replacement | None = None, variant: str = "default") -> Diagnostic:
        return rule.build(
            variant, args=args, hint=hint, path=origin.path, line=origin.line,
            column=origin.column, end_line=origin.end_line, end_column=origin.end_column,
            event=obs.name, platform=obs.platform,
            pointer=pointer if pointer is not None else (obs.origin.pointer or None),
            source_line=origin.source_line, replacement=replacement)


# Unplanned keys of one event that get a did-you-mean; the others get the plain hint,
# so an event with thousands of unplanned keys costs no more than a few fuzzy matches.
_SUGGESTIONS_PER_EVENT = 16
# Names longer than this are only matched after normalising, never fuzzily: a fuzzy
# match costs time in the product of the lengths.
_FUZZY_LENGTH = 100
# Suggestions remembered per checker; past this, the oldest are forgotten.
_REMEMBERED_SUGGESTIONS = 4096
# Keys remembered per SDK as reserved or not; past this, the others are worked out again.
_REMEMBERED_KEYS = 4096


def _never(name: str, platform: str, properties: dict[str, Any], user_id: Any,
           sdk: str | None) -> bool:
    return False


def _suggest(suggester: Suggester, name: str) -> list[str]:
    """``suggester.suggest(name)``, fuzzily only for a name of a plausible length."""
    if len(name) > _FUZZY_LENGTH:
        return suggester.exact(name)
    return suggester.suggest(name)


class _BoundedCache:
    """A dict of computed answers that forgets its oldest entries past a size (thread-safe)."""

    def __init__(self, size: int = _REMEMBERED_SUGGESTIONS) -> None:
        self._size = size
        self._answers: dict[Any, list[str]] = {}

    def get(self, key: Any, compute: Callable[[], list[str]]) -> list[str]:
        found = self._answers.get(key)
        if found is None:
            found = compute()
            if len(self._answers) >= self._size:
                # Another thread may get there first: the size is a bound, not exact.
                with contextlib.suppress(StopIteration, KeyError, RuntimeError):
                    del self._answers[next(iter(self._answers))]
            self._answers[key] = found
        return found


_UNKNOWN_EVENT = RULES["TL201"]
_WRONG_PLATFORM = RULES["TL202"]
_DEPRECATED = RULES["TL203"]
_REMOVED = RULES["TL204"]
_MISSING_PROPERTY = RULES["TL205"]
_UNPLANNED_PROPERTY = RULES["TL206"]
_WRONG_TYPE = RULES["TL207"]
_NOT_IN_ENUM = RULES["TL208"]
_CONSTRAINT = RULES["TL209"]
_MISSING_IDENTITY = RULES["TL210"]
_DYNAMIC_NAME = RULES["TL211"]
_UNPLANNED_PATTERN = RULES["TL213"]


@dataclass(frozen=True, slots=True)
class _ValueProblem:
    """One value error in the catalogue's terms: which rule, which message, which fix."""

    rule: Rule
    args: Mapping[str, Any]
    hint: str | None = None
    variant: str = "default"
    replacement: Replacement | None = None


def _explain(error: ValidationError, where: str, event: str, key: str) -> _ValueProblem:
    """The rule, message arguments, hint and fix data for one value error."""
    return _explain_keyword(str(error.validator), error.validator_value, error.instance,
                            str(error.message), bool(error.absolute_path), where, event, key)


def _explain_keyword(keyword: str, limit: Any, value: Any, message: str | None, nested: bool,
                     where: str, event: str, key: str) -> _ValueProblem:
    """:func:`_explain` from the failing keyword, its value in the schema and jsonschema's
    message: kept for what the catalogue has no words for, and for a pattern that could not
    run.  ``message`` is None for a keyword found by the fast path, which ran as written."""
    subject = f"'{where}' of event '{event}'"
    if keyword == "type":
        actual = describe_type(json_type(value))
        if isinstance(value, float) and not math.isfinite(value):
            actual = "NaN or Infinity, which JSON cannot carry:"
        return _ValueProblem(_WRONG_TYPE, {
            "subject": subject, "expected": describe_type(limit),
            "actual": actual, "value": _short(value)},
            _type_hint(value, limit))
    if keyword == "enum":
        options = list(limit)
        close = [o for o in options if isinstance(o, str) and isinstance(value, str)
                 and o.casefold() == value.casefold()]
        suggestion = close[0] if close else _closest(value, options)
        replacement = (Replacement("property-value", close[0], key)
                       if close and not nested else None)
        hint = (f"did you mean {suggestion!r}?" if suggestion is not None
                else f"allowed: {', '.join(repr(o) for o in options)}")
        return _ValueProblem(_NOT_IN_ENUM, {
            "subject": subject, "value": _short(value),
            "allowed": ", ".join(repr(o) for o in options)}, hint, replacement=replacement)
    if keyword == "required":
        return _ValueProblem(_MISSING_PROPERTY, {"subject": subject, "detail": message},
                             variant="nested")
    if keyword == "additionalProperties":
        return _ValueProblem(_UNPLANNED_PROPERTY, {"subject": subject, "detail": message},
                             variant="nested")
    return _ValueProblem(_CONSTRAINT, {"subject": subject, "value": _short(value),
                                       "constraint": _constraint_words(keyword, limit, message)})


def _constraint_words(keyword: str, limit: Any, message: str | None) -> str:
    if keyword == "pattern" and message is not None and not message.endswith(
            f"match {limit!r}"):
        return message  # the pattern was not run: too long, or invalid
    words = {
        "pattern": f"it must match the pattern {limit!r}",
        "minLength": f"it must be at least {limit} characters long",
        "maxLength": f"it must be at most {limit} characters long",
        "minimum": f"it must be at least {limit}",
        "maximum": f"it must be at most {limit}",
        "exclusiveMinimum": f"it must be greater than {limit}",
        "exclusiveMaximum": f"it must be less than {limit}",
        "minItems": f"it must have at least {limit} items",
        "maxItems": f"it must have at most {limit} items",
        "format": f"it must be a valid {limit}",
    }
    return words.get(keyword, message or keyword)


def _closest(value: Any, options: list[Any]) -> Any:
    if not isinstance(value, str):
        return None
    names = [o for o in options if isinstance(o, str)]
    found = Suggester(names).suggest(value)
    return found[0] if found else None


def _type_hint(value: Any, expected: Any) -> str | None:
    wanted = expected if isinstance(expected, list) else [expected]
    if isinstance(value, float) and not math.isfinite(value):
        return "the vendors reject NaN and Infinity; send null or leave the property out"
    if isinstance(value, str) and ("number" in wanted or "integer" in wanted):
        try:
            float(value)
        except ValueError:
            return None
        return f"send {value} as a number, not as text"
    if isinstance(value, int | float) and not isinstance(value, bool) and "string" in wanted:
        return f"send '{value}' as text"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe_expected(prop: Property) -> str:
    text = f"it is {describe_type(prop.type)}"
    if prop.enum:
        text += f", one of {', '.join(repr(v) for v in prop.enum)}"
    if prop.description:
        text += f" ({prop.description})"
    return text


def _pointer(base: str, *parts: Any) -> str:
    return base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
