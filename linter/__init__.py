"""tracklint: one tracking plan for every platform, enforced in code and in payloads.

The library behind the ``tracklint`` command::

    import linter

    checker = linter.EventChecker(linter.load_plan("tracking-plan/"))
    for problem in checker.validate("Order Completed", {"price": "9.99"}, platform="ios"):
        print(problem.code, problem.pointer, problem.message)

    guard = linter.Guard.from_plan("tracking-plan/", mode="warn")
    mp = linter.instrument(Mixpanel(token), guard)   # every track() is checked first

Heavier parts are imported on first use, so ``import linter`` stays cheap in an
application that only needs the runtime guard.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from linter.diagnostics import Diagnostic, Severity, TracklintError
from linter.events import UNKNOWN, EventObservation, Origin

__version__ = "0.3.0"

_LAZY = {
    "load_plan": "linter.plan.loader",
    "Plan": "linter.plan.model",
    "CompiledPlan": "linter.plan.compile",
    "EventChecker": "linter.validation.event_check",
    "Guard": "linter.runtime",
    "TrackingViolation": "linter.runtime",
    "instrument": "linter.runtime",
    "uninstrument": "linter.runtime",
    "tracked": "linter.runtime",
    "set_default_guard": "linter.runtime",
    "read_payloads": "linter.payloads",
}

if TYPE_CHECKING:
    from linter.payloads import read_payloads
    from linter.plan.compile import CompiledPlan
    from linter.plan.loader import load_plan
    from linter.plan.model import Plan
    from linter.runtime import (
        Guard,
        TrackingViolation,
        instrument,
        set_default_guard,
        tracked,
        uninstrument,
    )
    from linter.validation.event_check import EventChecker


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'linter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "UNKNOWN",
    "CompiledPlan",
    "Diagnostic",
    "EventChecker",
    "EventObservation",
    "Guard",
    "Origin",
    "Plan",
    "Severity",
    "TrackingViolation",
    "TracklintError",
    "__version__",
    "instrument",
    "load_plan",
    "read_payloads",
    "set_default_guard",
    "tracked",
    "uninstrument",
]
