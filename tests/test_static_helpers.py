"""Fixed-event helpers: functions that send one event they name themselves.

``def user_signed_up(user): track(user, "Signed Up")`` makes each of its calls a
tracking site: ``calls`` lists it with the helper's event, and what the call passes
on (properties, identity) is checked there, while the helper's own call is checked
(once) for the event name and what the helper adds.
"""

from __future__ import annotations

import json
from pathlib import Path

from linter.sdks import MIXPANEL, POSTHOG
from tests.test_static_support import Project

from .test_cli_check import project as cli_project

ANALYTICS = """
from mixpanel import Mixpanel

mp = Mixpanel("token")

def track(user, event, **props):
    mp.track(user.id, event, props)

def user_signed_up(user, plan):
    track(user, "Signed Up", plan=plan)

def order_completed(user, **props):
    track(user, "Order Completed", source="web", **props)

def onboarding_done(user):
    user_signed_up(user, "free")

def error_reported(user, error_type="Error Reported"):
    track(user, error_type)

def main(user):
    track(user, "App Started")
    track(user, "App Stopped")
"""


def _project(tmp_path: Path) -> Project:
    return Project(tmp_path, {
        "app/__init__.py": "",
        "app/analytics.py": ANALYTICS,
        "app/views.py": """
            from app import analytics
            from app.analytics import main, onboarding_done, order_completed, user_signed_up

            user_signed_up(user, "pro")
            order_completed(user, order_id="o1")
            onboarding_done(user)
            analytics.error_reported(user)
            analytics.error_reported(user, "Checkout Failed")
            main(user)
        """,
    })


def test_calls_of_a_helper_are_sites_with_its_event(tmp_path: Path) -> None:
    project = _project(tmp_path)
    helpers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    signed_up = helpers["app.analytics.user_signed_up"]
    assert signed_up.fixed_event is not None and signed_up.fixed_event.value == "Signed Up"
    assert (signed_up.sdk, signed_up.via, signed_up.depth) == (
        MIXPANEL, "app.analytics.track", 2)
    chained = helpers["app.analytics.onboarding_done"]
    assert chained.fixed_event is not None and chained.fixed_event.value == "Signed Up"
    assert chained.depth == 3
    sites = project.calls("app/views.py")
    assert [(c.line, c.observation.name, c.helper) for c in sites] == [
        (5, "Signed Up", "app.analytics.user_signed_up"),
        (6, "Order Completed", "app.analytics.order_completed"),
        (7, "Signed Up", "app.analytics.onboarding_done"),
        (8, "Error Reported", None),
        (9, "Checkout Failed", None),
    ]
    completed = sites[1].observation
    assert completed.properties == {"order_id": "o1", "source": "web"}
    assert completed.keys_complete
    # The helper's own call is a site too: it names the event.
    inner = [(c.line, c.observation.name, c.inside_wrapper)
             for c in project.calls("app/analytics.py")]
    assert (10, "Signed Up", None) in inner and (13, "Order Completed", None) in inner


def test_a_function_sending_several_events_is_not_a_helper(tmp_path: Path) -> None:
    project = _project(tmp_path)
    names = {w.qualified_name for w in project.index.inferred_wrappers}
    assert "app.analytics.main" not in names
    assert all(c.line != 10 for c in project.calls("app/views.py"))


def test_a_method_helper_reached_on_a_new_instance_and_in_a_lambda(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/telemetry.py": """
            from posthog import Posthog

            class Telemetry:
                _posthog: Posthog = None

                def __new__(cls):
                    if not hasattr(cls, "instance"):
                        cls.instance = super().__new__(cls)
                        cls.instance._posthog = Posthog("key")
                    return cls.instance

                def log_exception(self, exception):
                    self._posthog.capture("anon", "exception", {"exception": str(exception)})
        """,
        "app/setup.py": """
            from app.telemetry import Telemetry

            def instrument(library):
                library.instrument(exception_logger=lambda e: Telemetry().log_exception(e))
        """,
    })
    (site,) = project.calls("app/setup.py")
    assert (site.observation.name, site.helper, site.observation.sdk) == (
        "exception", "app.telemetry.Telemetry.log_exception", POSTHOG)


CHECKED = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def order_completed(user, **props):
    mp.track(user.id, "order completed", {"price": 1.0, **props})


def signed_up(user):
    mp.track(user.id, "Signed Up", {"method": "email"})


def checkout(user):
    order_completed(user, order_id="o1", coupon_code="X")
    order_completed(user, order_id="o2")
    signed_up(user)
"""


def test_the_helper_body_reports_its_event_and_call_sites_what_they_pass(tracklint, write):
    root = cli_project(write, {"app.py": CHECKED})
    document = json.loads(tracklint("check", "--output-format", "json", cwd=root).stdout)
    found = sorted((d["line"], d["code"]) for d in document["diagnostics"])
    # Line 7: the event name, once, in the helper; line 15: a key the call adds;
    # line 11: the deprecated event and its unplanned key, in the helper only (not
    # again at line 17, which passes nothing).
    assert found == [(7, "TL201"), (11, "TL203"), (11, "TL206"), (15, "TL206")]
