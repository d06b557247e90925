"""``tracklint check`` on a real-sized tree: CPython's standard library plus tracking modules.

Run: ``python bench/bench_stdlib.py [--tracking N] [--jobs N] [--keep DIR] [--no-tests]``.

The tree is the running interpreter's standard library (every ``.py`` file under
``sysconfig.get_paths()["stdlib"]``, its test suites included, ``site-packages``
left out: about 1,800 modules of code nobody here wrote, deep import chains, files
with deliberately broken syntax) copied to the root of a temporary project, so that
``import os`` or ``import logging`` in the project resolves into the copy, plus an
``app`` package of ``--tracking`` generated modules (default 100), each with one
tracking call through Mixpanel, Segment, PostHog, the project's wrapper or a wrapper
of it (the styles of ``bench_static.py``).  ``--no-tests`` leaves the test suites out.
Then, in one run, as separate processes measured with ``os.wait4``:

(a) ``libcst.parse_module`` of every file, serially, in a process of its own: the
    floor any libcst-based checker pays on a cold run (CPU seconds);
(b) ``tracklint check`` of the whole tree with an empty cache (and, first, with
    ``--jobs 1 --no-cache``): CPU seconds (all processes) against (a);
(c) ``tracklint check --no-cache`` of two changed files (two tracking modules; then
    one tracking module and one standard-library module): wall seconds, the first
    pre-commit run or a CI run without a cache;
(d) ``tracklint check`` again, nothing changed, against
    ``ruff check --select F,E9 --no-cache`` of the same tree (wall seconds);
and the peak memory of each process.  A table is printed and the figures are
written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_static import ANALYTICS, CALLS, EVENTS, PLAN, RESULTS, TRACKING

# Folders of the installed library that are not its code.
_NOT_LIBRARY = {"site-packages", "dist-packages", "__pycache__", "lib-dynload"}
_TEST_FOLDERS = {"test", "tests", "idle_test"}

TRACKING_MODULE = '''"""Generated tracking module {n}."""

{imports}
import logging
import os

logger = logging.getLogger(__name__)

{call}

def describe_{n}(values):
    """Ordinary code beside the call."""
    cleaned = [str(v).strip() for v in values if v is not None]
    logger.info("%d values in %s", len(cleaned), os.getcwd())
    return sorted(cleaned)
'''


@dataclass
class Tree:
    root: Path
    files: list[Path]
    tracking: list[Path]
    library_file: Path


def generate(root: Path, tracking: int, tests: bool) -> Tree:
    """Copy the standard library to ``root`` and add the ``app`` package and the plan."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files: list[Path] = []
    for path in sorted(stdlib.rglob("*.py")):
        parts = set(path.relative_to(stdlib).parts[:-1])
        if parts & _NOT_LIBRARY or (not tests and parts & _TEST_FOLDERS) or \
                any(p.startswith("config-") for p in parts):
            continue
        files.append(_copy(path, root / path.relative_to(stdlib)))
    shutil.copytree(PLAN, root / "plan")
    (root / "tracklint.toml").write_text('plan = "plan"\nplatform = "server"\n')
    app = root / "app"
    for relative, text in {"__init__.py": "", "analytics.py": ANALYTICS, "events.py": EVENTS,
                           "services/__init__.py": "", "services/tracking.py": TRACKING,
                           "calls/__init__.py": ""}.items():
        files.append(_write(app / relative, text))
    styles = [s for s in CALLS if s != "violation"]
    written = []
    for n in range(tracking):
        imports, call = CALLS[styles[n % len(styles)]]
        text = TRACKING_MODULE.format(n=n, imports=imports, call=call.format(n=n))
        written.append(_write(app / "calls" / f"calls_{n}.py", text))
    files.extend(written)
    return Tree(root, files, written, root / "argparse.py")


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Run:
    """One process: CPU seconds (its own and its children's), wall seconds, peak memory."""

    label: str
    cpu: float
    wall: float
    peak_mb: float
    detail: str = ""


def process(label: str, command: list[str], cwd: Path) -> tuple[Run, str]:
    """Run a command to its end, measured with ``os.wait4`` (workers included)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=errors,
                                 env={**os.environ, "NO_COLOR": "1"})
        out = child.stdout.read() if child.stdout else b""  # before waiting: no full pipe
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if child.returncode not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n"
                             f"{errors.read().decode()}")
    # ru_maxrss covers the process and, through its own wait, its worker processes.
    return Run(label, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024), \
        out.decode()


PARSE_ONLY = """
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        libcst.parse_module(data)
    except Exception:
        pass  # files with broken syntax are part of the tree
