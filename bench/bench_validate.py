"""Batch validation against the JSON parse floor, whole processes, measured in one run.

Run: ``python bench/bench_validate.py [--events 1000000] [--repeat 3] [--jobs 2]``.

It writes a capture of Mixpanel raw-export lines for the Shopwise example plan
(``examples/shop/plan``) into a temporary folder: every event of the plan, from
the mobile and web platforms it is planned for, with the properties Mixpanel's
export adds (``time``, ``distinct_id``, ``$insert_id``, ``mp_lib``, ``$os``,
``$city``, ``mp_api_endpoint``, ``mp_processing_time_ms``...); about 10% of the
events break the plan (a number sent as text, an enum value in the wrong case,
a missing required property, an unplanned key, a misspelled or deprecated
event name).  It then runs, as separate processes, each ``--repeat`` times:

* the floor: ``python -c`` with ``for line in f: json.loads(line)`` over the file;
* ``tracklint validate`` of the file (one process, ``--jobs 1``), and with
  ``--jobs N`` for each N of ``--jobs``;
* ``tracklint validate`` of a 10,000-line capture made the same way, for the
  peak memory figure.

Each process is measured with ``os.wait4``: CPU time (user + system), wall
time and peak resident memory.  Figures are medians of the repeats, and the
ratios compare tracklint with the floor measured in the same run (CPU time for
one process, wall time for several).  A table is printed and the figures are
written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "shop" / "plan"
RESULTS = Path(__file__).resolve().parent / "results"
INVALID_SHARE = 0.10

FLOOR = ("import json, sys\n"
         "with open(sys.argv[1], encoding='utf-8') as f:\n"
         "    for line in f:\n"
         "        json.loads(line)\n")

LIBRARIES = {"web": "web", "ios": "swift", "android": "android"}
SYSTEMS = {"web": "Mac OS X", "ios": "iOS", "android": "Android"}
CITIES = ["Berlin", "Lyon", "Austin", "Osaka", "Porto"]


def _id(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{rng.randrange(16**8):08x}"


def _price(rng: random.Random) -> float:
    return round(rng.uniform(1, 400), 2)


def _currency(rng: random.Random) -> str:
    return rng.choice(["EUR", "USD", "GBP"])


def _line_item(rng: random.Random) -> dict[str, Any]:
    return {"sku": _id(rng, "sku"), "quantity": rng.randint(1, 4), "price": _price(rng)}


PROPERTIES: dict[str, Any] = {
    "Account Created": lambda r: {"signup_method": r.choice(["email", "google", "apple"]),
                                  "plan_type": r.choice(["free", "pro"]),
                                  "referrer": r.choice([None, "newsletter", "ads"])},
    "User Logged In": lambda r: {"signup_method": r.choice(["email", "google"]),
                                 "remember_me": r.random() < 0.5},
    "Password Reset Requested": lambda r: {"email_domain": r.choice(["gmail.com",
                                                                     "example.org"])},
    "Subscription Started": lambda r: {"plan_type": "pro", "price": 12.0,
                                       "currency": _currency(r),
                                       "billing_period": r.choice(["monthly", "yearly"]),
                                       "trial": False},
    "Subscription Cancelled": lambda r: {"plan_type": "pro",
                                         "reason": r.choice(["too_expensive", "other"]),
                                         "feedback": "Too many emails."},
    "Product Added": lambda r: {"product_id": _id(r, "p"), "sku": _id(r, "sku"),
                                "price": _price(r), "quantity": r.randint(1, 3)},
    "Product Removed": lambda r: {"product_id": _id(r, "p"), "sku": _id(r, "sku"),
                                  "quantity": 1},
    "Cart Viewed": lambda r: {"cart_id": _id(r, "c"), "items_count": r.randint(0, 6)},
    "Checkout Started": lambda r: {"cart_id": _id(r, "c"), "price": _price(r),
                                   "currency": _currency(r),
                                   "coupon": r.choice([None, "SUMMER10"])},
    "Payment Failed": lambda r: {"order_id": _id(r, "o"), "price": _price(r),
                                 "currency": _currency(r), "error_code": "card_declined"},
    "Order Completed": lambda r: {"order_id": _id(r, "o"), "price": _price(r),
                                  "currency": _currency(r), "plan_type": "pro",
                                  "coupon": None,
                                  "items": [_line_item(r) for _ in range(r.randint(1, 3))]},
    "Order Refunded": lambda r: {"order_id": _id(r, "o"), "refund_amount": _price(r),
                                 "currency": _currency(r), "partial": r.random() < 0.3},
    "Products Searched": lambda r: {"query": r.choice(["red shoes", "bag", "été"]),
                                    "results_count": r.randint(0, 80),
                                    "filters": r.sample(["size:m", "colour:red", "sale"],
                                                        r.randint(0, 2))},
    "Product Viewed": lambda r: {"product_id": _id(r, "p"), "price": _price(r),
                                 "currency": _currency(r), "category": "shoes",
                                 "position": r.randint(1, 30)},
    "Product Shared": lambda r: {"product_id": _id(r, "p"),
                                 "channel": r.choice(["messages", "email", "copy_link"])},
}


def _break(rng: random.Random, name: str, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One of the mistakes real captures have."""
    mistake = rng.randrange(6)
    numeric = [k for k, v in props.items() if isinstance(v, int | float)
               and not isinstance(v, bool)]
    if mistake == 0 and numeric:
        key = rng.choice(numeric)
        return name, {**props, key: str(props[key])}
    if mistake == 1:
        return name, {**props, "discount_code": "X1"}
    if mistake == 2 and props:
        return name, dict(list(props.items())[1:])
    if mistake == 3:
        return name.lower(), props
    if mistake == 4:
        return "Signed Up", {"method": "email"}
    texts = [k for k, v in props.items() if isinstance(v, str)]
    if texts:
        key = rng.choice(texts)
        return name, {**props, key: props[key].upper() + "!"}
    return name, {**props, "quantity": -1}


