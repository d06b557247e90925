"""Segment-spec messages, as sent by Segment's and RudderStack's SDKs.

A message (analytics-python's ``Client.track``, analytics.js, the mobile
libraries; rudder-sdk-python and RudderStack's SDKs likewise)::

    {"type": "track", "event": "Order Completed", "properties": {...},
     "userId": ..., "anonymousId": ..., "messageId": ..., "timestamp": ...,
     "context": {"library": {"name": "analytics-python", "version": ...},
                 "os": {"name": "iOS"}, "app": {"version": "4.2.0"}, ...}}

Requests to ``/v1/batch`` wrap messages as ``{"batch": [...], "sentAt": ...}``
(Segment adds ``writeKey``); the single-call endpoints (``/v1/track``) take a
message without ``type``.  Only ``track`` messages are events: ``identify``,
``page``, ``screen``, ``group`` and ``alias`` are counted as non-events, never
turned into made-up event names.
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
    dig,
    messages,
    named_properties,
)
from linter.payloads.platforms import (
    SERVER,
    WEB,
    platform_from_library,
    platform_from_os,
    version_string,
)

SPEC_TYPES: Final = frozenset({"track", "identify", "page", "screen", "group", "alias"})
_NON_EVENT_TYPES: Final = SPEC_TYPES - {"track"}
_CHANNEL_PLATFORMS: Final = {"web": WEB, "browser": WEB, "server": SERVER}


def parse(record: Mapping[str, Any], ctx: ReadOptions) -> Iterable[Parsed]:
    """Every message of a batch envelope, or the one message the record is."""
    return messages(record, "batch", ctx, message,
                    "a batch envelope holds its messages in a 'batch' array", "message")


def message(msg: Mapping[str, Any], pointer: str, ctx: ReadOptions) -> Parsed:
    """One spec message: an observation for ``track``, a non-event for the others."""
    kind = message_type(msg)
    if kind != "track":
        if kind in _NON_EVENT_TYPES:
            return NonEvent(kind)
        return _bad_type(msg.get("type"), pointer)
    found = named_properties(msg, "event", "properties", pointer)
    if isinstance(found, Problem):
        return found
    name, properties = found
    context = msg.get("context")
    if not isinstance(context, dict):
        context = {}
    return Sighting(
        name,
        properties,
        pointer + "/properties",
        platform(msg, context),
        msg.get("userId"),
        msg.get("anonymousId"),
        app_version(context),
    )


def message_type(msg: Mapping[str, Any]) -> str | None:
    """The lower-cased ``type``; a message with an ``event`` and no type is a track call."""
    kind = msg.get("type")
    if isinstance(kind, str):
        return kind.lower()
    if kind is None and "event" in msg:
        return "track"
    return None


def platform(msg: Mapping[str, Any], context: Mapping[str, Any]) -> str | None:
    """``context.library.name``, then ``context.os.name``, then RudderStack's ``channel``."""
    found = platform_from_library(library_name(context)) or platform_from_os(
        dig(context, "os", "name")
    )
    if found is not None:
        return found
    channel = msg.get("channel")
    return _CHANNEL_PLATFORMS.get(channel.lower()) if isinstance(channel, str) else None


def app_version(context: Mapping[str, Any]) -> str | None:
    """``context.app.version``, except where a browser SDK describes itself as the app.

    RudderStack's JavaScript SDK fills ``context.app`` with its own name and
    version ("RudderLabs JavaScript SDK", ``com.rudderlabs.javascript``); that is
    not the version of the product sending events.
    """
    app = context.get("app")
    if not isinstance(app, dict):
        return None
    namespace = app.get("namespace")
    if isinstance(namespace, str) and namespace.startswith("com.rudderlabs."):
        return None
    name = app.get("name")
    if name is not None and name == library_name(context):
        return None
    return version_string(app.get("version"))


def library_name(context: Mapping[str, Any]) -> Any:
    """``context.library.name``: ``dig`` without its loop, for a lookup made per message."""
    library = context.get("library")
    return library.get("name") if isinstance(library, dict) else None


def _bad_type(kind: Any, pointer: str) -> Problem:
    expected = ", ".join(sorted(SPEC_TYPES))
    if kind is None:
        return Problem("the message has no 'type' and no 'event'",
                       f"a spec message has a type ({expected})", pointer)
    return Problem(f"unknown message type {kind!r}", f"expected one of: {expected}",
                   pointer + "/type")