"""


def parse_only(tree: Tree) -> Run:
    """A process that reads and ``libcst.parse_module``-s every file, serially."""
    listing = [str(p.relative_to(tree.root)) for p in tree.files]
    run, _ = process("(a) libcst parse of every file",
                     [sys.executable, "-I", "-c", PARSE_ONLY, *listing], tree.root)
    return run


def tracklint(*arguments: str, jobs: int | None) -> list[str]:
    # The installed command, not ``python -m linter``: that would put the tree's root,
    # a copy of the standard library, first on tracklint's own import path.
    command = [str(Path(sys.executable).with_name("tracklint")), "check", "--output-format",
               "json", "--exit-zero", *arguments]
    return command + (["--jobs", str(jobs)] if jobs else [])


def summary(report: str) -> str:
    diagnostics = json.loads(report)["diagnostics"]
    return f"{len(diagnostics)} diagnostics"


def measure(tree: Tree, jobs: int | None) -> tuple[list[Run], dict[str, object]]:
    root = tree.root
    shutil.rmtree(root / ".tracklint_cache", ignore_errors=True)
    runs = [parse_only(tree)]
    serial, _ = process("(b1) check, cold, --jobs 1", tracklint("--no-cache", jobs=1), root)
    cold, cold_report = process("(b) check, cold cache", tracklint(jobs=jobs), root)
    cold.detail = summary(cold_report)
    two = [str(p.relative_to(root)) for p in tree.tracking[:2]]
    with_library = [two[0], str(tree.library_file.relative_to(root))]
    changed, _ = process("(c) 2 files, no cache", tracklint("--no-cache", *two, jobs=jobs),
                         root)
    library, _ = process("(c') 2 files, one of the stdlib, no cache",
                         tracklint("--no-cache", *with_library, jobs=jobs), root)
    warm, warm_report = process("(d) check, warm, unchanged", tracklint(jobs=jobs), root)
    warm.detail = summary(warm_report)
    ruff = str(Path(sys.executable).with_name("ruff"))
    baseline, _ = process("(d0) ruff check --select F,E9 --no-cache",
                          [ruff, "check", "--select", "F,E9", "--no-cache", "--exit-zero",
                           "--quiet", "."], root)
    runs += [serial, cold, changed, library, baseline, warm]
    same = json.loads(cold_report)["diagnostics"] == json.loads(warm_report)["diagnostics"]
    ratios = {"cold_cpu_vs_parse": cold.cpu / runs[0].cpu,
              "cold_serial_cpu_vs_parse": serial.cpu / runs[0].cpu,
              "two_files_wall_s": changed.wall, "two_files_with_stdlib_wall_s": library.wall,
              "warm_wall_vs_ruff": warm.wall / baseline.wall}
    return runs, {"cold_equals_warm": same, **ratios}


def print_table(runs: list[Run], ratios: dict[str, object]) -> None:
    print(f"{'':<42} {'CPU s':>7} {'wall s':>7} {'peak MB':>8}")
    for run in runs:
        print(f"{run.label:<42} {run.cpu:7.2f} {run.wall:7.2f} {run.peak_mb:8.0f}  {run.detail}")
    print()
    print(f"cold check, CPU vs libcst parse (goal <= 0.2x):     "
          f"{ratios['cold_cpu_vs_parse']:.2f}x ({ratios['cold_serial_cpu_vs_parse']:.2f}x "
          "with --jobs 1)")
    print(f"2 changed files, no cache, wall (goal <= 1.5 s):    "
          f"{ratios['two_files_wall_s']:.2f} s ({ratios['two_files_with_stdlib_wall_s']:.2f} s "
          f"with a stdlib file)")
    print(f"warm re-run vs ruff, wall (goal <= 1.0x):           "
          f"{ratios['warm_wall_vs_ruff']:.2f}x")
    print(f"cold and warm diagnostics identical:                {ratios['cold_equals_warm']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracking", type=int, default=100, help="generated tracking modules")
    parser.add_argument("--jobs", type=int, default=None, help="tracklint --jobs (default: cores)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate the tree in this (new) directory and keep it")
    parser.add_argument("--no-tests", action="store_true",
                        help="leave the standard library's test suites out")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = options.keep or Path(directory) / "project"
        tree = generate(root, options.tracking, not options.no_tests)
        lines = sum(p.read_bytes().count(b"\n") for p in tree.files)
        print(f"{len(tree.files)} modules, {lines} lines, {len(tree.tracking)} with tracking "
              f"calls; {os.cpu_count()} cores; Python {platform.python_version()}")
        runs, ratios = measure(tree, options.jobs)
        print_table(runs, ratios)
        write_results(runs, ratios, tree, lines, options.jobs)


def write_results(runs: list[Run], ratios: dict[str, object], tree: Tree, lines: int,
                  jobs: int | None) -> None:
    RESULTS.mkdir(exist_ok=True)
    document = {
        "modules": len(tree.files), "lines": lines, "tracking_modules": len(tree.tracking),
        "cores": os.cpu_count(), "jobs": jobs, "python": platform.python_version(),
        "libcst": metadata.version("libcst"), **ratios,
        "runs": [{"label": r.label, "cpu_s": round(r.cpu, 3), "wall_s": round(r.wall, 3),
                  "peak_mb": round(r.peak_mb, 1), "detail": r.detail} for r in runs],
    }
    path = RESULTS / f"bench_stdlib_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(RESULTS.parent.parent)}")


if __name__ == "__main__":
    main()
