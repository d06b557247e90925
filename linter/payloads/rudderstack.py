"""Telling RudderStack messages from Segment ones.

RudderStack adopted the Segment spec, so a message has the same shape either
way (it is parsed by :mod:`linter.payloads.segment`); even the library name can
be the same: rudder-sdk-python sends ``context.library.name: "analytics-python"``
exactly like Segment's analytics-python.  What differs:

* RudderStack's own SDKs name themselves ("RudderLabs JavaScript SDK",
  "rudder-ios-library", "com.rudderstack.android.sdk.core");
* ``channel`` is a required field of RudderStack's event spec (``web``,
  ``mobile``, ``server``, ``sources``) that Segment libraries do not send;
* RudderStack's mobile SDKs and server add ``rudderId``;
* Segment's libraries put ``writeKey`` in the request body, RudderStack's send it
  as HTTP basic auth only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from linter.payloads.model import dig

_RUDDER_CHANNELS: Final = frozenset({"web", "mobile", "server", "sources"})


def is_rudderstack(message: Mapping[str, Any], envelope: Mapping[str, Any]) -> bool:
    """True when a spec message (or its batch envelope) carries a RudderStack marker."""
    library = dig(message, "context", "library", "name")
    if isinstance(library, str) and "rudder" in library.lower():
        return True
    if "rudderId" in message:
        return True
    channel = message.get("channel")
    return (
        isinstance(channel, str)
        and channel.lower() in _RUDDER_CHANNELS
        and "writeKey" not in envelope
        and "writeKey" not in message
    )
