"""A platform the plan does not have is refused with a did-you-mean, by every library entry point.

Accepting it would report every event as "not planned for this platform" (TL202)
and hide the real mistake, a typo in the platform's name.
"""

from __future__ import annotations

import pytest

from linter.diagnostics import TracklintError
from linter.plan.loader import load_plan
from linter.plan.model import Event, Plan, UnknownPlatformError
from linter.runtime import Guard
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE

PLAN_DIR = EXAMPLE / "plan"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_DIR)


def test_a_known_platform_is_returned(plan: Plan) -> None:
    assert plan.require_platform("ios") == "ios"


def test_a_misspelt_platform_gets_a_did_you_mean(plan: Plan) -> None:
    with pytest.raises(UnknownPlatformError) as raised:
        plan.require_platform("andriod")
    error = raised.value
    assert str(error) == (
        "platform 'andriod' is not one of the plan's platforms: web, ios, android, server "
        "(did you mean 'android'?)"
    )
    assert error.known == ("web", "ios", "android", "server")
    [diagnostic] = error.diagnostics
    assert diagnostic.code == "TL114"
    assert diagnostic.hint == "did you mean 'android'?"


def test_a_platform_like_no_other_says_how_to_add_it(plan: Plan) -> None:
    with pytest.raises(UnknownPlatformError) as raised:
        plan.require_platform("tv", given_as="--platform")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.message.startswith("--platform 'tv' is not one of the plan's platforms")
    assert diagnostic.hint == "use one of them, or add 'tv' to the plan's platforms"


def test_the_diagnostic_points_at_the_plans_platforms_list(plan: Plan) -> None:
    with pytest.raises(UnknownPlatformError) as raised:
        plan.require_platform("tv")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.path is not None and diagnostic.path.endswith("plan.yaml")
    assert diagnostic.line == 6  # "platforms: [web, ios, android, server]"


def test_it_is_both_a_command_error_and_a_bad_argument(plan: Plan) -> None:
    with pytest.raises(TracklintError):
        plan.require_platform("tv")
    with pytest.raises(ValueError):
        plan.require_platform("tv")


def test_a_plan_without_a_platform_list_knows_its_events_platforms() -> None:
    plan = Plan(events={"A": Event("A", platforms=("web", "server"))})
    assert plan.known_platforms() == ("server", "web")
    assert plan.require_platform("web") == "web"
    with pytest.raises(UnknownPlatformError, match="did you mean 'server'"):
        plan.require_platform("Server")


def test_event_checker_validate_refuses_an_unknown_platform(plan: Plan) -> None:
    checker = EventChecker(plan)
    with pytest.raises(UnknownPlatformError, match="did you mean 'ios'"):
        checker.validate("Order Completed", {}, platform="iOS ")
    assert checker.validate("Signed Up", {"method": "email"}, platform="server")


def test_guard_from_plan_refuses_an_unknown_platform_at_start_up() -> None:
    with pytest.raises(UnknownPlatformError, match="platform 'tv' is not one of"):
        Guard.from_plan(PLAN_DIR, platform="tv")
    assert Guard.from_plan(PLAN_DIR, platform="web").platform == "web"


def test_guard_from_plan_checks_the_default_platform_too() -> None:
    plan = Plan(platforms=("web", "ios"))
    with pytest.raises(UnknownPlatformError, match="platform 'server'"):
        Guard.from_plan(plan)
