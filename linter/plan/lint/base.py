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
    """Every property definition of the plan, with a description of where it is."""
    for name, prop in plan.shared_properties.items():
        for where, found in walk_properties(prop, f"shared property '{name}'", named_only):
            yield where, None, found
    for prop in plan.global_properties:
        for where, found in walk_properties(prop, f"global property '{prop.name}'",
                                            named_only):
            yield where, None, found
    for event in plan.events.values():
        for prop in event.properties:
            for where, found in walk_properties(
                    prop, f"property '{prop.name}' of event '{event.name}'", named_only):
                yield where, event, found
