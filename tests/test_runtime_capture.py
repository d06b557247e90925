"""capture_events(): what real SDK clients send, recorded in memory, never on the network."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import mixpanel
import posthog
import pytest
import rudderstack.analytics as rudderstack
import segment.analytics as segment
from amplitude import Amplitude, BaseEvent, EventOptions, Identify

from linter.diagnostics import Diagnostic, Severity
from linter.events import EventObservation
from linter.runtime import Guard, instrument
from linter.runtime.capture import capture_events

ORIGINAL_ENQUEUE = segment.Client._enqueue


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Record (and refuse) every attempt to reach the network, from any thread."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts
    assert attempts == [], "an SDK tried to reach the network"


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [
        Diagnostic(
            "TL205",
            "'plan_type' is missing",
            pointer=f"{observation.origin.pointer}/plan_type",
        )
    ]


def test_mixpanel_default_and_buffered_consumers() -> None:
    with capture_events() as events:
        mixpanel.Mixpanel("token").track("u1", "Signed Up", {"source": "ad"})
        buffered = mixpanel.Mixpanel("token", consumer=mixpanel.BufferedConsumer())
        buffered.track("u2", "Order Completed", {"plan_type": "pro"})
        mixpanel.Mixpanel("token").people_set("u1", {"name": "Ada"})  # not an event
    assert events.names() == ["Signed Up", "Order Completed"]
    signed_up = events.find("Signed Up")[0]
    assert (signed_up.sdk, signed_up.user_id) == ("mixpanel", "u1")
    assert signed_up.properties["source"] == "ad"
    assert signed_up.properties["token"] == "token"  # the message as Mixpanel built it


@pytest.mark.parametrize("package", [segment, rudderstack], ids=["segment", "rudderstack"])
def test_segment_like_clients_in_background_mode_need_no_flush(package: Any) -> None:
    with capture_events() as events:
        client = package.Client("write-key")  # not sync_mode: a consumer thread
        queued, message = client.track(
            "u1", "Order Completed", {"plan_type": "pro"}, anonymous_id="a1"
        )
        package.Client("write-key", send=False).track("u1", "Not Sent", {})
        client.identify("u1", {"name": "Ada"})
    assert queued is True
    (event,) = events.events
    assert event.name == "Order Completed"
    assert (event.user_id, event.anonymous_id) == ("u1", "a1")
    assert event.message["messageId"] == message["messageId"]
    assert event.message["context"]["library"]["name"] == "analytics-python"


def test_the_sdks_own_mangling_is_what_gets_captured() -> None:
    with capture_events() as events:
        segment.Client("write-key", sync_mode=True).track(
            "u1", "Order Completed", {"plan_type": "pro", "order_id": uuid.UUID(int=1)}
        )
    assert events.events[0].properties == {"plan_type": "pro"}  # Segment dropped the UUID


def test_posthog_clients_without_sync_mode() -> None:
    with capture_events() as events:
        client = posthog.Posthog("phc_key")
        event_uuid = client.capture(
            "Order Completed", distinct_id="u1", properties={"plan_type": "pro"}
        )
        posthog.Posthog("phc_key", send=False).capture("Not Sent", distinct_id="u1")
    (event,) = events.events
    assert (event.sdk, event.name, event.user_id) == ("posthog", "Order Completed", "u1")
    assert event.message["uuid"] == event_uuid
    assert event.properties["$lib"] == "posthog-python"


def test_amplitude_clients() -> None:
    with capture_events() as events:
        client = Amplitude("api-key")
        client.track(
            BaseEvent(
                "Order Completed",
                user_id="u1",
                device_id="d1",
                event_properties={"plan_type": "pro"},
            )
        )
        identify = Identify()
        identify.set("plan", "pro")
        client.identify(identify, EventOptions(user_id="u1"))
    assert events.names() == ["Order Completed", "$identify"]
    event = events.find("Order Completed")[0]
    assert (event.user_id, event.anonymous_id) == ("u1", "d1")
    assert event.properties == {"plan_type": "pro"}
    assert event.properties_pointer == "/event_properties"


def test_patches_are_removed_on_exit() -> None:
    with capture_events():
        assert segment.Client._enqueue is not ORIGINAL_ENQUEUE
    assert segment.Client._enqueue is ORIGINAL_ENQUEUE


def test_events_a_guard_drops_are_not_captured() -> None:
    guard = Guard(require_plan_type, mode="drop", quarantine=lambda o, d: None)
    with capture_events() as events:
        client = instrument(segment.Client("write-key", sync_mode=True), guard)
        client.track("u1", "Order Completed", {})
        client.track("u1", "Order Completed", {"plan_type": "pro"})
    assert len(events) == 1


# -- assertions ----------------------------------------------------------------


def capture_some() -> Any:
    with capture_events(require_plan_type) as events:
        client = segment.Client("write-key", sync_mode=True)
        client.track("u1", "Order Completed", {"plan_type": "pro", "price": 3})
        client.track("u1", "Order Completed", {"plan_type": "free"})
        client.track("u2", "Signed Up", {"source": "ad"})
    return events


def test_assert_tracked_matches_a_subset_of_properties() -> None:
    events = capture_some()
    assert events.assert_tracked("Order Completed", plan_type="free").properties == {
        "plan_type": "free"
    }
    assert events.assert_tracked("Signed Up").user_id == "u2"


def test_assert_tracked_failures_explain_what_was_sent() -> None:
    events = capture_some()
    with pytest.raises(
        AssertionError, match=r"'Checkout' was not tracked; tracked: \['Order Completed'"
    ):
        events.assert_tracked("Checkout")
    with pytest.raises(AssertionError, match="tracked 2 time") as failed:
        events.assert_tracked("Order Completed", plan_type="team")
    assert "'plan_type': 'free'" in str(failed.value)


def test_assert_not_tracked() -> None:
    events = capture_some()
    events.assert_not_tracked("Checkout")
    with pytest.raises(AssertionError, match="tracked 1 time"):
        events.assert_not_tracked("Signed Up")


def test_clear_and_len() -> None:
    events = capture_some()
    assert len(events) == 3
    events.clear()
    assert events.names() == []


def test_assert_conforms_reports_each_failing_event() -> None:
    events = capture_some()
    with pytest.raises(AssertionError) as failed:
        events.assert_conforms()
    report = str(failed.value)
    assert report.startswith("1 of 3 captured events breaks the tracking plan:")
    assert "'Signed Up' (segment, server)" in report
    assert "TL205 [error] /properties/plan_type" in report


def test_assert_conforms_passes_when_everything_conforms() -> None:
    events = capture_some()
    events.clear()
    events.assert_conforms()
    capture_some().assert_conforms(lambda observation: [])


def test_assert_conforms_refuses_to_pass_without_a_plan() -> None:
    with capture_events() as events:
        pass
    with pytest.raises(ValueError, match="no tracking plan"):
        events.assert_conforms()


def test_assert_conforms_also_catches_unserialisable_values_on_the_wire() -> None:
    with capture_events(lambda observation: []) as events:
        segment.Client("write-key", sync_mode=True).track("u1", "Scored", {"score": float("nan")})
    with pytest.raises(AssertionError, match="TL212"):
        events.assert_conforms()


def test_system_events_are_skipped_unless_asked_for() -> None:
    def unknown_event(observation: EventObservation) -> list[Diagnostic]:
        return [Diagnostic("TL201", "unknown event")]

    with capture_events(unknown_event) as events:
        mixpanel.Mixpanel("token").track("u1", "$experiment_started", {})
    events.assert_conforms()
    with pytest.raises(AssertionError):
        events.assert_conforms(include_system_events=True)


def test_fail_on_lets_warnings_fail_too() -> None:
    def deprecated(observation: EventObservation) -> list[Diagnostic]:
        return [Diagnostic("TL203", "deprecated", severity=Severity.WARNING)]

    events = capture_some()
    events.assert_conforms(deprecated)
    with pytest.raises(AssertionError, match="TL203"):
        events.assert_conforms(deprecated, fail_on="warning")
