"""Capturing Segment and RudderStack: messages are built by the SDK, then kept.

Both SDKs finish every message in ``Client._enqueue`` (``clean()``, ids,
timestamps) before posting it (sync mode) or queueing it for a consumer thread.
``_enqueue`` runs here on a stand-in with ``send=False``, which makes the SDK
return the finished message instead of sending it; the message is recorded, and
nothing is queued, so there is nothing to flush.  Their ``post`` functions are
replaced too, so a message queued before the capture started cannot reach the
network while it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from linter.runtime.capture._substitute import Substitute
from linter.runtime.capture.recorded import CapturedEvent
from linter.sdks import RUDDERSTACK, SEGMENT


class _Accepted:
    """What the SDKs' ``post`` returns on success, as far as their callers look."""

    status_code = 200
    ok = True
    text = "{}"

    def json(self) -> dict[str, Any]:
        return {}


def _no_network_post(*args: Any, **kwargs: Any) -> _Accepted:
    return _Accepted()


def install_segment(stack: ExitStack, record: Callable[[CapturedEvent], None]) -> bool:
    return _install(stack, record, "segment.analytics", SEGMENT)


def install_rudderstack(stack: ExitStack, record: Callable[[CapturedEvent], None]) -> bool:
    return _install(stack, record, "rudderstack.analytics", RUDDERSTACK)


def _install(
    stack: ExitStack, record: Callable[[CapturedEvent], None], package: str, sdk: str
) -> bool:
    try:
        client_module = importlib.import_module(f"{package}.client")
        consumer_module = importlib.import_module(f"{package}.consumer")
    except ImportError:
        return False
    client_class = client_module.Client
    enqueue = client_class._enqueue

    def dry_run_enqueue(client: Any, msg: dict[str, Any]) -> Any:
        queued, message = enqueue(Substitute(client, send=False), msg)
        if client.send and queued and message.get("type") == "track":
            record(_captured(message, sdk))
        return queued, message

    stack.enter_context(mock.patch.object(client_class, "_enqueue", dry_run_enqueue))
    for module in (client_module, consumer_module):
        if hasattr(module, "post"):
            stack.enter_context(mock.patch.object(module, "post", _no_network_post))
    return True


def _captured(message: dict[str, Any], sdk: str) -> CapturedEvent:
    properties = message.get("properties")
    return CapturedEvent(
        sdk=sdk,
        name=message.get("event"),
        properties=properties if isinstance(properties, dict) else {},
        user_id=message.get("userId"),
        anonymous_id=message.get("anonymousId"),
        message=message,
    )
