"""TL101/TL102: names follow the conventions the plan declares under ``naming:``."""

from __future__ import annotations

from collections.abc import Iterator

from linter.diagnostics import Diagnostic
from linter.plan.lint.base import PlanRule, every_property
from linter.plan.model import Plan
from linter.text.naming import check_name, convert_name, describe


class EventNaming(PlanRule):
    code = "TL101"
    valid = (
        "naming: {events: object_action}\nevents:\n  Order Completed: {}\n",
        "naming: {events: snake_case}\nevents:\n  order_completed: {}\n",
        "events:\n  anything goes: {}\n",
        "naming: {events: object_action}\nevents:\n  signed_up: {status: deprecated}\n",
    )
    invalid = (
        "naming: {events: object_action}\nevents:\n  order_completed: {}\n"
        "  Signed Up: {status: deprecated}\n",
        "naming: {events: snake_case}\nevents:\n  Order Completed: {}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        convention = plan.naming.events
        if convention is None:
            return
        for event in plan.events.values():
            # A retired event keeps the name old clients still send; it cannot be renamed.
            if event.status == "active" and not check_name(event.name, convention):
                better = convert_name(event.name, convention)
                hint = f"rename it to '{better}'" if better else describe(convention)
                yield self.report(event.position, f"event name '{event.name}' is not "
                                  f"{convention.replace('_', ' ')}", hint, event.name)


class PropertyNaming(PlanRule):
    code = "TL102"
    valid = (
        "naming: {properties: snake_case}\nevents:\n  E:\n    properties:\n"
        "      plan_type: string\n",
    )
    invalid = (
        "naming: {properties: snake_case}\nevents:\n  E:\n    properties:\n"
        "      planType: string\n",
        "naming: {properties: camel_case}\nproperties:\n  plan_type: string\n"
        "events:\n  E:\n    properties:\n      planType: {ref: plan_type}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        convention = plan.naming.properties
        if convention is None:
            return
        verdicts: dict[str, bool] = {}  # property names repeat across events
        for _, _, prop in every_property(plan, named_only=True):
            follows = verdicts.get(prop.name)
            if follows is None:
                follows = verdicts[prop.name] = check_name(prop.name, convention)
            if follows:
                continue
            better = convert_name(prop.name, convention)
            hint = f"rename it to '{better}'" if better else describe(convention)
            yield self.report(prop.position, f"property name '{prop.name}' is not "
                              f"{convention.replace('_', ' ')}", hint)

