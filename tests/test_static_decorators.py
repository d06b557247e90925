"""Decorators that send an event built from the decorated function's return value.

``@send_telemetry`` on a function returning ``"Signed Up", {"plan": p}``: the
decorator calls the function and spreads what it returns into a tracking call.
The decorator's line is the tracking site (read from the value returned), and the
decorated function is a fixed-event helper: each of its calls sends that event.
"""

from __future__ import annotations

from pathlib import Path

from linter.sdks import MIXPANEL, POSTHOG
from tests.test_static_support import Project

TELEMETRY = """
import functools
import posthog
from mixpanel import Mixpanel

mp = Mixpanel("token")


class Telemetry:
    def send_event(self, name, properties=None):
        posthog.capture(name, distinct_id="u", properties=properties)


telemetry = Telemetry()


def send_telemetry(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        output = func(*args, **kwargs)
        if output:
            telemetry.send_event(*output)
    return wrapper


def send_direct(func):
    async def wrapper(*args, **kwargs):
        mp.track("u", *(await func(*args, **kwargs)))
    return wrapper


def timed(func):
    # A look-alike: calls the function and logs its result, sends nothing.
    def wrapper(*args, **kwargs):
        output = func(*args, **kwargs)
        print(*output)
        return output
    return wrapper
"""

EVENTS = """
from app.telemetry import send_direct, send_telemetry, timed


@send_telemetry
def pipeline_ran(pipeline):
    if pipeline.recent:
        return None
    return "Pipeline Ran", {"pipeline_id": pipeline.id, "runs": pipeline.runs}


@send_direct
async def exported(kind):
    return "Exported", {"kind": kind}


@send_telemetry
def custom(name, props):
    return name, props


@send_telemetry
def either(flag):
    if flag:
        return "On", {}
    return "Off", {}


@timed
def measured():
    return "Not An Event", {}
"""

CALLERS = """
from app.events import custom, either, measured, pipeline_ran


def run(pipeline):
    pipeline_ran(pipeline)
    custom("Custom Event", {"a": 1})
    either(True)
    measured()
"""


def _project(tmp_path: Path) -> Project:
    return Project(tmp_path, {"app/__init__.py": "", "app/telemetry.py": TELEMETRY,
                              "app/events.py": EVENTS, "app/callers.py": CALLERS})


def test_the_decorator_line_is_the_site_read_from_the_value_returned(tmp_path: Path) -> None:
    project = _project(tmp_path)
    sites = {c.line: c for c in project.calls("app/events.py")}
    ran = sites[5]
    assert (ran.sdk, ran.observation.name, sorted(ran.observation.properties),
            ran.inside_wrapper) == ("wrapper", "Pipeline Ran", ["pipeline_id", "runs"], None)
    assert ran.method == "app.telemetry.send_telemetry"
    assert ran.observation.name_origin is not None and ran.observation.name_origin.line == 9
    exported = sites[12]
    assert (exported.observation.name, exported.observation.sdk) == ("Exported", MIXPANEL)
    # A function returning its parameters is a wrapper: its callers are the sites.
    assert sites[17].inside_wrapper == "app.events.custom"
    # Two events returned: the site's event is not known here (never guessed).
    assert sites[22].observation.name is None
    assert set(sites) == {5, 12, 17, 22}


def test_the_decorated_function_is_a_fixed_event_helper(tmp_path: Path) -> None:
    project = _project(tmp_path)
    helpers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    decorator = helpers["app.telemetry.send_telemetry"]
    assert (decorator.sdk, decorator.via, decorator.spec.event, decorator.spec.properties) == (
        POSTHOG, "app.telemetry.Telemetry.send_event", 0, 1)
    helper = helpers["app.events.pipeline_ran"]
    assert helper.fixed_event is not None and helper.fixed_event.value == "Pipeline Ran"
    assert "app.events.either" not in helpers and "app.events.measured" not in helpers
    calls = project.calls("app/callers.py")
    assert [(c.line, c.observation.name) for c in calls] == [
        (6, "Pipeline Ran"), (7, "Custom Event")]


def test_the_call_in_the_decorator_is_counted_at_the_decorated_functions(
        tmp_path: Path) -> None:
    project = _project(tmp_path)
    inside = {c.line: c.inside_wrapper for c in project.calls("app/telemetry.py")}
    assert inside == {11: "app.telemetry.Telemetry.send_event",
                      22: "app.telemetry.send_telemetry", 28: "app.telemetry.send_direct"}


def test_a_decorator_that_sends_nothing_is_not_a_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert 28 not in {c.line for c in project.calls("app/events.py")}
    assert "app.telemetry.timed" not in {w.qualified_name
                                         for w in project.index.inferred_wrappers}


