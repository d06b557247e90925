"""Each vendor's wire format, from the captured samples and from the SDKs themselves."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.payloads import PayloadStream, read_payloads

DATA = Path(__file__).parent / "data" / "payloads"


def read(*paths: Path | str, **options: Any) -> tuple[list[EventObservation], list[Diagnostic],
                                                      PayloadStream]:
    stream = read_payloads(paths, **options)
    items = list(stream)
    events = [item for item in items if isinstance(item, EventObservation)]
    diagnostics = [item for item in items if isinstance(item, Diagnostic)]
    return events, diagnostics, stream


def summary(events: list[EventObservation]) -> list[tuple[Any, ...]]:
    return [(e.name, e.platform, e.user_id, e.anonymous_id, e.app_version, e.origin.line,
             e.origin.pointer) for e in events]


def resolve(record: Any, pointer: str) -> Any:
    """Follow a JSON Pointer (no escapes needed for tracklint's pointers)."""
    for part in pointer.strip("/").split("/"):
        record = record[int(part)] if isinstance(record, list) else record[part]
    return record


# -- Mixpanel ------------------------------------------------------------------
def test_mixpanel_python_track_lines() -> None:
    events, diagnostics, stream = read(DATA / "mixpanel" / "python_track.jsonl")
    assert diagnostics == []
    assert [(e.name, e.platform, e.user_id, e.sdk) for e in events] == [
        ("Order Completed", "server", "user_4821", "mixpanel"),
        ("Subscription Renewed", "server", "user_4821", "mixpanel"),
        ("Invoice Sent", "server", "user_5130", "mixpanel"),
        ("Signed Up", "server", "user_3377", "mixpanel"),
    ]
    assert events[0].properties["order_id"] == "ord_9f3k2"
    assert events[0].properties["mp_lib"] == "python"  # SDK keys stay, at their pointer
    assert stream.stats.non_event_kinds == {"profile-update": 1}


def test_mixpanel_js_body_is_streamed_and_device_ids_are_anonymous() -> None:
    path = DATA / "mixpanel" / "js_track_body.json"
    events, diagnostics, stream = read(path)
    assert diagnostics == []
    device = "18fd3b0a52c4d1-0e2c7a5b1f3e8-1a525636-1d73c0-18fd3b0a52c4d1"
    assert summary(events) == [
        ("Product Viewed", "web", None, device, None, 2, "/0/properties"),
        ("Checkout Started", "web", "user_4821", device, None, 48, "/2/properties"),
    ]
    assert stream.stats.non_event_kinds == {"$mp_web_page_view": 1}
    document = json.loads(path.read_text())
    assert resolve(document, events[1].origin.pointer) == events[1].properties


def test_mixpanel_form_and_base64_bodies() -> None:
    events, diagnostics, _ = read(DATA / "mixpanel" / "js_swift_form.txt")
    assert diagnostics == []
    assert [(e.name, e.platform, e.origin.line, e.origin.pointer) for e in events] == [
        ("Product Viewed", "web", 1, "/0/properties"),
        ("Checkout Started", "web", 2, "/0/properties"),
        ("Order Completed", "ios", 3, "/0/properties"),
        ("Product Viewed", "web", 4, "/properties"),
    ]
    assert events[2].app_version == "4.2.0"
    assert events[2].properties["total"] == 49.9


def test_mixpanel_gzipped_export_with_mobile_platforms() -> None:
    events, diagnostics, stream = read(DATA / "mixpanel" / "export_mobile.jsonl.gz")
    assert diagnostics == []
    assert [(e.name, e.platform, e.app_version, e.origin.line) for e in events] == [
        ("Order Completed", "ios", "4.2.0", 1),
        ("Product Viewed", "android", "4.1.3", 2),
        ("Order Completed", "android", "4.1.3", 4),
    ]
    assert stream.stats.non_event_kinds == {"$ae_session": 1}


@pytest.mark.parametrize(("properties", "platform"), [
    ({"mp_lib": "web", "$os": "iOS"}, "web"),  # mobile Safari is still the web
    ({"mp_lib": "swift"}, "ios"),
    ({"mp_lib": "iphone"}, "ios"),
    ({"mp_lib": "android"}, "android"),
    ({"mp_lib": "react-native", "$os": "Android"}, "android"),
    ({"mp_lib": "flutter", "$os": "iOS"}, "ios"),
    ({"mp_lib": "node"}, "server"),
    ({"mp_lib": "ruby"}, "server"),
    ({"$os": "Windows", "$browser": "Edge"}, "web"),
    ({"$os": "Linux"}, "unknown"),
])
def test_mixpanel_platforms(tmp_path: Path, properties: dict[str, Any], platform: str) -> None:
    path = tmp_path / "one.jsonl"
    body = {"event": "X", "properties": {"token": "t", "distinct_id": "u", **properties}}
    path.write_text(json.dumps(body))
    (event,), _, _ = read(path)
    assert event.platform == platform


# -- Segment and RudderStack -----------------------------------------------------
def test_segment_python_batch() -> None:
    events, diagnostics, stream = read(DATA / "segment" / "python_batch.json")
    assert diagnostics == []
    assert summary(events) == [
        ("Order Completed", "server", "user_4821", None, None, 1, "/batch/1/properties"),
        ("Checkout Started", "server", None, "4c1e0f0a-3b7e-4d0e-9d55-4c0b1c7e2a10", None, 1,
         "/batch/2/properties"),
        ("Invoice Sent", "server", "user_5130", None, None, 1, "/batch/3/properties"),
    ]
    assert {e.sdk for e in events} == {"segment"}
    assert stream.stats.non_event_kinds == {"identify": 1}


def test_segment_analytics_js_lines() -> None:
    events, _, stream = read(DATA / "segment" / "analytics_js.jsonl")
    assert [(e.name, e.platform, e.user_id, e.origin.line) for e in events] == [
        ("Checkout Started", "web", None, 2), ("Order Completed", "web", "user_4821", 3)]
    assert stream.stats.non_event_kinds == {"page": 1}


def test_segment_mobile_batches_use_os_and_app_version() -> None:
    events, _, stream = read(DATA / "segment" / "mobile_batches.jsonl.gz")
    assert [(e.name, e.platform, e.app_version, e.user_id, e.origin.pointer) for e in events] == [
        ("Order Completed", "ios", "4.2.0", "user_4821", "/batch/1/properties"),
        ("Product Viewed", "android", "4.1.3", "", "/batch/0/properties"),
        ("Order Completed", "android", "4.1.3", "user_5130", "/batch/2/properties"),
    ]
    assert stream.stats.non_event_kinds == {"screen": 1, "identify": 1}


def test_segment_http_track_body_without_type() -> None:
    (event,), _, _ = read(DATA / "segment" / "http_track.json")
    assert (event.name, event.platform, event.sdk, event.user_id) == (
        "Refund Requested", "server", "segment", "user_5130")


def test_rudderstack_python_batch_is_told_from_segment() -> None:
    events, _, stream = read(DATA / "rudderstack" / "python_batch.json")
    assert [(e.name, e.sdk, e.platform, e.origin.pointer) for e in events] == [
        ("Order Completed", "rudderstack", "server", "/batch/0/properties"),
        ("Invoice Sent", "rudderstack", "server", "/batch/2/properties"),
    ]
    assert stream.stats.non_event_kinds == {"group": 1}


def test_rudderstack_js_sdk_app_block_is_not_the_app_version() -> None:
    events, _, _ = read(DATA / "rudderstack" / "js_sdk.jsonl")
    assert [(e.name, e.sdk, e.platform, e.app_version, e.user_id) for e in events] == [
        ("Plan Selected", "rudderstack", "web", None, ""),
        ("Signed Up", "rudderstack", "web", None, "user_6001"),
    ]


def test_rudderstack_mobile_sdks() -> None:
    events, _, stream = read(DATA / "rudderstack" / "mobile_batches.jsonl.gz")
    assert [(e.name, e.sdk, e.platform, e.app_version) for e in events] == [
        ("Product Viewed", "rudderstack", "android", "4.1.3"),
        ("Order Completed", "rudderstack", "ios", "4.2.0"),
    ]
    assert stream.stats.non_event_kinds == {"screen": 1}


@pytest.mark.parametrize(("context", "platform"), [
    ({"library": {"name": "analytics.js"}}, "web"),
    ({"library": {"name": "analytics-ios"}}, "ios"),
    ({"library": {"name": "analytics-android"}}, "android"),
    ({"library": {"name": "analytics-kotlin"}, "os": {"name": "Android"}}, "android"),
    ({"library": {"name": "analytics-react-native"}, "os": {"name": "iPadOS"}}, "ios"),
    ({"library": {"name": "analytics-ruby"}}, "server"),
    ({"library": {"name": "analytics-go"}}, "server"),
    ({"library": {"name": "@segment/analytics-node"}}, "server"),
    ({}, "unknown"),
])
def test_segment_platforms(tmp_path: Path, context: dict[str, Any], platform: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"type": "track", "event": "X", "userId": "u", "context": context}))
    (event,), _, _ = read(path)
    assert event.platform == platform


