"""Capturing Mixpanel: its consumers are replaced by a recorder.

Every Mixpanel client sends through a consumer's ``send(endpoint, json_message)``
(``Consumer``, or ``BufferedConsumer`` which batches into a ``Consumer``);
patching both classes captures the JSON exactly as it would be posted.  Custom
consumers passed by the application are its own, and are left alone.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from linter.runtime.capture.recorded import CapturedEvent
from linter.sdks import MIXPANEL

_EVENT_ENDPOINTS = frozenset({"events", "imports"})  # not "people" or "groups" updates


def install(stack: ExitStack, record: Callable[[CapturedEvent], None]) -> bool:
    try:
        mixpanel = importlib.import_module("mixpanel")
    except ImportError:
        return False

    def send(consumer: object, endpoint: str, json_message: str, *args: Any, **kwargs: Any) -> None:
        if endpoint not in _EVENT_ENDPOINTS:
            return
        for message in _messages(json_message):
            record(_captured(message))

    for consumer_class in (mixpanel.Consumer, mixpanel.BufferedConsumer):
        stack.enter_context(mock.patch.object(consumer_class, "send", send))
    return True


def _messages(json_message: str) -> list[dict[str, Any]]:
    """One message, or a batch (a JSON array) from a buffered consumer."""
    decoded = json.loads(json_message)
    batch = decoded if isinstance(decoded, list) else [decoded]
    return [message for message in batch if isinstance(message, dict)]


def _captured(message: dict[str, Any]) -> CapturedEvent:
    properties = message.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    return CapturedEvent(
        sdk=MIXPANEL,
        name=message.get("event"),
        properties=properties,
        user_id=properties.get("distinct_id"),
        message=message,
    )
