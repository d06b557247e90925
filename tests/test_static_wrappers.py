"""Tracking through project helpers: configured wrappers and inferred ones."""

from __future__ import annotations

from pathlib import Path

from linter.events import UNKNOWN
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, SEGMENT, WRAPPER
from linter.static import KWARGS, WrapperSpec
from tests.test_static_support import Project

ANALYTICS = """
from mixpanel import Mixpanel

mp = Mixpanel("token")

def track_event(user, event, **props):
    mp.track(user.id, event, props)
"""


def test_inferred_one_hop_wrapper_with_kwargs_properties(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": ANALYTICS,
        "app/views.py": """
            from app import analytics

            def signup(user, extra):
                analytics.track_event(user, "Sign Up", plan="pro", seats=2)
                analytics.track_event(user, event="Keyword Event")
                analytics.track_event(user, "With Extra", source="web", **extra)
        """,
    })
    (wrapper,) = project.index.inferred_wrappers
    assert wrapper.qualified_name == "app.analytics.track_event"
    assert wrapper.spec == WrapperSpec("app.analytics.track_event", "event", KWARGS, None)
    assert (wrapper.sdk, wrapper.via, wrapper.depth) == (MIXPANEL, "mixpanel.Mixpanel.track", 1)
    assert wrapper.origin.path.endswith("analytics.py") and wrapper.origin.line == 6
    assert wrapper.call_origin.line == 7

    first, second, third = project.calls("app/views.py")
    assert (first.sdk, first.method, first.wrapper) == (WRAPPER, "app.analytics.track_event",
                                                        "app.analytics.track_event")
    assert first.wrapper_inferred
    assert first.observation.sdk == MIXPANEL
    assert first.observation.name == "Sign Up"
    assert first.observation.properties == {"plan": "pro", "seats": 2}
    assert first.observation.keys_complete
    assert first.observation.property_origins["plan"].column == 44
    assert first.observation.user_id is UNKNOWN
    assert second.observation.name == "Keyword Event"
    assert third.observation.properties == {"source": "web"}
    assert not third.observation.keys_complete


def test_call_inside_the_wrapper_is_marked(tmp_path: Path) -> None:
    project = Project(tmp_path, {"app/__init__.py": "", "app/analytics.py": ANALYTICS})
    (call,) = project.calls("app/analytics.py")
    assert call.inside_wrapper == "app.analytics.track_event"
    assert call.observation.name is None and call.observation.name_source == "event"


def test_transitive_wrappers_across_modules(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": ANALYTICS,
        "app/helpers.py": """
            from app.analytics import track_event

            def track_server(user, name, props=None):
                track_event(user, name, env="server", **(props or {}))
        """,
        "app/more.py": """
            from app.helpers import track_server as server

            def notify(account, what, data):
                server(account, what, {**data, "via": "notify"})
        """,
        "app/views.py": """
            from app.more import notify
            from app.helpers import track_server

            notify(user, "Deep Event", {"a": 1})
            track_server(user, "Middle Event", {"b": 2})
        """,
    })
    wrappers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    assert set(wrappers) == {"app.analytics.track_event", "app.helpers.track_server",
                             "app.more.notify"}
    middle, deep = wrappers["app.helpers.track_server"], wrappers["app.more.notify"]
    assert (middle.depth, middle.via, middle.sdk) == (2, "app.analytics.track_event", MIXPANEL)
    assert middle.spec.event == "name" and middle.spec.properties == "props"
    assert [(f.key, f.value) for f in middle.fixed_properties] == [("env", "server")]
    assert (deep.depth, deep.spec.properties) == (3, "data")
    assert {f.key for f in deep.fixed_properties} == {"via", "env"}

    calls = {c.observation.name: c for c in project.calls("app/views.py")}
    assert calls["Deep Event"].observation.properties == {"a": 1, "via": "notify",
                                                          "env": "server"}
    assert calls["Deep Event"].observation.keys_complete
    assert calls["Middle Event"].observation.properties == {"b": 2, "env": "server"}
    assert calls["Deep Event"].observation.property_origins["env"].path.endswith("helpers.py")


