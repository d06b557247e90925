"""Segment and RudderStack share one call shape: module functions and Client instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.events import UNKNOWN
from linter.sdks import RUDDERSTACK, SEGMENT
from tests.test_static_support import Project, single_file


def test_segment_module_api(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import segment.analytics as analytics

        analytics.write_key = "key"

        def signup(user):
            analytics.track(user.id, "Signed Up", {"plan": "pro"})
            analytics.track(user_id="u1", event="Logged In", anonymous_id="anon-1")
            analytics.track(anonymous_id="anon-2", event="Viewed", properties={"page": "/"})
    """)
    first, second, third = project.calls("app.py")
    assert (first.sdk, first.method) == (SEGMENT, "segment.analytics.track")
    assert first.observation.name == "Signed Up"
    assert first.observation.properties == {"plan": "pro"}
    assert first.observation.anonymous_id is None
    assert (second.observation.user_id, second.observation.anonymous_id) == ("u1", "anon-1")
    assert second.observation.properties == {} and second.observation.keys_complete
    assert (third.observation.user_id, third.observation.anonymous_id) == (None, "anon-2")


def test_segment_every_import_form(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import segment.analytics
        from segment import analytics as seg
        from segment.analytics import track as seg_track

        segment.analytics.track("u", "A")
        seg.track("u", "B")
        seg_track("u", "C")
    """)
    assert project.names("app.py") == ["A", "B", "C"]


def test_older_analytics_package(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import analytics
        analytics.track("u", "Legacy Package", {"k": 1})
    """)
    call = project.call("app.py")
    assert (call.sdk, call.method) == (SEGMENT, "analytics.track")


def test_segment_client_instances(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/clients.py": """
            from segment.analytics import Client
            from segment.analytics.client import Client as RawClient

            segment_client = Client(write_key="key")
            raw = RawClient("key")
        """,
        "app/use.py": """
            from app.clients import segment_client, raw

            def go():
                segment_client.track("u", "Client Event", {"a": 1})
                raw.track(user_id="u", event="Raw Client Event")
        """,
    })
    assert project.names("app/use.py") == ["Client Event", "Raw Client Event"]
    assert {c.method for c in project.calls("app/use.py")} == {
        "segment.analytics.Client.track", "segment.analytics.client.Client.track"}


@pytest.mark.parametrize("import_line", [
    "import rudderstack.analytics as rudder_analytics",
    "from rudderstack import analytics as rudder_analytics",
    "import rudder_analytics",
])
def test_rudderstack_module_api(tmp_path: Path, import_line: str) -> None:
    project = single_file(tmp_path, f"""
        {import_line}

        rudder_analytics.track("u", "Order Completed", {{"total": 10.5}}, None, None, "anon")
    """)
    call = project.call("app.py")
    assert call.sdk == RUDDERSTACK
    assert call.observation.name == "Order Completed"
    assert call.observation.properties == {"total": 10.5}
    assert call.observation.anonymous_id == "anon"


def test_rudderstack_client(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from rudderstack.analytics import Client

        client = Client("key", "https://dataplane.example")
        client.track("u", "Rudder Client Event", context={"ip": "0.0.0.0"})
    """)
    call = project.call("app.py")
    assert (call.sdk, call.method) == (RUDDERSTACK, "rudderstack.analytics.Client.track")
    assert call.observation.properties == {}


def test_star_arguments_make_roles_unknown(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import segment.analytics as analytics

        def forward(args, kwargs):
            analytics.track("u", *args)
            analytics.track(**kwargs)
    """)
    first, second = project.calls("app.py")
    assert first.observation.name is None and first.observation.name_source is None
    assert not first.properties_known and not first.observation.keys_complete
    assert second.observation.user_id is UNKNOWN


def test_not_detected(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import segment
        from segment.analytics import Client

        class Analytics:
            def track(self, user_id, event):
                pass

        analytics = Analytics()
        analytics.track("u", "Own Class Named Analytics")
        segment.analytics_helpers = None
        Client.flush()
        Client("key").identify("u", {"name": "x"})
    """)
    assert project.calls("app.py") == []
