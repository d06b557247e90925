"""PostHog: current ``capture(event, distinct_id=...)``, old ``capture(distinct_id, event)``."""

from __future__ import annotations

from pathlib import Path

from linter.events import UNKNOWN
from linter.sdks import POSTHOG
from tests.test_static_support import Project, single_file


def test_current_api_on_the_module(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import posthog

        def signup(user):
            posthog.capture("user_signed_up", distinct_id=user.id,
                            properties={"login_type": "email", "is_free_trial": True})
    """)
    call = project.call("app.py")
    assert (call.sdk, call.method) == (POSTHOG, "posthog.capture")
    assert call.observation.name == "user_signed_up"
    assert call.observation.properties == {"login_type": "email", "is_free_trial": True}
    assert call.observation.user_id is UNKNOWN


def test_current_api_without_distinct_id_is_not_missing_identity(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from posthog import capture, new_context, identify_context

        with new_context():
            identify_context("user-1")
            capture("user_logged_in")
    """)
    call = project.call("app.py")
    assert call.observation.name == "user_logged_in"
    assert call.observation.user_id is UNKNOWN


def test_legacy_api_by_shape(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import posthog

        posthog.capture("user-1", "movie played", {"movie_id": 123})
        posthog.capture("user-2", event="legacy keyword")
        posthog.capture(distinct_id="", event="both keywords")
    """)
    first, second, third = project.calls("app.py")
    assert first.observation.name == "movie played"
    assert first.observation.user_id == "user-1"
    assert first.observation.properties == {"movie_id": 123}
    assert (second.observation.name, second.observation.user_id) == ("legacy keyword", "user-2")
    assert (third.observation.name, third.observation.user_id) == ("both keywords", "")


def test_client_instances(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/ph.py": """
            from posthog import Posthog, Client
            from posthog.client import Client as RawClient

            posthog_client = Posthog("phc_key", host="https://eu.posthog.com")
            other = Client("phc_key")
            raw = RawClient("phc_key")
        """,
        "app/views.py": """
            from app.ph import posthog_client, other, raw

            def view(user):
                posthog_client.capture("page_viewed", distinct_id=user.id)
                other.capture(user.id, "legacy on client")
                raw.capture(event="raw client", distinct_id=None)
        """,
    })
    calls = project.calls("app/views.py")
    assert [c.observation.name for c in calls] == ["page_viewed", "legacy on client",
                                                   "raw client"]
    assert calls[2].observation.user_id is None
    assert {c.method for c in calls} == {"posthog.Posthog.capture", "posthog.Client.capture",
                                         "posthog.client.Client.capture"}


def test_not_detected(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import posthog
        import sentry_sdk

        posthog.capture_exception(ValueError())
        sentry_sdk.capture_message("hello")
        posthog.identify_context("u")

        class Camera:
            def capture(self, what):
                pass

        Camera().capture("photo")
    """)
    assert project.calls("app.py") == []
