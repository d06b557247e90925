"""Instrumented Amplitude clients, with the real SDK.

Amplitude sends from worker threads through ``HttpClient.post``; that is
replaced by an in-memory transport, and tests wait for the workers to deliver.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from amplitude import Amplitude, BaseEvent, Config, EventOptions, Identify, http_client

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import Guard, TrackingViolation, instrument, uninstrument


class Transport:
    """Stands in for amplitude.http_client.HttpClient.post(url, payload)."""

    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []
        self._arrived = threading.Condition()

    def post(self, url: str, payload: bytes, header: Any = None) -> Any:
        with self._arrived:
            self.payloads.append(json.loads(payload))
            self._arrived.notify_all()
        return http_client.Response(http_client.HttpStatus.SUCCESS)

    def events(self) -> list[dict[str, Any]]:
        return [event for payload in self.payloads for event in payload["events"]]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.events()) < count and time.monotonic() < deadline:
                self._arrived.wait(0.05)
        return self.events()


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [Diagnostic("TL205", "'plan_type' is missing", pointer="/plan_type")]


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Transport:
    transport = Transport()
    monkeypatch.setattr(http_client.HttpClient, "post", staticmethod(transport.post))
    return transport


@pytest.fixture
def client(transport: Transport) -> Amplitude:
    return Amplitude("api-key", Config(flush_interval_millis=10, flush_queue_size=1))


def test_warn_mode_sends_the_payload(client: Amplitude, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type))
    client.track(BaseEvent("Order Completed", user_id="u1", event_properties={"price": 3}))
    (event,) = transport.wait_for(1)
    assert event["event_type"] == "Order Completed"
    assert event["event_properties"] == {"price": 3}
    assert event["user_id"] == "u1"


def test_drop_mode_does_not_call_the_sdk(
    client: Amplitude, transport: Transport, tmp_path: Path
) -> None:
    path = tmp_path / "q.jsonl"
    instrument(client, Guard(require_plan_type, mode="drop", quarantine=path))
    client.track(BaseEvent("Order Completed", device_id="d1", event_properties={"price": 3}))
    client.track(
        BaseEvent("Order Completed", device_id="d1", event_properties={"plan_type": "pro"})
    )
    events = transport.wait_for(1)
    time.sleep(0.1)  # a wrongly sent second event would arrive by now
    assert [e["event_properties"] for e in transport.events()] == [{"plan_type": "pro"}]
    assert len(events) == 1
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert (record["sdk"], record["anonymous_id"], record["user_id"]) == ("amplitude", "d1", None)


def test_raise_mode(client: Amplitude, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation):
        client.track(BaseEvent("Order Completed", user_id="u1"))
    time.sleep(0.05)
    assert transport.events() == []


def test_identify_events_are_amplitudes_own_and_not_checked(
    client: Amplitude, transport: Transport
) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    identify = Identify()
    identify.set("plan", "pro")
    client.identify(identify, EventOptions(user_id="u1"))
    (event,) = transport.wait_for(1)
    assert event["event_type"] == "$identify"


def test_the_observation(client: Amplitude, transport: Transport) -> None:
    seen: list[EventObservation] = []
    instrument(client, Guard(require_plan_type, on_violation=lambda o, d: seen.append(o)))
    client.track(
        BaseEvent("Signed Up", user_id="u1", device_id="d1", app_version="3.1", event_properties={})
    )
    (observation,) = seen
    assert (observation.name, observation.user_id, observation.anonymous_id) == (
        "Signed Up",
        "u1",
        "d1",
    )
    assert (observation.sdk, observation.app_version) == ("amplitude", "3.1")
    transport.wait_for(1)


def test_nan_passes_amplitudes_validation_and_is_caught(
    client: Amplitude, transport: Transport
) -> None:
    instrument(client, Guard(mode="raise"))
    with pytest.raises(TrackingViolation) as raised:
        client.track(BaseEvent("Scored", user_id="u1", event_properties={"score": float("inf")}))
    assert raised.value.diagnostics[0].pointer == "/event_properties/score"


def test_uninstrument(client: Amplitude, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    assert uninstrument(client)
    client.track(BaseEvent("Order Completed", user_id="u1"))
    assert len(transport.wait_for(1)) == 1
