"""Instrumented PostHog clients and module API, with the real SDK.

``Posthog(api_key, sync_mode=True)`` posts each event through
``posthog.client.batch_post``, replaced here by an in-memory transport.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import posthog
import posthog.client
import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import Guard, TrackingViolation, instrument, uninstrument
from linter.runtime.instrument.posthog import capture_call


class Transport:
    def __init__(self) -> None:
        self.batches: list[list[dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.batches.append(kwargs["batch"])

    def messages(self) -> list[dict[str, Any]]:
        return [message for batch in self.batches for message in batch]


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [Diagnostic("TL205", "'plan_type' is missing", pointer="/plan_type")]


class Seen:
    def __init__(self) -> None:
        self.observations: list[EventObservation] = []

    def __call__(self, observation: EventObservation, diagnostics: Any) -> None:
        self.observations.append(observation)


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Transport:
    transport = Transport()
    monkeypatch.setattr(posthog.client, "batch_post", transport)
    return transport


@pytest.fixture
def client(transport: Transport) -> Any:
    return posthog.Posthog("phc_test", sync_mode=True)


def test_warn_mode_sends_the_payload(client: Any, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type))
    event_uuid = client.capture("Order Completed", distinct_id="u1", properties={"price": 3})
    (message,) = transport.messages()
    assert message["event"] == "Order Completed"
    assert message["distinct_id"] == "u1"
    assert message["properties"]["price"] == 3
    assert message["uuid"] == event_uuid


def test_drop_mode_does_not_call_the_sdk(client: Any, transport: Transport, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    instrument(client, Guard(require_plan_type, mode="drop", quarantine=path))
    assert client.capture("Order Completed", distinct_id="u1", properties={}) is None
    assert transport.messages() == []
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert (record["event"], record["user_id"], record["sdk"]) == (
        "Order Completed",
        "u1",
        "posthog",
    )


def test_raise_mode(client: Any, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation):
        client.capture("Order Completed", distinct_id="u1")
    client.capture("Order Completed", distinct_id="u1", properties={"plan_type": "pro"})
    assert [m["event"] for m in transport.messages()] == ["Order Completed"]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("Order Completed",), {"distinct_id": "u1", "properties": {"price": 1}}),
        ((), {"event": "Order Completed", "distinct_id": "u1", "properties": {"price": 1}}),
        (("u1", "Order Completed", {"price": 1}), {}),  # posthog < 4
        (("u1", "Order Completed"), {"properties": {"price": 1}}),
        (("u1",), {"event": "Order Completed", "properties": {"price": 1}}),
        ((), {"distinct_id": "u1", "event": "Order Completed", "properties": {"price": 1}}),
    ],
)
def test_both_capture_signatures_are_read(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    call = capture_call(args, kwargs)
    assert call is not None
    assert (call.name, call.user_id, dict(call.properties)) == (
        "Order Completed",
        "u1",
        {"price": 1},
    )


def test_the_old_signature_is_checked_on_a_real_client(client: Any, transport: Transport) -> None:
    seen = Seen()
    instrument(client, Guard(require_plan_type, mode="drop", quarantine=seen))
    client.capture("u1", "Order Completed", {"price": 3})  # the pre-4.0 order
    (observation,) = seen.observations
    assert (observation.name, observation.user_id) == ("Order Completed", "u1")
    assert transport.messages() == []


def test_a_call_that_fits_neither_signature_is_left_to_the_sdk() -> None:
    assert capture_call((), {}) is None
    assert capture_call(("E",), {"properties": "not a dict"}) is None


def test_the_context_distinct_id_is_the_identity(client: Any, transport: Transport) -> None:
    seen = Seen()
    instrument(client, Guard(require_plan_type, on_violation=seen))
    with posthog.new_context():
        posthog.identify_context("ctx-user")
        client.capture("Signed Up", properties={})
    assert seen.observations[0].user_id == "ctx-user"
    assert transport.messages()[0]["distinct_id"] == "ctx-user"


@pytest.fixture
def module_api(client: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr(posthog, "default_client", client)
    yield posthog
    uninstrument(posthog)


def test_the_module_api(module_api: Any, transport: Transport) -> None:
    instrument(module_api, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation):
        module_api.capture("Order Completed", distinct_id="u1", properties={})
    module_api.capture("Order Completed", distinct_id="u1", properties={"plan_type": "pro"})
    assert [m["event"] for m in transport.messages()] == ["Order Completed"]


def test_nan_becomes_null_without_the_guard(client: Any, transport: Transport) -> None:
    import posthog.request

    properties = {"plan_type": "x", "score": float("nan")}
    client.capture("Order Completed", distinct_id="u1", properties=properties)
    # PostHog's encoder, as its post() uses it, turns NaN into null
    wire = json.loads(json.dumps(transport.messages()[0], cls=posthog.request.DatetimeSerializer))
    assert wire["properties"]["score"] is None
    instrument(client, Guard(mode="raise"))
    with pytest.raises(TrackingViolation) as raised:
        client.capture("Order Completed", distinct_id="u1", properties={"score": float("nan")})
    assert "null" in raised.value.diagnostics[0].message


def test_a_failing_checker_never_stops_the_event(
    client: Any, transport: Transport, caplog: Any
) -> None:
    def broken(observation: EventObservation) -> list[Diagnostic]:
        raise LookupError("checker bug")

    instrument(client, Guard(broken, mode="drop", quarantine=lambda o, d: None))
    client.capture("Order Completed", distinct_id="u1", properties={})
    assert len(transport.messages()) == 1
    assert "checker bug" in caplog.text
