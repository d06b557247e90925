"""Which vendor's wire format a record is in, from its keys alone.

Captured payloads rarely say where they came from, and one capture file may mix
vendors, so the format is decided per record.  Each rule looks for keys that
only one vendor sends:

* ``events`` or ``event_type``: Amplitude;
* ``batch`` array: PostHog (``api_key``, ``created_at``, or events with
  ``distinct_id``) or a Segment/RudderStack envelope (spec messages with ``type``);
* ``type`` of the Segment spec, or ``userId``/``anonymousId``/``messageId``:
  Segment or RudderStack (see :mod:`linter.payloads.rudderstack`);
* ``event`` plus ``mp_lib`` or Mixpanel's ``token``/``time`` in properties:
  Mixpanel; plus ``$lib``, a top-level ``distinct_id``, ``uuid``, ``timestamp`` or
  ``api_key``: PostHog.

A record matching none of them (``{"event": "X", "properties": {}}`` could be
either Mixpanel or PostHog) is not guessed at: it is reported, and the caller
can force a format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from linter.payloads.rudderstack import is_rudderstack
from linter.payloads.segment import SPEC_TYPES
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SEGMENT

#: Format names accepted by :func:`linter.payloads.read_payloads`.
FORMATS: Final = (MIXPANEL, SEGMENT, RUDDERSTACK, POSTHOG, AMPLITUDE)

_SPEC_IDENTITY_KEYS: Final = frozenset({"userId", "anonymousId", "messageId"})
_POSTHOG_EVENT_KEYS: Final = frozenset({"distinct_id", "uuid", "timestamp", "api_key"})
_MIXPANEL_PROPERTY_KEYS: Final = frozenset({"token", "distinct_id", "time", "$insert_id"})
_MIXPANEL_PROFILE_KEYS: Final = frozenset({"$distinct_id", "$group_key"})
_POSTHOG_BATCH_KEYS: Final = frozenset({"api_key", "created_at", "historical_migration"})
_SEGMENT_BATCH_KEYS: Final = frozenset({"writeKey", "sentAt"})


def detect_format(record: Any) -> str | None:
    """The format name of a decoded record, or ``None`` when no rule matches.

    A list (a Mixpanel ``/track`` body, a posthog-js request) is judged by its
    first object.
    """
    if not isinstance(record, dict):
        if isinstance(record, list):
            first = _first_object(record)
            return None if first is None else detect_format(first)
        return None
    batch = record.get("batch")
    if isinstance(batch, list):
        return _batch_format(record, batch)
    if "events" in record or "event_type" in record:
        return AMPLITUDE
    if is_spec_message(record):
        return RUDDERSTACK if is_rudderstack(record, record) else SEGMENT
    if "event" in record:
        return _event_format(record)
    if not _MIXPANEL_PROFILE_KEYS.isdisjoint(record):
        return MIXPANEL
    return None


def is_spec_message(record: Mapping[str, Any]) -> bool:
    """A Segment-spec message: a spec ``type``, or a Segment identity field."""
    kind = record.get("type")
    if isinstance(kind, str):
        return kind.lower() in SPEC_TYPES
    return not _SPEC_IDENTITY_KEYS.isdisjoint(record)


def _event_format(record: Mapping[str, Any]) -> str | None:
    properties = record.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    if "mp_lib" in properties:
        return MIXPANEL
    if "$lib" in properties or not _POSTHOG_EVENT_KEYS.isdisjoint(record):
        return POSTHOG
    if not _MIXPANEL_PROPERTY_KEYS.isdisjoint(properties):
        return MIXPANEL
    return None


def _batch_format(envelope: Mapping[str, Any], batch: list[Any]) -> str | None:
    first = _first_object(batch)
    if first is not None:
        if is_spec_message(first):
            return RUDDERSTACK if is_rudderstack(first, envelope) else SEGMENT
        if "event" in first:
            return POSTHOG
    if not _POSTHOG_BATCH_KEYS.isdisjoint(envelope):
        return POSTHOG
    if not _SEGMENT_BATCH_KEYS.isdisjoint(envelope):
        return SEGMENT
    return None


def _first_object(items: list[Any]) -> dict[str, Any] | None:
    for item in items:
        if isinstance(item, dict):
            return item
    return None
