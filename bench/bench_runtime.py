"""What checking one event costs at run time, against jsonschema and fastjsonschema.

Run: ``python bench/bench_runtime.py [--repeat N] [--seconds S]``.

Everything is measured in one run, so the ratios compare like with like:

1. Validating the properties of one event with 10 properties (strings with
   patterns, an enum, numbers with bounds, a nullable string, a date-time, a
   list of strings, a nested object), once valid and once with two wrong values,
   with (a) a jsonschema validator built for every call, (b) a prebuilt
   jsonschema validator, (c) a prebuilt fastjsonschema validator, (d)
   tracklint's ``EventChecker.check`` (with its fast path) and, for reference,
   (e) the same checker with the fast path taken out.  jsonschema and
   fastjsonschema get the plan's own compiled schema and tracklint's formats;
   jsonschema collects every error, fastjsonschema stops at the first.
2. The overhead an instrumented SDK client adds to a real ``mixpanel.Mixpanel``
   ``track`` call whose consumer keeps nothing (no network): the plain call,
   the instrumented call with a ``warn`` guard, and the guard alone.

Each figure is the per-call time of ``timeit`` loops, repeated: the minimum and
the median of the repeats are reported.  Speed is reported as ratios against
a baseline measured in the same run (fastjsonschema for validation, the plain
SDK call for instrumentation), never asserted.  A table is printed and the
figures are written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import fastjsonschema
import mixpanel

from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.runtime import Guard, instrument
from linter.validation.event_check import EventChecker
from linter.validation.formats import FORMAT_CHECKS
from linter.validation.values import make_validator

RESULTS = Path(__file__).resolve().parent / "results"
EVENT = "Order Completed"
PLATFORM = "server"

PLAN = """\
version: 1.0.0
platforms: [web, server]
events:
  Order Completed:
    identity: required
    properties:
      order_id: {type: string, min_length: 1, required: true}
      revenue: {type: number, minimum: 0, required: true}
      currency: {type: string, pattern: '^[A-Z]{3}$', required: true}
      plan_type: {type: string, enum: [free, pro, enterprise]}
      quantity: {type: integer, minimum: 1, required: true}
      coupon: {type: string, nullable: true, max_length: 32}
      is_gift: {type: boolean}
      ordered_at: {type: datetime, required: true}
      tags: {type: array, items: {type: string}, max_items: 10}
      shipping:
        type: object
        properties:
          country: {type: string, pattern: '^[A-Z]{2}$', required: true}
          express: {type: boolean}
"""

VALID: dict[str, Any] = {
    "order_id": "o-1042", "revenue": 19.99, "currency": "EUR", "plan_type": "pro",
    "quantity": 2, "coupon": None, "is_gift": False, "ordered_at": "2026-11-28T12:00:00Z",
    "tags": ["gift", "summer"], "shipping": {"country": "DE", "express": True},
}
# Two wrong values: a number sent as text, and an enum value in the wrong case.
INVALID: dict[str, Any] = {**VALID, "revenue": "19.99", "plan_type": "Pro"}


@dataclass
class Timing:
    """Per-call time of one candidate, in microseconds."""

    name: str
    case: str
    min_us: float
    median_us: float
    ratio: float | None = None  # min against the baseline of the same case


class NullConsumer:
    """A Mixpanel consumer that keeps nothing: the SDK's work without the network."""

    def send(self, endpoint: str, json_message: str, api_key: Any = None,
             api_secret: Any = None) -> None:
        return None



def per_call(candidates: dict[str, Callable[[], object]], repeat: int,
             seconds: float) -> dict[str, tuple[float, float]]:
    """(min, median) microseconds per call of each candidate, over ``repeat`` loops of
    about ``seconds`` each.

    The loops take turns (one of each candidate, ``repeat`` times), so that a
    burst of other work on a shared machine slows every candidate alike instead
    of the one that happened to be running: the ratios stay fair.
    """
    timers = {}
    for name, function in candidates.items():
        timer = timeit.Timer(function)
        loops, elapsed = timer.autorange()
        timers[name] = (timer, max(1, int(loops * seconds / max(elapsed, 1e-9))))
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeat):
        for name, (timer, number) in timers.items():
            times[name].append(timer.timeit(number) / number * 1e6)
    return {name: (min(found), statistics.median(found)) for name, found in times.items()}


