"""Plan patterns on hostile values: tracklint's engine against Python's ``re``.

Run: ``python bench/bench_patterns.py [--repeat N]``.

A plan's ``pattern`` runs on every event in production, on values whoever sends
the event chooses.  For each pattern that makes a backtracking engine blow up,
this measures, in one run:

1. **the baseline**: encoding the value to UTF-8 (a pass over every character,
   which the RE2 engine makes too), at 1,000, 10,000 and 100,000 characters;
2. ``EventChecker.check`` of an event whose property breaks the pattern, with
   the same values (fast path, then the full diagnostics), and its ratio to the
   baseline: a ratio that stays flat as the value grows is a cost linear in it;
3. Python's ``re.search`` of the same pattern on values a hundred times shorter,
   for comparison: its time multiplies with each doubling of the value.

Each figure is the minimum of ``--repeat`` runs (``re`` is run once per size).
Speed is reported, never asserted; ``tests/test_plan_patterns.py`` checks that
these patterns run on the linear-time engine.  A table is printed and the figures
are written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.text.regex_engine import compile_plan_pattern
from linter.validation.event_check import EventChecker

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (1_000, 10_000, 100_000)
PLAN = """\
events:
  A Happened:
    properties:
      code: {{type: string, pattern: '{pattern}'}}
"""

# pattern, a value of n characters that breaks it, value sizes for Python's re
HOSTILE: tuple[tuple[str, Callable[[int], str], tuple[int, ...]], ...] = (
    (r"\d+\d+X", lambda n: "1" * n, (125, 250, 500)),
    (r"^.*a.*a.*a.*b$", lambda n: "a" * n, (50, 100, 200)),
    (r"^(a+)+$", lambda n: "a" * (n - 1) + "!", (16, 18, 20)),
)


def best_of(function: Callable[[], object], repeat: int) -> float:
    """The least time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def checker_for(pattern: str, folder: Path) -> EventChecker:
    path = folder / "plan.yaml"
    path.write_text(PLAN.format(pattern=pattern), encoding="utf-8")
    return EventChecker(load_plan(path))


def bench_pattern(pattern: str, make: Callable[[int], str], re_sizes: tuple[int, ...],
                  repeat: int, folder: Path) -> dict[str, object]:
    checker = checker_for(pattern, folder)
    rows = []
    for size in SIZES:
        value = make(size)
        baseline = best_of(lambda value=value: value.encode("utf-8"), repeat)

        def check(value: str = value) -> None:
            # A new str each call, as each event brings its own value.
            fresh = value[:-1] + value[-1]
            [found] = checker.check(EventObservation("A Happened", {"code": fresh}, "server"))
            assert found.code == "TL209"
        rows.append({"characters": size, "baseline_s": baseline,
                     "tracklint_s": best_of(check, repeat)})
    compiled = re.compile(pattern)
    python_re = [{"characters": size,
                  "re_s": best_of(lambda size=size: compiled.search(make(size)), 1)}
                 for size in re_sizes]
    return {"pattern": pattern, "engine": compile_plan_pattern(pattern).engine,
            "tracklint": rows, "python_re": python_re}


def print_results(results: list[dict[str, object]]) -> None:
    for result in results:
        print(f"\npattern {result['pattern']!r} (engine: {result['engine']})")
        print(f"{'characters':>10} | {'encode (baseline)':>17} | {'EventChecker.check':>18} "
              f"| {'ratio':>6}")
        for row in result["tracklint"]:  # type: ignore[attr-defined]
            ratio = row["tracklint_s"] / row["baseline_s"]
            print(f"{row['characters']:>10,} | {row['baseline_s'] * 1e6:>14.2f} µs "
                  f"| {row['tracklint_s'] * 1e6:>15.1f} µs | {ratio:>5.0f}x")
        sizes = ", ".join(f"{row['characters']:,} chars: {row['re_s'] * 1e3:.1f} ms"
                          for row in result["python_re"])  # type: ignore[attr-defined]
        print(f"Python's re.search on the same pattern: {sizes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = [bench_pattern(pattern, make, re_sizes, arguments.repeat, Path(folder))
                   for pattern, make, re_sizes in HOSTILE]
    print_results(results)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "bench_patterns.json"
    out.write_text(json.dumps({
        "python": sys.version.split()[0], "platform": platform.platform(),
        "google-re2": version("google-re2"), "tracklint": version("tracklint"),
        "results": results}, indent=2), encoding="utf-8")
    print(f"\nfigures written to {out}")


if __name__ == "__main__":
    main()
