"""Classifying the changes between two versions of a tracking plan.

A plan is a contract between the code that sends events and everyone who reads
them.  In CI, a reviewer needs to know which edits break that contract (a
payload that was valid under the old plan may be refused under the new one, or
something consumers rely on disappears) and which ones keep it, and whether the
plan's declared semantic ``version`` says so.  This module is pure: it compares
two :class:`~linter.plan.model.Plan` values and never reads files or git.

Conventions, chosen so the result does not depend on how the plan is written:

* Properties are compared after ``ref`` resolution, so editing a shared
  definition shows up on every event that uses it; the ``properties:`` section
  itself is not compared (it is not part of any payload).
* Platforms matter: a property made required on a platform the event is newly
  planned for is not breaking (nothing sends it there yet); made required on a
  platform that already sends the event is.
* A type change is breaking even when it widens (``integer`` to ``number``, or to
  ``any``): consumers read the property's type from the plan (warehouse columns,
  typed SDKs).  When the type changes, the rest of the definition is not
  compared, since every payload has to change anyway.
* A changed ``pattern``, ``format`` or raw ``schema`` counts as tightened: whether
  one regular expression accepts everything another one does cannot be decided
  in general, so tracklint is conservative.
"""

from __future__ import annotations

import builtins
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from linter.plan.model import Event, Plan, Property, Scalar
from linter.plan.source import Position

Value = Scalar | tuple[Scalar, ...]


class Classification(str, enum.Enum):
    """Whether a change can break a sender or a consumer of the events."""

    BREAKING = "breaking"
    COMPATIBLE = "compatible"


class Bump(str, enum.Enum):
    """A semantic-version bump, ordered from nothing to major."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return _BUMP_RANK[self]


_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One difference between two plans, with what it means for the version.

    ``kind`` is a stable identifier (``type-changed``, ``enum-narrowed``...) for
    machines; ``message`` is the sentence for people.  ``property`` is a path for
    nested properties (``items[].price``, ``address.city``); ``event`` is ``None``
    for plan-level settings and global properties.  ``attribute`` names the plan
    key that changed (``minimum``, ``pattern``...), when there is one.
    ``position`` is where the element is in the new plan, or in the old one when
    it was removed.
    """

    kind: str
    classification: Classification
    bump: Bump
    message: str
    event: str | None = None
    property: str | None = None
    platform: str | None = None
    attribute: str | None = None
    old: Value = None
    new: Value = None
    position: Position | None = None

    @builtins.property  # the field 'property' shadows the builtin in this class body
    def breaking(self) -> bool:
        return self.classification is Classification.BREAKING

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: tuples become lists, the position is flattened."""
        return {
            "kind": self.kind,
            "classification": self.classification.value,
            "bump": self.bump.value,
            "event": self.event,
            "property": self.property,
            "platform": self.platform,
            "attribute": self.attribute,
            "old": list(self.old) if isinstance(self.old, tuple) else self.old,
            "new": list(self.new) if isinstance(self.new, tuple) else self.new,
            "message": self.message,
            "path": self.position.path if self.position else None,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
        }


def _breaking(kind: str, message: str, **fields: Any) -> PlanChange:
    return PlanChange(kind, Classification.BREAKING, Bump.MAJOR, message, **fields)


def _addition(kind: str, message: str, **fields: Any) -> PlanChange:
    """A compatible change to the contract itself: a minor release."""
    return PlanChange(kind, Classification.COMPATIBLE, Bump.MINOR, message, **fields)


def _informational(kind: str, message: str, **fields: Any) -> PlanChange:
    """Documentation only (descriptions, owners, tags): a patch release."""
    return PlanChange(kind, Classification.COMPATIBLE, Bump.PATCH, message, **fields)


# -- the whole plan ----------------------------------------------------------------


def diff_plans(old: Plan, new: Plan) -> list[PlanChange]:
    """Every change from ``old`` to ``new``: plan settings, global properties, events."""
    return [*_plan_settings(old, new), *_global_properties(old, new), *_events(old, new)]


def _plan_settings(old: Plan, new: Plan) -> Iterator[PlanChange]:
    where = new.position_of("platforms")
    for platform in old.platforms:
        if platform not in new.platforms:
            yield _breaking("platform-removed", f"platform '{platform}' was removed from the plan",
                            platform=platform, old=platform, position=where)
    for platform in new.platforms:
        if platform not in old.platforms:
            yield _addition("platform-added", f"platform '{platform}' was added to the plan",
                            platform=platform, new=platform, position=where)
    for key in ("events", "properties"):
        before, after = getattr(old.naming, key), getattr(new.naming, key)
        if before != after:
            yield _informational(
                "naming-changed",
                f"the naming convention for {key} changed from {_show(before)} to "
                f"{_show(after)}",
                attribute=f"naming.{key}", old=before, new=after,
                position=new.position_of("naming"))


def _global_properties(old: Plan, new: Plan) -> Iterator[PlanChange]:
    """Global properties ride on every event, so they are compared like an event's own."""
    site = _Site(event=None, old_platforms=frozenset(old.platforms),
                 new_platforms=frozenset(new.platforms), old_extra=old.additional_properties,
                 new_extra=new.additional_properties)
    yield from _property_set(old.global_properties, new.global_properties, site, "")


