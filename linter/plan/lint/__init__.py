"""Plan lint (``tracklint plan check``): rules about the tracking plan itself."""

from __future__ import annotations

from linter.diagnostics import Diagnostic, sort_key
from linter.plan.lint.base import PlanRule
from linter.plan.lint.consistency import (
    ConflictingProperty,
    SimilarEventNames,
    SimilarPropertyNames,
    UnusedSharedProperty,
)
from linter.plan.lint.documentation import MissingDescription, MissingOwner
from linter.plan.lint.naming import EventNaming, PropertyNaming
from linter.plan.lint.references import BadReplacement, UndefinedRef, UnknownPlatform
from linter.plan.lint.values import (
    DuplicateEnumValue,
    InvalidConstraint,
    PatternProblem,
    SlowPattern,
)
from linter.plan.model import Plan

PLAN_RULES: tuple[type[PlanRule], ...] = (
    EventNaming,
    PropertyNaming,
    ConflictingProperty,
    SimilarEventNames,
    SimilarPropertyNames,
    UndefinedRef,
    BadReplacement,
    UnusedSharedProperty,
    DuplicateEnumValue,
    PatternProblem,
    SlowPattern,
    MissingDescription,
    MissingOwner,
    UnknownPlatform,
    InvalidConstraint,
)


def lint_plan(plan: Plan) -> list[Diagnostic]:
    """Every plan-lint diagnostic, before selection, in file order."""
    found = [d for rule in PLAN_RULES for d in rule().check(plan)]
    return sorted(found, key=sort_key)


__all__ = ["PLAN_RULES", "PlanRule", "lint_plan"]
