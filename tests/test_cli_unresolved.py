"""No silent misses: calls that look like tracking but could not be resolved are named.

``tracklint calls --unresolved`` lists each with why and what would resolve it, and
``tracklint check`` counts them in its summary, so "All checks passed" never hides
a call it did not check.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from linter.cli import cli
from linter.code_examples import EXAMPLE_PLAN

TRACKING = """
from mixpanel import Mixpanel

mp = Mixpanel("token")

class Analytics:
    def event(self, name, **props):
        mp.track("u", name, props)

    def get(self, key):
        mp.track("u", "Fetched", {"key": key})
"""

# Calls of a tracking-like name the checker cannot resolve, and look-alikes.
VIEWS = """
from app.tracking import Analytics
from vendor_metrics import client as vendor

def signup(analytics, user):
    analytics.event("Signed Up", plan="pro")            # untyped parameter: unresolved

def typed(analytics: Analytics):
    analytics.event("Typed")                            # resolved: a tracking call

def vendor_call(user):
    vendor.track(user.id, "Vendor Event")               # a library's function: unresolved

def look_alikes(progress, items):
    import logging
    logging.getLogger().log(10, "not tracking")         # not a tracking-like name
    Analytics().event("Resolved Too")                   # resolved
    items.get("key")                                    # a wrapper's name, not tracking-like
"""

# A module that imports neither an SDK nor tracking code: its calls do not look like tracking.
UNRELATED = """
def run(progress, items):
    progress.track(items, "Working")
"""


def _project(tmp_path: Path) -> Path:
    files = {"tracklint.toml": 'plan = "plan.yaml"\n', "plan.yaml": EXAMPLE_PLAN,
             "app/__init__.py": "", "app/tracking.py": TRACKING, "app/views.py": VIEWS,
             "app/unrelated.py": UNRELATED}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_calls_unresolved_lists_each_with_its_reason_and_remedy(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = _run("calls", "--unresolved", "--output-format", "json", str(root / "app"))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    found = [(Path(u["path"]).name, u["line"], u["callee"]) for u in document["unresolved"]]
    assert found == [("views.py", 6, "analytics.event"), ("views.py", 12, "vendor.track")]
    untyped, library = document["unresolved"]
    assert untyped["reason"] == ("the type of analytics (the receiver called) is not known")
    assert "app.tracking.Analytics" in untyped["hint"]
    assert library["reason"] == (
        "vendor_metrics.client.track is outside the project and is no SDK's tracking call")
    assert library["configuration"] == (
        '[[tool.tracklint.wrappers]]\nfunction = "vendor_metrics.client.track"\nevent = 1')
    assert document["summary"] == {"unresolved_calls": 2}


def test_calls_unresolved_as_text(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = _run("calls", "--unresolved", str(root / "app"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("app/views.py:6:5: analytics.event: the type of analytics "
                             "(the receiver called) is not known")
    assert lines[1].startswith("    hint: if analytics is a app.tracking.Analytics")
    assert '    function = "vendor_metrics.client.track"' in lines
    assert lines[-1] == "2 calls that look like tracking could not be resolved."


def test_the_configuration_it_suggests_resolves_the_call(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "tracklint.toml").write_text(
        'plan = "plan.yaml"\n\n[[tool.tracklint.wrappers]]\n'
        'function = "vendor_metrics.client.track"\nevent = 1\n'.replace("tool.tracklint.", ""),
        encoding="utf-8")
    document = json.loads(_run("calls", "--unresolved", "--output-format", "json",
                               str(root / "app")).stdout)
    assert [u["callee"] for u in document["unresolved"]] == ["analytics.event"]
    calls = json.loads(_run("calls", "--output-format", "json", str(root / "app")).stdout)
    assert "Vendor Event" in {c["event"] for c in calls["calls"]}


def test_check_counts_them_in_its_summary(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = _run("check", str(root / "app"))
    assert ("2 calls that look like tracking could not be resolved, so they are not "
            "checked: tracklint calls --unresolved") in result.stdout
    document = json.loads(_run("check", "--output-format", "json", str(root / "app")).stdout)
    assert document["summary"]["unresolved_calls"] == 2


def test_nothing_unresolved_is_said_so(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "app/views.py").write_text("from app.tracking import Analytics\n"
                                       "Analytics().event('Fine')\n", encoding="utf-8")
    result = _run("calls", "--unresolved", str(root / "app"))
    assert result.stdout.strip() == "Every call that looks like tracking was resolved."
    check = _run("check", str(root / "app"))
    assert "could not be resolved" not in check.stdout
