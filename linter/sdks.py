"""Facts about the analytics SDKs that tracklint knows, shared by every part.

Each SDK adds properties of its own to events (Mixpanel's ``$insert_id``,
PostHog's ``$lib``...).  They are not part of a product's tracking plan and must
never be reported as unplanned.
"""

from __future__ import annotations

from typing import Final

MIXPANEL: Final = "mixpanel"
SEGMENT: Final = "segment"
RUDDERSTACK: Final = "rudderstack"
POSTHOG: Final = "posthog"
AMPLITUDE: Final = "amplitude"
WRAPPER: Final = "wrapper"

SDKS: Final = (MIXPANEL, SEGMENT, RUDDERSTACK, POSTHOG, AMPLITUDE)

# The platform of a payload that names none (no library, OS or platform field).
UNKNOWN_PLATFORM: Final = "unknown"

# Diagnostics point into the message as it goes over the wire (``/properties/price``),
# whichever part of tracklint found them: the same pointer from `tracklint validate`,
# the runtime guard, @tracked and the pytest fixture.  Amplitude's events keep their
# properties under ``event_properties``; every other SDK's under ``properties``.
PROPERTIES_POINTER: Final = "/properties"
_PROPERTIES_POINTERS: Final = {AMPLITUDE: "/event_properties"}


def properties_pointer(sdk: str | None) -> str:
    """The JSON Pointer of an event's properties in the message ``sdk`` sends."""
    return _PROPERTIES_POINTERS.get(sdk or "", PROPERTIES_POINTER)


def event_name_pointer(properties_at: str, sdk: str | None) -> str | None:
    """The JSON Pointer of the event's name beside its properties at ``properties_at``
    (``/batch/2/properties`` -> ``/batch/2/event``; Amplitude's ``event_type``), or
    ``None`` for an event read from source code, which has no pointer."""
    if not properties_at:
        return None
    return f"{properties_at.rsplit('/', 1)[0]}/{'event_type' if sdk == AMPLITUDE else 'event'}"

# Mixpanel's reserved properties: everything starting with "$" or "mp_", and the
# few bare names its ingestion API interprets (see Mixpanel's "Reserved properties").
_MIXPANEL_RESERVED_NAMES: Final = frozenset({"time", "distinct_id", "token", "ip", "$insert_id"})
# posthog-js sends the project token and the distinct id inside properties.
_POSTHOG_RESERVED_NAMES: Final = frozenset({"token", "distinct_id"})
# Segment/RudderStack put SDK data beside properties, not inside; these are the
# spec's reserved "semantic" property names that destinations interpret.
_SEGMENT_RESERVED_NAMES: Final = frozenset({"context"})


def is_reserved_property(name: str, sdk: str | None) -> bool:
    """True when ``name`` belongs to the SDK rather than to the tracking plan.

    With no SDK known, the union of every SDK's reserved names applies, so that a
    payload of unknown origin is not flooded with false "unplanned" reports.
    """
    if sdk in (MIXPANEL, None) and (
        name.startswith(("$", "mp_")) or name in _MIXPANEL_RESERVED_NAMES
    ):
        return True
    if sdk in (POSTHOG, None) and (name.startswith("$") or name in _POSTHOG_RESERVED_NAMES):
        return True
    return sdk in (SEGMENT, RUDDERSTACK, None) and name in _SEGMENT_RESERVED_NAMES
