"""What each format can hold, and the warning for everything it cannot.

Each exporter declares the plan fields its format carries (natively, or in
labels, tags and metadata); :func:`losses` walks the plan and reports, once per
event, every field set to something other than its default that the format
does not carry: ``not exported to Iglu, event 'Order Completed': owner
'growth'; identity required; property 'price' required only on ios``.  The same
declarations drive the round-trip tests (what survives an export and re-import
is exactly what is declared) and the table of the README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from linter.diagnostics import Diagnostic
from linter.interop.problems import NOT_EXPORTED, Where, diagnostic
from linter.interop.schema_out import required_everywhere, scope_of
from linter.plan.build import DEFAULT_PLATFORMS
from linter.plan.model import Event, Plan, Property

EventTest = Callable[[Event, Plan], str | None]
PropertyTest = Callable[[Property, frozenset[str]], str | None]


def _event_platforms(event: Event, plan: Plan) -> str | None:
    if set(event.platforms) == set(DEFAULT_PLATFORMS):
        return None
    return "platforms " + ", ".join(event.platforms)


#: Event fields, each with what it says when set to something other than its default.
EVENT_FIELDS: dict[str, EventTest] = {
    "description": lambda e, _: "description" if e.description else None,
    "owner": lambda e, _: f"owner '{e.owner}'" if e.owner else None,
    "platforms": _event_platforms,
    "identity": lambda e, _: "identity required" if e.identity == "required" else None,
    "status": lambda e, _: f"status {e.status}" if e.status != "active" else None,
    "replaced_by": lambda e, _: f"replaced_by '{e.replaced_by}'" if e.replaced_by else None,
    "tags": lambda e, _: "tags " + ", ".join(e.tags) if e.tags else None,
    "category": lambda e, _: f"category '{e.category}'" if e.category else None,
    "additional_properties": (lambda e, _: "additional properties allowed"
                              if e.additional_properties else None),
}


def _per_platform(prop: Property, container: frozenset[str]) -> str | None:
    if not prop.required_on or required_everywhere(prop, container):
        return None
    scope = scope_of(prop, container)
    if scope != container and scope <= prop.required_on:
        return None  # said by _own_platforms: "only on ios (required there)"
    platforms = sorted(prop.required_on & scope)
    return "required only on " + ", ".join(platforms) if platforms else None


def _own_platforms(prop: Property, container: frozenset[str]) -> str | None:
    scope = scope_of(prop, container)
    if scope == container:
        return None
    if not scope:
        return "on none of its event's platforms"
    required = " (required there)" if scope <= prop.required_on else ""
    return "only on " + ", ".join(sorted(scope)) + required


def _set(label: str, attribute: str) -> PropertyTest:
    def test(prop: Property, container: frozenset[str]) -> str | None:
        value = getattr(prop, attribute)
        return None if value in (None, False, (), "") else f"{label} {_show(value)}"
    return test


def _show(value: object) -> str:
    if value is True:
        return ""
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


#: Property fields, with what each says when set (``required`` everywhere is
#: carried by every format and is not listed).
PROPERTY_FIELDS: dict[str, PropertyTest] = {
    "description": lambda p, _: "description" if p.description else None,
    "required_per_platform": _per_platform,
    "platforms": _own_platforms,
    "nullable": lambda p, _: "nullable" if p.nullable else None,
    "datetime": lambda p, _: "type datetime" if p.type == "datetime" else None,
    "object": lambda p, _: "nested properties" if p.properties else None,
    "object_type": lambda p, _: "type object" if p.type == "object" else None,
    "array": lambda p, _: "type array" if p.type == "array" else None,
    "item_type": lambda p, _: (f"items of type {p.items.type}" if p.items is not None
                               and p.type == "array" else None),
    "items": lambda p, _: ("item constraints" if p.items is not None and p.type == "array"
                           and _item_details(p.items) else None),
    "enum": _set("enum", "enum"),
    "pattern": _set("pattern", "pattern"),
    "format": _set("format", "format"),
    "minimum": _set("minimum", "minimum"),
    "maximum": _set("maximum", "maximum"),
    "min_length": _set("min_length", "min_length"),
    "max_length": _set("max_length", "max_length"),
    "min_items": _set("min_items", "min_items"),
    "max_items": _set("max_items", "max_items"),
    "additional_properties": (lambda p, _: "additional_properties "
                              f"{str(p.additional_properties).lower()}"
                              if p.additional_properties is not None else None),
    "deprecated": lambda p, _: "deprecated" if p.deprecated else None,
    "schema": lambda p, _: "schema: fragment" if p.raw_schema_json else None,
    "examples": lambda p, _: "examples" if p.examples else None,
}

#: Plan-level settings.  ``platforms`` is the plan's own list: formats that label each
#: event with its platforms still keep every event's, but read back as the default list
#: and any other platform an event names.  Global properties are not listed: a format
#: without them gets them written into every event they apply to, which says the same.
PLAN_FIELDS: dict[str, Callable[[Plan], str | None]] = {
    "version": lambda p: f"version {p.version}" if p.version else None,
    "platforms": (lambda p: "platforms " + ", ".join(p.platforms)
                  if set(p.platforms) != set(DEFAULT_PLATFORMS) else None),
    "description": lambda p: "description" if p.description else None,
    "naming": lambda p: ("naming conventions"
                         if p.naming.events or p.naming.properties else None),
}


@dataclass(frozen=True, slots=True)
class Carries:
    """The fields a format holds, by the names of the tables above."""

    plan: frozenset[str]
    event: frozenset[str]
    property: frozenset[str]

    @classmethod
    def of(cls, plan: str = "", event: str = "", prop: str = "") -> Carries:
        return cls(frozenset(plan.split()), frozenset(event.split()), frozenset(prop.split()))


def losses(plan: Plan, carries: Carries, title: str) -> list[Diagnostic]:
    """One TL604 warning per event (and one for the plan) naming what ``title`` cannot hold."""
    found: list[Diagnostic] = []
    lost = [text for name, test in PLAN_FIELDS.items()
            if name not in carries.plan and (text := test(plan)) is not None]
    if lost:
        found.append(diagnostic(NOT_EXPORTED, f"not exported to {title}: the plan's "
                                f"{_and(lost)}", plan_where(plan),
                                hint=f"{title} has no place for "
                                     f"{'it' if len(lost) == 1 else 'them'}"))
    everywhere = frozenset(plan.platforms)
    globals_lost = [f"'{path}' {text}" for path, text in _property_losses(
        plan.global_properties, everywhere, carries, "")]
    if globals_lost and "global_properties" in carries.plan:
        found.append(diagnostic(NOT_EXPORTED, f"not exported to {title}, global properties: "
                                f"{'; '.join(globals_lost)}", plan_where(plan)))
    for event in plan.events.values():
        parts = [text for name, test in EVENT_FIELDS.items()
                 if name not in carries.event and (text := test(event, plan)) is not None]
        container = frozenset(event.platforms)
        for path, text in _property_losses(event.properties, container, carries, ""):
            parts.append(f"property '{path}' {text}")
        if parts:
            where = event_where(event)
            found.append(diagnostic(
                NOT_EXPORTED, f"not exported to {title}, event '{event.name}': "
                f"{'; '.join(parts)}", where, event=event.name,
                hint=f"{title} has no place for {'it' if len(parts) == 1 else 'them'}"))
    return found


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _property_losses(properties: tuple[Property, ...], container: frozenset[str],
                     carries: Carries, prefix: str) -> Iterator[tuple[str, str]]:
    for prop in properties:
        path = prefix + prop.name
        texts = [text for name, test in PROPERTY_FIELDS.items()
                 if name not in carries.property and (text := test(prop, container)) is not None]
        if texts:
            yield path, ", ".join(texts)
        scope = scope_of(prop, container)
        if "object" in carries.property:
            yield from _property_losses(prop.properties, scope, carries, f"{path}.")
        if prop.items is not None and "items" in carries.property:
            yield from _item_losses(prop.items, scope, carries, f"{path}[]")


def _item_losses(items: Property, container: frozenset[str], carries: Carries,
                 path: str) -> Iterator[tuple[str, str]]:
    """An array's item definition, reported under ``path[]`` (items are never required)."""
    texts = [text for name, test in PROPERTY_FIELDS.items()
             if name not in carries.property and name != "required_per_platform"
             and (text := test(items, container)) is not None]
    if texts:
        yield path, ", ".join(texts)
    if "object" in carries.property:
        yield from _property_losses(items.properties, container, carries, f"{path}.")
    if items.items is not None and "items" in carries.property:
        yield from _item_losses(items.items, container, carries, f"{path}[]")


