"""Clients and tracking objects handed out by singletons, getters and factory methods."""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import Project

CLIENTS = """
import threading
from posthog import Posthog

class Tracker:
    _instance = None

    def __init__(self):
        self.client = self._make_client()
        self.backup = self.client

    @classmethod
    def instance(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _make_client(self):
        return Posthog("key")

    def get_client(self):
        return self.client

    def event(self, name, **props):
        self.client.capture(name, distinct_id="u", properties=props)


_lock = threading.Lock()
_tracker = None

def get_tracker():
    global _tracker
    if _tracker is not None:
        return _tracker
    with _lock:
        if _tracker is None:
            _tracker = Tracker()
        return _tracker

def disabled_or_tracker(enabled):
    if not enabled:
        return None
    return Tracker()

def tracker_or_logger(debug):
    import logging
    if debug:
        return logging.getLogger("x")
    return Tracker()
"""


def test_getters_class_singletons_and_methods_returning_attributes(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/clients.py": CLIENTS,
        "app/views.py": """
            from app.clients import Tracker, disabled_or_tracker, get_tracker, tracker_or_logger

            def view(tracker: Tracker):
                Tracker.instance().event("Class Singleton")
                get_tracker().event("Locked Getter")
                disabled_or_tracker(True).event("None Or Tracker")
                tracker.get_client().capture("Returned Attribute", distinct_id="u")
                tracker.backup.capture("Attribute Copy", distinct_id="u")
                tracker_or_logger(False).event("Not Followed")
        """,
    })
    assert project.names("app/views.py") == [
        "Class Singleton", "Locked Getter", "None Or Tracker", "Returned Attribute",
        "Attribute Copy"]


def test_a_singleton_made_in_new(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/handler.py": """
            from amplitude import Amplitude, BaseEvent

            class Handler:
                _client = None
                _instance = None

                def __new__(cls):
                    if cls._instance is None:
                        cls._instance = super().__new__(cls)
                    return cls._instance

                def __init__(self):
                    self._client = Amplitude("key")

                @classmethod
                def shared(cls):
                    return cls._instance

                def send(self, name, user_id):
                    self._client.track(BaseEvent(event_type=name, user_id=user_id))
        """,
        "app/views.py": """
            from app.handler import Handler

            Handler().send("Constructed", "u1")
            Handler.shared().send("Shared", "u2")
        """,
    })
    assert project.names("app/views.py") == ["Constructed", "Shared"]
