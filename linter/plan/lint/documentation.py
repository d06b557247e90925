"""TL112/TL113: every event says what it means and who owns it."""

from __future__ import annotations

from collections.abc import Iterator

from linter.diagnostics import Diagnostic
from linter.plan.lint.base import PlanRule
from linter.plan.model import Plan


class MissingDescription(PlanRule):
    code = "TL112"
    valid = ("events:\n  Order Completed: {description: A checkout was paid.}\n",)
    invalid = ("events:\n  Order Completed: {owner: growth}\n",
               "events:\n  Order Completed: {description: '  '}\n")

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for event in plan.events.values():
            if event.status != "removed" and not (event.description or "").strip():
                yield self.report(event.position, f"event '{event.name}' has no description",
                                  "say when the event fires, in one sentence", event.name)


class MissingOwner(PlanRule):
    code = "TL113"
    valid = ("events:\n  Order Completed: {owner: growth}\n",)
    invalid = ("events:\n  Order Completed: {description: A checkout was paid.}\n",)

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for event in plan.events.values():
            if event.status != "removed" and not (event.owner or "").strip():
                yield self.report(event.position, f"event '{event.name}' has no owner",
                                  "name the team that answers for it: owner: <team>",
                                  event.name)
