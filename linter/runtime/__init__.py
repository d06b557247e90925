"""Runtime validation: check events in the application as they are sent.

* :class:`Guard` holds the policy (``warn``, ``drop`` to a quarantine, ``raise``),
  sampling and the ``on_violation`` hook, and runs the checks.
* :func:`instrument` puts a guard in front of real SDK clients.
* :func:`tracked` checks the properties an application function builds.
* :func:`find_unserialisable` reports values an SDK would lose (TL212).
* :func:`capture_events` records what SDK clients send, without a network, for
  tests; the ``tracked_events`` pytest fixture is built on it.
"""

from linter.runtime.capture import CapturedEvent, TrackedEvents, capture_events
from linter.runtime.decorator import tracked
from linter.runtime.instrument import instrument, is_instrumented, uninstrument
from linter.runtime.policy import (
    EventCheck,
    Guard,
    Mode,
    TrackingViolation,
    ViolationHook,
    check_serialisable,
    default_guard,
    set_default_guard,
)
from linter.runtime.quarantine import JsonlQuarantine, Quarantine
from linter.runtime.serialisable import find_unserialisable

__all__ = [
    "CapturedEvent",
    "EventCheck",
    "Guard",
    "JsonlQuarantine",
    "Mode",
    "Quarantine",
    "TrackedEvents",
    "TrackingViolation",
    "ViolationHook",
    "capture_events",
    "check_serialisable",
    "default_guard",
    "find_unserialisable",
    "instrument",
    "is_instrumented",
    "set_default_guard",
    "tracked",
    "uninstrument",
]