def test_method_wrapper_used_through_a_module_instance(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            import posthog

            class Analytics:
                def __init__(self, key):
                    self.client = posthog.Posthog(key)

                def track(self, user_id, event, properties=None):
                    self.client.capture(event, distinct_id=user_id, properties=properties)

                def signup(self, user_id):
                    self.track(user_id, "Signed Up", {"source": "self"})

            analytics = Analytics("key")
        """,
        "app/views.py": """
            from app.analytics import analytics, Analytics

            analytics.track("user-1", "Checkout", {"total": 3})
            analytics.track(None, event="No User")
            Analytics("k").track("u", "Inline Instance")
        """,
    })
    helper, wrapper = project.index.inferred_wrappers
    assert wrapper.qualified_name == "app.analytics.Analytics.track"
    assert wrapper.spec.identity == "user_id" and wrapper.sdk == POSTHOG
    # signup() sends one event it names itself: a fixed-event helper.
    assert helper.qualified_name == "app.analytics.Analytics.signup"
    assert helper.fixed_event is not None and helper.fixed_event.value == "Signed Up"
    assert helper.spec.event is None and helper.depth == 2
    first, second, third = project.calls("app/views.py")
    assert (first.observation.name, first.observation.user_id) == ("Checkout", "user-1")
    assert first.observation.properties == {"total": 3}
    assert (second.observation.name, second.observation.user_id) == ("No User", None)
    assert third.observation.name == "Inline Instance"
    inner = [c for c in project.calls("app/analytics.py") if c.inside_wrapper is None]
    assert [c.observation.name for c in inner] == ["Signed Up"]


def test_amplitude_and_segment_wrappers(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/amp.py": """
            from amplitude import Amplitude, BaseEvent

            client = Amplitude("key")

            def send(user_id, event_type, **event_properties):
                event = BaseEvent(event_type=event_type, user_id=user_id,
                                  event_properties=event_properties)
                client.track(event)
        """,
        "app/seg.py": """
            import segment.analytics as analytics

            def seg(event, user_id=None, anonymous_id=None, **properties):
                analytics.track(user_id=user_id, event=event, properties=properties,
                                anonymous_id=anonymous_id)
        """,
        "app/views.py": """
            from app.amp import send
            from app.seg import seg

            send("u1", "Amp Event", plan="pro")
            seg("Seg Event", anonymous_id="anon", page="/")
        """,
    })
    sdks = {w.qualified_name: w.sdk for w in project.index.inferred_wrappers}
    assert sdks == {"app.amp.send": AMPLITUDE, "app.seg.seg": SEGMENT}
    amp, seg = project.calls("app/views.py")
    assert (amp.observation.name, amp.observation.user_id) == ("Amp Event", "u1")
    assert amp.observation.properties == {"plan": "pro"}
    assert (seg.observation.name, seg.observation.anonymous_id) == ("Seg Event", "anon")
    assert seg.observation.user_id is None
    assert seg.observation.properties == {"page": "/"}


def test_not_wrappers(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": """
            from mixpanel import Mixpanel

            mp = Mixpanel("token")

            def transformed(user, event):
                mp.track(user.id, event.title())

            def reassigned(user, event):
                event = "Prefixed " + event
                mp.track(user.id, event)

            def fixed(user):
                mp.track(user.id, "Fixed Event")

            def outer():
                def inner(event):
                    mp.track("u", event)
                return inner

            def as_identity(event):
                mp.track(event, "Identity Only")
        """,
        "app/views.py": """
            from app.analytics import transformed, reassigned, fixed, as_identity
            transformed(user, "A")
            reassigned(user, "B")
            fixed(user)
            as_identity("C")
        """,
    })
    # Functions that send an event they name themselves are fixed-event helpers, whose
    # calls are sites; a parameter that is changed first is not forwarded.
    helpers = {w.qualified_name: w.fixed_event for w in project.index.inferred_wrappers}
    assert {k: v.value if v else None for k, v in helpers.items()} == {
        "app.analytics.fixed": "Fixed Event", "app.analytics.as_identity": "Identity Only"}
    sites = project.calls("app/views.py")
    assert [(c.helper, c.observation.name) for c in sites] == [
        ("app.analytics.fixed", "Fixed Event"), ("app.analytics.as_identity", "Identity Only")]
    names = sorted((c.observation.name or "") for c in project.calls("app/analytics.py"))
    assert names == ["", "", "", "Fixed Event", "Identity Only"]


def test_configured_wrapper_by_position_and_keyword(tmp_path: Path) -> None:
    spec = WrapperSpec("app.tracking.emit", event=1, properties=2, identity=0)
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracking.py": """
            import queue
            events = queue.Queue()

            def emit(user_id, name, properties=None):
                events.put((user_id, name, properties))
        """,
        "app/views.py": """
            from app.tracking import emit
            from app import tracking

            emit("u1", "Queued", {"a": 1})
            tracking.emit(user_id=None, name="By Keyword", properties={"b": 2})
            emit("u2", "No Properties")
        """,
    }, wrappers=[spec])
    assert project.index.inferred_wrappers == ()
    first, second, third = project.calls("app/views.py")
    assert (first.sdk, first.wrapper, first.wrapper_inferred) == (WRAPPER, "app.tracking.emit",
                                                                  False)
    assert first.observation.sdk is None
    assert (first.observation.name, first.observation.user_id) == ("Queued", "u1")
    assert first.observation.properties == {"a": 1}
    assert (second.observation.name, second.observation.user_id) == ("By Keyword", None)
    assert second.observation.properties == {"b": 2}
    assert third.observation.properties == {} and third.observation.keys_complete


def test_configured_wrapper_outside_the_project(tmp_path: Path) -> None:
    spec = WrapperSpec("shared_tracking.client.send", event="event_name", properties=KWARGS,
                       identity=0)
    project = Project(tmp_path, {
        "app.py": """
            from shared_tracking.client import send as send_event

            send_event("u1", event_name="Library Event", plan="pro", seats=1)
            send_event("u1", "Positional Name Unknown")
        """,
    }, wrappers=[spec])
    first, second = project.calls("app.py")
    assert first.observation.name == "Library Event"
    assert first.observation.user_id == "u1"
    assert first.observation.properties == {"plan": "pro", "seats": 1}
    # Without the function's definition, a keyword-named role is only read by keyword.
    assert second.observation.name is None


def test_configured_method_wrapper_and_reexported_name(tmp_path: Path) -> None:
    spec = WrapperSpec("app.Tracker.send", event=0, properties=KWARGS)
    project = Project(tmp_path, {
        "app/__init__.py": "from app.impl import Tracker\n",
        "app/impl.py": """
            class Tracker:
                def send(self, event, **properties):
                    print(event, properties)

            tracker = Tracker()
        """,
        "app/views.py": """
            from app.impl import tracker, Tracker

            tracker.send("Method Event", a=1)
            Tracker().send(event="Keyword Method Event")
            Tracker.send(tracker, "Unbound Method Event")
        """,
    }, wrappers=[spec])
    assert project.names("app/views.py") == ["Method Event", "Keyword Method Event",
                                             "Unbound Method Event"]
    assert project.calls("app/views.py")[0].wrapper == "app.impl.Tracker.send"


def test_configured_roles_win_over_inferred_ones_but_keep_the_sdk(tmp_path: Path) -> None:
    spec = WrapperSpec("app.analytics.track_event", event=1, properties=KWARGS)
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": ANALYTICS,
        "app/views.py": """
            from app.analytics import track_event
            track_event(user, "Configured", k=1)
        """,
    }, wrappers=[spec])
    call = project.call("app/views.py")
    assert call.observation.name == "Configured"
    assert call.observation.sdk == MIXPANEL
    assert not call.wrapper_inferred


def test_wrapper_aliases_are_found(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": ANALYTICS,
        "app/views.py": """
            from app.analytics import track_event as te
            from app import analytics

            send = analytics.track_event

            te(user, "Aliased Import")
            send(user, "Aliased Name")
        """,
    })
    assert project.names("app/views.py") == ["Aliased Import", "Aliased Name"]


def test_identity_passed_directly_is_read_at_the_call_site(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app.py": """
            import segment.analytics as analytics

            def track(user_id, event, properties):
                analytics.track(user_id, event, properties)

            track(None, "Anonymous Event", {})
            track("", "Empty Id Event", {})
            track(current_user(), "Dynamic Id Event", {})
        """,
    })
    ids = [c.observation.user_id for c in project.calls("app.py") if c.inside_wrapper is None]
    assert ids == [None, "", UNKNOWN]


def test_calls_read_before_a_wrapper_was_inferred_are_read_again(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/impl.py": """
            from mixpanel import Mixpanel
            mp = Mixpanel("t")

            def send(user, event):
                mp.track(user, event)
        """,
        "app/facade.py": """
            from app.impl import send

            class Analytics:
                def track(self, user, event):
                    send(user, event)

            analytics = Analytics()
        """,
        "app/views.py": """
            from app.facade import analytics

            def relay(user, event):
                analytics.track(user, event)

            analytics.track("u", "Through The Facade")
        """,
        "app/plain.py": """
            from app.impl import mp
            mp.track("u", "Plain")
        """,
    })
    inferred = {w.qualified_name: w.depth for w in project.index.inferred_wrappers}
    assert inferred == {"app.impl.send": 1, "app.facade.Analytics.track": 2,
                        "app.views.relay": 3}
    # views.py was read in the first round, before Analytics.track was known.
    views = str((tmp_path / "app/views.py").resolve())
    assert views not in project.index.calls
    calls = project.calls("app/views.py")
    assert [(c.observation.name, c.inside_wrapper) for c in calls] == [
        (None, "app.views.relay"), ("Through The Facade", None)]
    # impl.py's call turned out to be the body of a wrapper: what was read holds, and
    # it is that body now, without reading the file again.
    impl = project.index.calls[str((tmp_path / "app/impl.py").resolve())].calls
    assert [c.inside_wrapper for c in impl] == ["app.impl.send"]
    assert [c.inside_wrapper for c in project.calls("app/impl.py")] == ["app.impl.send"]
    plain = str((tmp_path / "app/plain.py").resolve())
    assert [c.observation.name for c in project.index.calls[plain].calls] == ["Plain"]
    assert project.names("app/plain.py") == ["Plain"]


def test_configured_keyword_properties_under_their_own_name(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/tracking.py": """
            def emit(user_id, name, **extra):
                print(user_id, name, extra)
        """,
        "app/views.py": """
            from app.tracking import emit
            emit("u1", "Keyword Properties", plan="pro", seats=2)
        """,
    }
    for properties in ("**extra", "extra", "**whatever"):
        spec = WrapperSpec("app.tracking.emit", event="name", properties=properties, identity=0)
        call = Project(tmp_path, files, wrappers=[spec]).call("app/views.py")
        assert call.observation.properties == {"plan": "pro", "seats": 2}, properties
        assert call.observation.keys_complete


def test_configured_wrapper_mistakes_name_the_setting(tmp_path: Path) -> None:
    from linter.static.configured import wrapper_problems

    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracking.py": """
            class Client:
                @classmethod
                def send(cls, event, props=None):
                    print(event, props)
        """,
    })
    specs = [WrapperSpec("app.tracking.Client.send", event=0, properties="prop"),
             WrapperSpec("app.tracking.Client.sned", event=0),
             WrapperSpec("app.tracking.Client.send", event=1, properties=1),
             WrapperSpec("elsewhere.send", event="anything")]
    problems = wrapper_problems(specs, project.index.symbols())
    assert [(p.spec.qualified_name, p.setting, p.hint) for p in problems] == [
        ("app.tracking.Client.send", "properties", "did you mean 'props'?"),
        ("app.tracking.Client.sned", "function", "did you mean 'app.tracking.Client.send'?"),
    ]
