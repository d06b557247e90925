"""The whole plan: plan settings, global properties and the events, compared."""

from __future__ import annotations

from collections.abc import Iterator

from linter.plan.diff.events import _event_changes
from linter.plan.diff.model import PlanChange, _addition, _breaking, _informational
from linter.plan.diff.properties import _property_set, _Site
from linter.plan.diff.wording import _show
from linter.plan.model import Plan


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
                f"the naming convention for {key} is now {_show(after)} (there was none)"
                if before is None else
                f"the naming convention for {key} ({_show(before)}) was removed"
                if after is None else
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
