"""Instrumenting PostHog: the ``posthog`` module API and ``Posthog``/``Client`` instances.

``capture`` has two signatures in the wild.  PostHog 4 and later take
``capture(event, distinct_id=None, properties=None, ...)``; earlier versions
took ``capture(distinct_id, event, properties=None, ...)``, and much code still
calls it that way.  The two are told apart by the call's arguments: two
positional arguments, or one positional argument with ``event=`` given by
keyword, are the old form; anything else is the current one.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from linter.runtime.instrument._wrapping import Call, SdkSupport, as_properties
from linter.sdks import POSTHOG


def _is_posthog(target: object) -> bool:
    if isinstance(target, ModuleType):
        return target.__name__ == "posthog"
    client_module = sys.modules.get("posthog.client")
    client_class = getattr(client_module, "Client", None)
    return isinstance(client_class, type) and isinstance(target, client_class)


def capture_call(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call | None:
    """Read either ``capture`` signature; None when the call fits neither."""
    legacy = len(args) >= 2 or (len(args) == 1 and "event" in kwargs)
    try:
        return _legacy(*args, **kwargs) if legacy else _current(*args, **kwargs)
    except TypeError:
        return None


def _current(event: Any, distinct_id: Any = None, properties: Any = None, **_: Any) -> Call | None:
    """``capture(event, distinct_id=None, properties=None, timestamp=None, ...)``."""
    return _call(event, distinct_id, properties)


def _legacy(
    distinct_id: Any = None, event: Any = None, properties: Any = None, *_: Any, **__: Any
) -> Call | None:
    """``capture(distinct_id, event, properties=None, context=None, timestamp=None, ...)``."""
    return _call(event, distinct_id, properties)


def _call(event: Any, distinct_id: Any, properties: Any) -> Call | None:
    props = as_properties(properties)
    if props is None:
        return None
    return Call(name=event, properties=props, user_id=distinct_id or _context_distinct_id())


def _context_distinct_id() -> Any:
    """The id PostHog itself falls back to: the one set by ``identify_context()``."""
    contexts = sys.modules.get("posthog.contexts")
    get_id = getattr(contexts, "get_context_distinct_id", None)
    return get_id() if callable(get_id) else None


SUPPORT = SdkSupport(
    sdk=POSTHOG,
    matches=_is_posthog,
    methods={"capture": capture_call},
    dropped=None,  # capture() returns None for an event it did not admit
    description="the posthog module and its Posthog/Client instances",
)
