"""Naming conventions an inferred plan may declare: only those every name already follows.

Declaring a convention makes plan lint hold every name to it, so one
exception would turn a starting plan into errors.  A convention is therefore
declared only when all names follow it; when several fit (``signup`` is
snake_case, camelCase and kebab-case at once), the most specific and most
common one wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from linter.infer.model import InferredPlan, InferredProperty, Naming
from linter.text.naming import check_name

#: Conventions tried for names, most telling first.
PREFERENCE: Final = ("object_action", "title_case", "snake_case", "camel_case", "kebab_case",
                     "pascal_case")


def detect_convention(names: Iterable[str]) -> str | None:
    """The first convention of :data:`PREFERENCE` that every name follows; ``None`` if none."""
    listed = list(names)
    if not listed:
        return None
    for convention in PREFERENCE:
        if all(check_name(name, convention) for name in listed):
            return convention
    return None


def property_names(plan: InferredPlan) -> Iterator[str]:
    """Every property name plan lint checks: shared, per event and nested, not list items."""
    for prop in plan.shared:
        yield from _names(prop)
    for event in plan.events:
        for prop in event.properties:
            yield from _names(prop)


def _names(prop: InferredProperty, named: bool = True) -> Iterator[str]:
    if named:
        yield prop.name
    if prop.items is not None:
        yield from _names(prop.items, named=False)
    for child in prop.properties:
        yield from _names(child)


def detect_naming(plan: InferredPlan) -> Naming:
    return Naming(events=detect_convention(e.name for e in plan.events),
                  properties=detect_convention(property_names(plan)))


__all__ = ["PREFERENCE", "detect_convention", "detect_naming", "property_names"]
