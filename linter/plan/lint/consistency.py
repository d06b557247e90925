"""Rules that keep one name meaning one thing across the whole plan (TL103-TL105, TL108)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.diagnostics import Diagnostic, Severity
from linter.plan.lint.base import PlanRule, every_property
from linter.plan.model import Event, Plan, Property
from linter.plan.source import Position
from linter.text.naming import group_similar

_BASE = "events:\n  Order Completed:\n    properties:\n"


def _signature(prop: Property) -> tuple[str, tuple[str, ...] | None]:
    enum = None if prop.enum is None else tuple(sorted(repr(v) for v in prop.enum))
    return prop.type, enum


def _describe(prop: Property) -> str:
    text: str = prop.type
    if prop.enum is not None:
        text += " [" + ", ".join(str(v) for v in prop.enum) + "]"
    return text


class ConflictingProperty(PlanRule):
    code = "TL103"
    valid = (
        "properties:\n  plan_type: {type: string, enum: [free, pro]}\n"
        "events:\n  A:\n    properties:\n      plan_type: {ref: plan_type}\n"
        "  B:\n    properties:\n      plan_type: {ref: plan_type, required: true}\n",
    )
    invalid = (
        "events:\n  A:\n    properties:\n      price: number\n"
        "  B:\n    properties:\n      price: string\n",
        "events:\n  A:\n    properties:\n      plan_type: {type: string, enum: [free, pro]}\n"
        "  B:\n    properties:\n      plan_type: {type: string, enum: [free, premium]}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        """Current definitions must agree; a retired event's legacy shape is only noted.

        A deprecated or removed event keeps the shape old app versions still send,
        which may well differ from today's definition: that is information on the
        retired event, never an error that fails the plan.
        """
        first: dict[str, tuple[str, Property]] = {}
        retired: list[tuple[str, Event, Property]] = []
        for where, event, prop in _top_level_properties(plan):
            if event is not None and event.status != "active":
                retired.append((where, event, prop))
            elif prop.name not in first:
                first[prop.name] = (where, prop)
            elif _conflict(prop, first[prop.name][1]):
                yield self._conflict(prop, where, first[prop.name], event)
        for where, event, prop in retired:
            if prop.name not in first:
                first[prop.name] = (where, prop)
            elif _conflict(prop, first[prop.name][1]):
                note = self._conflict(prop, where, first[prop.name], event)
                yield note.at(severity=Severity.INFO, hint=(
                    f"event '{event.name}' is {event.status}: its legacy definition may "
                    "differ from the current one; reported for information"))

    def _conflict(self, prop: Property, where: str, first: tuple[str, Property],
                  event: Event | None = None) -> Diagnostic:
        other_where, other = first
        at = other.position
        return self.report(
            prop.position,
            f"{where} is {_describe(prop)}, but {other_where} is {_describe(other)}",
            f"one property name must mean one thing in every event (first defined at "
            f"{at.path}:{at.line}); define it once under properties: and use ref",
            event.name if event is not None else None)


def _conflict(prop: Property, other: Property) -> bool:
    return _signature(prop) != _signature(other) and prop.type != "any" != other.type


def _top_level_properties(plan: Plan) -> Iterator[tuple[str, Event | None, Property]]:
    for name, prop in plan.shared_properties.items():
        yield f"shared property '{name}'", None, prop
    for prop in plan.global_properties:
        yield f"global property '{prop.name}'", None, prop
    for event in plan.events.values():
        for prop in event.properties:
            yield f"'{prop.name}' of event '{event.name}'", event, prop


class SimilarEventNames(PlanRule):
    code = "TL104"
    valid = ("events:\n  Order Completed: {}\n  Order Refunded: {}\n",)
    invalid = (
        "events:\n  Order Completed: {}\n  order_completed: {}\n",
        "events:\n  OrderCompleted: {}\n  Order Completed: {}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for group in group_similar(plan.events):
            keep, *others = group
            for name in others:
                yield self.report(
                    plan.events[name].position,
                    f"event '{name}' differs from '{keep}' only in case or punctuation",
                    f"keep one; mark the other status: deprecated with replaced_by: {keep}",
                    name)


class SimilarPropertyNames(PlanRule):
    code = "TL105"
    valid = (_BASE + "      plan_type: string\n      plan_price: number\n",)
    invalid = (
        _BASE + "      plan_type: string\n      planType: string\n",
        "properties:\n  plan_type: string\nevents:\n  A:\n    properties:\n"
        "      PlanType: string\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        positions: dict[str, Position] = {}
        for _, _, prop in every_property(plan, named_only=True):
            positions.setdefault(prop.name, prop.position)
        for group in group_similar(positions):
            keep, *others = group
            for name in others:
                yield self.report(
                    positions[name],
                    f"property '{name}' differs from '{keep}' only in case or punctuation",
                    f"use one name everywhere: '{keep}'")


class UnusedSharedProperty(PlanRule):
    code = "TL108"
    valid = (
        "properties:\n  price: number\n" + _BASE + "      price: {ref: price}\n",
    )
    invalid = ("properties:\n  price: number\n" + _BASE + "      total: number\n",)

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        used = {prop.ref for _, _, prop in every_property(plan) if prop.ref}
        for name, prop in plan.shared_properties.items():
            if name not in used:
                yield self.report(prop.position,
                                  f"shared property '{name}' is not used by any event",
                                  f"reference it with 'ref: {name}' or remove it")