# -- PostHog -----------------------------------------------------------------------
def test_posthog_python_batch() -> None:
    events, _, stream = read(DATA / "posthog" / "python_batch.json")
    assert [(e.name, e.platform, e.user_id, e.sdk, e.origin.pointer) for e in events] == [
        ("Order Completed", "server", "user_4821", "posthog", "/batch/0/properties"),
        ("Invoice Sent", "server", "user_5130", "posthog", "/batch/1/properties"),
    ]
    assert stream.stats.non_event_kinds == {"$identify": 1}


def test_posthog_js_anonymous_and_identified_users() -> None:
    events, _, stream = read(DATA / "posthog" / "js_events.json")
    device = "018fd7a1-f0e1-7c2d-8b3a-4c5d6e7f8a9b"
    assert [(e.name, e.platform, e.user_id, e.anonymous_id, e.origin.pointer) for e in events] == [
        ("Plan Selected", "web", None, device, "/1/properties"),
        ("Subscription Started", "web", "user_6001", device, "/3/properties"),
    ]
    assert stream.stats.non_event_kinds == {"$pageview": 1, "$identify": 1}


def test_posthog_sdk_events_can_be_kept() -> None:
    events, _, stream = read(DATA / "posthog" / "js_events.json", sdk_events=True)
    assert [e.name for e in events] == [
        "$pageview", "Plan Selected", "$identify", "Subscription Started"]
    assert stream.stats.non_events == 0


