"""What every instrumentation shares: dispatch, idempotence, removal, signatures."""

from __future__ import annotations

import inspect
import json
from typing import Any

import mixpanel
import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import (
    Guard,
    TrackingViolation,
    instrument,
    is_instrumented,
    set_default_guard,
    uninstrument,
)
from linter.runtime.instrument import support_for


class MemoryConsumer:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def send(self, endpoint: str, json_message: str, *args: Any) -> None:
        self.messages.append(json.loads(json_message))


def count_checks(calls: list[str]) -> Any:
    def check(observation: EventObservation) -> list[Diagnostic]:
        calls.append(observation.name or "")
        return []

    return check


def reject_all(observation: EventObservation) -> list[Diagnostic]:
    return [Diagnostic("TL201", "unknown event")]


def test_unsupported_objects_are_refused_with_the_supported_list() -> None:
    with pytest.raises(TypeError, match="cannot instrument 'object' objects; it supports mixpanel"):
        instrument(object())
    assert not is_instrumented(object())


def test_instrument_returns_its_target() -> None:
    client = mixpanel.Mixpanel("t", consumer=MemoryConsumer())
    assert instrument(client, Guard()) is client


def test_instrumenting_twice_checks_once_with_the_latest_guard() -> None:
    consumer = MemoryConsumer()
    client = mixpanel.Mixpanel("t", consumer=consumer)
    first: list[str] = []
    second: list[str] = []
    instrument(client, Guard(count_checks(first)))
    instrument(client, Guard(count_checks(second)))
    client.track("u1", "Signed Up", {})
    assert (first, second) == ([], ["Signed Up"])
    assert len(consumer.messages) == 1
    uninstrument(client)
    assert not is_instrumented(client)


def test_the_wrapped_method_keeps_the_sdk_signature_and_name() -> None:
    client = instrument(mixpanel.Mixpanel("t", consumer=MemoryConsumer()), Guard())
    assert client.track.__name__ == "track"
    assert (
        str(inspect.signature(client.track))
        == "(distinct_id, event_name, properties=None, meta=None)"
    )


def test_without_a_guard_the_default_guard_is_used_at_each_call() -> None:
    consumer = MemoryConsumer()
    client = instrument(mixpanel.Mixpanel("t", consumer=consumer))
    client.track("u1", "Signed Up", {})
    set_default_guard(Guard(reject_all, mode="raise"))
    try:
        with pytest.raises(TrackingViolation):
            client.track("u1", "Signed Up", {})
    finally:
        set_default_guard(None)
    assert len(consumer.messages) == 1


def test_an_instance_attribute_set_before_instrumenting_is_restored() -> None:
    consumer = MemoryConsumer()
    client = mixpanel.Mixpanel("t", consumer=consumer)
    sent: list[str] = []

    def custom_track(distinct_id: str, event_name: str, properties: Any = None) -> None:
        sent.append(event_name)

    client.track = custom_track  # type: ignore[method-assign]
    instrument(client, Guard(reject_all, mode="raise"))
    with pytest.raises(TrackingViolation):
        client.track("u1", "Signed Up")
    uninstrument(client)
    assert client.track is custom_track


def test_support_lookup_names_the_sdk() -> None:
    assert support_for(mixpanel.Mixpanel("t", consumer=MemoryConsumer())).sdk == "mixpanel"
