"""The base of plan lint rules: a small class per rule, carrying its own examples.

As in Fixit, each rule lists plans that must pass it and plans that must fail it;
the test suite turns every example into a test case and ``tracklint rule CODE``
prints them, so the documentation can never drift from the behaviour.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import ClassVar

from linter.diagnostics import Diagnostic
from linter.plan.model import Event, Plan, Property
from linter.plan.source import Position
from linter.rules import RULES, Rule


class PlanRule(abc.ABC):
    code: ClassVar[str]
    valid: ClassVar[tuple[str, ...]] = ()
    invalid: ClassVar[tuple[str, ...]] = ()
    hint: ClassVar[str] = ""

    @classmethod
    def info(cls) -> Rule:
        return RULES[cls.code]

    @abc.abstractmethod
    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        """Every problem this rule finds in the plan."""

    def report(self, position: Position, message: str, hint: str | None = None,
               event: str | None = None) -> Diagnostic:
        return self.info().diagnostic(message, hint=hint, path=position.path,
                                      line=position.line, column=position.column, event=event)


def walk_properties(prop: Property, owner: str,
                    named_only: bool = False) -> Iterator[tuple[str, Property]]:
    """A property and every property nested in it (items, object properties).

    With ``named_only`` the definitions of array items, which have no name of
    their own, are walked through but not yielded.
    """
    yield owner, prop
    if prop.items is not None:
        items = walk_properties(prop.items, f"the items of {owner}", named_only)
        if named_only:
            next(items)
        yield from items
    for child in prop.properties:
        yield from walk_properties(child, f"property '{child.name}' of {owner}", named_only)


def every_property(plan: Plan, named_only: bool = False
                   ) -> Iterator[tuple[str, Event | None, Property]]:
    """Every property definition of the plan, once, with a description of where it is.

    A property that uses ``ref`` shares its nested definitions (items, object
    properties) with the shared property: those are yielded once, where they are
    written, so one mistake in a shared definition is reported once.
    """
    seen: set[int] = set()

    def fresh(found: Iterator[tuple[str, Property]], event: Event | None
              ) -> Iterator[tuple[str, Event | None, Property]]:
        for where, prop in found:
            if id(prop) not in seen:
                seen.add(id(prop))
                yield where, event, prop

    for name, prop in plan.shared_properties.items():
        yield from fresh(walk_properties(prop, f"shared property '{name}'", named_only), None)
    for prop in plan.global_properties:
        yield from fresh(walk_properties(prop, f"global property '{prop.name}'", named_only),
                         None)
    for event in plan.events.values():
        for prop in event.properties:
            yield from fresh(walk_properties(
                prop, f"property '{prop.name}' of event '{event.name}'", named_only), event)


def shared_base(plan: Plan, prop: Property) -> Property | None:
    """The shared property ``prop`` refers to with ``ref``, if any.

    A setting equal to the base's was inherited from it (or repeats it), so value
    rules report it once, at the shared definition.
    """
    return plan.shared_properties.get(prop.ref) if prop.ref else None
