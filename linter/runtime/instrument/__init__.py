"""Instrument real SDK clients so that every event is checked before it is sent.

::

    import segment.analytics as analytics
    from linter.runtime import Guard, instrument

    guard = Guard(check, mode="drop", quarantine="/var/log/app/tracking-quarantine.jsonl")
    instrument(analytics, guard)          # the module API
    instrument(Mixpanel(token), guard)    # or a client instance

Supported: Mixpanel (``track``, ``import_data``), Segment and RudderStack (the
module API and ``Client.track``), PostHog (the module API and
``Posthog``/``Client.capture``, both signatures) and Amplitude
(``Amplitude.track``).  Only the object given is changed, never the SDK class.
Instrumenting twice is harmless (the second call replaces the guard), and
:func:`uninstrument` puts the SDK's own methods back.  In ``drop`` mode the SDK
method is not called, and the wrapper returns what the SDK returns for an event
it did not queue.

Instrumenting a module replaces its attribute, so code that did
``from segment.analytics import track`` before keeps the unchecked function;
instrument at start-up, before such imports, or call through the module.
"""

from __future__ import annotations

from typing import TypeVar

from linter.runtime.instrument import amplitude, mixpanel, posthog, rudderstack, segment
from linter.runtime.instrument._wrapping import SdkSupport, binding_of, unwrap, wrap
from linter.runtime.policy import Guard

T = TypeVar("T")

SUPPORTED: tuple[SdkSupport, ...] = (
    mixpanel.SUPPORT,
    segment.SUPPORT,
    rudderstack.SUPPORT,
    posthog.SUPPORT,
    amplitude.SUPPORT,
)


def instrument(target: T, guard: Guard | None = None) -> T:
    """Check every event ``target`` sends with ``guard`` (the default guard if None).

    Returns ``target`` itself, so ``mp = instrument(Mixpanel(token), guard)`` reads
    naturally.  Raises ``TypeError`` for an object of no supported SDK.
    """
    support = support_for(target)
    for method, extract in support.methods.items():
        wrap(target, method, extract, guard, support)
    return target


def uninstrument(target: object) -> bool:
    """Restore the SDK's own methods on ``target``; False when it was not instrumented."""
    support = support_for(target)
    restored = [unwrap(target, method) for method in support.methods]
    return any(restored)


def is_instrumented(target: object) -> bool:
    try:
        support = support_for(target)
    except TypeError:
        return False
    return any(binding_of(getattr(target, m, None)) is not None for m in support.methods)


def support_for(target: object) -> SdkSupport:
    for support in SUPPORTED:
        if support.matches(target):
            return support
    supported = "; ".join(s.description for s in SUPPORTED)
    raise TypeError(
        f"tracklint cannot instrument {type(target).__qualname__!r} objects; "
        f"it supports {supported}"
    )


__all__ = ["SUPPORTED", "instrument", "is_instrumented", "support_for", "uninstrument"]