def export_line(rng: random.Random, planned: dict[str, list[str]]) -> dict[str, Any]:
    """One line of Mixpanel's raw export API for a random planned event."""
    name = rng.choice(sorted(planned))
    platform = rng.choice(planned[name])
    props = PROPERTIES[name](rng)
    if platform in ("ios", "android"):
        props.update(app_version="4.2.0", build_number=rng.randint(1, 900))
    if rng.random() < INVALID_SHARE:
        name, props = _break(rng, name, props)
    user = _id(rng, "u")
    exported = {
        "time": 1_795_000_000 + rng.randrange(10**6), "distinct_id": user,
        "$insert_id": _id(rng, "i"), "$user_id": user, "$device_id": _id(rng, "d"),
        "mp_api_endpoint": "api-eu.mixpanel.com",
        "mp_api_timestamp_ms": 1_795_000_000_000 + rng.randrange(10**6),
        "mp_processing_time_ms": 1_795_000_000_000 + rng.randrange(10**6),
        "mp_lib": LIBRARIES[platform], "$lib_version": "4.10.0",
        "$os": SYSTEMS[platform], "$city": rng.choice(CITIES), "$region": "Berlin",
        "mp_country_code": "DE",
    }
    if platform == "web":
        exported.update({"$browser": "Chrome", "$current_url": "https://shop.example/cart",
                         "$screen_width": 1440})
    else:
        exported.update({"$app_version_string": "4.2.0", "$model": "iPhone15,2"})
    return {"event": name, "properties": {**exported, **props}}


def write_capture(path: Path, count: int, seed: int = 7) -> int:
    sys.path.insert(0, str(ROOT))
    from linter.plan.loader import load_plan

    plan = load_plan(PLAN)
    planned = {name: [p for p in event.platforms if p in LIBRARIES]
               for name, event in plan.events.items() if name in PROPERTIES}
    planned = {name: platforms for name, platforms in planned.items() if platforms}
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(json.dumps(export_line(rng, planned), ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


@dataclass
class Run:
    name: str
    cpu: float  # seconds, user + system, median
    wall: float  # seconds, median
    peak_mb: float  # peak resident memory, median
    exit_code: int
    ratio: float | None = None


def measure(name: str, command: list[str], repeat: int) -> Run:
    cpu, wall, peak, code = [], [], [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall.append(time.perf_counter() - start)
        assert process.stderr is not None
        errors = process.stderr.read().decode("utf-8", "replace")
        process.stderr.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        code = process.returncode
        if code not in (0, 1):
            raise SystemExit(f"{name} failed ({code}):\n{errors}")
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak.append(usage.ru_maxrss / 1024)
    return Run(name, statistics.median(cpu), statistics.median(wall),
               statistics.median(peak), code)


def tracklint(path: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "linter", "validate", "--plan", str(PLAN), "--jobs",
            str(jobs), "--output-format", "json", "--max-diagnostics", "1000", str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="export lines to write")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median kept)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[2],
                        help="worker counts to measure besides one process")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "export.jsonl", Path(folder) / "small.jsonl"
        size = write_capture(big, args.events)
        write_capture(small, 10_000, seed=8)
        floor = measure("json.loads of every line (floor)",
                        [sys.executable, "-c", FLOOR, str(big)], args.repeat)
        runs = [floor, measure("tracklint validate, one process", tracklint(big, 1),
                               args.repeat)]
        for jobs in args.jobs:
            runs.append(measure(f"tracklint validate --jobs {jobs}", tracklint(big, jobs),
                                args.repeat))
        small_run = measure("tracklint validate, 10,000 lines", tracklint(small, 1),
                            args.repeat)
    one = runs[1]
    one.ratio = one.cpu / floor.cpu
    for run in runs[2:]:
        run.ratio = run.wall / floor.wall

    print(f"\n{args.events:,} Mixpanel export lines, {size / 1e6:.0f} MB, about "
          f"{INVALID_SHARE:.0%} invalid (medians of {args.repeat}; os.cpu_count() = "
          f"{os.cpu_count()})")
    print(f"  {'process':40} {'CPU s':>7} {'wall s':>7} {'events/s':>10} {'peak MB':>8} "
          f"{'ratio':>7}")
    for run in [*runs, small_run]:
        events = 10_000 if run is small_run else args.events
        ratio = f"{run.ratio:.2f}" if run.ratio is not None else ""
        print(f"  {run.name:40} {run.cpu:7.2f} {run.wall:7.2f} {events / run.wall:10,.0f} "
              f"{run.peak_mb:8.0f} {ratio:>7}")
    print("\n  ratio: CPU time against the floor for one process, wall time for --jobs")
    print(f"  peak memory: {one.peak_mb:.0f} MB for {args.events:,} lines, "
          f"{small_run.peak_mb:.0f} MB for 10,000")

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench_validate-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "environment": {"python": sys.version.split()[0], "cpus": os.cpu_count(),
                        **{p: version(p) for p in ("jsonschema", "msgspec", "tracklint")}},
        "settings": {"events": args.events, "repeat": args.repeat, "bytes": size,
                     "invalid_share": INVALID_SHARE, "jobs": args.jobs},
        "runs": [asdict(run) for run in [*runs, small_run]],
    }, indent=2), encoding="utf-8")
    print(f"\n  results: {out}")


if __name__ == "__main__":
    main()
