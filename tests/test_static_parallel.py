"""Worker processes change nothing but speed: serial, parallel, cached and unfiltered agree.

Projects are generated (seeded) with every way a tracking call can hide: SDK calls,
wrappers and wrappers of wrappers, aliases and renames, constants and Enum
members from other modules, and decoys (``track`` methods of other classes, the
words in comments and strings) that the prefilter lets through or stops.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from pathlib import Path

import pytest

from linter.code_check import CallInventory, CodeSettings, collect_calls
from linter.static import analyses, parallel
from linter.static.finder import analyze
from linter.static.source import load
from linter.static.summary import summarize

FIXED = {
    "app/__init__.py": "from app.analytics import track_event as send\n",
    "app/analytics.py": (
        "import posthog\nfrom mixpanel import Mixpanel\n\nmp = Mixpanel('t')\n\n\n"
        "def track_event(user, event, **props):\n    mp.track(user.id, event, props)\n"),
    "app/tracking.py": (
        "from app.analytics import track_event\n\n\n"
        "def track_checkout(user, event, **props):\n"
        "    track_event(user, event, source='checkout', **props)\n\n\n"
        "class Tracker:\n    @staticmethod\n    def record(user, name):\n"
        "        track_checkout(user, name)\n"),
    "app/events.py": (
        "import enum\n\nORDER = 'Order Completed'\nSIGN_UP = 'Sign Up'\n\n\n"
        "class Billing(str, enum.Enum):\n    PAID = 'Payment Made'\n"
        "    FAILED = 'Payment Failed'\n"),
}

STYLES = {
    "plain": ("", "def f{n}(a, b):\n    return [x * b for x in a if x]\n"),
    "mixpanel": ("from app.analytics import mp\nfrom app.events import ORDER\n",
                 "def f{n}(user):\n    mp.track(user.id, ORDER, {{'n': {n}}})\n"),
    "segment": ("import segment.analytics as analytics\nfrom app.events import Billing\n",
                "def f{n}(user):\n    analytics.track(user.id, Billing.PAID, {{'n': {n}}})\n"),
    "posthog": ("import posthog\n",
                "def f{n}(user):\n    posthog.capture('Viewed', distinct_id=user.id)\n"),
    "wrapper": ("from app.analytics import track_event as te\nfrom app import events\n",
                "def f{n}(user):\n    te(user, events.SIGN_UP, n={n})\n"),
    "renamed": ("from app import send\n", "def f{n}(user):\n    send(user, 'Renamed', n={n})\n"),
    "wrapper2": ("from app.tracking import track_checkout, Tracker\n",
                 "def f{n}(user):\n    track_checkout(user, 'Checkout', n={n})\n"
                 "    Tracker.record(user, 'Recorded')\n"),
    "local alias": ("from app import analytics\n",
                    "def f{n}(user):\n    t = analytics.track_event\n    t(user, 'Local')\n"),
    "decoy method": ("", "class Repo{n}:\n    def track(self, x):\n        return x\n\n\n"
                         "def f{n}(user):\n    Repo{n}().track(user)\n"),
    "decoy words": ("", "# we track and capture here\nLABEL = 'track'\n\n\n"
                        "def f{n}(user):\n    return LABEL\n"),
    "new wrapper": ("from app.analytics import mp\n",
                    "def emit{n}(user, name, **props):\n    mp.track(user, name, props)\n\n\n"
                    "def f{n}(user):\n    emit{n}(user, 'Emitted', k=1)\n"),
}


def generate(root: Path, modules: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for relative, text in FIXED.items():
        paths.append(_write(root / relative, text))
    paths.append(_write(root / "app/views/__init__.py", ""))
    for n in range(modules):
        imports, body = STYLES[rng.choice(sorted(STYLES))]
        filler = STYLES["plain"][1].format(n=n + 1000)
        paths.append(_write(root / f"app/views/m{n}.py",
                            imports + "\n\n" + filler + "\n\n" + body.format(n=n)))
    return paths


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings(root: Path, paths: list[Path], jobs: int, cache: Path | None = None,
             targets: list[Path] | None = None) -> CodeSettings:
    return CodeSettings(targets=tuple(paths if targets is None else targets),
                        project_files=tuple(paths), roots=(root,), jobs=jobs, cache_dir=cache)


def found(inventory: CallInventory) -> dict[str, object]:
    return {"results": inventory.results, "wrappers": inventory.index.inferred_wrappers}


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Worker pools even for small runs; the list counts the pools started."""
    started: list[int] = []
    original = parallel._in_pool

    def spy(*args: object) -> bool:
        started.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(analyses, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr("linter.code_check.PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(parallel, "_in_pool", spy)
    return started


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_serial_parallel_and_cached_runs_agree(seed: int, tmp_path: Path,
                                               pooled: list[int]) -> None:
    root = tmp_path / "project"
    paths = generate(root, 40, seed)
    serial = collect_calls(settings(root, paths, jobs=1))
    assert not pooled
    parallel_run = collect_calls(settings(root, paths, jobs=2))
    assert pooled
    assert found(parallel_run) == found(serial)
    cold = collect_calls(settings(root, paths, jobs=2, cache=tmp_path / "cache"))
    warm = collect_calls(settings(root, paths, jobs=2, cache=tmp_path / "cache"))
    assert found(cold) == found(warm) == found(serial)
    assert warm.analysed == 0 and warm.summarised == 0


def test_files_outside_the_index_are_read_in_workers_alike(tmp_path: Path,
                                                           pooled: list[int]) -> None:
    root = tmp_path / "project"
    paths = generate(root, 30, 4)
    # Not importable names: not modules of the index, so every one is read by find_calls.
    scripts = [_write(root / "scripts" / f"run-{p.stem}.py", p.read_text()) for p in paths]
    serial = collect_calls(settings(root, paths, jobs=1, targets=scripts))
    assert serial.read == len(scripts)
    parallel_run = collect_calls(settings(root, paths, jobs=2, targets=scripts))
    assert pooled and found(parallel_run) == found(serial)
    assert any(r.calls for r in serial.results.values())


@pytest.mark.parametrize("seed", [5, 6])
def test_the_prefilter_loses_no_call_of_a_generated_project(seed: int, tmp_path: Path) -> None:
    """Every call the unfiltered reading finds (every call of every file) is found."""
    root = tmp_path / "project"
    paths = generate(root, 60, seed)
    inventory = collect_calls(settings(root, paths, jobs=1))
    index = inventory.index
    resolved = skipped = 0
    for path in paths:
        result = inventory.results[str(path)]
        resolved += result.resolved
        name = index.module_name(str(path))
        source = load(str(path), path.read_bytes())
        symbols = index.symbols(summarize(source, name.name, name.is_package), name)
        full = analyze(source, name, symbols, index.wrapper_models((), symbols)).calls
        assert list(result.calls) == full, path
        skipped += not result.resolved and bool(full) is False
    assert resolved and skipped  # the prefilter both let files through and stopped some


def _crash_on_boom(source: object, *args: object, **kwargs: object) -> object:
    if str(getattr(source, "path", "")).endswith("boom.py"):
        os._exit(3)  # what a crash in native code looks like from the parent
    return analyze(source, *args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the crash is planted through memory that forked workers inherit")
def test_a_worker_that_dies_is_a_tl302_for_its_file(tmp_path: Path, pooled: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    paths = generate(root, 20, 7)
    expected = found(collect_calls(settings(root, paths, jobs=1)))
    boom = _write(root / "app/views/boom.py", "from app.analytics import mp\n"
                                                "mp.track('u', 'Boom')\n")
    monkeypatch.setattr(analyses, "analyze", _crash_on_boom)
    inventory = collect_calls(settings(root, [*paths, boom], jobs=2))
    [diagnostic] = inventory.results[str(boom)].diagnostics
    assert diagnostic.code == "TL302" and "boom.py" in diagnostic.message
    del inventory.results[str(boom)]
    assert found(inventory) == expected


def test_state_is_pickled_for_workers_that_do_not_fork(tmp_path: Path, pooled: list[int],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    paths = generate(root, 12, 8)
    imports, body = STYLES["wrapper"]
    paths.append(_write(root / "app/views/uses.py", imports + body.format(n=99)))
    serial = collect_calls(settings(root, paths, jobs=1, cache=tmp_path / "cache"))
    (root / "app/events.py").write_text(FIXED["app/events.py"].replace("Sign Up", "Joined"))
    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda: spawn)
    warm = collect_calls(settings(root, paths, jobs=2, cache=tmp_path / "cache"))
    assert pooled and warm.summarised == 1
    assert found(warm) == found(collect_calls(settings(root, paths, jobs=1)))
    assert found(warm) != found(serial)


def test_without_worker_processes_the_run_is_serial(tmp_path: Path, pooled: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")

    root = tmp_path / "project"
    paths = generate(root, 12, 9)
    serial = collect_calls(settings(root, paths, jobs=1))
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", unavailable)
    fallback = collect_calls(settings(root, paths, jobs=2))
    assert pooled and found(fallback) == found(serial)