def _item_details(items: Property) -> bool:
    """Whether an item definition says more than its type (which ``item_type`` covers)."""
    plain = Property(name=items.name, type=items.type, position=items.position)
    return items != plain


def plan_where(plan: Plan) -> Where:
    """Where the plan's settings are written: what a plan-level warning points at."""
    position = plan.position_of("version")
    return Where(position.path, position.line, position.column)


def event_where(event: Event) -> Where:
    """Where an event is defined in the plan: what a warning about it points at."""
    return Where(event.position.path, event.position.line, event.position.column)


def extension_losses(plan: Plan, kept: frozenset[str], title: str) -> list[Diagnostic]:
    """One warning listing the ``x-`` keys that belong to other tools and are not exported."""
    counts: dict[str, int] = {}
    for extensions in _all_extensions(plan):
        for key in extensions:
            if key not in kept:
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return []
    listed = ", ".join(f"{key} ({count})" for key, count in counts.items())
    return [diagnostic(NOT_EXPORTED, f"x- keys are not exported to {title}: {listed}",
                       plan_where(plan), hint="x- keys go to the format they belong to "
                       "(x-segment to Segment...), and stay in the tracklint plan")]


def _all_extensions(plan: Plan) -> Iterator[dict[str, object]]:
    yield dict(plan.extensions)
    for event in plan.events.values():
        yield dict(event.extensions)
        yield from (dict(p.extensions) for p in _walk(event.properties))
    yield from (dict(p.extensions) for p in _walk(plan.global_properties))


def _walk(properties: tuple[Property, ...]) -> Iterator[Property]:
    for prop in properties:
        yield prop
        yield from _walk(prop.properties)
        if prop.items is not None:
            yield from _walk((prop.items,))
