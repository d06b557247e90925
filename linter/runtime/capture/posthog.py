"""Capturing PostHog: finished messages are kept instead of being queued or posted.

PostHog 7 hands every finished message (cleaned, enriched, through
``before_send``) to ``Client._submit_event``, which posts it (sync mode) or
queues it; that method is replaced by a recorder.  Older versions have no such
method: their ``batch_post`` is replaced instead, so events are recorded when
posted (call ``flush()`` on clients that are not in sync mode).  Every transport
function is replaced either way, so nothing reaches the network.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from linter.runtime.capture.recorded import CapturedEvent
from linter.sdks import POSTHOG

_TRANSPORT_MODULES = ("posthog.client", "posthog.consumer", "posthog.request")
_TRANSPORT_FUNCTIONS = ("batch_post", "_send_v1_batch")


def install(stack: ExitStack, record: Callable[[CapturedEvent], None]) -> bool:
    try:
        client_module = importlib.import_module("posthog.client")
    except ImportError:
        return False
    client_class = client_module.Client
    submit = getattr(client_class, "_submit_event", None)
    if submit is not None:
        stack.enter_context(
            mock.patch.object(client_class, "_submit_event", _recording_submit(submit, record))
        )
    transport = _transport(record if submit is None else None)
    for module_name in _TRANSPORT_MODULES:
        module = importlib.import_module(module_name)
        for function in _TRANSPORT_FUNCTIONS:
            if hasattr(module, function):
                stack.enter_context(mock.patch.object(module, function, transport))
    return True


def _recording_submit(
    submit: Callable[..., Any], record: Callable[[CapturedEvent], None]
) -> Callable[..., Any]:
    def submit_event(client: Any, msg: dict[str, Any], lane: Any, sent_uuid: Any) -> Any:
        if not client.send:
            return submit(client, msg, lane, sent_uuid)  # the SDK's own "not sending" path
        record(_captured(msg))
        return sent_uuid

    return submit_event


def _transport(record: Callable[[CapturedEvent], None] | None) -> Callable[..., None]:
    def post_batch(*args: Any, **kwargs: Any) -> None:
        if record is None:
            return
        batch = kwargs.get("batch", args[2] if len(args) > 2 else [])
        for message in batch or []:
            if isinstance(message, dict):
                record(_captured(message))

    return post_batch


def _captured(message: dict[str, Any]) -> CapturedEvent:
    properties = message.get("properties")
    return CapturedEvent(
        sdk=POSTHOG,
        name=message.get("event"),
        properties=properties if isinstance(properties, dict) else {},
        user_id=message.get("distinct_id"),
        message=message,
    )
