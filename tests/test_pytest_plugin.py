"""The pytest plugin, run in throw-away pytest sessions through ``pytester``."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _only_this_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inner sessions load tracklint's plugin alone, by name.

    Other installed plugins would be re-imported by every in-process run (and
    assertion-rewritten, a second each); loading ours with ``-p`` whether or
    not its entry point is installed also keeps pytest from registering it twice.
    """
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "pytest_tracklint", "-p", "no:cacheprovider", *args)


EXAMPLE_PLAN = Path(__file__).resolve().parent.parent / "examples" / "shop" / "plan"


def test_the_entry_point_names_the_top_level_plugin_module() -> None:
    entries = [
        e for e in importlib.metadata.entry_points(group="pytest11") if e.name == "tracklint"
    ]
    assert [e.value for e in entries] == ["pytest_tracklint"], (
        "the installed entry point is stale: reinstall tracklint (pip install -e '.[test]')"
    )


def test_loading_the_plugin_imports_nothing_of_the_library() -> None:
    code = (
        "import sys, pytest_tracklint\n"
        "assert not [m for m in sys.modules if m == 'linter' or m.startswith('linter.')], "
        "sorted(m for m in sys.modules if m.startswith('linter'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


CONFTEST_WITH_CHECK = """
import pytest
from linter.diagnostics import Diagnostic

@pytest.fixture
def tracklint_check():
    def check(observation):
        if observation.name != "Order Completed" or "plan_type" in observation.properties:
            return []
        return [Diagnostic("TL205", "required property 'plan_type' is missing",
                           pointer=observation.origin.pointer + "/plan_type")]
    return check
"""


def test_the_fixture_captures_real_sdk_events(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import mixpanel
        import segment.analytics as analytics

        def checkout(plan):
            analytics.Client("write-key").track("u1", "Order Completed", {"plan_type": plan})
            mixpanel.Mixpanel("token").track("u1", "Signed Up", {"source": "ad"})

        def test_checkout(tracked_events):
            checkout("pro")
            assert tracked_events.names() == ["Order Completed", "Signed Up"]
            tracked_events.assert_tracked("Order Completed", plan_type="pro")
            assert tracked_events.find("Signed Up")[0].sdk == "mixpanel"

        def test_each_test_starts_empty(tracked_events):
            assert tracked_events.names() == []
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_failed_expectation_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import posthog

        def test_checkout(tracked_events):
            posthog.Posthog("phc_key").capture("Order Completed", distinct_id="u1",
                                              properties={"plan_type": "free"})
            tracked_events.assert_tracked("Order Completed", plan_type="pro")
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*'Order Completed' was tracked 1 time, never with plan_type='pro'*"]
    )


def test_assert_conforms_uses_the_tracklint_check_fixture(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST_WITH_CHECK)
    pytester.makepyfile(
        """
        import segment.analytics as analytics

        def test_conforming(tracked_events):
            client = analytics.Client("k", sync_mode=True)
            client.track("u1", "Order Completed", {"plan_type": "pro"})
            tracked_events.assert_conforms()

        def test_breaking(tracked_events):
            client = analytics.Client("k", sync_mode=True)
            client.track("u1", "Order Completed", {"price": 3})
            tracked_events.assert_conforms()
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*1 of 1 captured event breaks the tracking plan:*",
            "*'Order Completed' (segment, server)*",
            "*TL205 [[]error[]] /properties/plan_type: required property 'plan_type' is missing*",
        ]
    )


def test_assert_conforms_without_a_plan_says_how_to_configure_one(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        def test_it(tracked_events):
            tracked_events.assert_conforms()
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no tracking plan*--tracklint-plan*tracklint_check fixture*"])


def test_the_platform_comes_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ntracklint_platform = web\n")
    pytester.makepyfile(
        """
        import segment.analytics as analytics

        def test_it(tracked_events, tracklint_platform):
            assert tracklint_platform == "web"
            analytics.Client("k", sync_mode=True).track("u1", "E", {})
            seen = []
            tracked_events.assert_conforms(lambda o: seen.append(o.platform) or [])
            assert seen == ["web"]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_plan_path_comes_from_the_option_or_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ntracklint_plan = plans/tracking.yaml\n")
    pytester.makepyfile(
        """
        import os

        def test_it(tracklint_plan):
            assert str(tracklint_plan) == os.environ["EXPECTED_PLAN"]
        """
    )
    expected_from_ini = pytester.path / "plans" / "tracking.yaml"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EXPECTED_PLAN", str(expected_from_ini.resolve()))
        run(pytester).assert_outcomes(passed=1)
        option = pytester.path / "other.yaml"
        option.write_text("events: {}\n", encoding="utf-8")
        patch.setenv("EXPECTED_PLAN", str(option.resolve()))
        run(pytester, f"--tracklint-plan={option}").assert_outcomes(passed=1)


def test_a_configured_plan_is_loaded_through_guard_from_plan(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from linter.diagnostics import Diagnostic
        from linter.runtime import Guard

        loaded = []

        def fake_from_plan(cls, path, **options):
            loaded.append((path.name, options))
            return cls.from_check(lambda o: [Diagnostic("TL201", "unknown event")], **options)

        @pytest.fixture(autouse=True)
        def plan_loader(monkeypatch):
            monkeypatch.setattr(Guard, "from_plan", classmethod(fake_from_plan), raising=False)
            yield
            assert loaded == [("plan.yaml", {"platform": "server"})]
        """
    )
    pytester.makepyfile(
        """
        import pytest
        import segment.analytics as analytics

        def test_it(tracked_events):
            analytics.Client("k", sync_mode=True).track("u1", "Whatever", {})
            with pytest.raises(AssertionError, match="TL201"):
                tracked_events.assert_conforms()
        """
    )
    pytester.makefile(".yaml", plan="events: {}\n")
    run(pytester, "--tracklint-plan=plan.yaml").assert_outcomes(passed=1)


def test_the_real_plan_is_enforced_on_captured_events(pytester: pytest.Pytester) -> None:
    plan = Path(__file__).resolve().parent.parent / "examples" / "shop" / "plan"
    pytester.makepyfile(
        """
        import pytest
        from mixpanel import Mixpanel

        def test_conforming(tracked_events):
            Mixpanel("token").track("u-1", "Order Refunded", {
                "order_id": "o-1", "refund_amount": 5.0, "currency": "EUR", "partial": True})
            tracked_events.assert_tracked("Order Refunded", partial=True)
            tracked_events.assert_conforms()

        def test_drifting(tracked_events):
            Mixpanel("token").track("u-1", "Order Refunded", {
                "order_id": "o-1", "refundAmount": 5.0, "currency": "EUR", "partial": True})
            with pytest.raises(AssertionError, match="TL206"):
                tracked_events.assert_conforms()
        """
    )
    run(pytester, f"--tracklint-plan={plan}").assert_outcomes(passed=2)


def test_a_broken_plan_is_a_usage_error_naming_the_problem(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", plan="events:\n  A: {ownr: x}\n")
    pytester.makepyfile(
        """
        def test_it(tracked_events):
            pass
        """
    )
    result = run(pytester, "--tracklint-plan=plan.yaml")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*plan.yaml:2:7: unknown key 'ownr' in event 'A'*"])


PROJECT_TESTS = """
def test_the_projects_own_linter(tmp_path):
    import linter
    assert linter.lint("x") == "linted x"

def test_events(tracked_events):
    pass
"""


@pytest.fixture
def project_with_its_own_linter_package(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.mkpydir("linter")
    (pytester.path / "linter" / "__init__.py").write_text(
        "def lint(text):\n    return 'linted ' + text\n", encoding="utf-8"
    )
    pytester.makepyfile(test_project=PROJECT_TESTS)
    return pytester


def test_a_project_with_its_own_linter_package_still_runs_its_tests(
    project_with_its_own_linter_package: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m pytest`` puts the project first on sys.path, with tracklint's plugin
    loaded by its real entry point, as in the project's CI."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    result = project_with_its_own_linter_package.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*tracklint: its fixtures need tracklint's library, the 'linter' package, but the "
            "'linter' that Python imports here (*linter/__init__.py) is another package.*",
        ]
    )
    assert "ModuleNotFoundError" not in result.stdout.str()


def test_the_plan_comes_from_the_tracklint_configuration(pytester: pytest.Pytester) -> None:
    shutil.copytree(EXAMPLE_PLAN, pytester.path / "tracking")
    pytester.makepyprojecttoml('[tool.tracklint]\nplan = "tracking"\nplatform = "server"\n')
    pytester.makepyfile(
        """
        import pytest
        from mixpanel import Mixpanel

        def test_drifting(tracked_events, tracklint_plan, tracklint_platform):
            assert tracklint_plan.name == "tracking" and tracklint_platform == "server"
            Mixpanel("token").track("u-1", "Order Refunded", {
                "order_id": "o-1", "refundAmount": 5.0, "currency": "EUR", "partial": True})
            with pytest.raises(AssertionError, match="TL206 .*/properties/refundAmount"):
                tracked_events.assert_conforms()
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_configured_platform_is_used_unless_the_ini_option_says_otherwise(
    pytester: pytest.Pytester,
) -> None:
    shutil.copytree(EXAMPLE_PLAN, pytester.path / "tracking")
    pytester.makefile(".toml", tracklint='plan = "tracking"\nplatform = "web"\n')
    pytester.makepyfile(
        """
        def test_it(tracklint_platform):
            assert tracklint_platform == "web"
        """
    )
    run(pytester).assert_outcomes(passed=1)
    pytester.makeini("[pytest]\ntracklint_platform = ios\n")
    pytester.makepyfile(
        """
        def test_it(tracklint_platform):
            assert tracklint_platform == "ios"
        """
    )
    run(pytester).assert_outcomes(passed=1)


LOAD_COUNTER = """
import pytest
import linter.plan.loader

loads = []
_real = linter.plan.loader.load_plan

def counting(path, *args, **kwargs):
    loads.append(str(path))
    return _real(path, *args, **kwargs)

linter.plan.loader.load_plan = counting

def pytest_unconfigure(config):
    linter.plan.loader.load_plan = _real
"""


def test_the_plan_is_loaded_once_per_session_not_per_test(pytester: pytest.Pytester) -> None:
    shutil.copytree(EXAMPLE_PLAN, pytester.path / "tracking")
    pytester.makepyprojecttoml('[tool.tracklint]\nplan = "tracking"\n')
    pytester.makeconftest(LOAD_COUNTER)
    pytester.makepyfile(
        """
        import pytest
        from conftest import loads

        @pytest.mark.parametrize("n", range(3))
        def test_each(tracked_events, n):
            tracked_events.assert_conforms()

        def test_after(tracked_events):
            tracked_events.assert_conforms()
            assert len(loads) == 1, loads
        """
    )
    run(pytester).assert_outcomes(passed=4)


def test_a_broken_plan_is_read_once_and_fails_each_test_that_needs_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", plan="events:\n  A: {ownr: x}\n")
    pytester.makefile(".toml", tracklint='plan = "plan.yaml"\n')
    pytester.makeconftest(LOAD_COUNTER)
    pytester.makepyfile(
        """
        from conftest import loads

        def test_one(tracked_events):
            pass

        def test_two(tracked_events):
            pass

        def test_unaffected():
            assert len(loads) == 1
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*tracklint: the plan cannot be loaded:*"])
    result.stdout.fnmatch_lines(["*plan.yaml:2:7: unknown key 'ownr' in event 'A'*"])


def test_a_configured_platform_the_plan_lacks_is_named(pytester: pytest.Pytester) -> None:
    shutil.copytree(EXAMPLE_PLAN, pytester.path / "tracking")
    pytester.makepyprojecttoml('[tool.tracklint]\nplan = "tracking"\nplatform = "backend"\n')
    pytester.makepyfile("def test_it(tracked_events):\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*platform 'backend' is not one of the plan's platforms*"])


def test_an_invalid_configuration_is_named_with_its_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", tracklint='plan = "tracking"\nplatfrom = "web"\n')
    pytester.makepyfile("def test_it(tracked_events):\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*tracklint: the configuration cannot be read:*", "*tracklint.toml:2*platfrom*"]
    )


def test_a_missing_plan_option_stops_the_run_at_start(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it():\n    pass\n")
    result = run(pytester, "--tracklint-plan=nowhere.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--tracklint-plan: nowhere.yaml: no such file or directory*"])


def test_the_option_is_documented_in_help(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines(["*tracklint*", "*--tracklint-plan=PATH*"])
    result.stdout.fnmatch_lines(["*tracklint_plan*", "*tracklint_platform*"])