def test_posthog_mobile_batches() -> None:
    events, _, _ = read(DATA / "posthog" / "mobile_batches.jsonl.gz")
    assert [(e.name, e.platform, e.app_version, e.user_id, e.origin.line) for e in events] == [
        ("Order Completed", "ios", "4.2.0", "user_4821", 1),
        ("Product Viewed", "android", "4.1.3", None, 2),
    ]


def test_posthog_capture_v1_body_without_lib() -> None:
    (event,), _, _ = read(DATA / "posthog" / "capture_v1.json")
    assert (event.name, event.platform, event.user_id) == ("Invoice Sent", "server", "user_5130")


@pytest.mark.parametrize(("properties", "platform"), [
    ({"$lib": "web"}, "web"),
    ({"$lib": "posthog-js"}, "web"),
    ({"$lib": "posthog-ios"}, "ios"),
    ({"$lib": "posthog-android"}, "android"),
    ({"$lib": "posthog-react-native", "$os": "Android"}, "android"),
    ({"$lib": "posthog-flutter", "$os": "iOS"}, "ios"),
    ({"$lib": "posthog-python"}, "server"),
    ({"$lib": "posthog-node"}, "server"),
    ({"$lib": "posthog-go"}, "server"),
    ({"$lib": "posthog-ruby"}, "server"),
    ({"$lib": "posthog-php"}, "server"),
])
def test_posthog_platforms(tmp_path: Path, properties: dict[str, Any], platform: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"event": "X", "distinct_id": "u", "properties": properties}))
    (event,), _, _ = read(path)
    assert event.platform == platform


# -- Amplitude -------------------------------------------------------------------
def test_amplitude_python_upload() -> None:
    events, _, stream = read(DATA / "amplitude" / "python_httpapi.json")
    assert summary(events) == [
        ("Order Completed", "server", "user_4821", "9b2f6c1e-7a", "2.3.0", 1,
         "/events/0/event_properties"),
        ("Invoice Sent", "server", "user_5130", None, None, 1, "/events/1/event_properties"),
    ]
    assert events[0].properties == {"order_id": "ord_9f3k2", "total": 49.9, "currency": "EUR",
                                    "item_count": 3}
    assert stream.stats.non_event_kinds == {"$identify": 1}


