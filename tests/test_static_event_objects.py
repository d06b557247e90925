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


def test_an_event_named_by_the_text_of_an_object_its_constructor_passes_up(
        tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/kinds.py": """
            from dataclasses import dataclass

            @dataclass(frozen=True)
            class Kind:
                name: str

                def __repr__(self):
                    return self.name

            @dataclass
            class Opaque:
                name: str

                def __repr__(self):
                    return f"<{self.name}>"

            ORDER_PLACED: Kind = Kind("order.placed")
            HIDDEN = Opaque("order.hidden")
        """,
        "app/events.py": """
            from dataclasses import dataclass

            from app.kinds import HIDDEN, ORDER_PLACED, Kind

            @dataclass
            class Event:
                kind: Kind

            class Plain:
                def __init__(self, kind):
                    self._kind = kind

            @dataclass
            class OrderPlaced(Event):
                order_id: str | None = None

                def __init__(self, order_id=None):
                    super().__init__(kind=ORDER_PLACED)
                    self.order_id = order_id

            class Hidden(Event):
                def __init__(self):
                    super().__init__(kind=HIDDEN)

            class NotStored(Plain):
                def __init__(self):
                    super().__init__(kind=ORDER_PLACED)
        """,
        "app/client.py": """
            import posthog

            def submit(event):
                posthog.capture(str(event.kind), distinct_id="u")
        """,
        "app/views.py": """
            from app.client import submit
            from app.events import Hidden, NotStored, OrderPlaced

            def placed(order):
                submit(event=OrderPlaced(order_id=order.id))
                submit(Hidden())
                submit(NotStored())
        """,
    })
    # An object whose text is not one of its fields, or a base that does not store what
    # it is given, names nothing: such calls are left out rather than guessed.
    sites = [c for c in project.calls("app/views.py") if c.inside_wrapper is None]
    assert [(c.line, c.observation.name) for c in sites] == [(6, "order.placed")]


def test_an_event_named_by_a_literal_a_subclass_passes_to_its_base(tmp_path: Path) -> None:
    """``super().__init__("Search Ran", {...})`` into a base whose ``__init__`` stores
    ``self.event_type = event_type``: the object's event, read by a wrapper that sends
    ``event.event_type``; a helper sending such an object names its event too."""
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/events.py": """
            class BaseTelemetryEvent:
                def __init__(self, event_type: str, properties: dict):
                    self.event_type = event_type
                    self.properties = properties

            class SearchRan(BaseTelemetryEvent):
                def __init__(self, user_id):
                    super().__init__("Search Ran", {"user_id": user_id})

            class ExportDone(BaseTelemetryEvent):
                def __init__(self, user_id):
                    super().__init__(properties={}, event_type="Export Done")

            class Dynamic(BaseTelemetryEvent):
                def __init__(self, kind):
                    super().__init__(kind, {})

            class Repeated(SearchRan):
                pass
        """,
        "app/client.py": """
            import posthog

            class Client:
                def capture(self, event):
                    posthog.capture("u", event.event_type, event.properties)

            client = Client()

            def report_search(user):
                client.capture(SearchRan(user))

            from app.events import SearchRan
        """,
        "app/views.py": """
            from app.client import client, report_search
            from app.events import Dynamic, ExportDone, Repeated, SearchRan

            def handler(user, kind):
                client.capture(SearchRan(user))
                client.capture(ExportDone(user))
                client.capture(Dynamic(kind))
                client.capture(Repeated(user))
                report_search(user)
        """,
    })
    calls = project.calls("app/views.py")
    assert [c.observation.name for c in calls] == [
        "Search Ran", "Export Done", None, "Search Ran", "Search Ran"]
    assert calls[-1].helper == "app.client.report_search"
