"""A client passed through ``linter.instrument()`` is still its SDK's client.

Runtime checking wraps the client's methods and hands the client back, so every
call through it must still be found, and checked, by the static checker.
"""

from __future__ import annotations

from pathlib import Path

from linter.sdks import MIXPANEL, POSTHOG
from tests.test_static_support import Project, single_file


def test_a_module_client_created_through_instrument(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import linter
        from mixpanel import Mixpanel

        mp = linter.instrument(Mixpanel("token"), guard)

        def signed_up(user):
            mp.track(user.id, "Signed Up", {"plan": "pro"})
    """)
    call = project.call("app.py")
    assert (call.sdk, call.observation.name, call.observation.properties) == (
        MIXPANEL, "Signed Up", {"plan": "pro"})


def test_instrument_imported_from_the_runtime_in_a_function_and_on_self(
        tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from linter.runtime import instrument
        from posthog import Posthog

        class Tracker:
            def __init__(self):
                self.client = instrument(Posthog("key"))

            def paid(self, user):
                self.client.capture("Order Paid", distinct_id=user.id)

        def local(user):
            ph = instrument(Posthog("key"))
            ph.capture("Local Event", distinct_id=user.id)
            instrument(Posthog("key")).capture("Inline Event", distinct_id=user.id)
    """)
    calls = project.calls("app.py")
    assert [(c.sdk, c.observation.name) for c in calls] == [
        (POSTHOG, "Order Paid"), (POSTHOG, "Local Event"), (POSTHOG, "Inline Event")]


def test_an_instrumented_client_from_another_module(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tracking.py": """
            from linter.runtime.instrument import instrument
            from mixpanel import Mixpanel

            def make_client():
                return instrument(Mixpanel("token"))

            mp = make_client()
        """,
        "app/views.py": """
            from app.tracking import mp

            mp.track("u", "From Elsewhere")
        """,
    })
    assert project.names("app/views.py") == ["From Elsewhere"]


def test_a_look_alike_instrument_is_not_tracklint_s(tmp_path: Path) -> None:
    """Another library's ``instrument`` returns something else: nothing is guessed."""
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel
        from opentelemetry.instrumentation import instrument

        def instrument_locally(client):
            return Recorder(client)

        otel = instrument(Mixpanel("token"))
        otel.track("u", "Not An Sdk Call")
        instrument_locally(Mixpanel("token")).track("u", "Nor This")
    """)
    assert project.calls("app.py") == []
