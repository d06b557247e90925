"""pytest plugin: capture the events a test sends and check them against the plan.

Registered through the ``pytest11`` entry point, so installing tracklint is
enough.  A test asks for the ``tracked_events`` fixture; while it runs, every
Mixpanel, Segment, RudderStack, PostHog and Amplitude client sends into memory
instead of the network::

    def test_checkout_tracks_the_order(tracked_events):
        checkout(cart, plan="pro")
        tracked_events.assert_tracked("Order Completed", plan_type="pro")
        tracked_events.assert_conforms()

The plan comes from ``--tracklint-plan PATH`` or the ``tracklint_plan`` ini
option (relative to the ini file).  Until plan loading is wired in, or to check
against something else, override the ``tracklint_check`` fixture with any
``EventCheck``: a callable taking an ``EventObservation`` and returning
diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linter.diagnostics import TracklintError
from linter.runtime.capture import TrackedEvents, capture_events
from linter.runtime.policy import DEFAULT_PLATFORM, EventCheck, Guard

_PLAN_HELP = "tracking plan (file or directory) for tracked_events.assert_conforms()"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tracklint", "tracklint: tracking plan checks")
    group.addoption("--tracklint-plan", dest="tracklint_plan", metavar="PATH", help=_PLAN_HELP)
    parser.addini("tracklint_plan", help=_PLAN_HELP, default="")
    parser.addini(
        "tracklint_platform",
        help="platform captured events are checked for (default: server)",
        default=DEFAULT_PLATFORM,
    )


@pytest.fixture
def tracklint_plan(pytestconfig: pytest.Config) -> Path | None:
    """The plan path from ``--tracklint-plan`` or the ``tracklint_plan`` ini option."""
    option = pytestconfig.getoption("tracklint_plan", default=None)
    if option:
        return Path(option).resolve()
    ini_value = str(pytestconfig.getini("tracklint_plan") or "")
    if not ini_value:
        return None
    base = pytestconfig.inipath.parent if pytestconfig.inipath else pytestconfig.rootpath
    return (base / ini_value).resolve()


@pytest.fixture
def tracklint_platform(pytestconfig: pytest.Config) -> str:
    return str(pytestconfig.getini("tracklint_platform") or DEFAULT_PLATFORM)


@pytest.fixture
def tracklint_check(tracklint_plan: Path | None, tracklint_platform: str) -> EventCheck | None:
    """The event check ``assert_conforms()`` uses; override it to supply your own."""
    if tracklint_plan is None:
        return None
    try:
        guard = Guard.from_plan(tracklint_plan, platform=tracklint_platform)
    except TracklintError as error:
        problems = "\n".join(f"{d.location}: {d.message}" for d in error.diagnostics)
        raise pytest.UsageError(f"tracklint: the plan cannot be loaded:\n{problems}") from None
    return guard.check


@pytest.fixture
def tracked_events(
    tracklint_check: EventCheck | None, tracklint_platform: str
) -> Iterator[TrackedEvents]:
    """The events SDK clients send during the test, captured without a network."""
    with capture_events(tracklint_check, platform=tracklint_platform) as events:
        yield events
