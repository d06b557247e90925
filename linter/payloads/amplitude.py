"""Amplitude HTTP API v2 bodies and export lines.

amplitude-analytics (``amplitude.Amplitude``) posts
``{"api_key": ..., "events": [...], "options": {...}}`` to ``/2/httpapi`` (the
Batch API takes the same body), each event being::

    {"event_type": "Order Completed", "user_id": ..., "device_id": ...,
     "event_properties": {...}, "platform": "iOS", "os_name": "ios",
     "app_version": "4.2.0", "library": "amplitude-python/1.3.0", "insert_id": ...}

The Export API returns one event per line with the same keys (``version_name``
instead of ``app_version``).  Amplitude's own events (``$identify``,
``$groupidentify``, the Browser SDK's ``[Amplitude] Page Viewed``...) are
counted as non-events unless the caller asks for SDK events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from linter.payloads.model import (
    NonEvent,
    Parsed,
    Problem,
    ReadOptions,
    Sighting,
    messages,
    named_properties,
)
from linter.payloads.platforms import (
    ANDROID,
    IOS,
    SERVER,
    WEB,
    platform_from_browser,
    platform_from_library,
    platform_from_os,
    version_string,
)

_PLATFORMS: Final = {
    "web": WEB,
    "ios": IOS,
    "ipados": IOS,
    "android": ANDROID,
    "node.js": SERVER,
    "node": SERVER,
    "server": SERVER,
}
_SDK_EVENTS: Final = frozenset({"$identify", "$groupidentify", "session_start", "session_end"})
_SDK_EVENT_PREFIX: Final = "[Amplitude] "


def parse(record: Mapping[str, Any], ctx: ReadOptions) -> Iterable[Parsed]:
    """Every event of an upload body, or the one event an export line is."""
    return messages(record, "events", ctx, event,
                    "an Amplitude upload holds its events in an 'events' array")


def event(msg: Mapping[str, Any], pointer: str, ctx: ReadOptions) -> Parsed:
    """One Amplitude event."""
    found = named_properties(msg, "event_type", "event_properties", pointer)
    if isinstance(found, Problem):
        return found
    name, properties = found
    if (name in _SDK_EVENTS or name.startswith(_SDK_EVENT_PREFIX)) and not ctx.sdk_events:
        return NonEvent(name)
    return Sighting(
        name,
        properties,
        pointer + "/event_properties",
        platform(msg),
        msg.get("user_id"),
        msg.get("device_id"),
        version_string(msg.get("app_version", msg.get("version_name"))),
    )


def platform(msg: Mapping[str, Any]) -> str | None:
    """``platform``, then ``library`` (a string, or ``{"name"}`` in old SDKs), then ``os_name``."""
    declared = msg.get("platform")
    if isinstance(declared, str) and declared.strip().lower() in _PLATFORMS:
        return _PLATFORMS[declared.strip().lower()]
    library = msg.get("library")
    if isinstance(library, dict):
        library = library.get("name")
    os_name = msg.get("os_name")
    return (
        platform_from_library(library)
        or platform_from_os(os_name)
        or platform_from_browser(os_name)
    )
