"""Record what real SDK clients send, with no network: Snowplow Micro inside a test.

::

    with capture_events(check) as events:
        checkout(cart)                      # code under test, using real SDK clients
    events.assert_tracked("Order Completed", plan_type="pro")
    events.assert_conforms()

While the context is active, every Mixpanel, Segment, RudderStack, PostHog and
Amplitude client in the process hands its finished messages to the recorder
instead of its transport (see each SDK's module for the exact seam).  SDKs that
are not installed are skipped.  The ``tracked_events`` pytest fixture wraps this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from linter.runtime.capture import amplitude, mixpanel, posthog, segment
from linter.runtime.capture.recorded import CapturedEvent, TrackedEvents
from linter.runtime.policy import DEFAULT_PLATFORM, EventCheck

Installer = Callable[[ExitStack, Callable[[CapturedEvent], None]], bool]

INSTALLERS: tuple[Installer, ...] = (
    mixpanel.install,
    segment.install_segment,
    segment.install_rudderstack,
    posthog.install,
    amplitude.install,
)


@contextmanager
def capture_events(
    check: EventCheck | None = None, *, platform: str = DEFAULT_PLATFORM
) -> Iterator[TrackedEvents]:
    """Capture every event SDK clients send inside the ``with`` block.

    ``check`` is the plan check :meth:`TrackedEvents.assert_conforms` uses by
    default; ``platform`` is the platform the events are checked for.
    """
    events = TrackedEvents(check, platform=platform)
    with ExitStack() as stack:
        for install in INSTALLERS:
            install(stack, events.record)
        yield events


__all__ = ["CapturedEvent", "TrackedEvents", "capture_events"]
