"""Capturing Amplitude: the destination plugin stores events in a recorder.

``AmplitudeDestinationPlugin.execute`` runs the destination's plugins, verifies
the event and pushes it to the storage its worker threads send from.  It runs
here with a recording storage in place of the real one, so each event is
recorded as Amplitude would serialise it (``get_event_body()``) and no worker
ever sees it.  ``HttpClient.post`` is replaced too, so events stored before the
capture started cannot reach the network while it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest import mock

from linter.runtime.capture._substitute import Substitute
from linter.runtime.capture.recorded import CapturedEvent
from linter.sdks import AMPLITUDE, properties_pointer


class _RecordingStorage:
    def __init__(self, record: Callable[[CapturedEvent], None]) -> None:
        self._record = record

    def push(self, event: Any, delay: int = 0) -> tuple[bool, str | None]:
        self._record(_captured(event.get_event_body()))
        return True, None


def install(stack: ExitStack, record: Callable[[CapturedEvent], None]) -> bool:
    try:
        plugin_module = importlib.import_module("amplitude.plugin")
        http_module = importlib.import_module("amplitude.http_client")
    except ImportError:
        return False
    destination = plugin_module.AmplitudeDestinationPlugin
    execute = destination.execute
    storage = _RecordingStorage(record)

    def recording_execute(plugin: Any, event: Any) -> None:
        execute(Substitute(plugin, storage=storage), event)

    def no_network_post(url: str, payload: bytes, header: Any = None) -> Any:
        return http_module.Response(http_module.HttpStatus.SUCCESS)

    stack.enter_context(mock.patch.object(destination, "execute", recording_execute))
    stack.enter_context(
        mock.patch.object(http_module.HttpClient, "post", staticmethod(no_network_post))
    )
    return True


def _captured(body: dict[str, Any]) -> CapturedEvent:
    properties = body.get("event_properties")
    return CapturedEvent(
        sdk=AMPLITUDE,
        name=body.get("event_type"),
        properties=properties if isinstance(properties, dict) else {},
        user_id=body.get("user_id"),
        anonymous_id=body.get("device_id"),
        message=body,
        properties_pointer=properties_pointer(AMPLITUDE),
    )
