"""Instrumenting ``amplitude.Amplitude`` clients: ``track(BaseEvent)``.

``identify``, ``group_identify``, ``revenue`` and ``set_group`` build their own
event objects and send them through ``track``; those events belong to
Amplitude, not to the tracking plan, and are not checked.

Amplitude validates ``event_properties`` when a ``BaseEvent`` is built and
silently drops all of them when one value is invalid, before ``track`` is
called; only values assigned afterwards (``event.event_properties = {...}``)
reach this check.  Check such properties where they are built, with
``@tracked(..., sdk="amplitude")``.
"""

from __future__ import annotations

import sys
from typing import Any

from linter.runtime.instrument._wrapping import Call, SdkSupport, as_properties, from_signature
from linter.sdks import AMPLITUDE

# Event classes Amplitude's own methods send through track().
_SDK_EVENT_CLASSES = ("IdentifyEvent", "GroupIdentifyEvent", "RevenueEvent")


def _is_amplitude(target: object) -> bool:
    module = sys.modules.get("amplitude")
    return module is not None and isinstance(target, module.Amplitude)


def _track(event: Any) -> Call | None:
    """``Amplitude.track(event: BaseEvent)``."""
    events = sys.modules.get("amplitude.event")
    if events is None or not isinstance(event, events.BaseEvent):
        return None
    if any(isinstance(event, getattr(events, name, ())) for name in _SDK_EVENT_CLASSES):
        return None
    props = as_properties(getattr(event, "event_properties", None))
    if props is None:
        return None
    return Call(
        name=getattr(event, "event_type", None),
        properties=props,
        user_id=getattr(event, "user_id", None),
        anonymous_id=getattr(event, "device_id", None),
        app_version=getattr(event, "app_version", None),
    )


SUPPORT = SdkSupport(
    sdk=AMPLITUDE,
    matches=_is_amplitude,
    methods={"track": from_signature(_track)},
    dropped=None,  # what track() returns
    description="amplitude.Amplitude instances",
)
