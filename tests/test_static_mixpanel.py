"""Mixpanel calls are found by what ``mp`` is, wherever the instance comes from."""

from __future__ import annotations

from pathlib import Path

from linter.events import UNKNOWN
from linter.sdks import MIXPANEL
from tests.test_static_support import Project, single_file


def test_instance_in_a_local(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel

        def signup(user):
            mp = Mixpanel("token")
            mp.track(user.id, "Sign Up", {"plan": "pro", "seats": 3})
    """)
    call = project.call("app.py")
    assert (call.sdk, call.method) == (MIXPANEL, "mixpanel.Mixpanel.track")
    assert call.observation.name == "Sign Up"
    assert call.observation.properties == {"plan": "pro", "seats": 3}
    assert call.observation.keys_complete and call.properties_known
    assert call.observation.user_id is UNKNOWN
    assert call.observation.sdk == MIXPANEL
    assert call.observation.platform == "server"
    assert (call.line, call.column, call.end_line) == (6, 5, 6)


def test_instance_in_a_module_global_assigned_below_the_function(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import mixpanel

        def signup(user_id):
            mp.track(user_id, "Sign Up")

        mp = mixpanel.Mixpanel("token")
    """)
    assert project.names("app.py") == ["Sign Up"]


def test_aliases_of_the_class_and_the_module(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import mixpanel as m
        from mixpanel import Mixpanel as MP

        a = MP("t")
        b = m.Mixpanel("t")

        def go():
            a.track("u", "A")
            b.track("u", "B")
            m.Mixpanel("t").track("u", "C")
            MP("t").track(distinct_id="u", event_name="D")
    """)
    assert project.names("app.py") == ["A", "B", "C", "D"]


def test_instance_held_by_self(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel

        class Tracker:
            def __init__(self, token):
                self.mp = Mixpanel(token)

            def order(self, user, total):
                self.mp.track(user.id, "Order Completed", {"total": total})
    """)
    call = project.call("app.py")
    assert call.observation.name == "Order Completed"
    assert call.observation.properties == {"total": UNKNOWN}


def test_instance_as_class_attribute_and_annotated_parameter(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from typing import Optional
        from mixpanel import Mixpanel

        class Service:
            client = Mixpanel("token")

            @classmethod
            def ping(cls):
                cls.client.track("u", "Pinged")

            def pong(self):
                self.client.track("u", "Ponged")

        def with_param(mp: Optional[Mixpanel], other: "Mixpanel | None"):
            mp.track("u", "Param")
            other.track("u", "String Annotation")
    """)
    assert project.names("app.py") == ["Pinged", "Ponged", "Param", "String Annotation"]


def test_instance_created_in_another_module(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "from app.analytics import mp as default_mp\n",
        "app/analytics.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("token")
        """,
        "app/views.py": """
            from app.analytics import mp
            from app import analytics, default_mp
            import app.analytics
            from .analytics import mp as relative_mp

            def view(user):
                mp.track(user.id, "Imported")
                analytics.mp.track(user.id, "Module Attribute")
                app.analytics.mp.track(user.id, "Dotted")
                relative_mp.track(user.id, "Relative")
                default_mp.track(user.id, "Re-exported")
        """,
    })
    assert project.names("app/views.py") == [
        "Imported", "Module Attribute", "Dotted", "Relative", "Re-exported"]


def test_instance_set_up_by_an_init_function(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            from mixpanel import Mixpanel
            mp = None

            def init(token):
                global mp
                mp = Mixpanel(token)
        """,
        "app/jobs.py": """
            from app import analytics

            def job():
                analytics.mp.track("system", "Job Ran")
        """,
    })
    assert project.names("app/jobs.py") == ["Job Ran"]


def test_subclass_of_the_client(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel

        class OurMixpanel(Mixpanel):
            pass

        mp = OurMixpanel("token")
        mp.track("u", "Subclassed")
    """)
    assert project.names("app.py") == ["Subclassed"]


def test_import_data_signature(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel
        mp = Mixpanel("token")
        mp.import_data("key", "user-1", "Imported Order", 1700000000, {"total": 5})
    """)
    call = project.call("app.py")
    assert call.method == "mixpanel.Mixpanel.import_data"
    assert call.observation.name == "Imported Order"
    assert call.observation.user_id == "user-1"
    assert call.observation.properties == {"total": 5}


def test_identity_literal_none_and_empty(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel
        mp = Mixpanel("token")
        mp.track(None, "A")
        mp.track("", "B")
        mp.track("user-7", "C")
        mp.track(distinct_id=None, event_name="D")
    """)
    ids = [c.observation.user_id for c in project.calls("app.py")]
    assert ids == [None, "", "user-7", None]
    first = project.calls("app.py")[0]
    assert first.observation.identity_origin is not None
    assert first.observation.identity_origin.column == 10


def test_not_detected_unrelated_track_methods_and_functions(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import requests
        from mixpanel import Mixpanel

        class Shipment:
            def track(self, number, event):
                return requests.post("https://carrier.example/track", json={"n": number})

        def track(user, event):
            print(user, event)

        def handler(shipment: Shipment, mp_token):
            shipment.track("123", "Shipped")
            track("u", "Local Function")
            Shipment().track("1", "Inline")
            requests.post("https://api.mixpanel.com/track", json={"event": "Raw"})
            mixpanel_like = object()
            mixpanel_like.track("u", "Object")

            def track(x, y):
                pass
            track("u", "Nested")
            Mixpanel.track("u", "Unbound on class")
    """)
    assert project.calls("app.py") == []


def test_a_project_module_named_like_the_sdk_shadows_it(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "analytics.py": """
            def track(user, event):
                print(user, event)
        """,
        "main.py": """
            import analytics
            analytics.track("u", "Not Segment")
        """,
    })
    assert project.calls("main.py") == []


def test_conditional_clients_factories_and_lazy_singletons(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/clients.py": """
            from mixpanel import Mixpanel
            from app.settings import TOKEN

            mp = Mixpanel(TOKEN) if TOKEN else None
            _client = None

            def get_client():
                global _client
                if _client is None:
                    _client = Mixpanel(TOKEN)
                return _client

            def make_client() -> "Mixpanel":
                return build()

            def new_client():
                return Mixpanel(TOKEN)

            def local_client(token):
                client = Mixpanel(token)
                client.token = token
                return client

            def either_client(token):
                if token:
                    client = Mixpanel(token)
                else:
                    client = make_client()
                return client
        """,
        "app/settings.py": "TOKEN = 'token'\n",
        "app/views.py": """
            from mixpanel import Mixpanel
            from app import clients

            def view(flag):
                clients.mp.track("u", "Conditional Global")
                local = Mixpanel("t") if flag else None
                local.track("u", "Conditional Local")
                (local or Mixpanel("t")).track("u", "Or Fallback")
                clients.get_client().track("u", "Lazy Singleton")
                clients.make_client().track("u", "Annotated Factory")
                clients.new_client().track("u", "Factory")
                clients.local_client("t").track("u", "Local Returned")
                clients.either_client("t").track("u", "Not Followed")
        """,
    })
    assert project.names("app/views.py") == [
        "Conditional Global", "Conditional Local", "Or Fallback", "Lazy Singleton",
        "Annotated Factory", "Factory", "Local Returned"]
