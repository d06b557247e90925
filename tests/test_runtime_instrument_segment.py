"""Instrumented Segment and RudderStack, module API and clients, with the real SDKs.

The SDKs' ``post`` function (their HTTP transport) is replaced by an in-memory
one, so what is checked is the payload that would really be posted.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import Guard, TrackingViolation, instrument, is_instrumented, uninstrument

PACKAGES = {"segment": "segment.analytics", "rudderstack": "rudderstack.analytics"}


class Transport:
    """Stands in for the SDK's post(write_key, host, ..., batch=[...])."""

    def __init__(self) -> None:
        self.batches: list[list[dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.batches.append(kwargs["batch"])

    def events(self) -> list[str]:
        return [message["event"] for batch in self.batches for message in batch]


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [Diagnostic("TL205", "'plan_type' is missing", pointer="/plan_type")]


@pytest.fixture(params=list(PACKAGES))
def sdk(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def package(sdk: str) -> ModuleType:
    return importlib.import_module(PACKAGES[sdk])


@pytest.fixture
def transport(package: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Transport:
    transport = Transport()
    monkeypatch.setattr(importlib.import_module(f"{package.__name__}.client"), "post", transport)
    return transport


@pytest.fixture
def client(package: ModuleType, transport: Transport) -> Any:
    return package.Client("write-key", sync_mode=True)


@pytest.fixture
def module_api(package: ModuleType, client: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The module API (``analytics.track``) sending through ``client``."""
    monkeypatch.setattr(package, "default_client", client)
    yield package
    uninstrument(package)


def test_warn_mode_sends_the_payload(
    client: Any, transport: Transport, sdk: str, caplog: Any
) -> None:
    instrument(client, Guard(require_plan_type))
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        client.track("u1", "Order Completed", {"price": 3}, anonymous_id="a1")
    (message,) = transport.batches[0]
    assert message["event"] == "Order Completed"
    assert message["properties"] == {"price": 3}
    assert message["userId"] == "u1"
    assert f"({sdk}, server)" in caplog.text


def test_drop_mode_does_not_call_the_sdk(
    client: Any, transport: Transport, tmp_path: Path, sdk: str
) -> None:
    path = tmp_path / "q.jsonl"
    instrument(client, Guard(require_plan_type, mode="drop", quarantine=path))
    assert client.track("u1", "Order Completed", {"price": 3}) == (False, None)
    queued, _message = client.track(
        user_id="u1", event="Order Completed", properties={"plan_type": "pro"}
    )
    assert queued is True
    assert transport.events() == ["Order Completed"]
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert record["sdk"] == sdk
    assert record["properties"] == {"price": 3}


def test_raise_mode(client: Any, transport: Transport) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation):
        client.track(anonymous_id="a1", event="Order Completed")
    assert transport.batches == []


def test_the_observation_carries_identity_and_app_version(client: Any, sdk: str) -> None:
    seen: list[EventObservation] = []
    guard = Guard(require_plan_type, on_violation=lambda o, d: seen.append(o))
    instrument(client, guard)
    client.track(
        event="Signed Up",
        anonymous_id="anon-7",
        properties={"source": "ad"},
        context={"app": {"version": "4.2.0"}},
    )
    (observation,) = seen
    assert (observation.name, observation.user_id, observation.anonymous_id) == (
        "Signed Up",
        None,
        "anon-7",
    )
    assert observation.sdk == sdk
    assert observation.app_version == "4.2.0"
    assert observation.platform == "server"


def test_a_uuid_property_silently_vanishes_without_the_guard(
    client: Any, transport: Transport
) -> None:
    import uuid

    client.track("u1", "Order Completed", {"plan_type": "pro", "order_id": uuid.UUID(int=5)})
    assert "order_id" not in transport.batches[0][0]["properties"]  # what the SDK does

    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation) as raised:
        client.track("u1", "Order Completed", {"plan_type": "pro", "order_id": uuid.UUID(int=5)})
    assert raised.value.codes == ["TL212"]
    assert raised.value.diagnostics[0].pointer == "/properties/order_id"


def test_the_module_api(module_api: Any, transport: Transport) -> None:
    instrument(module_api, Guard(require_plan_type, mode="raise"))
    assert is_instrumented(module_api)
    with pytest.raises(TrackingViolation):
        module_api.track("u1", "Order Completed", {})
    module_api.track("u1", "Order Completed", {"plan_type": "pro"})
    assert transport.events() == ["Order Completed"]
    assert uninstrument(module_api)
    module_api.track("u1", "Order Completed", {})
    assert transport.events() == ["Order Completed"] * 2


def test_module_and_its_default_client_both_instrumented_check_once(
    module_api: Any, client: Any, transport: Transport
) -> None:
    calls: list[str | None] = []

    def counting(observation: EventObservation) -> list[Diagnostic]:
        calls.append(observation.name)
        return []

    guard = Guard(counting)
    instrument(module_api, guard)
    instrument(client, guard)
    module_api.track("u1", "Signed Up", {})
    assert calls == ["Signed Up"]
    assert transport.events() == ["Signed Up"]


def test_a_failing_checker_never_stops_the_event(
    client: Any, transport: Transport, caplog: Any
) -> None:
    def broken(observation: EventObservation) -> list[Diagnostic]:
        raise ValueError("checker bug")

    instrument(client, Guard(broken))
    client.track("u1", "Order Completed", {"plan_type": "pro"})
    assert transport.events() == ["Order Completed"]
    assert "checker bug" in caplog.text
