"""Instrumenting Segment: the ``segment.analytics`` module API and its ``Client``.

The legacy ``analytics`` package (analytics-python) has the same API and is
instrumented the same way.  RudderStack's SDK is a fork with the same ``track``
signature and reuses :func:`track_call`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from linter.runtime.instrument._wrapping import Call, SdkSupport, as_properties, from_signature
from linter.sdks import SEGMENT

MODULES = ("segment.analytics", "analytics")


def is_module_or_client(target: object, module_names: tuple[str, ...]) -> bool:
    """True for one of ``module_names`` itself, or an instance of its ``client.Client``."""
    if isinstance(target, ModuleType):
        return target.__name__ in module_names
    for name in module_names:
        client_module = sys.modules.get(f"{name}.client")
        client_class = getattr(client_module, "Client", None)
        if isinstance(client_class, type) and isinstance(target, client_class):
            return True
    return False


def track_call(
    user_id: Any = None,
    event: Any = None,
    properties: Any = None,
    context: Any = None,
    timestamp: Any = None,
    anonymous_id: Any = None,
    integrations: Any = None,
    message_id: Any = None,
) -> Call | None:
    """``track(user_id=None, event=None, properties=None, context=None, ..., anonymous_id)``."""
    props = as_properties(properties)
    if props is None:
        return None
    return Call(
        name=event,
        properties=props,
        user_id=user_id,
        anonymous_id=anonymous_id,
        app_version=_app_version(context),
    )


def _app_version(context: object) -> str | None:
    """``context.app.version`` of the Segment spec, when the caller sets it."""
    app = context.get("app") if isinstance(context, Mapping) else None
    version = app.get("version") if isinstance(app, Mapping) else None
    return version if isinstance(version, str) else None


SUPPORT = SdkSupport(
    sdk=SEGMENT,
    matches=lambda target: is_module_or_client(target, MODULES),
    methods={"track": from_signature(track_call)},
    dropped=(False, None),  # track() returns (queued, message); False is "not queued"
    description="the segment.analytics module and its Client instances",
)
