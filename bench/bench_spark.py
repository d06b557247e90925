"""Throughput of the Spark engine against the single-process CLI, on the same capture.

Run: ``python bench/bench_spark.py [--events 1000000] [--parts 4]``
(needs ``pip install -e '.[test,spark]'`` and Java 17).

It writes the capture of ``bench_validate.py`` (realistic Segment and Mixpanel
messages for the example plan, about 5% invalid) as one JSON Lines file, and
the same lines cut into ``--parts`` files, then measures events per second of

* ``tracklint validate FILE`` in one process, the baseline;
* ``linter.spark.validate`` on ``local[2]`` over the one file (Spark reads a
  file in one task, so this is one core plus Spark's overhead);
* the same over the ``--parts`` files, which two cores share;
* ``tracklint validate --engine spark`` end to end on the parts, JVM start included.

The session's start-up is measured apart and left out of the library figures.
Events per second per core, and the cores a day of 1B events needs, are
derived from the parts run.  A table is printed and the figures are written
as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import PLAN, RESULTS, write_capture

from linter.plan.loader import load_plan

DRIVER_MEMORY = "6g"
EVENTS_PER_DAY = 1_000_000_000
SECONDS_PER_DAY = 86_400


def split(path: Path, parts: int, folder: Path) -> list[Path]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    size = -(-len(lines) // parts)
    files = []
    for index in range(parts):
        part = folder / f"part-{index:03d}.jsonl"
        part.write_text("".join(lines[index * size:(index + 1) * size]), encoding="utf-8")
        files.append(part)
    return files


def timed_cli(args: list[str]) -> float:
    env = {**os.environ, "PYSPARK_SUBMIT_ARGS": f"--driver-memory {DRIVER_MEMORY} pyspark-shell"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "linter", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"tracklint {' '.join(args)} exited {done.returncode}")
    return elapsed


def timed_library(spark: Any, paths: list[Path]) -> tuple[float, int]:
    from linter import spark as engine

    start = time.perf_counter()
    checked = engine.validate([str(p) for p in paths], load_plan(PLAN), spark=spark)
    diagnostics = checked.diagnostics.count()
    elapsed = time.perf_counter() - start
    checked.unpersist()
    assert diagnostics == checked.result.diagnostics
    return elapsed, checked.stats.events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=4)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        capture = folder / "capture.jsonl"
        write_capture(load_plan(PLAN), capture, args.events)
        parts_dir = folder / "parts"
        parts_dir.mkdir()
        parts = split(capture, args.parts, parts_dir)
        plan = ["--plan", str(PLAN)]

        cli = timed_cli(["validate", str(capture), *plan])
        start = time.perf_counter()
        from pyspark.sql import SparkSession

        # A whole file goes through the JVM at once: give it room for the 1-file run.
        spark = (SparkSession.builder.master("local[2]").appName("tracklint-bench")
                 .config("spark.driver.memory", DRIVER_MEMORY).getOrCreate())
        startup = time.perf_counter() - start
        timed_library(spark, parts[:1])  # warm the Python workers
        one, events = timed_library(spark, [capture])
        many, _ = timed_library(spark, parts)
        spark.stop()
        end_to_end = timed_cli(["validate", str(parts_dir), *plan, "--engine", "spark",
                                "--spark-master", "local[2]"])
        for name, seconds, cores in (
            ("tracklint validate, one process (baseline)", cli, 1),
            ("linter.spark.validate, local[2], 1 file", one, 1),
            (f"linter.spark.validate, local[2], {args.parts} files", many, 2),
            (f"tracklint validate --engine spark, local[2], {args.parts} files, "
             "JVM start included", end_to_end, 2),
        ):
            rows.append({"run": name, "seconds": round(seconds, 2),
                         "events_per_s": round(events / seconds),
                         "vs_baseline": round(cli / seconds, 2), "cores": cores})
    per_core = events / many / 2
    needed = EVENTS_PER_DAY / SECONDS_PER_DAY / per_core
    print(f"{events:,} events; Spark session start-up {startup:.1f} s (not in the library runs)")
    print(f"{'run':<78} {'s':>7} {'events/s':>10} {'vs CLI':>7}")
    for row in rows:
        print(f"{row['run']:<78} {row['seconds']:>7} {row['events_per_s']:>10,} "
              f"{row['vs_baseline']:>6}x")
    print(f"per core on Spark: {per_core:,.0f} events/s; 1B events/day = "
          f"{EVENTS_PER_DAY / SECONDS_PER_DAY:,.0f} events/s needs {needed:.2f} cores "
          "running all day")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "bench_spark.json"
    out.write_text(json.dumps({
        "events": events, "parts": args.parts, "startup_s": round(startup, 1), "runs": rows,
        "events_per_s_per_core": round(per_core), "cores_for_1b_per_day": round(needed, 2),
        "versions": {"python": sys.version.split()[0], "pyspark": version("pyspark"),
                     "tracklint": version("tracklint")},
    }, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
