"""Instrumenting ``mixpanel.Mixpanel`` clients: ``track`` and ``import_data``.

Mixpanel's ``distinct_id`` identifies the user, whether known or anonymous.
"""

from __future__ import annotations

import sys
from typing import Any

from linter.runtime.instrument._wrapping import Call, SdkSupport, as_properties, from_signature
from linter.sdks import MIXPANEL


def _is_mixpanel(target: object) -> bool:
    module = sys.modules.get("mixpanel")  # not imported: target cannot be one of its clients
    return module is not None and isinstance(target, module.Mixpanel)


def _track(
    distinct_id: Any, event_name: Any, properties: Any = None, meta: Any = None
) -> Call | None:
    """``Mixpanel.track(distinct_id, event_name, properties=None, meta=None)``."""
    props = as_properties(properties)
    if props is None:
        return None
    return Call(name=event_name, properties=props, user_id=distinct_id)


def _import_data(
    api_key: Any,
    distinct_id: Any,
    event_name: Any,
    timestamp: Any,
    properties: Any = None,
    meta: Any = None,
    api_secret: Any = None,
) -> Call | None:
    """``Mixpanel.import_data(api_key, distinct_id, event_name, timestamp, properties, ...)``."""
    return _track(distinct_id, event_name, properties)


SUPPORT = SdkSupport(
    sdk=MIXPANEL,
    matches=_is_mixpanel,
    methods={"track": from_signature(_track), "import_data": from_signature(_import_data)},
    dropped=None,  # what track() returns
    description="mixpanel.Mixpanel instances",
)
