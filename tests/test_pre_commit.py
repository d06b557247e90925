"""The hooks of .pre-commit-hooks.yaml, driven by the real pre-commit tool."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.code_examples import EXAMPLE_PLAN

from .conftest import ROOT

pytestmark = pytest.mark.slow

BAD = 'from mixpanel import Mixpanel\n\nmp = Mixpanel("t")\nmp.track("u-1", "Order Complete", ' \
      '{"order_id": "o", "price": 1.5})\n'
GOOD = BAD.replace("Order Complete", "Order Completed")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), hook, "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "tracklint.toml").write_text('plan = "plan.yaml"\n')
    (tmp_path / "plan.yaml").write_text(EXAMPLE_PLAN)
    return tmp_path


def test_code_hook_fails_on_a_violation_and_passes_once_fixed(repo, pre_commit_home):
    (repo / "app.py").write_text(BAD)
    failed = try_repo(repo, pre_commit_home, "tracklint")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "TL201" in failed.stdout and "did you mean 'Order Completed'?" in failed.stdout
    (repo / "app.py").write_text(GOOD)
    passed = try_repo(repo, pre_commit_home, "tracklint")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_plan_hook_fails_on_a_broken_plan_and_passes_once_fixed(repo, pre_commit_home):
    (repo / "plan.yaml").write_text(EXAMPLE_PLAN.replace("owner: checkout", "ownr: checkout"))
    failed = try_repo(repo, pre_commit_home, "tracklint-plan")
    assert failed.returncode != 0
    assert "unknown key 'ownr'" in failed.stdout
    (repo / "plan.yaml").write_text(EXAMPLE_PLAN)
    passed = try_repo(repo, pre_commit_home, "tracklint-plan")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def run_on_staged(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """The hook as a commit runs it: on the staged files only."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(["pre-commit", "try-repo", str(ROOT), hook, "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


PROJECT = {
    "app/__init__.py": "",
    "app/events.py": 'ORDER_COMPLETED = "Order Completed"\n',
    "app/names.py": "from app.events import ORDER_COMPLETED\n",
    "app/analytics.py": 'from mixpanel import Mixpanel\n\nmp = Mixpanel("t")\n',
    "app/views.py": ("from app.analytics import mp\nfrom app.names import ORDER_COMPLETED\n\n\n"
                     "def paid(user):\n"
                     '    mp.track(user, ORDER_COMPLETED, {"order_id": "o", "price": 1.5})\n'),
    "app/jobs.py": ("def refund(user):\n    from app.analytics import mp\n"
                    "    import app.events\n\n"
                    "    mp.track(user, app.events.ORDER_COMPLETED,"
                    ' {"order_id": "o", "price": 1})\n'),
    "app/legacy.py": BAD,  # a known violation the commits below do not touch
    "app/other.py": "x = 1\n",
}


@pytest.fixture
def committed(repo: Path) -> Path:
    for name, text in PROJECT.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "project")
    return repo


def test_a_changed_constant_is_checked_where_it_is_used(committed, pre_commit_home):
    (committed / "app" / "events.py").write_text('ORDER_COMPLETED = "Order Complete"\n')
    git(committed, "add", "app/events.py")
    result = run_on_staged(committed, pre_commit_home, "tracklint")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app/views.py:6:20: TL201" in result.stdout  # through app.names, re-exported
    assert "app/jobs.py:5:20: TL201" in result.stdout  # imported inside the function
    assert "app/legacy.py" not in result.stdout
    assert "in 4 files" in result.stdout


def test_an_event_renamed_in_the_plan_checks_the_whole_project(committed, pre_commit_home):
    (committed / "plan.yaml").write_text(
        EXAMPLE_PLAN.replace("Order Completed:", "Order Finished:"))
    git(committed, "add", "plan.yaml")
    result = run_on_staged(committed, pre_commit_home, "tracklint")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app/views.py:6:20: TL201 event 'Order Completed' is not in the tracking plan" \
        in result.stdout
    assert "app/jobs.py:5:20: TL201" in result.stdout
    assert "in 8 files" in result.stdout


def test_a_changed_configuration_checks_the_whole_project(committed, pre_commit_home):
    (committed / "tracklint.toml").write_text('plan = "plan.yaml"\nplatform = "server"\n')
    git(committed, "add", "tracklint.toml")
    result = run_on_staged(committed, pre_commit_home, "tracklint")
    assert result.returncode == 1 and "app/legacy.py:4:17: TL201" in result.stdout


def test_a_change_that_affects_no_call_passes(committed, pre_commit_home):
    (committed / "app" / "other.py").write_text("x = 2\n")
    (committed / "app" / "analytics.py").write_text(
        'from mixpanel import Mixpanel\n\nmp = Mixpanel("token")\n')
    git(committed, "add", "-A")
    result = run_on_staged(committed, pre_commit_home, "tracklint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
