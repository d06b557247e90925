"""Format detection per record, and the platform vocabulary shared by every vendor."""

from __future__ import annotations

from typing import Any

import pytest

from linter.payloads import FORMATS, detect_format
from linter.payloads.platforms import (
    platform_from_browser,
    platform_from_library,
    platform_from_os,
    version_string,
)

SEGMENT_CONTEXT = {"library": {"name": "analytics-python", "version": "2.4.0"}}


@pytest.mark.parametrize(("record", "expected"), [
    # Mixpanel
    ({"event": "A", "properties": {"token": "t", "distinct_id": "u", "mp_lib": "python"}},
     "mixpanel"),
    ({"event": "A", "properties": {"time": 1618716477000, "distinct_id": "u",
                                   "$insert_id": "i"}}, "mixpanel"),
    ({"$token": "t", "$distinct_id": "u", "$set": {"plan": "pro"}}, "mixpanel"),
    ([{"event": "A", "properties": {"token": "t"}}], "mixpanel"),
    # Segment
    ({"type": "track", "event": "A", "userId": "u", "context": SEGMENT_CONTEXT}, "segment"),
    ({"type": "identify", "userId": "u", "traits": {}}, "segment"),
    ({"userId": "u", "event": "A", "properties": {}}, "segment"),  # /v1/track body
    ({"batch": [{"type": "track", "event": "A"}], "writeKey": "wk"}, "segment"),
    ({"batch": [], "writeKey": "wk", "sentAt": "2024-06-03T16:00:00Z"}, "segment"),
    # RudderStack
    ({"type": "track", "event": "A", "channel": "server", "context": SEGMENT_CONTEXT},
     "rudderstack"),
    ({"type": "track", "event": "A",
      "context": {"library": {"name": "RudderLabs JavaScript SDK"}}}, "rudderstack"),
    ({"type": "track", "event": "A", "rudderId": "r"}, "rudderstack"),
    ({"batch": [{"type": "track", "event": "A", "channel": "mobile"}]}, "rudderstack"),
    # PostHog
    ({"event": "A", "distinct_id": "u", "properties": {}}, "posthog"),
    ({"event": "A", "properties": {"$lib": "web", "token": "phc", "distinct_id": "u"}},
     "posthog"),
    ({"api_key": "phc", "event": "A", "properties": {"distinct_id": "u"}}, "posthog"),
    ({"api_key": "phc", "batch": [{"event": "A", "distinct_id": "u"}]}, "posthog"),
    ({"created_at": "2024-06-03T16:00:00Z", "batch": []}, "posthog"),
    ({"event": "A", "type": "capture", "distinct_id": "u"}, "posthog"),  # older posthog-python
    # Amplitude
    ({"api_key": "k", "events": [{"event_type": "A"}]}, "amplitude"),
    ({"event_type": "A", "user_id": "u"}, "amplitude"),
    # unknown
    ({"event": "A", "properties": {}}, None),
    ({"hello": "world"}, None),
    ({"batch": []}, None),
    ([], None),
    ("A", None),
    (42, None),
])
def test_detect_format(record: Any, expected: str | None) -> None:
    assert detect_format(record) == expected


def test_formats_are_the_sdk_names() -> None:
    assert FORMATS == ("mixpanel", "segment", "rudderstack", "posthog", "amplitude")


@pytest.mark.parametrize(("name", "platform"), [
    ("analytics.js", "web"),
    ("RudderLabs JavaScript SDK", "web"),
    ("amplitude-ts/2.8.0", "web"),
    ("web", "web"),
    ("analytics-swift", "ios"),
    ("rudder-ios-library", "ios"),
    ("amplitude-swift/1.6.2", "ios"),
    ("com.rudderstack.android.sdk.core", "android"),
    ("amplitude-android-kotlin/1.16.7", "android"),
    ("analytics-python", "server"),
    ("rudder-sdk-ruby", "server"),
    ("@segment/analytics-node", "server"),
    ("posthog-dotnet", "server"),
    ("analytics-react-native", None),
    ("posthog-flutter", None),
    ("analytics-kotlin", None),
    ("something-else", None),
    ("", None),
    (None, None),
    (3, None),
])
def test_platform_from_library(name: Any, platform: str | None) -> None:
    assert platform_from_library(name) == platform


@pytest.mark.parametrize(("name", "platform"), [
    ("iOS", "ios"), ("iPadOS", "ios"), ("iPhone OS", "ios"), ("Android", "android"),
    ("android", "android"), ("Mac OS X", None), ("Windows", None), ("Linux", None), (None, None),
])
def test_platform_from_os(name: Any, platform: str | None) -> None:
    assert platform_from_os(name) == platform


def test_platform_from_browser() -> None:
    assert platform_from_browser("Chrome") == "web"
    assert platform_from_browser("Mobile Safari") == "web"
    assert platform_from_browser("ios") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("4.2.0", "4.2.0"), (412, "412"), (4.2, "4.2"), ("", None), (None, None), (True, None),
    ({"version": "1"}, None),
])
def test_version_string(value: Any, expected: str | None) -> None:
    assert version_string(value) == expected
