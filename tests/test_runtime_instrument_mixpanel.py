"""Instrumented Mixpanel clients, with the real SDK and an in-memory consumer."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import mixpanel
import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import Guard, TrackingViolation, instrument, is_instrumented, uninstrument


class MemoryConsumer:
    """Mixpanel's consumer interface: send(endpoint, json_message, ...)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def send(self, endpoint: str, json_message: str, *args: Any) -> None:
        self.sent.append((endpoint, json.loads(json_message)))

    def events(self) -> list[str]:
        return [message["event"] for _, message in self.sent]


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [Diagnostic("TL205", "'plan_type' is missing", pointer="/plan_type")]


@pytest.fixture
def consumer() -> MemoryConsumer:
    return MemoryConsumer()


@pytest.fixture
def client(consumer: MemoryConsumer) -> mixpanel.Mixpanel:
    return mixpanel.Mixpanel("project-token", consumer=consumer)


def test_warn_mode_sends_the_payload_and_logs(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer, caplog: pytest.LogCaptureFixture
) -> None:
    instrument(client, Guard(require_plan_type))
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        client.track("u1", "Order Completed", {"price": 3})
    endpoint, message = consumer.sent[0]
    assert endpoint == "events"
    assert message["event"] == "Order Completed"
    assert message["properties"]["price"] == 3
    assert message["properties"]["distinct_id"] == "u1"
    assert "TL205" in caplog.text


def test_drop_mode_does_not_call_the_sdk_and_quarantines(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer, tmp_path: Path
) -> None:
    path = tmp_path / "quarantine.jsonl"
    instrument(client, Guard(require_plan_type, mode="drop", quarantine=path))
    assert client.track("u1", "Order Completed", {"price": 3}) is None
    client.track("u1", "Order Completed", {"plan_type": "pro"})
    assert [m["properties"].get("plan_type") for _, m in consumer.sent] == ["pro"]
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert record["event"] == "Order Completed"
    assert record["sdk"] == "mixpanel"
    assert record["user_id"] == "u1"
    assert record["properties"] == {"price": 3}


def test_raise_mode_raises_and_sends_nothing(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer
) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TrackingViolation):
        client.track("u1", "Order Completed", {})
    assert consumer.sent == []


def test_import_data_is_checked_too(client: mixpanel.Mixpanel, consumer: MemoryConsumer) -> None:
    seen: list[EventObservation] = []

    def hook(observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        seen.append(observation)

    instrument(client, Guard(require_plan_type, mode="raise", on_violation=hook))
    with pytest.raises(TrackingViolation):
        client.import_data(None, "u2", "Old Order", 1_600_000_000, properties={"a": 1})
    client.import_data(None, "u2", "Old Order", 1_600_000_000, {"plan_type": "free"})
    assert [endpoint for endpoint, _ in consumer.sent] == ["imports"]
    assert (seen[0].name, seen[0].user_id, seen[0].sdk) == ("Old Order", "u2", "mixpanel")


def test_a_date_would_crash_track_drop_mode_keeps_the_app_running(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer
) -> None:
    properties = {"plan_type": "pro", "renews_on": datetime.date(2025, 1, 1)}
    # What Mixpanel itself does with a date: the caller gets a TypeError.
    with pytest.raises(TypeError):
        client.track("u1", "Order Completed", properties)
    kept: list[list[str]] = []
    guard = Guard(
        require_plan_type,
        mode="drop",
        quarantine=lambda o, d: kept.append([x.pointer or "" for x in d]),
    )
    instrument(client, guard)
    client.track("u1", "Order Completed", properties)
    assert kept == [["/properties/renews_on"]]
    assert consumer.sent == []


def test_a_failing_checker_never_stops_the_event(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(observation: EventObservation) -> list[Diagnostic]:
        raise RuntimeError("checker bug")

    instrument(client, Guard(broken, mode="drop", quarantine=lambda o, d: None))
    client.track("u1", "Order Completed", {"plan_type": "pro"})
    assert consumer.events() == ["Order Completed"]
    assert "checker bug" in caplog.text


def test_system_events_are_not_checked(client: mixpanel.Mixpanel, consumer: MemoryConsumer) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    client.track("u1", "$experiment_started", {"Experiment name": "x"})
    assert consumer.events() == ["$experiment_started"]


def test_a_call_that_does_not_fit_the_signature_gets_the_sdks_own_error(
    client: mixpanel.Mixpanel,
) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    with pytest.raises(TypeError, match="event_name"):
        client.track("u1")


def test_uninstrument_restores_the_class_method(
    client: mixpanel.Mixpanel, consumer: MemoryConsumer
) -> None:
    instrument(client, Guard(require_plan_type, mode="raise"))
    assert is_instrumented(client)
    assert uninstrument(client) is True
    assert not is_instrumented(client)
    assert "track" not in vars(client)
    client.track("u1", "Order Completed", {})  # no longer checked
    assert consumer.events() == ["Order Completed"]
    assert uninstrument(client) is False


def test_other_clients_are_untouched(consumer: MemoryConsumer) -> None:
    checked = mixpanel.Mixpanel("t", consumer=consumer)
    other = mixpanel.Mixpanel("t", consumer=consumer)
    instrument(checked, Guard(require_plan_type, mode="raise"))
    other.track("u1", "Order Completed", {})
    assert consumer.events() == ["Order Completed"]
