"""Rules for names that point elsewhere in the plan (TL106, TL107, TL114)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.diagnostics import Diagnostic
from linter.plan.lint.base import PlanRule, every_property
from linter.plan.model import Plan
from linter.text.naming import hint_for


class UndefinedRef(PlanRule):
    code = "TL106"
    valid = ("properties:\n  price: number\nevents:\n  A:\n    properties:\n"
             "      price: {ref: price}\n",)
    invalid = ("properties:\n  price: number\nevents:\n  A:\n    properties:\n"
               "      price: {ref: prize}\n",)

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for where, event, prop in every_property(plan):
            if prop.ref is not None and prop.ref not in plan.shared_properties:
                hint = hint_for(prop.ref, plan.shared_properties) or (
                    f"define '{prop.ref}' under the plan's top-level properties:")
                yield self.report(prop.position,
                                  f"{where} refers to shared property '{prop.ref}', "
                                  "which is not defined", hint,
                                  event.name if event else None)


class BadReplacement(PlanRule):
    code = "TL107"
    valid = ("events:\n  Signed Up: {status: deprecated, replaced_by: Account Created}\n"
             "  Account Created: {}\n",)
    invalid = (
        "events:\n  Signed Up: {status: deprecated, replaced_by: Acount Created}\n"
        "  Account Created: {}\n",
        "events:\n  Signed Up: {status: deprecated, replaced_by: Registered}\n"
        "  Registered: {status: removed}\n",
        "events:\n  Signed Up: {status: deprecated, replaced_by: Signed Up}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        for event in plan.events.values():
            target = event.replaced_by
            if target is None:
                continue
            replacement = plan.event(target)
            message: str
            if replacement is None:
                hint = hint_for(target, plan.events) or "name an event of the plan"
                message = f"event '{event.name}' is replaced by '{target}', which is not planned"
            elif replacement.status == "removed" or target == event.name:
                hint = "name an active event"
                message = (f"event '{event.name}' is replaced by '{target}', "
                           f"which is {'itself' if target == event.name else 'removed'}")
            else:
                continue
            yield self.report(event.position, message, hint, event.name)


class UnknownPlatform(PlanRule):
    code = "TL114"
    valid = ("platforms: [web, server]\nevents:\n  A: {platforms: [server]}\n",)
    invalid = (
        "platforms: [web, server]\nevents:\n  A: {platforms: [ios]}\n",
        "platforms: [web, server]\nevents:\n  A:\n    properties:\n"
        "      x: {type: string, platforms: [android]}\n",
    )

    def check(self, plan: Plan) -> Iterator[Diagnostic]:
        known = set(plan.platforms)
        for event in plan.events.values():
            for platform in event.platforms:
                if platform not in known:
                    yield self.report(event.position,
                                      f"event '{event.name}' names platform '{platform}', "
                                      "which is not one of the plan's platforms",
                                      hint_for(platform, known) or
                                      f"the plan's platforms are {', '.join(plan.platforms)}",
                                      event.name)
        for where, owner, prop in every_property(plan):
            for platform in sorted((prop.platforms or frozenset()) | prop.required_on):
                if platform not in known:
                    yield self.report(prop.position,
                                      f"{where} names platform '{platform}', which is not "
                                      "one of the plan's platforms",
                                      hint_for(platform, known) or
                                      f"the plan's platforms are {', '.join(plan.platforms)}",
                                      owner.name if owner else None)
