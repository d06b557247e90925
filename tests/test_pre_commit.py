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