def _events(old: Plan, new: Plan) -> Iterator[PlanChange]:
    for name, before in old.events.items():
        after = new.events.get(name)
        if after is not None:
            yield from _event_changes(before, after)
        elif before.status == "removed":
            yield _informational(
                "event-removed", f"event '{name}', already marked removed, was deleted "
                "from the plan", event=name, position=before.position)
        else:
            yield _breaking("event-removed", f"event '{name}' was removed", event=name,
                            position=before.position)
    for name, after in new.events.items():
        if name not in old.events:
            yield _addition("event-added", f"event '{name}' was added", event=name,
                            position=after.position)


# -- one event ---------------------------------------------------------------------


def _event_changes(old: Event, new: Event) -> Iterator[PlanChange]:
    status = list(_status(old, new))
    yield from status
    if old.status == "removed" or new.status == "removed":
        # A retired or restored event is one change; its details are not a contract.
        if not status:
            yield from _event_documentation(old, new)
        return
    yield from _replacement(old, new)
    yield from _identity(old, new)
    yield from _event_platforms(old, new)
    yield from _additional_properties(
        old.additional_properties, new.additional_properties, f"event '{new.name}'",
        event=new.name, position=new.position)
    yield from _event_documentation(old, new)
    site = _Site(event=new.name, old_platforms=frozenset(old.platforms),
                 new_platforms=frozenset(new.platforms), old_extra=old.additional_properties,
                 new_extra=new.additional_properties)
    yield from _property_set(old.properties, new.properties, site, "")


def _status(old: Event, new: Event) -> Iterator[PlanChange]:
    name, where = new.name, new.position
    fields: dict[str, Any] = {"event": name, "attribute": "status", "old": old.status,
                              "new": new.status, "position": where}
    if old.status == new.status:
        return
    if new.status == "removed":
        yield _breaking("event-retired", f"event '{name}' is now marked removed", **fields)
    elif old.status == "removed":
        yield _addition("event-restored", f"event '{name}' is back ({new.status})", **fields)
    elif new.status == "deprecated":
        replacement = f" in favour of '{new.replaced_by}'" if new.replaced_by else ""
        yield _addition("event-deprecated", f"event '{name}' is deprecated{replacement}",
                        **fields)
    else:
        yield _addition("event-undeprecated", f"event '{name}' is no longer deprecated",
                        **fields)