def test_amplitude_sdk_uploads_per_line() -> None:
    events, _, stream = read(DATA / "amplitude" / "sdk_uploads.jsonl")
    assert [(e.name, e.platform, e.app_version, e.origin.line, e.origin.pointer)
            for e in events] == [
        ("Plan Selected", "web", None, 1, "/events/1/event_properties"),
        ("Order Completed", "ios", "4.2.0", 2, "/events/0/event_properties"),
        ("Product Viewed", "android", "4.1.3", 3, "/events/0/event_properties"),
    ]
    assert stream.stats.non_event_kinds == {"[Amplitude] Page Viewed": 1, "session_end": 1}


def test_amplitude_export_lines() -> None:
    events, _, _ = read(DATA / "amplitude" / "export.jsonl.gz")
    assert [(e.name, e.platform, e.app_version, e.user_id) for e in events] == [
        ("Order Completed", "ios", "4.2.0", "user_4821"),
        ("Product Viewed", "android", "4.1.3", None),
        ("Plan Selected", "web", None, None),
    ]


@pytest.mark.parametrize(("fields", "platform"), [
    ({"platform": "Web"}, "web"),
    ({"platform": "iOS"}, "ios"),
    ({"platform": "Android"}, "android"),
    ({"library": "amplitude-python/1.3.0"}, "server"),
    ({"library": "amplitude-node-ts/1.3.0"}, "server"),
    ({"library": {"name": "amplitude-js", "version": "8.21.9"}}, "web"),
    ({"os_name": "Mobile Safari"}, "web"),
    ({"os_name": "android"}, "android"),
    ({}, "unknown"),
])
def test_amplitude_platforms(tmp_path: Path, fields: dict[str, Any], platform: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"event_type": "X", "user_id": "user_1", **fields}))
    (event,), _, _ = read(path)
    assert event.platform == platform


# -- the same events straight from the installed SDKs ---------------------------
def test_what_mixpanel_python_sends_is_read_back(tmp_path: Path) -> None:
    mixpanel = pytest.importorskip("mixpanel")
    sent: list[str] = []

    class Consumer:
        def send(self, endpoint: str, message: str, *args: Any) -> None:
            sent.append(message)

    client = mixpanel.Mixpanel("token123", consumer=Consumer())
    client.track("user_1", "Order Completed", {"order_id": "o1", "total": 9.5})
    form = "data=" + base64.b64encode(sent[0].encode()).decode()
    path = tmp_path / "sent.txt"
    path.write_text(sent[0] + "\n" + form + "\n")
    events, diagnostics, _ = read(path)
    assert diagnostics == []
    assert [(e.name, e.platform, e.user_id, e.sdk) for e in events] == [
        ("Order Completed", "server", "user_1", "mixpanel")] * 2
    assert events[0].properties["total"] == 9.5


def test_what_segment_and_rudder_python_send_is_read_back(tmp_path: Path) -> None:
    segment = pytest.importorskip("segment.analytics")
    rudder = pytest.importorskip("rudderstack.analytics.client")
    seg = segment.Client("wk", send=False).track(user_id="u1", event="A", properties={"x": 1})[1]
    rud = rudder.Client("wk", send=False).track(user_id="u2", event="B", properties={"y": 2})[1]
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps({"batch": [seg], "writeKey": "wk"}, default=str) + "\n"
                    + json.dumps({"batch": [rud]}, default=str) + "\n")
    events, _, _ = read(path)
    assert [(e.name, e.sdk, e.platform, e.user_id, e.properties) for e in events] == [
        ("A", "segment", "server", "u1", {"x": 1}),
        ("B", "rudderstack", "server", "u2", {"y": 2}),
    ]


def test_what_amplitude_python_sends_is_read_back(tmp_path: Path) -> None:
    amplitude = pytest.importorskip("amplitude")
    plugin = pytest.importorskip("amplitude.plugin")

    class Configuration:
        plan = None
        ingestion_metadata = None

    context = plugin.ContextPlugin()
    context.configuration = Configuration
    event = amplitude.BaseEvent(event_type="Order Completed", user_id="user_1",
                                event_properties={"order_id": "o1"}, app_version="1.0.0")
    context.execute(event)
    path = tmp_path / "upload.json"
    path.write_text(json.dumps({"api_key": "k", "events": [event.get_event_body()]}))
    (observed,), _, _ = read(path)
    assert (observed.name, observed.platform, observed.app_version, observed.properties) == (
        "Order Completed", "server", "1.0.0", {"order_id": "o1"})