def load_bench_plan() -> Plan:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(PLAN, encoding="utf-8")
        return load_plan(path)


def fastjsonschema_call(schema: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """fastjsonschema's validator as a verdict; it raises at the first error."""
    validate = fastjsonschema.compile(schema, formats=dict(FORMAT_CHECKS))

    def call(payload: dict[str, Any]) -> bool:
        try:
            validate(payload)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True
    return call


def candidates(plan: Plan, payload: dict[str, Any]) -> dict[str, Callable[[], object]]:
    """Every candidate, built once, as a call that validates ``payload``.

    The checkers get the observation built beforehand, as the validators get
    the dict: building it is the caller's cost (the guard's, at run time).
    """
    checker, full = EventChecker(plan), EventChecker(plan, fast_path=False)
    schema = checker.compiled.schema(EVENT, PLATFORM)
    prebuilt = make_validator(schema)
    fast_validate = fastjsonschema_call(schema)
    observation = EventObservation(EVENT, payload, PLATFORM, user_id="u-1")
    return {
        "(a) jsonschema, validator built per call":
            lambda: list(make_validator(schema).iter_errors(payload)),
        "(b) jsonschema, prebuilt validator": lambda: list(prebuilt.iter_errors(payload)),
        "(c) fastjsonschema, prebuilt": lambda: fast_validate(payload),
        "(d) tracklint EventChecker (fast path)": lambda: checker.check(observation),
        "(e) tracklint EventChecker, no fast path": lambda: full.check(observation),
    }


def bench_validation(plan: Plan, repeat: int, seconds: float) -> list[Timing]:
    timings: list[Timing] = []
    for case, payload in (("valid", VALID), ("invalid", INVALID)):
        row = [Timing(name, case, *figures)
               for name, figures in per_call(candidates(plan, payload), repeat,
                                             seconds).items()]
        baseline = next(t for t in row if t.name.startswith("(c)"))
        for timing in row:
            timing.ratio = timing.median_us / baseline.median_us
        timings.extend(row)
    return timings


def bench_instrumentation(plan: Plan, repeat: int, seconds: float) -> list[Timing]:
    guard = Guard.from_plan(plan, mode="warn")
    plain = mixpanel.Mixpanel("token", consumer=NullConsumer())
    checked = instrument(mixpanel.Mixpanel("token", consumer=NullConsumer()), guard)
    observation = guard.observe(EVENT, VALID, user_id="u-1", sdk="mixpanel")
    assert guard.diagnose(observation) == [], "the benchmark event must be valid"
    checker = EventChecker(plan)
    fast_validate = fastjsonschema_call(checker.compiled.schema(EVENT, PLATFORM))
    candidates: dict[str, Callable[[], object]] = {
        "Mixpanel.track, plain": lambda: plain.track("u-1", EVENT, VALID),
        "Mixpanel.track, instrumented (warn guard)": lambda: checked.track("u-1", EVENT, VALID),
        "Guard.observe + Guard.admit":
            lambda: guard.admit(guard.observe(EVENT, VALID, user_id="u-1", sdk="mixpanel")),
        "Guard.admit_event (what instrumented clients call)":
            lambda: guard.admit_event(EVENT, VALID, user_id="u-1", sdk="mixpanel"),
        "EventChecker.check alone": lambda: checker.check(observation),
        "fastjsonschema, prebuilt (baseline of the guard rows)": lambda: fast_validate(VALID),
    }
    timings = [Timing(name, "valid", *figures)
               for name, figures in per_call(candidates, repeat, seconds).items()]
    for timing in timings:
        timing.ratio = timing.median_us / timings[0].median_us
    return timings


def print_table(title: str, timings: list[Timing], baseline: str) -> None:
    print(f"\n{title}  (ratio: median against {baseline})")
    print(f"  {'case':8} {'candidate':52} {'min µs':>9} {'median µs':>10} {'ratio':>7}")
    for t in timings:
        ratio = f"{t.ratio:.2f}" if t.ratio is not None else ""
        print(f"  {t.case:8} {t.name:52} {t.min_us:9.2f} {t.median_us:10.2f} {ratio:>7}")


def instrumentation_summary(timings: list[Timing]) -> dict[str, float]:
    plain, instrumented, observed, admitted, _, fast = timings
    return {
        "overhead_us": instrumented.median_us - plain.median_us,
        "overhead_ratio": instrumented.median_us / plain.median_us,
        "guard_us": observed.median_us,
        "admit_event_us": admitted.median_us,
        "fastjsonschema_us": fast.median_us,
    }


def issue_rows(validation: list[Timing], wrapper: list[Timing]) -> list[tuple[str, float, str]]:
    """The rows of the speed goals: (what, ratio of medians, against what)."""
    by_name = {(t.case, t.name): t for t in validation}
    fast = wrapper[-1].median_us
    invalid = by_name[("invalid", "(d) tracklint EventChecker (fast path)")]
    reference = by_name[("invalid", "(b) jsonschema, prebuilt validator")]
    return [
        ("guard, valid event: observe + admit", wrapper[2].median_us / fast,
         "prebuilt fastjsonschema"),
        ("guard, valid event: admit_event (instrumented path)", wrapper[3].median_us / fast,
         "prebuilt fastjsonschema"),
        ("invalid event, two errors, full diagnostics", invalid.median_us / reference.median_us,
         "jsonschema iter_errors, prebuilt"),
    ]


def messages(plan: Plan) -> list[str]:
    """What tracklint says about the invalid event (to show what the time buys)."""
    observation = EventObservation(EVENT, INVALID, PLATFORM, user_id="u-1")
    return [f"{d.code} {d.message}" + (f" ({d.hint})" if d.hint else "")
            for d in EventChecker(plan).check(observation)]


def environment() -> dict[str, str]:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "system": platform.system(),
        **{package: version(package)
           for package in ("jsonschema", "fastjsonschema", "mixpanel", "tracklint")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timing loops per figure")
    parser.add_argument("--seconds", type=float, default=0.2, help="length of one loop")
    args = parser.parse_args()

    plan = load_bench_plan()
    validation = bench_validation(plan, args.repeat, args.seconds)
    wrapper = bench_instrumentation(plan, args.repeat, args.seconds)
    print_table("Checking one event with 10 properties", validation, "(c) fastjsonschema")
    print_table("An instrumented SDK call (in-memory consumer)", wrapper,
                "the plain Mixpanel.track")
    summary = instrumentation_summary(wrapper)
    print(f"\n  instrumentation adds {summary['overhead_us']:.2f} µs per track call "
          f"(x{summary['overhead_ratio']:.2f}, medians)")
    rows = issue_rows(validation, wrapper)
    print("\n  ratios of medians:")
    for what, ratio, against in rows:
        print(f"    {what:55} {ratio:6.2f}x  vs {against}")
    said = messages(plan)
    print("\n  tracklint's diagnostics for the invalid event:")
    for line in said:
        print(f"    {line}")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench_runtime-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "environment": environment(),
        "settings": {"repeat": args.repeat, "seconds_per_loop": args.seconds},
        "validation": [asdict(t) for t in validation],
        "instrumentation": [asdict(t) for t in wrapper],
        "instrumentation_summary": summary,
        "ratios": [{"what": what, "ratio": ratio, "against": against}
                   for what, ratio, against in rows],
        "invalid_event_diagnostics": said,
    }, indent=2), encoding="utf-8")
    print(f"\n  results: {out}")


if __name__ == "__main__":
    main()
