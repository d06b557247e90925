"""tracklint: one tracking plan for every platform, enforced in code and in payloads."""

from linter.diagnostics import Diagnostic, Severity, TracklintError
from linter.events import UNKNOWN, EventObservation, Origin

__version__ = "0.1.0"

__all__ = [
    "UNKNOWN",
    "Diagnostic",
    "EventObservation",
    "Origin",
    "Severity",
    "TracklintError",
    "__version__",
]