FACTORY = """
import functools
from mixpanel import Mixpanel

mp = Mixpanel("token")


def track(event, properties=None):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            mp.track("u", event, properties)
            return result
        return wrapper
    return decorator


def track_later(event):
    # A look-alike: the function it returns is registered, not returned.
    def decorator(func):
        def wrapper(*args, **kwargs):
            mp.track("u", event)
        HANDLERS.append(wrapper)
        return func
    return decorator


@track("Order Completed", properties={"source": "api"})
def complete(order):
    return order


@track_later("Not A Site")
def later():
    pass
"""


def test_a_decorator_factory_sends_the_event_its_arguments_name(tmp_path: Path) -> None:
    project = Project(tmp_path, {"app.py": FACTORY})
    calls = {c.line: c for c in project.calls("app.py")}
    site = calls[29]
    assert (site.method, site.observation.name, site.observation.properties) == (
        "app.track", "Order Completed", {"source": "api"})
    assert calls[13].inside_wrapper == "app.track"  # the call in the factory's wrapper
    assert set(calls) == {13, 23, 29} and calls[23].inside_wrapper is None
    # The decorator runs once, where the function is defined: the decorator's line is
    # the site, and the decorated function is no helper (its callers pass nothing on).
    helpers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    assert "app.complete" not in helpers
    assert "app.later" not in helpers and "app.track_later" not in helpers


CLOSURES = """
import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import wraps

import posthog

pool = ThreadPoolExecutor(max_workers=1)


def telemetry_event(feature):
    def decorator(func):
        def send(kind, error=None):
            if pool is None:
                return
            if kind == "feature":
                posthog.capture("u", "Feature Used", {"feature": feature})
            elif kind == "error":
                posthog.capture("u", "Error Raised", {"endpoint": feature, "error": error})

        @wraps(func)
        async def async_wrapper(*args, **kwargs):
            if pool is None:
                return await func(*args, **kwargs)
            try:
                result = await func(*args, **kwargs)
                pool.submit(send, "feature")
                return result
            except Exception as e:
                pool.submit(send, "error", str(e))
                raise

        @wraps(func)
        def sync_wrapper(*args, **kwargs):
            return asyncio.run(async_wrapper(*args, **kwargs))

        return async_wrapper if asyncio.iscoroutinefunction(func) else sync_wrapper

    return decorator


def on_error(endpoint):
    # Sends only when the function raises: the error path, not a site.
    def decorator(func):
        def report(kind):
            if kind == "error":
                posthog.capture("u", "Error Raised", {"endpoint": endpoint})

        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                report("error")
                raise
        return wrapper
    return decorator


def failures(name):
    # Sends from the wrapper's except block only: no site either.
    def decorator(func):
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                posthog.capture("u", "Call Failed", {"name": name})
                raise
        return wrapper
    return decorator


def registered(name):
    # A look-alike: the nested sender goes to a registry; the wrapper never calls it.
    def decorator(func):
        def send():
            posthog.capture("u", "Registered")
        HOOKS.append(send)

        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper
    return decorator


class Service:
    @telemetry_event("Search")
    async def search(self, query):
        return []

    @on_error("Export")
    def export(self):
        return 1

    @registered("Import")
    def load(self):
        return 2

    @failures("Sync")
    def sync(self):
        return 3

    async def run(self):
        return await self.search("q")
"""


def _line(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


def test_a_factory_whose_wrapper_calls_a_nested_sender_with_a_literal(tmp_path: Path) -> None:
    """``pool.submit(send, "feature")`` in the wrapper, ``if kind == "feature":`` in the
    sender: the decorator line sends the event of the branch the wrapper's normal path
    takes; the branch an ``except`` block takes is its error path."""
    project = Project(tmp_path, {"app.py": CLOSURES})
    sites = {c.line: c for c in project.calls("app.py")}
    search = sites[_line(CLOSURES, '@telemetry_event("Search")')]
    assert (search.observation.name, search.helper) == ("Feature Used", "app.telemetry_event")
    helpers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    fixed = helpers["app.telemetry_event"].fixed_event
    assert fixed is not None and fixed.value == "Feature Used"
    # The calls in the nested functions name their events: they are sites themselves.
    assert {sites[_line(CLOSURES, '"Feature Used"')].observation.name,
            sites[_line(CLOSURES, '"Registered"')].observation.name} == {
        "Feature Used", "Registered"}
    # Not sites: a decorator sending only from an except block, a sender the wrapper
    # never calls, and calls of a decorated method (the decorator ran where it was
    # defined; the method's callers pass nothing on).
    for text in ('@on_error("Export")', '@registered("Import")', '@failures("Sync")',
                 'self.search("q")'):
        assert _line(CLOSURES, text) not in sites, text
    assert not {"app.on_error", "app.registered", "app.failures",
                "app.Service.search"} & set(helpers)
