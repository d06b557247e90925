"""Event names built from a function's parameters: ``f"backend:{noun}:{verb}"``.

A wrapper whose tracking call names the event with text built from its own
parameters (an f-string, a ``+``, or a call of a function returning such text)
takes the name's parts from its callers: a call passing text for every part sends
that name, one passing something unknown sends a name of that pattern, and a
function passing literals is a fixed-event helper.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import Project

ANALYTICS = """
import posthog


def _event_key(category, noun, verb):
    return f"backend:{category}:{noun}:{verb}"


def _padded(verb):
    return f"backend:{verb:>10}"


def _either(verb, fallback):
    if verb:
        return f"a:{verb}"
    return f"b:{fallback}"


class Service:
    def capture(self, distinct_id, event, properties=None):
        posthog.capture(event, distinct_id=distinct_id, properties=properties)

    def user_event(self, user, category, noun, verb, properties=None):
        self.capture(user.id, _event_key(category, noun, verb), properties)

    def object_event(self, user, noun, verb):
        self.capture(user.id, f"{noun} {verb}")

    def subject_event(self, subject, category, noun, verb):
        self.user_event(subject.user, category, noun, verb)

    def user_login(self, user):
        self.user_event(user, "user", "login", "done", {"method": "github"})

    def padded_event(self, user, verb):
        self.capture(user.id, _padded(verb))

    def either_event(self, user, verb):
        self.capture(user.id, _either(verb, "x"))

    def mixed_event(self, user, verb):
        self.capture(user.id, f"{REGION}:{verb}")


service = Service()
"""

VIEWS = """
import posthog

from app.analytics import _event_key, service


def views(user, verb):
    service.user_event(user, "orders", "order", "create")
    service.object_event(user, "Order", "Completed")
    service.subject_event(user, "benefits", "benefit", verb)
    service.user_login(user)
    posthog.capture(_event_key("user", "logout", "done"), distinct_id="u")
    service.padded_event(user, "x")
    service.either_event(user, "x")
    service.mixed_event(user, "x")
"""


def _project(tmp_path: Path) -> Project:
    return Project(tmp_path, {"app/__init__.py": "", "app/analytics.py": ANALYTICS,
                              "app/views.py": VIEWS})


def test_callers_fill_the_name_a_wrapper_builds_from_its_parameters(tmp_path: Path) -> None:
    project = _project(tmp_path)
    found = {c.line: (c.observation.name, c.observation.name_pattern)
             for c in project.calls("app/views.py")}
    assert found[8] == ("backend:orders:order:create", None)
    assert found[9] == ("Order Completed", None)
    # Through a wrapper passing its parameters on; one part unknown: the pattern.
    assert found[10] == (None, "backend:benefits:benefit:{}")
    # A helper passing literals; a direct SDK call of the builder.
    assert found[11] == ("backend:user:login:done", None)
    assert found[12] == ("backend:user:logout:done", None)


def test_the_templates_and_the_helper_are_listed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    wrappers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    template = wrappers["app.analytics.Service.user_event"].event_template
    assert template == (("backend:", False), ("category", True), (":", False),
                        ("noun", True), (":", False), ("verb", True))
    assert wrappers["app.analytics.Service.subject_event"].event_template == template
    login = wrappers["app.analytics.Service.user_login"].fixed_event
    assert login is not None and login.value == "backend:user:login:done"


def test_names_built_otherwise_are_not_templates(tmp_path: Path) -> None:
    """A format spec, a builder with two returns, a part that is neither text nor a
    parameter: the function is no wrapper, and its calls are no sites."""
    project = _project(tmp_path)
    wrappers = {w.qualified_name for w in project.index.inferred_wrappers}
    assert not {"app.analytics.Service.padded_event", "app.analytics.Service.either_event",
                "app.analytics.Service.mixed_event"} & wrappers
    assert not {13, 14, 15} & {c.line for c in project.calls("app/views.py")}
