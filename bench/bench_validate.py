"""Throughput of batch validation: capture files read and checked against a plan.

Run: ``python bench/bench_validate.py [--events N] [--repeat N]``.

It writes a JSON Lines capture of about 200,000 realistic Segment and Mixpanel
track messages for the Shopwise example plan (``examples/shop/plan``) into a
temporary folder: every event of the plan, from every platform it is planned
for, with the SDKs' own fields (Segment's ``context``, Mixpanel's ``token``,
``distinct_id``, ``$insert_id``, ``mp_lib``...).  About 5% are invalid: a
number sent as text, an enum value in the wrong case, a missing required
property, an unplanned key, a misspelled or deprecated event name.

In one run it then measures events per second of

* the floor: ``json.loads`` of every line, nothing else;
* reading only: ``linter.payloads.read_payloads`` (containers, format detection,
  the vendors' parsers), without checking;
* reading and checking with ``EventChecker`` (its fast path on);
* the same without the fast path, for reference.

Each is the best of ``--repeat`` passes over the same file; ratios are against
the floor.  A table is printed and the figures are written as JSON to
``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from linter.events import EventObservation
from linter.payloads import read_payloads
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.validation.event_check import EventChecker

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "shop" / "plan"
RESULTS = Path(__file__).resolve().parent / "results"

SEGMENT_LIBRARIES = {"web": "analytics.js", "server": "analytics-python",
                     "ios": "analytics-ios", "android": "analytics-android"}
MIXPANEL_LIBRARIES = {"web": "web", "server": "python", "ios": "swift", "android": "android"}
INVALID_SHARE = 0.05


# -- realistic properties ------------------------------------------------------------

Maker = Callable[[random.Random], dict[str, Any]]


def _id(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{rng.randrange(16**8):08x}"


def _price(rng: random.Random) -> float:
    return round(rng.uniform(1, 400), 2)


def _currency(rng: random.Random) -> str:
    return rng.choice(["EUR", "USD", "GBP"])


def _line(rng: random.Random) -> dict[str, Any]:
    return {"sku": _id(rng, "sku"), "quantity": rng.randint(1, 4), "price": _price(rng)}


MAKERS: dict[str, Maker] = {
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
                                  "items": [_line(r) for _ in range(r.randint(1, 3))]},
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


def _messages(plan: Plan, count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    names = sorted(MAKERS)
    for index in range(count):
        name = rng.choice(names)
        event = plan.events[name]
        platform = rng.choice(event.platforms)
        props = MAKERS[name](rng)
        if platform in ("ios", "android"):
            props.update(app_version="4.2.0", build_number=rng.randint(1, 900))
        if rng.random() < INVALID_SHARE:
            name, props = _break(rng, name, props)
        user = _id(rng, "u") if event.identity == "required" or rng.random() < 0.6 else None
        if index % 2:
            yield _segment(rng, name, props, platform, user)
        else:
            yield _mixpanel(rng, name, props, platform, user)


def _segment(rng: random.Random, name: str, props: dict[str, Any], platform: str,
             user: str | None) -> dict[str, Any]:
    return {
        "type": "track", "event": name, "properties": props, "userId": user,
        "anonymousId": _id(rng, "a"), "messageId": _id(rng, "m"),
        "timestamp": "2026-11-28T12:00:00.000Z",
        "context": {"library": {"name": SEGMENT_LIBRARIES[platform], "version": "2.3.0"},
                    "app": {"version": "4.2.0"}, "locale": "de-DE"},
    }


def _mixpanel(rng: random.Random, name: str, props: dict[str, Any], platform: str,
              user: str | None) -> dict[str, Any]:
    device = _id(rng, "d")
    sdk = {"token": "3f1c0aa2", "distinct_id": user or f"$device:{device}",
           "time": 1_795_000_000_000 + rng.randrange(10**6), "$insert_id": _id(rng, "i"),
           "mp_lib": MIXPANEL_LIBRARIES[platform], "$lib_version": "4.10.0",
           "$device_id": device}
    if platform == "web":
        sdk.update({"$browser": "Chrome", "$current_url": "https://shop.example/cart",
                    "$os": "Mac OS X", "$screen_width": 1440})
    if user:
        sdk["$user_id"] = user
    return {"event": name, "properties": {**sdk, **props}}


def write_capture(plan: Plan, path: Path, count: int, seed: int = 7) -> int:
    with path.open("w", encoding="utf-8") as out:
        for message in _messages(plan, count, seed):
            out.write(json.dumps(message, ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


# -- the passes ------------------------------------------------------------------------


@dataclass
class Pass:
    name: str
    seconds: float
    events: int
    diagnostics: int = 0
    events_per_second: float = 0.0
    ratio: float = 0.0  # events per second against the floor



def floor(path: Path) -> tuple[int, int]:
    lines = 0
    with path.open(encoding="utf-8") as capture:
        for line in capture:
            json.loads(line)
            lines += 1
    return lines, 0


def read_only(path: Path) -> tuple[int, int]:
    stream = read_payloads([path])
    for _ in stream:
        pass
    return stream.stats.events, 0


def read_and_check(checker: EventChecker) -> Callable[[Path], tuple[int, int]]:
    def run(path: Path) -> tuple[int, int]:
        stream = read_payloads([path])
        found = 0
        for item in stream:
            if isinstance(item, EventObservation):
                found += len(checker.check(item))
            else:
                found += 1
        return stream.stats.events, found
    return run


def best_of(name: str, run: Callable[[Path], tuple[int, int]], path: Path,
            repeat: int) -> Pass:
    best: Pass | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        events, diagnostics = run(path)
        elapsed = time.perf_counter() - start
        if best is None or elapsed < best.seconds:
            best = Pass(name, elapsed, events, diagnostics, events / elapsed)
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="messages to generate")
    parser.add_argument("--repeat", type=int, default=3, help="passes per figure (best kept)")
    args = parser.parse_args()

    plan = load_plan(PLAN)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "capture.jsonl"
        size = write_capture(plan, path, args.events)
        passes = [
            best_of("json.loads of every line (floor)", floor, path, args.repeat),
            best_of("read_payloads only", read_only, path, args.repeat),
            best_of("read_payloads + EventChecker (fast path)",
                    read_and_check(EventChecker(plan)), path, args.repeat),
            best_of("read_payloads + EventChecker, no fast path",
                    read_and_check(EventChecker(plan, fast_path=False)), path, args.repeat),
        ]
    for item in passes:
        item.ratio = item.events_per_second / passes[0].events_per_second

    print(f"\n{args.events:,} messages, {size / 1e6:.1f} MB of JSON Lines "
          f"(best of {args.repeat}; ratio: events/s against the floor)")
    print(f"  {'pass':45} {'events/s':>11} {'seconds':>8} {'diagnostics':>12} {'ratio':>6}")
    for item in passes:
        print(f"  {item.name:45} {item.events_per_second:11,.0f} {item.seconds:8.2f} "
              f"{item.diagnostics:12,} {item.ratio:6.2f}")
    fast, full = passes[2], passes[3]
    assert fast.diagnostics == full.diagnostics, "the fast path changed a verdict"

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench_validate-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({
        "environment": {"python": sys.version.split()[0],
                        **{p: version(p) for p in ("jsonschema", "tracklint")}},
        "settings": {"events": args.events, "repeat": args.repeat, "bytes": size,
                     "invalid_share": INVALID_SHARE},
        "passes": [asdict(p) for p in passes],
    }, indent=2), encoding="utf-8")
    print(f"\n  results: {out}")


if __name__ == "__main__":
    main()
