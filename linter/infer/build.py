"""From collected evidence to an :class:`~linter.infer.model.InferredPlan`.

Decisions made here, beyond the type of each value (:mod:`linter.infer.types`):

* which platforms each event was seen on, and the plan's platforms (a payload
  that names no platform places no event);
* ``required``: a property present in every occurrence of its event on a
  platform is required there (``true`` when on every platform of the event, the
  list of platforms when they differ);
* properties only ever sent under a name the SDK owns (``$os``, ``mp_lib``...)
  are left out, as the validator ignores them too;
* a property name used by several events is defined once under
  ``properties:`` from the evidence of all of them and referenced with
  ``ref``, because plan lint requires one name to mean one thing (TL103);
* naming conventions, only when every name already follows one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Final

from linter.infer.evidence import EventEvidence, Evidence, InferLimits, PropertyEvidence
from linter.infer.model import InferredEvent, InferredPlan, InferredProperty, Required
from linter.infer.naming import detect_naming
from linter.infer.types import describe_value, thin_comment
from linter.payloads.platforms import PLATFORMS, UNKNOWN_PLATFORM

VERSION: Final = "0.1.0"


def build_plan(evidence: Evidence) -> InferredPlan:
    """The starting plan that the evidence supports, with comments where it is thin."""
    limits = evidence.limits
    platforms = plan_platforms(evidence.events.values())
    usage = _usage(evidence.events.values())
    shared_names = sorted(name for name, props in usage.items() if len(props) > 1)
    shared = tuple(_shared(name, usage[name], limits) for name in shared_names)
    events = tuple(_event(evidence.events[name], platforms, set(shared_names), limits)
                   for name in sorted(evidence.events))
    plan = InferredPlan(events=events, platforms=platforms, shared=shared,
                        version=VERSION, description=_plan_description(evidence),
                        comments=_header(evidence))
    return replace(plan, naming=detect_naming(plan))


def order_platforms(names: Iterable[str]) -> tuple[str, ...]:
    """The usual platforms in their usual order (web, ios, android, server), then the others."""
    known = {name: index for index, name in enumerate(PLATFORMS)}
    return tuple(sorted(set(names), key=lambda p: (known.get(p, len(known)), p)))


def event_platforms(event: EventEvidence) -> tuple[str, ...]:
    """The platforms an event was sent from; payloads that name none place it nowhere."""
    seen = set(event.events) | set(event.calls)
    seen.discard(UNKNOWN_PLATFORM)
    return order_platforms(seen)


def plan_platforms(events: Iterable[EventEvidence]) -> tuple[str, ...]:
    return order_platforms(p for event in events for p in event_platforms(event))


def is_planned(prop: PropertyEvidence) -> bool:
    """False for a key only ever sent under a name the SDK owns: it is not the plan's."""
    return prop.count > prop.reserved


def _usage(events: Iterable[EventEvidence]) -> dict[str, list[PropertyEvidence]]:
    usage: dict[str, list[PropertyEvidence]] = {}
    for event in events:
        for key, prop in event.body.properties.items():
            if is_planned(prop):
                usage.setdefault(key, []).append(prop)
    return usage


def _shared(name: str, props: list[PropertyEvidence], limits: InferLimits) -> InferredProperty:
    """One definition from the evidence of every event that sends the property."""
    merged = PropertyEvidence(limits, 0)
    for prop in props:
        merged.merge(prop)
    return describe_value(name, merged.value, limits)


def required_on(prop: PropertyEvidence, event: EventEvidence,
                platforms: tuple[str, ...]) -> Required:
    """``True`` if always present on every platform, else the platforms where it always was."""
    occurrences = event.body.occurrences
    where = tuple(p for p in platforms
                  if occurrences.get(p, 0) > 0 and prop.present.get(p, 0) == occurrences[p])
    if not where:
        return False
    return True if where == platforms else where


