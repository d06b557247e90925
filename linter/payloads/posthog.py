"""PostHog capture bodies and batches.

posthog-python's ``Client.capture`` queues::

    {"event": "Order Completed", "distinct_id": ..., "uuid": ..., "timestamp": ...,
     "properties": {"$lib": "posthog-python", "$lib_version": ..., <own properties>}}

and ``/batch/`` receives ``{"api_key": ..., "batch": [<those>], "sent_at": ...}``;
the newer ``/i/v1/analytics/events`` endpoint takes ``{"created_at": ...,
"batch": [...]}``.  A single ``/capture/`` body is one event with ``api_key``
beside it.  posthog-js posts arrays of events whose ``properties`` carry
``distinct_id``, ``token`` and ``$lib: "web"``; the mobile SDKs add ``$os`` and
``$app_version``.

PostHog reserves event names starting with ``$`` ($pageview, $identify,
$autocapture...); they are counted as non-events unless the caller asks for
SDK events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

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
    SERVER,
    platform_from_library,
    platform_from_os,
    version_string,
)


def parse(record: Mapping[str, Any], ctx: ReadOptions) -> Iterable[Parsed]:
    """Every event of a batch body, or the one event the record is."""
    return messages(record, "batch", ctx, event,
                    "a PostHog batch body holds its events in a 'batch' array")


def event(msg: Mapping[str, Any], pointer: str, ctx: ReadOptions) -> Parsed:
    """One captured event."""
    found = named_properties(msg, "event", "properties", pointer)
    if isinstance(found, Problem):
        return found
    name, properties = found
    if name.startswith("$") and not ctx.sdk_events:
        return NonEvent(name)
    user_id, anonymous_id = identity(msg, properties)
    return Sighting(
        name,
        properties,
        pointer + "/properties",
        platform(properties),
        user_id,
        anonymous_id,
        version_string(properties.get("$app_version")),
    )


def platform(properties: Mapping[str, Any]) -> str | None:
    """``$lib``, then ``$os``, then ``$is_server``.

    The capture v1 endpoint takes ``$lib`` from a request header, so events
    captured there lack it; posthog-python still marks them ``$is_server``.
    """
    found = platform_from_library(properties.get("$lib")) or platform_from_os(
        properties.get("$os")
    )
    if found is None and properties.get("$is_server") is True:
        return SERVER
    return found


def identity(msg: Mapping[str, Any], properties: Mapping[str, Any]) -> tuple[Any, Any]:
    """``(user_id, anonymous_id)``: the distinct id is the user's unless it is anonymous.

    Client SDKs mark a not-yet-identified distinct id with ``$is_identified: false``;
    server SDKs only send distinct ids of known users.
    """
    distinct_id = msg["distinct_id"] if "distinct_id" in msg else properties.get("distinct_id")
    if properties.get("$is_identified") is False:
        return None, distinct_id
    return distinct_id, properties.get("$device_id")
