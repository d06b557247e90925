"""Amplitude: ``client.track(BaseEvent(...))``, the event built inline or just before."""

from __future__ import annotations

from pathlib import Path

from linter.events import UNKNOWN
from linter.sdks import AMPLITUDE
from tests.test_static_support import Project, single_file


def test_inline_event(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from amplitude import Amplitude, BaseEvent

        client = Amplitude("API_KEY")

        def signup(user):
            client.track(BaseEvent(event_type="Sign Up", user_id=user.id, device_id="dev-1",
                                   event_properties={"plan": "pro"}))
    """)
    call = project.call("app.py")
    assert (call.sdk, call.method) == (AMPLITUDE, "amplitude.Amplitude.track")
    assert call.observation.name == "Sign Up"
    assert call.observation.properties == {"plan": "pro"}
    assert call.observation.user_id is UNKNOWN
    assert call.observation.anonymous_id == "dev-1"
    assert call.observation.keys_complete


def test_event_assigned_first_and_positional(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import amplitude
        from amplitude.event import BaseEvent as Event

        client = amplitude.Amplitude("API_KEY")

        def order(total):
            event = Event("Order Completed", "user-1", None, None, {"total": total})
            client.track(event)
    """)
    call = project.call("app.py")
    assert call.observation.name == "Order Completed"
    assert call.observation.user_id == "user-1"
    assert call.observation.properties == {"total": UNKNOWN}
    assert call.observation.name_origin is not None
    assert call.observation.name_origin.line == 8


def test_event_changed_before_tracking_is_partly_known(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from amplitude import Amplitude, BaseEvent

        client = Amplitude("API_KEY")

        def order(user):
            event = BaseEvent("Order Completed", event_properties={"total": 1})
            event.user_id = user.id
            client.track(event)
    """)
    call = project.call("app.py")
    assert call.observation.name == "Order Completed"
    assert not call.observation.keys_complete
    assert call.observation.user_id is UNKNOWN


def test_event_from_elsewhere_is_dynamic(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from amplitude import Amplitude

        client = Amplitude("API_KEY")

        def replay(event):
            client.track(event)
    """)
    call = project.call("app.py")
    assert call.observation.name is None
    assert not call.properties_known and not call.observation.keys_complete


def test_client_held_by_self_in_another_module(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracking.py": """
            from amplitude import Amplitude

            class Tracking:
                def __init__(self, key: str) -> None:
                    self.client = Amplitude(key)

            tracking = Tracking("key")
        """,
        "app/jobs.py": """
            from amplitude import BaseEvent
            from app.tracking import tracking

            tracking.client.track(BaseEvent(event_type="Job Done"))
        """,
    })
    assert project.names("app/jobs.py") == ["Job Done"]


def test_not_detected(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from amplitude import Amplitude, BaseEvent, Identify

        client = Amplitude("API_KEY")
        client.identify(Identify(), None)
        client.flush()
        event = BaseEvent("Not Sent")

        class Player:
            def track(self, event):
                pass

        Player().track(BaseEvent("Player Track"))
    """)
    assert project.calls("app.py") == []
