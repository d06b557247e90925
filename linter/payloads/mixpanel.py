"""Mixpanel events: ``/track`` and ``/import`` bodies and raw export lines.

Every Mixpanel SDK sends the same object per event (mixpanel-python's
``Mixpanel.track`` builds it literally)::

    {"event": "Signed Up",
     "properties": {"token": ..., "distinct_id": ..., "time": ..., "$insert_id": ...,
                    "mp_lib": "python", "$lib_version": ..., <the event's own properties>}}

A request body is one such object or an array of them, and the raw export API
returns the same object once per line.  Arrays are split by the reader, and the
``data=`` form and base64 bodies of mixpanel-js and mixpanel-swift are decoded by
:mod:`linter.payloads.forms` before they reach this module.

The SDK's own keys (``token``, ``time``, ``$os``...) stay in ``properties`` so
that each key's value is at ``pointer + "/" + key``; :mod:`linter.sdks` knows
they are Mixpanel's and keeps them out of plan checks.
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
    named_properties,
)
from linter.payloads.platforms import (
    WEB,
    platform_from_library,
    platform_from_os,
    version_string,
)

# Keys of /engage (people) and /groups updates: valid Mixpanel messages, no event.
_PROFILE_KEYS: Final = frozenset(
    {"$distinct_id", "$group_key", "$set", "$set_once", "$add", "$append", "$union",
     "$remove", "$unset", "$delete"}
)
_DEVICE_PREFIX: Final = "$device:"


def parse(record: Mapping[str, Any], ctx: ReadOptions) -> Iterable[Parsed]:
    """The one event of a Mixpanel event object (or why it is not one)."""
    return (event(record, ctx),)


def event(record: Mapping[str, Any], ctx: ReadOptions) -> Parsed:
    """A Mixpanel event object as an observation, a non-event or a problem."""
    if "event" not in record and _PROFILE_KEYS.intersection(record):
        return NonEvent("group-update" if "$group_key" in record else "profile-update")
    found = named_properties(record, "event", "properties", "")
    if isinstance(found, Problem):
        return found
    name, properties = found
    # Mixpanel reserves "$" event names ($identify, $create_alias, $mp_web_page_view...).
    if name.startswith("$") and not ctx.sdk_events:
        return NonEvent(name)
    user_id, anonymous_id = identity(properties)
    return Sighting(
        name,
        properties,
        "/properties",
        platform(properties),
        user_id,
        anonymous_id,
        version_string(
            properties.get("$app_version_string", properties.get("$app_version"))
        ),
    )


def platform(properties: Mapping[str, Any]) -> str | None:
    """``mp_lib`` first (mixpanel-js on an iPhone still says ``$os: "iOS"``), then ``$os``."""
    return platform_of(properties.get("mp_lib"), properties.get("$os"),
                       "$browser" in properties)


def platform_of(library: Any, os_name: Any, has_browser: bool) -> str | None:
    """:func:`platform` from the values of ``mp_lib`` and ``$os`` (None when absent) and
    whether ``$browser`` is there, for readers that decode properties into other types."""
    found = platform_from_library(library) or platform_from_os(os_name)
    if found is None and library is None and has_browser:
        return WEB
    return found


def identity(properties: Mapping[str, Any]) -> tuple[Any, Any]:
    """``(user_id, anonymous_id)`` under both of Mixpanel's identity models.

    With simplified ID merge the SDKs send ``$user_id`` and ``$device_id``, and an
    anonymous ``distinct_id`` looks like ``$device:<id>``; with the original model
    ``distinct_id`` is the only identity and is taken as the user's.
    """
    return identity_of(properties.get("distinct_id"), properties.get("$device_id"),
                       properties.get("$user_id"))


def identity_of(distinct_id: Any, device_id: Any, user_id: Any) -> tuple[Any, Any]:
    """:func:`identity` from the values of ``distinct_id``, ``$device_id`` and ``$user_id``."""
    if user_id is None and isinstance(distinct_id, str) and distinct_id.startswith(_DEVICE_PREFIX):
        return None, device_id if device_id is not None else distinct_id[len(_DEVICE_PREFIX):]
    return (user_id if user_id is not None else distinct_id), device_id
