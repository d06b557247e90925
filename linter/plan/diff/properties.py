"""Properties: added, removed, and every attribute of one property, nested ones included."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from linter.plan.diff.model import PlanChange, Value, _addition, _breaking, _informational
from linter.plan.diff.wording import _platform_list, _show, _values
from linter.plan.model import Property, Scalar


@dataclass(frozen=True, slots=True)
class _Site:
    """Where a set of properties lives: its event, and the platforms it exists on.

    ``old_platforms`` are the platforms that already send the container (the
    event, or the enclosing object) under the old plan; ``*_extra`` is the
    ``additional_properties`` default that nested objects inherit.
    """

    event: str | None
    old_platforms: frozenset[str]
    new_platforms: frozenset[str]
    old_extra: bool
    new_extra: bool

    def subject(self, path: str) -> str:
        if self.event is None:
            return f"global property '{path}'"
        return f"property '{path}' of event '{self.event}'"


def _property_set(old: Sequence[Property], new: Sequence[Property], site: _Site,
                  prefix: str) -> Iterator[PlanChange]:
    after = {prop.name: prop for prop in new}
    for prop in old:
        path = prefix + prop.name
        counterpart = after.get(prop.name)
        if counterpart is None:
            yield _breaking("property-removed", f"{site.subject(path)} was removed",
                            event=site.event, property=path, position=prop.position)
        else:
            yield from _property_changes(prop, counterpart, site, path)
    before = {prop.name for prop in old}
    for prop in new:
        if prop.name not in before:
            yield _property_added(prop, site, prefix + prop.name)


def _property_added(prop: Property, site: _Site, path: str) -> PlanChange:
    """A new property breaks senders only where it is required and the event is already sent."""
    required = sorted(prop.required_on & _scope(prop, site.new_platforms) & site.old_platforms)
    fields: dict[str, Any] = {"event": site.event, "property": path, "position": prop.position}
    if required:
        return _breaking("property-added",
                         f"{site.subject(path)} was added as required on "
                         f"{_platform_list(required)}", new=tuple(required), **fields)
    return _addition("property-added", f"{site.subject(path)} was added", **fields)


def _scope(prop: Property, container: frozenset[str]) -> frozenset[str]:
    """The platforms on which a property exists: its container's, narrowed by its own list."""
    return container if prop.platforms is None else container & prop.platforms


def _property_changes(old: Property, new: Property, site: _Site,
                      path: str) -> Iterator[PlanChange]:
    subject = site.subject(path)
    fields: dict[str, Any] = {"event": site.event, "property": path, "position": new.position}
    old_scope, new_scope = _scope(old, site.old_platforms), _scope(new, site.new_platforms)
    yield from _property_platforms(old_scope, new_scope, site, subject, fields)
    yield from _required(old.required_on & old_scope, new.required_on & new_scope, site,
                         new_scope, subject, fields)
    yield from _deprecation_and_description(old, new, subject, fields)
    if old.type != new.type:
        yield _breaking("type-changed",
                        f"{subject} changed type from {old.type} to {new.type}",
                        attribute="type", old=old.type, new=new.type, **fields)
        return
    yield from _enum(old.enum, new.enum, subject, fields)
    yield from _bounds(old, new, subject, fields)
    yield from _matching(old, new, subject, fields)
    yield from _nullable(old.nullable, new.nullable, subject, fields)
    old_extra, new_extra = (_effective_extra(old, site.old_extra),
                            _effective_extra(new, site.new_extra))
    yield from _additional_properties(old_extra, new_extra, subject, **fields)
    yield from _nested(old, new, site, old_scope, new_scope, (old_extra, new_extra), path)


def _property_platforms(old_scope: frozenset[str], new_scope: frozenset[str], site: _Site,
                        subject: str, fields: dict[str, Any]) -> Iterator[PlanChange]:
    # Only platforms the container exists on in both plans: an event taken off (or
    # put on) a platform is reported once, for the event.
    for platform in sorted((old_scope - new_scope) & site.new_platforms):
        yield _breaking("property-platform-removed",
                        f"{subject} was taken off platform '{platform}'", platform=platform,
                        **fields)
    for platform in sorted((new_scope - old_scope) & site.old_platforms):
        yield _addition("property-platform-added",
                        f"{subject} was added on platform '{platform}'", platform=platform,
                        **fields)


def _required(old: frozenset[str], new: frozenset[str], site: _Site, new_scope: frozenset[str],
              subject: str, fields: dict[str, Any]) -> Iterator[PlanChange]:
    # One change per property, not per platform: ``required: true`` covers them all.
    # ``old``/``new`` are the platforms it is required on; ``platform`` is set when
    # exactly one platform changed.
    values: dict[str, Any] = {"attribute": "required", "old": tuple(sorted(old)),
                              "new": tuple(sorted(new)), **fields}
    made_required = sorted((new - old) & site.old_platforms)
    if made_required:
        yield _breaking("property-required",
                        f"{subject} is now required on {_platform_list(made_required)}",
                        platform=_single(made_required), **values)
    made_optional = sorted((old - new) & new_scope)
    if made_optional:
        yield _addition("property-optional",
                        f"{subject} is now optional on {_platform_list(made_optional)}",
                        platform=_single(made_optional), **values)


def _single(platforms: Sequence[str]) -> str | None:
    return platforms[0] if len(platforms) == 1 else None


def _deprecation_and_description(old: Property, new: Property, subject: str,
                                 fields: dict[str, Any]) -> Iterator[PlanChange]:
    if old.deprecated != new.deprecated:
        kind, text = (("property-deprecated", "is deprecated") if new.deprecated
                      else ("property-undeprecated", "is no longer deprecated"))
        yield _addition(kind, f"{subject} {text}", attribute="deprecated",
                        old=old.deprecated, new=new.deprecated, **fields)
    if old.description != new.description:
        yield _informational("property-description", f"the description of {subject} changed",
                             attribute="description", old=old.description,
                             new=new.description, **fields)


