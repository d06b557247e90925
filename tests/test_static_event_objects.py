"""Events sent as objects: an SDK's event class passed on, or the project's own event classes."""

from __future__ import annotations

from pathlib import Path

from linter.events import UNKNOWN
from linter.sdks import AMPLITUDE, POSTHOG
from tests.test_static_support import Project


def test_an_sdk_event_object_passed_through_a_wrapper(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/handler.py": """
            from amplitude import Amplitude, BaseEvent

            class Handler:
                def __init__(self):
                    self._client = Amplitude("key")

                def track(self, event: BaseEvent):
                    self._client.track(event)

            class SignUp(BaseEvent):
                def __init__(self, user_id):
                    super().__init__(event_type="Sign Up", user_id=user_id)
        """,
        "app/views.py": """
            from amplitude import BaseEvent
            from app.handler import Handler, SignUp

            def report(user):
                Handler().track(BaseEvent(event_type="Report Created", user_id=user.id,
                                          event_properties={"report_id": 3}))
                event = BaseEvent(event_type="Local Event", user_id="u1")
                Handler().track(event)
                Handler().track(SignUp(user.id))
        """,
    })
    (wrapper,) = project.index.inferred_wrappers
    assert wrapper.event_object and wrapper.sdk == AMPLITUDE
    created, local, subclass = project.calls("app/views.py")
    assert created.observation.name == "Report Created"
    assert created.observation.properties == {"report_id": 3}
    assert created.observation.sdk == AMPLITUDE
    assert (local.observation.name, local.observation.user_id) == ("Local Event", "u1")
    # A subclass with its own constructor is not read with BaseEvent's arguments.
    assert subclass.observation.name is None
    assert subclass.observation.user_id is UNKNOWN


EVENTS = """
from dataclasses import asdict, dataclass

@dataclass
class TelemetryEvent:
    @property
    def name(self) -> str:
        return self.__class__.__name__

    @property
    def properties(self):
        return asdict(self)

@dataclass
class AgentRun(TelemetryEvent):
    task: str
    name: str = "agent_run"

@dataclass
class ClientStarted(TelemetryEvent):
    version: str

class Labelled(TelemetryEvent):
    @property
    def name(self) -> str:
        return "labelled_event"

class Dynamic(TelemetryEvent):
    def __init__(self, label):
        self.label = label

    @property
    def name(self) -> str:
        return self.label
"""


def test_project_event_objects_named_by_an_attribute(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/events.py": EVENTS,
        "app/telemetry.py": """
            from posthog import Posthog
            from app.events import TelemetryEvent

            class Telemetry:
                def __init__(self):
                    self._client = Posthog("key")

                def capture(self, event: TelemetryEvent) -> None:
                    self._send(event)

                def _send(self, event: TelemetryEvent) -> None:
                    self._client.capture(event.name, distinct_id="u",
                                         properties={**event.properties, "source": "sdk"})

            telemetry = Telemetry()
        """,
        "app/views.py": """
            from app.events import AgentRun, ClientStarted, Dynamic, Labelled
            from app.telemetry import telemetry

            def run(task, label):
                telemetry.capture(AgentRun(task=task))
                telemetry.capture(AgentRun(task=task, name="agent_rerun"))
                telemetry.capture(ClientStarted(version="1"))
                event = Labelled()
                telemetry.capture(event)
                telemetry.capture(Dynamic(label))
        """,
    })
    wrappers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    assert wrappers["app.telemetry.Telemetry._send"].event_attribute == "name"
    assert wrappers["app.telemetry.Telemetry.capture"].event_attribute == "name"
    assert wrappers["app.telemetry.Telemetry.capture"].sdk == POSTHOG
    sites = project.calls("app/views.py")
    assert [c.observation.name for c in sites] == [
        "agent_run", "agent_rerun", "ClientStarted", "labelled_event", None]
    assert all(not c.observation.keys_complete for c in sites)
    # The calls in the wrappers' bodies forward the object: plumbing, not read as events.
    inner = project.calls("app/telemetry.py")
    assert [c.inside_wrapper for c in inner] == ["app.telemetry.Telemetry.capture",
                                                 "app.telemetry.Telemetry._send"]


def test_a_dict_spread_into_an_sdk_event_object_by_the_wrapper(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/telemetry.py": """
            import logging
            from amplitude import Amplitude, BaseEvent

            amplitude = Amplitude("key")

            def send_event(event, user_id):
                amplitude.track(BaseEvent(user_id=str(user_id), **event))

            def log_event(event):
                logging.info(BaseEvent(**event))

            def send_named(name, user_id, **extra):
                amplitude.track(BaseEvent(event_type=name, user_id=user_id, **extra))
        """,
        "app/views.py": """
            from app.telemetry import log_event, send_event, send_named

            def loaded(user, suites, payload):
                send_event({"event_type": "Suites Loaded",
                            "event_properties": {"count": len(suites)}}, user.id)
                send_event(payload, user.id)
                log_event({"event_type": "Not Sent"})
                send_named("Named", user.id, event_properties={"k": 1})
        """,
    })
    sites = [c for c in project.calls("app/views.py") if c.inside_wrapper is None]
    assert [(c.line, c.observation.name) for c in sites] == [
        (5, "Suites Loaded"), (7, None), (9, "Named")]
    assert sites[0].observation.properties == {"count": UNKNOWN}
    assert sites[0].wrapper == "app.telemetry.send_event"