def _replacement(old: Event, new: Event) -> Iterator[PlanChange]:
    if old.replaced_by == new.replaced_by:
        return
    fields: dict[str, Any] = {"event": new.name, "attribute": "replaced_by",
                              "old": old.replaced_by, "new": new.replaced_by,
                              "position": new.position}
    if new.replaced_by is None:
        yield _informational("event-replacement",
                             f"event '{new.name}' no longer names a replacement", **fields)
    else:
        yield _addition("event-replacement",
                        f"event '{new.name}' is replaced by '{new.replaced_by}'", **fields)


def _identity(old: Event, new: Event) -> Iterator[PlanChange]:
    fields: dict[str, Any] = {"event": new.name, "attribute": "identity", "old": old.identity,
                              "new": new.identity, "position": new.position}
    if old.identity == "optional" and new.identity == "required":
        yield _breaking("identity-required",
                        f"event '{new.name}' now requires an identified user", **fields)
    elif old.identity == "required" and new.identity == "optional":
        yield _addition("identity-optional",
                        f"event '{new.name}' no longer requires an identified user", **fields)


def _event_platforms(old: Event, new: Event) -> Iterator[PlanChange]:
    for platform in old.platforms:
        if platform not in new.platforms:
            yield _breaking("event-platform-removed",
                            f"event '{new.name}' was taken off platform '{platform}'",
                            event=new.name, platform=platform, position=new.position)
    for platform in new.platforms:
        if platform not in old.platforms:
            yield _addition("event-platform-added",
                            f"event '{new.name}' was added on platform '{platform}'",
                            event=new.name, platform=platform, position=new.position)


def _event_documentation(old: Event, new: Event) -> Iterator[PlanChange]:
    for attribute in ("description", "owner", "tags"):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            yield _informational(
                f"event-{attribute}", f"the {attribute} of event '{new.name}' changed",
                event=new.name, attribute=attribute, old=before, new=after,
                position=new.position)


# -- properties --------------------------------------------------------------------


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


# -- versions ----------------------------------------------------------------------


def suggest_bump(changes: Iterable[PlanChange]) -> Bump:
    """The semver bump the changes call for: the largest one any change needs."""
    return max((change.bump for change in changes), key=lambda bump: bump.rank,
               default=Bump.NONE)


_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                     r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")

Version = tuple[int, int, int]


def parse_version(text: str | None) -> Version | None:
    """MAJOR.MINOR.PATCH of a semantic version; pre-release and build parts are ignored."""
    match = _SEMVER.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def declared_bump(old: Version, new: Version) -> Bump | None:
    """The bump from ``old`` to ``new``; ``None`` when the version went down."""
    if new == old:
        return Bump.NONE
    if new < old:
        return None
    if new[0] != old[0]:
        return Bump.MAJOR
    return Bump.MINOR if new[1] != old[1] else Bump.PATCH


def next_version(old: Version, bump: Bump) -> Version:
    if bump is Bump.MAJOR:
        return (old[0] + 1, 0, 0)
    if bump is Bump.MINOR:
        return (old[0], old[1] + 1, 0)
    if bump is Bump.PATCH:
        return (old[0], old[1], old[2] + 1)
    return old


@dataclass(frozen=True, slots=True)
class VersionVerdict:
    """Whether the declared version change is enough for the changes.

    ``required`` is the smallest bump CI accepts (only breaking changes require
    one); ``suggested`` is what semver recommends for all the changes;
    ``declared`` is the bump between the two declared versions (``None`` when a
    version is missing or went down); ``expected_version`` is the new version
    the suggestion leads to from the old one.
    """

    ok: bool
    suggested: Bump
    required: Bump
    declared: Bump | None
    old_version: str | None
    new_version: str | None
    expected_version: str | None
    message: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "suggested_bump": self.suggested.value,
            "required_bump": self.required.value,
            "declared_bump": None if self.declared is None else self.declared.value,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "expected_version": self.expected_version,
            "message": self.message,
            "notes": list(self.notes),
        }