def _enum(old: tuple[Scalar, ...] | None, new: tuple[Scalar, ...] | None, subject: str,
          fields: dict[str, Any]) -> Iterator[PlanChange]:
    if old is None and new is None:
        return
    if old is None:
        yield _breaking("enum-narrowed", f"{subject} is now limited to {_values(new or ())}",
                        attribute="enum", old=None, new=new, **fields)
        return
    if new is None:
        yield _addition("enum-widened", f"{subject} is no longer limited to a list of values",
                        attribute="enum", old=old, new=None, **fields)
        return
    kept = {_enum_key(value) for value in new}
    removed = tuple(value for value in old if _enum_key(value) not in kept)
    known = {_enum_key(value) for value in old}
    added = tuple(value for value in new if _enum_key(value) not in known)
    if removed:
        yield _breaking("enum-narrowed", f"{subject} no longer accepts {_values(removed)}",
                        attribute="enum", old=old, new=new, **fields)
    if added:
        yield _addition("enum-widened", f"{subject} now also accepts {_values(added)}",
                        attribute="enum", old=old, new=new, **fields)


def _enum_key(value: Scalar) -> tuple[str, Scalar]:
    """Compare enum values as JSON does: ``1`` equals ``1.0`` but never ``true``."""
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", float(value))
    return ("string", value)


# (attribute, True when raising the value tightens the constraint)
_BOUNDS = (("minimum", True), ("maximum", False), ("min_length", True),
           ("max_length", False), ("min_items", True), ("max_items", False))


def _bounds(old: Property, new: Property, subject: str,
            fields: dict[str, Any]) -> Iterator[PlanChange]:
    for attribute, raising_tightens in _BOUNDS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before == after:
            continue
        label = attribute.replace("_", " ")
        if before is None:
            tightened, text = True, f"{subject} now has a {label} of {_show(after)}"
        elif after is None:
            tightened, text = False, f"{subject} no longer has a {label} (was {_show(before)})"
        else:
            tightened = (after > before) == raising_tightens
            verb = "raised" if after > before else "lowered"
            text = f"the {label} of {subject} was {verb} from {_show(before)} to {_show(after)}"
        yield _constraint(tightened, text, attribute, before, after, fields)


def _matching(old: Property, new: Property, subject: str,
              fields: dict[str, Any]) -> Iterator[PlanChange]:
    """Pattern, format and the raw schema: adding or changing one tightens."""
    for attribute, label in (("pattern", "pattern"), ("format", "format"),
                             ("raw_schema_json", "schema")):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before == after:
            continue
        if before is None:
            text = f"{subject} now has the {label} {_show(after)}"
        elif after is None:
            text = f"{subject} no longer has the {label} {_show(before)}"
        else:
            text = f"the {label} of {subject} changed from {_show(before)} to {_show(after)}"
        yield _constraint(after is not None, text, label, before, after, fields)


def _nullable(old: bool, new: bool, subject: str,
              fields: dict[str, Any]) -> Iterator[PlanChange]:
    if old != new:
        text = f"{subject} now accepts null" if new else f"{subject} no longer accepts null"
        yield _constraint(not new, text, "nullable", old, new, fields)


def _additional_properties(old: bool, new: bool, subject: str,
                           **fields: Any) -> Iterator[PlanChange]:
    if old != new:
        text = (f"{subject} now allows properties the plan does not list" if new
                else f"{subject} no longer allows properties the plan does not list")
        yield _constraint(not new, text, "additional_properties", old, new, fields)


def _constraint(tightened: bool, message: str, attribute: str, old: Value, new: Value,
                fields: dict[str, Any]) -> PlanChange:
    if tightened:
        return _breaking("constraint-tightened", message, attribute=attribute, old=old, new=new,
                         **fields)
    return _addition("constraint-loosened", message, attribute=attribute, old=old, new=new,
                     **fields)


def _effective_extra(prop: Property, inherited: bool) -> bool:
    """Whether a value may carry keys the plan does not list, as the compiled schema says.

    An object that lists its keys follows its container unless it says otherwise;
    anything else is only closed by an explicit ``additional_properties: false``.
    """
    if prop.properties:
        return inherited if prop.additional_properties is None else prop.additional_properties
    return prop.additional_properties is not False


_ANY_ITEMS = Property(name="items")


def _nested(old: Property, new: Property, site: _Site, old_scope: frozenset[str],
            new_scope: frozenset[str], extra: tuple[bool, bool],
            path: str) -> Iterator[PlanChange]:
    """Array items and object properties are compared like top-level properties."""
    if old.items is not None or new.items is not None:
        # Items inherit the array's own default for nested objects, as compiled.
        items_site = replace(site, old_platforms=old_scope, new_platforms=new_scope)
        yield from _property_changes(_as_items(old.items, old), _as_items(new.items, new),
                                     items_site, f"{path}[]")
    if old.properties or new.properties:
        object_site = replace(site, old_platforms=old_scope, new_platforms=new_scope,
                              old_extra=extra[0], new_extra=extra[1])
        yield from _property_set(old.properties, new.properties, object_site, f"{path}.")


def _as_items(items: Property | None, array: Property) -> Property:
    """Missing items accept anything, which is what an 'any' item says.

    Items carry no required or platform setting of their own, so those are cleared.
    """
    if items is None:
        return replace(_ANY_ITEMS, position=array.position)
    return replace(items, required_on=frozenset(), platforms=None)
