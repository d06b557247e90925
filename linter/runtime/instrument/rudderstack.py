"""Instrumenting RudderStack: the ``rudderstack.analytics`` module API and its ``Client``.

RudderStack's Python SDK is a fork of Segment's, with the same ``track``.
"""

from __future__ import annotations

from linter.runtime.instrument._wrapping import SdkSupport, from_signature
from linter.runtime.instrument.segment import is_module_or_client, track_call
from linter.sdks import RUDDERSTACK

MODULES = ("rudderstack.analytics",)

SUPPORT = SdkSupport(
    sdk=RUDDERSTACK,
    matches=lambda target: is_module_or_client(target, MODULES),
    methods={"track": from_signature(track_call)},
    dropped=(False, None),
    description="the rudderstack.analytics module and its Client instances",
)