def check_version(old_version: str | None, new_version: str | None,
                  changes: Sequence[PlanChange]) -> VersionVerdict:
    """Hold the declared version change to the changes.

    Only breaking changes fail: they need a major bump.  While a plan is in
    initial development (``0.y.z``) semver promises nothing, and tracklint
    follows the usual reading (Cargo, npm's ``^``): the minor component then plays
    the role of the major one, so ``0.3.1 -> 0.4.0`` may carry breaking changes
    and ``0.3.1 -> 0.3.2`` may not.  A smaller bump than suggested for compatible
    changes is only noted.
    """
    suggested = suggest_bump(changes)
    breaking = sum(change.breaking for change in changes)
    old, new = parse_version(old_version), parse_version(new_version)
    initial = old is not None and old[0] == 0
    required = Bump.NONE if not breaking else (Bump.MINOR if initial else Bump.MAJOR)
    declared = None if old is None or new is None else declared_bump(old, new)
    ok = required is Bump.NONE or (declared is not None and declared.rank >= required.rank)
    target = Bump.MINOR if initial and suggested is Bump.MAJOR else suggested
    expected = None if old is None else _format_version(next_version(old, target))
    notes = _version_notes(old_version, new_version, old, new, declared, suggested, target)
    message = _verdict_message(ok, breaking, declared if ok else required, old_version,
                               new_version, expected)
    return VersionVerdict(ok, suggested, required, declared, old_version, new_version,
                          expected, message, tuple(notes))


def _version_notes(old_text: str | None, new_text: str | None, old: Version | None,
                   new: Version | None, declared: Bump | None, suggested: Bump,
                   target: Bump) -> list[str]:
    notes = []
    for side, text, parsed in (("old", old_text, old), ("new", new_text, new)):
        if parsed is None:
            notes.append(f"the {side} plan declares no semantic version"
                         + (f" ({text!r} is not MAJOR.MINOR.PATCH)" if text else "")
                         + "; add 'version: X.Y.Z' to the plan")
    if old is not None and new is not None and declared is None:
        notes.append(f"the version went down from {old_text} to {new_text}")
    elif declared is not None and declared.rank < target.rank:
        notes.append(f"the changes suggest a {suggested.value} bump, the declared version "
                     f"change is {declared.value if declared is not Bump.NONE else 'none'}")
    if old is not None and old[0] == 0 and suggested is Bump.MAJOR:
        notes.append("the plan is in initial development (0.y.z): a minor bump is enough "
                     "for breaking changes")
    return notes


def _verdict_message(ok: bool, breaking: int, bump: Bump | None, old_version: str | None,
                     new_version: str | None, expected: str | None) -> str:
    """``bump`` is the declared bump when ``ok``, else the required one."""
    if not breaking or bump is None:
        return "no breaking changes"
    count = f"{breaking} breaking change{'s' if breaking != 1 else ''}"
    if ok:
        return f"{count}, with a {bump.value} version bump ({old_version} -> {new_version})"
    if old_version is None or new_version is None:
        return (f"{count}, but the plan does not declare its version, so the "
                f"{bump.value} version bump they need cannot be checked")
    suggestion = f"; declare {expected}" if expected else ""
    return (f"{count} without a {bump.value} version bump ({old_version} -> "
            f"{new_version}){suggestion}")


def _format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)


# -- wording -----------------------------------------------------------------------


def _show(value: Any) -> str:
    """A plan value as the author wrote it in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _values(values: Sequence[Scalar]) -> str:
    return ", ".join(_show(value) for value in values)


def _platform_list(platforms: Sequence[str]) -> str:
    return ", ".join(f"'{platform}'" for platform in platforms)


__all__ = [
    "Bump",
    "Classification",
    "PlanChange",
    "VersionVerdict",
    "check_version",
    "declared_bump",
    "diff_plans",
    "parse_version",
    "suggest_bump",
]
