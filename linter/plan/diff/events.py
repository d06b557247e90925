"""One event: its status, replacement, identity, platforms, documentation and properties."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from linter.plan.diff.model import PlanChange, _addition, _breaking, _informational
from linter.plan.diff.properties import _additional_properties, _property_set, _Site
from linter.plan.model import Event


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
    for attribute in ("description", "owner", "tags", "category"):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            yield _informational(
                f"event-{attribute}", f"the {attribute} of event '{new.name}' changed",
                event=new.name, attribute=attribute, old=before, new=after,
                position=new.position)
    yield from _event_extensions(old, new)


def _event_extensions(old: Event, new: Event) -> Iterator[PlanChange]:
    """``x-`` keys hold what other tools know of the event (Mixpanel's ``hidden``...):
    documentation for tracklint, but a reviewer should still see them change."""
    for key in dict.fromkeys([*old.extensions, *new.extensions]):
        before, after = old.extensions.get(key), new.extensions.get(key)
        if before != after:
            yield _informational(
                "event-extension", f"{key} of event '{new.name}' changed", event=new.name,
                attribute=key, old=_compact(before), new=_compact(after),
                position=new.position)


def _compact(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
