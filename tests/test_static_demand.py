"""Checking some files of a project reads what they can reach, not the whole project.

The index reads the checked files, the modules their imports name (transitively),
and, for files that may define wrappers, what they import inside functions; every
other file is left unread unless a name resolves through it.  The calls found are
those of a run over the whole project, serial or parallel, cached or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.code_check import CallInventory, CodeSettings, collect_calls
from tests.test_static_parallel import generate, pooled  # noqa: F401 - a fixture

REACHABLE = {
    "app/__init__.py": "",
    "app/analytics.py": ("from mixpanel import Mixpanel\n\nmp = Mixpanel('t')\n\n\n"
                         "def track_event(user, event, **props):\n"
                         "    mp.track(user.id, event, props)\n"),
    # A wrapper whose body imports what it calls: followed because it calls it.
    "app/lazy.py": ("def send(user, event, **props):\n"
                    "    from app.analytics import track_event\n"
                    "    track_event(user, event, source='lazy', **props)\n"),
    "app/events.py": "ORDER = 'Order Completed'\n",
    "app/checkout.py": ("from app.events import ORDER\nfrom app.lazy import send\n\n\n"
                        "def done(user):\n    send(user, ORDER, order_id=1)\n"),
}
# Modules the checked file cannot reach: each would be read with libcst in a full run.
UNREACHABLE = {f"legacy/m{n}.py": ("from mixpanel import Mixpanel\n\nmp = Mixpanel('t')\n\n\n"
                                   f"def emit{n}(user, name):\n    mp.track(user, name, {{}})\n")
               for n in range(20)}
UNREACHABLE["legacy/broken.py"] = "def f(:\n"


def write(root: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(root: Path, paths: list[Path], targets: list[Path], jobs: int = 1,
        cache: Path | None = None) -> CallInventory:
    return collect_calls(CodeSettings(targets=tuple(targets), project_files=tuple(paths),
                                      roots=(root,), jobs=jobs, cache_dir=cache))


def test_a_one_file_check_reads_only_the_modules_that_file_can_reach(tmp_path: Path) -> None:
    paths = write(tmp_path, {**REACHABLE, **UNREACHABLE})
    checkout = tmp_path / "app/checkout.py"
    whole = run(tmp_path, paths, paths)
    one = run(tmp_path, paths, [checkout])
    stats = one.index.stats
    # checkout, events, lazy (imported), analytics (imported inside lazy's wrapper), app.
    assert stats["reached"] == stats["summarised"] == 5
    assert stats.get("summarised_on_demand", 0) == 0
    # Read with libcst: checkout (a call of a wrapper), lazy and analytics (wrappers).
    assert stats["analyses_computed"] == 3
    assert whole.index.stats["analyses_computed"] >= 23
    assert not any("legacy" in path for path in one.index.facts)
    assert not one.unread and whole.results[str(tmp_path / "legacy/broken.py")].diagnostics
    [call] = one.results[str(checkout)].calls
    assert call.observation.name == "Order Completed" and call.wrapper == "app.lazy.send"
    assert one.results[str(checkout)] == whole.results[str(checkout)]


def test_a_name_resolved_through_an_unread_module_finds_it(tmp_path: Path) -> None:
    """``app.events`` reached through an attribute of a package, never imported by name."""
    files = {**REACHABLE, "app/__init__.py": "from app import events\n",
             "app/checkout.py": ("import app\nfrom app.analytics import track_event\n\n\n"
                                 "def done(user):\n"
                                 "    track_event(user, app.events.ORDER, order_id=1)\n")}
    paths = write(tmp_path, files)
    checkout = tmp_path / "app/checkout.py"
    one = run(tmp_path, paths, [checkout])
    [call] = one.results[str(checkout)].calls
    assert call.observation.name == "Order Completed"
    assert one.results == {str(checkout): run(tmp_path, paths, paths).results[str(checkout)]}


@pytest.mark.parametrize("seed", [1, 2])
def test_some_files_checked_alone_find_what_the_whole_project_run_finds(
        seed: int, tmp_path: Path, pooled: list[int]) -> None:  # noqa: F811
    root = tmp_path / "project"
    paths = generate(root, 40, seed)
    whole = run(root, paths, paths)
    targets = paths[-12:]
    expected = {str(t): whole.results[str(t)] for t in targets}
    assert any(result.calls for result in expected.values())
    serial = run(root, paths, targets)
    assert serial.index.stats["reached"] < len(paths)
    assert serial.results == expected
    assert run(root, paths, targets, jobs=2).results == expected
    cache = tmp_path / "cache"
    cold = run(root, paths, targets, jobs=2, cache=cache)
    warm = run(root, paths, targets, jobs=2, cache=cache)
    assert cold.results == warm.results == expected
    assert warm.summarised == 0 and warm.analysed == 0
    # The cache the partial runs left serves a whole run, and its results are the same.
    assert run(root, paths, paths, cache=cache).results == whole.results


def test_summaries_made_in_worker_processes_are_those_made_here(
        tmp_path: Path, pooled: list[int], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    root = tmp_path / "project"
    paths = generate(root, 30, 7)
    serial = run(root, paths, paths)
    assert not pooled
    run(root, paths, paths, jobs=2)  # libcst analyses in workers, summaries here
    analyses_only = len(pooled)
    monkeypatch.setattr("linter.static.index.PARALLEL_SUMMARIES", 2)
    parallel_run = run(root, paths, paths, jobs=2)
    assert len(pooled) == 2 * analyses_only + 1  # and one pool for the summaries
    assert parallel_run.results == serial.results
    assert parallel_run.index.facts == serial.index.facts
    assert parallel_run.index.inferred_wrappers == serial.index.inferred_wrappers
