"""tracklint's pytest plugin: capture the events a test sends and check them against the plan.

Registered through the ``pytest11`` entry point, so installing tracklint is
enough.  A test asks for the ``tracked_events`` fixture; while it runs, every
Mixpanel, Segment, RudderStack, PostHog and Amplitude client sends into memory
instead of the network::

    def test_checkout_tracks_the_order(tracked_events):
        checkout(cart, plan="pro")
        tracked_events.assert_tracked("Order Completed", plan_type="pro")
        tracked_events.assert_conforms()

The plan is the one every tracklint command uses: ``[tool.tracklint] plan`` (in
pyproject.toml or tracklint.toml, found from pytest's rootdir upward), unless
``--tracklint-plan PATH`` or the ``tracklint_plan`` ini option names another.  It
is loaded and compiled once per test session.  The platform is the ini option
``tracklint_platform``, else ``[tool.tracklint] platform``, else ``server``.  To
check against something else, override the ``tracklint_check`` fixture with any
callable taking an ``EventObservation`` and returning diagnostics.

pytest imports this module at start-up in every project where tracklint is
installed, so it imports nothing of tracklint's library (the ``linter``
package) until a test uses one of its fixtures.  A project with a package of its
own called ``linter`` therefore runs its tests as before; only a test asking for
``tracked_events`` learns that the two cannot be used together.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from linter.runtime.capture import TrackedEvents
    from linter.runtime.policy import EventCheck

_PLAN_HELP = (
    "tracking plan (file or directory) for tracked_events.assert_conforms(); "
    "default: [tool.tracklint] plan"
)
_PLATFORM_HELP = (
    "platform captured events are checked for; default: [tool.tracklint] platform, else server"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tracklint", "tracklint: tracking plan checks")
    group.addoption("--tracklint-plan", dest="tracklint_plan", metavar="PATH", help=_PLAN_HELP)
    parser.addini("tracklint_plan", help=_PLAN_HELP, default="")
    parser.addini("tracklint_platform", help=_PLATFORM_HELP, default="")


def pytest_configure(config: pytest.Config) -> None:
    """A ``--tracklint-plan`` that does not exist stops the run before any test."""
    option = config.getoption("tracklint_plan", default=None)
    if option and not _from_invocation(config, option).exists():
        raise pytest.UsageError(f"--tracklint-plan: {option}: no such file or directory")
    config.stash[_SESSION] = _Session()


@pytest.fixture
def tracklint_plan(pytestconfig: pytest.Config) -> Path | None:
    """The plan: ``--tracklint-plan``, the ``tracklint_plan`` ini option, or the configuration's."""
    option = pytestconfig.getoption("tracklint_plan", default=None)
    if option:
        return _from_invocation(pytestconfig, option)
    ini_value = str(pytestconfig.getini("tracklint_plan") or "")
    if ini_value:
        base = pytestconfig.inipath.parent if pytestconfig.inipath else pytestconfig.rootpath
        return (base / ini_value).resolve()
    return _session(pytestconfig).configuration(pytestconfig.rootpath).plan


@pytest.fixture
def tracklint_platform(pytestconfig: pytest.Config) -> str:
    """The platform: the ``tracklint_platform`` ini option, or the configuration's."""
    ini_value = str(pytestconfig.getini("tracklint_platform") or "")
    return ini_value or _session(pytestconfig).configuration(pytestconfig.rootpath).platform


@pytest.fixture
def tracklint_check(
    pytestconfig: pytest.Config, tracklint_plan: Path | None, tracklint_platform: str
) -> EventCheck | None:
    """The event check ``assert_conforms()`` uses (loaded once per session); override it
    to supply your own."""
    if tracklint_plan is None:
        return None
    return _session(pytestconfig).check(tracklint_plan, tracklint_platform)


@pytest.fixture
def tracked_events(
    tracklint_check: EventCheck | None, tracklint_platform: str
) -> Iterator[TrackedEvents]:
    """The events SDK clients send during the test, captured without a network."""
    capture = _library("linter.runtime.capture")
    with capture.capture_events(tracklint_check, platform=tracklint_platform) as events:
        yield events


# -- the session's plan, loaded once -------------------------------------------------


@dataclass(frozen=True)
class _Configuration:
    plan: Path | None
    platform: str


class _Session:
    """What a test session loads once: the configuration, and each plan's check.

    A failure is kept too, so a broken plan is read once and reported to every
    test that needs it, rather than read again per test.
    """

    def __init__(self) -> None:
        self._configuration: _Configuration | str | None = None
        self._checks: dict[tuple[Path, str], EventCheck | str] = {}

    def configuration(self, rootpath: Path) -> _Configuration:
        if self._configuration is None:
            self._configuration = _read_configuration(rootpath)
        if isinstance(self._configuration, str):
            pytest.fail(self._configuration, pytrace=False)
        return self._configuration

    def check(self, plan: Path, platform: str) -> EventCheck:
        key = (plan, platform)
        if key not in self._checks:
            self._checks[key] = _load_check(plan, platform)
        found = self._checks[key]
        if isinstance(found, str):
            pytest.fail(found, pytrace=False)
        return found


_SESSION = pytest.StashKey[_Session]()


def _session(config: pytest.Config) -> _Session:
    return config.stash[_SESSION]


def _read_configuration(rootpath: Path) -> _Configuration | str:
    """``[tool.tracklint]`` plan and platform as every command reads them, or what is wrong."""
    config_module = _library("linter.config")
    errors = _library("linter.diagnostics")
    try:
        config = config_module.load_config(rootpath)
    except errors.TracklintError as error:
        return f"tracklint: the configuration cannot be read:\n{_problems(error)}"
    plan = config_module.find_plan(config, rootpath)
    return _Configuration(plan=plan, platform=config.platform)


def _load_check(plan: Path, platform: str) -> EventCheck | str:
    policy = _library("linter.runtime.policy")
    errors = _library("linter.diagnostics")
    try:
        check: EventCheck | None = policy.Guard.from_plan(plan, platform=platform).check
    except errors.TracklintError as error:
        return f"tracklint: the plan cannot be loaded:\n{_problems(error)}"
    assert check is not None  # from_plan always builds one
    return check


def _problems(error: Any) -> str:
    lines = [
        f"{d.location}: {d.message}" + (f" ({d.hint})" if d.hint else "")
        for d in error.diagnostics
    ]
    return "\n".join(lines) or str(error)


def _library(module: str) -> Any:
    """A module of tracklint's library, imported on first use.

    The ``linter`` that Python finds may be a package of the project's own (it
    comes first on ``sys.path`` when the project has one): then the test fails
    with that explanation, rather than with whatever that package lacks.
    """
    package: object = sys.modules.get("linter")
    try:
        package = importlib.import_module("linter")
        ours = "EventChecker" in getattr(package, "__all__", ())
    except ImportError:
        ours = False
    if not ours:
        found = getattr(package, "__file__", None)
        where = f" ({found})" if found else ""
        pytest.fail(
            f"tracklint: its fixtures need tracklint's library, the 'linter' package, but the "
            f"'linter' that Python imports here{where} is another package. A package of this "
            "project's own named 'linter' hides tracklint's, so tracked_events cannot be used "
            "in this project; tests that do not use it are not affected.",
            pytrace=False,
        )
    return importlib.import_module(module)


def _from_invocation(config: pytest.Config, option: str) -> Path:
    return (config.invocation_params.dir / option).resolve()
