"""Runtime validation: check events in the application as they are sent.

* :class:`Guard` holds the policy (``warn``, ``drop`` to a quarantine, ``raise``),
  sampling and the ``on_violation`` hook, and runs the checks.
* :func:`instrument` puts a guard in front of real SDK clients.
* :func:`tracked` checks the properties an application function builds.
* :func:`find_unserialisable` reports values an SDK would lose (TL212).

Test support lives apart, in :mod:`linter.runtime.capture` (recording what SDK
clients send, without a network) and the ``tracked_events`` pytest fixture, so
that production code importing this package does not load it.
"""

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
    "EventCheck",
    "Guard",
    "JsonlQuarantine",
    "Mode",
    "Quarantine",
    "TrackingViolation",
    "ViolationHook",
    "check_serialisable",
    "default_guard",
    "find_unserialisable",
    "instrument",
    "is_instrumented",
    "set_default_guard",
    "tracked",
    "uninstrument",
]