def _event(event: EventEvidence, plan_platforms: tuple[str, ...], shared: set[str],
           limits: InferLimits) -> InferredEvent:
    platforms = event_platforms(event)
    properties = []
    for key in sorted(event.body.properties):
        prop = event.body.properties[key]
        if not is_planned(prop):
            continue
        required = required_on(prop, event, platforms)
        thin = thin_comment(prop.count, event.body.count, limits)
        if key in shared:
            properties.append(InferredProperty(key, ref=key, required=required, comments=thin))
        else:
            described = describe_value(key, prop.value, limits)
            properties.append(replace(described, required=required,
                                      comments=thin + described.comments))
    overflow = event.body.overflow > 0
    return InferredEvent(
        name=event.name,
        description=describe_event(event),
        platforms=None if not platforms or set(platforms) == set(plan_platforms) else platforms,
        properties=tuple(properties),
        additional_properties=True if overflow else None,
        comments=_event_comments(event, limits))


def describe_event(event: EventEvidence) -> str:
    """A neutral description that says what the event was inferred from, and where."""
    return _inferred_from(event.events, event.calls)


def _inferred_from(events: Mapping[str, int], calls: Mapping[str, int]) -> str:
    """``Inferred from 40 captured events (web, ios) and 2 tracking calls in code (server)``."""
    parts = []
    for counts, noun, suffix in ((events, "captured event", ""),
                                 (calls, "tracking call", " in code")):
        total = sum(counts.values())
        if total:
            where = order_platforms(p for p in counts if p != UNKNOWN_PLATFORM)
            shown = f" ({', '.join(where)})" if where else ""
            parts.append(_count(total, noun) + suffix + shown)
    return "Inferred from " + (" and ".join(parts) if parts else "no events")


def _event_comments(event: EventEvidence, limits: InferLimits) -> tuple[str, ...]:
    comments = []
    captured = sum(event.events.values())
    if 0 < captured < limits.thin:
        comments.append(f"seen {_count(captured, 'time')}")
    calls = sum(event.calls.values())
    if event.locations:
        more = calls - len(event.locations)
        comments.append("sent at " + ", ".join(event.locations)
                        + (f" and {more} more" if more > 0 else ""))
    if event.open_calls:
        comments.append(f"{_count(event.open_calls, 'call')} pass properties that cannot be "
                        "listed statically: more keys may be sent")
    unplaced = event.events.get(UNKNOWN_PLATFORM, 0)
    if unplaced:
        comments.append(f"{_count(unplaced, 'captured event')} named no platform "
                        "(pass --payload-platform to place them)")
    if event.body.overflow:
        comments.append(f"properties beyond the first {limits.max_properties} or with an "
                        "empty name: allowed, not listed")
    return tuple(comments)


def _plan_description(evidence: Evidence) -> str:
    events: dict[str, int] = {}
    calls: dict[str, int] = {}
    for event in evidence.events.values():
        for platform, count in event.events.items():
            events[platform] = events.get(platform, 0) + count
        for platform, count in event.calls.items():
            calls[platform] = calls.get(platform, 0) + count
    return _inferred_from(events, calls)


def _header(evidence: Evidence) -> tuple[str, ...]:
    lines = [
        "A starting tracking plan inferred by 'tracklint infer'.",
        "Types, enums and required flags say only what was seen: review each event,",
        "describe it, and tighten what the evidence could not tell.",
    ]
    if evidence.dynamic_count:
        lines.append(f"Skipped {_count(evidence.dynamic_count, 'tracking call')} with a "
                     "dynamic event name: " + ", ".join(evidence.dynamic_calls)
                     + (" ..." if evidence.dynamic_count > len(evidence.dynamic_calls) else ""))
    if evidence.overflow_events:
        lines.append(f"Skipped {_count(evidence.overflow_events, 'event')} beyond the first "
                     f"{evidence.limits.max_events:,} event names.")
    if evidence.unnamed:
        lines.append(f"Skipped {_count(evidence.unnamed, 'event')} with an empty name, or "
                     "half of a character (a lone surrogate) in it, which a plan cannot hold.")
    return tuple(lines)


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


__all__ = ["VERSION", "build_plan", "describe_event", "event_platforms", "is_planned",
           "order_platforms", "plan_platforms", "required_on"]
