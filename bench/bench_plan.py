"""What loading, compiling and linting a large tracking plan costs, against parsing it.

Run: ``python bench/bench_plan.py [--events 200 2000] [--repeat 3]``.

Teams importing their plan from a vendor bring hundreds or thousands of events,
and every command pays for loading the plan (``check``, ``validate``, the runtime
guard at start-up, the pre-commit hook).  This script generates plans of each
size in ``--events``, 10 properties an event (shared properties used with
``ref``, enums, patterns, bounds, nested objects and lists, properties on some
platforms only, required on some, a global property, deprecated events), writes
each as one YAML file and as one tab-indented JSON file (the layout of Segment
Typewriter's ``plan.json``), and measures, in one run:

- the baseline: reading the file and ``yaml.load(text, Loader=yaml.CSafeLoader)``
  (libyaml's C parser, PyYAML's fastest) or ``json.loads(text)``;
- ``load_plan``: reading, checking against the plan format, building the model;
- ``CompiledPlan``: compiling every event x platform into its JSON Schema;
- ``lint_plan``: every plan-lint rule (TL1xx);
- ``tracklint plan check``: the command end to end, as a user runs it; the
  start-up of ``tracklint --version`` (the interpreter and tracklint's imports)
  is printed beside the table, since every command pays it whatever the plan.

In-process figures are the best of ``--repeat`` runs (the one least disturbed by
other work on the machine); the command is run ``--repeat`` times too.  Each
figure is printed as seconds and as a ratio against the baseline of the same file.
The last two columns divide the largest plan's figures by the smallest's: its
time, and the number of Python function calls the work made (counted once under
``cProfile``).  The calls say how the work grows, whatever the machine: about ten
for ten times the events means it is proportional to the plan.  Time grows faster
than work on a large plan as its data outgrows the processor's caches and the
garbage collector walks more objects; the baseline shows how much on the same
machine.  The figures are written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from linter.plan.compile import CompiledPlan
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan

RESULTS = Path(__file__).resolve().parent / "results"
PLATFORMS = ["web", "ios", "android", "server"]
OBJECTS = ["Order", "Cart", "Product", "Checkout", "Account", "Subscription", "Coupon",
           "Search", "Video", "Article", "Invoice", "Payment", "Profile", "Report",
           "Dashboard", "Message", "Playlist", "Review", "Ticket", "Wishlist"]
ACTIONS = ["Viewed", "Created", "Updated", "Deleted", "Shared", "Completed", "Started",
           "Opened", "Closed", "Exported", "Imported", "Renamed", "Archived", "Restored",
           "Submitted", "Approved", "Rejected", "Scheduled", "Cancelled", "Downloaded"]
QUALIFIERS = ["", "Draft", "Bulk", "Guest", "Team", "Trial", "Mobile", "Partner"]
SHARED_PROPERTIES = 60
VOCABULARY = 400  # distinct property names; each keeps one type across events


def generate(events: int, seed: int = 7) -> dict[str, Any]:
    """A plan of ``events`` events x 10 properties, the same for a given seed."""
    rng = random.Random(seed)
    shared = {f"shared_{index}": _shared(index) for index in range(SHARED_PROPERTIES)}
    plan: dict[str, Any] = {
        "version": "3.2.0",
        "platforms": PLATFORMS,
        "naming": {"events": "object_action", "properties": "snake_case"},
        "global_properties": {"app_version": {"type": "string", "required": True,
                                              "platforms": ["ios", "android"],
                                              "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"}},
        "properties": shared,
        "events": {},
    }
    names = _event_names(events)
    for index, name in enumerate(names):
        event: dict[str, Any] = {
            "description": f"Fires when a user's {name.lower()} (generated event {index}).",
            "owner": rng.choice(["growth", "checkout", "platform", "content", "billing"]),
            "category": name.split(" ")[-2],
            "platforms": rng.choice([PLATFORMS, ["web", "server"], ["ios", "android"],
                                     ["web", "ios", "android"]]),
            "identity": rng.choice(["required", "optional"]),
            "tags": [rng.choice(["kpi", "funnel", "experiment", "legacy"])],
            "properties": _event_properties(rng),
        }
        if index % 20 == 19:
            event["status"] = "deprecated"
            event["replaced_by"] = names[index - 1]
        plan["events"][name] = event
    return plan


def _event_names(count: int) -> list[str]:
    names = [" ".join(part for part in (qualifier, thing, action) if part)
             for qualifier in QUALIFIERS for thing in OBJECTS for action in ACTIONS]
    if count > len(names):
        raise SystemExit(f"at most {len(names)} events")
    return names[:count]


def _shared(index: int) -> dict[str, Any]:
    kind = index % 4
    if kind == 0:
        return {"type": "string", "enum": [f"tier_{i}" for i in range(5)],
                "description": f"Shared enumeration {index}"}
    if kind == 1:
        return {"type": "number", "minimum": 0, "maximum": 1_000_000}
    if kind == 2:
        return {"type": "string", "pattern": "^[a-z0-9_]{1,64}$", "max_length": 64}
    return {"type": "datetime", "description": "When it happened, in UTC"}


def _event_properties(rng: random.Random) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for ref in rng.sample(range(SHARED_PROPERTIES), 3):
        required: Any = rng.choice([True, False, ["ios", "android"]])
        properties[f"shared_{ref}"] = {"ref": f"shared_{ref}", "required": required}
    while len(properties) < 10:
        number = rng.randrange(VOCABULARY)
        properties[f"field_{number}"] = _own_property(number)
    return properties


def _own_property(number: int) -> dict[str, Any]:
    """A property whose definition follows from its name, as in a consistent plan."""
    kind = number % 7
    if kind == 0:
        return {"type": "string", "enum": ["free", "pro", "enterprise"], "required": True}
    if kind == 1:
        return {"type": "string", "pattern": "^[A-Z]{3}$", "required": ["web", "server"]}
    if kind == 2:
        return {"type": "integer", "minimum": 0, "maximum": 10_000}
    if kind == 3:
        return {"type": "string", "nullable": True, "max_length": 32,
                "platforms": ["ios", "android"]}
    if kind == 4:
        return {"type": "array", "items": {"type": "string"}, "max_items": 20}
    if kind == 5:
        return {"type": "object", "properties": {
            "id": {"type": "string", "required": True},
            "quantity": {"type": "integer", "minimum": 1}}}
    return {"type": "boolean", "description": f"Flag number {number}"}


@dataclass
class Form:
    """One plan written one way, and how fast its text parses (the baseline)."""

    events: int
    syntax: str
    path: Path
    parse: Callable[[str], Any]


@dataclass
class Row:
    events: int
    syntax: str
    label: str
    seconds: float
    baseline: float
    calls: int | None = None  # Python function calls, for work done in this process


def write_forms(folder: Path, sizes: list[int], syntaxes: list[str]) -> list[Form]:
    forms = []
    for events in sizes:
        plan = generate(events)
        if "yaml" in syntaxes:
            as_yaml = folder / f"plan-{events}.yaml"
            as_yaml.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True),
                               encoding="utf-8")
            forms.append(Form(events, "YAML", as_yaml,
                              lambda text: yaml.load(text, Loader=yaml.CSafeLoader)))
        if "json" in syntaxes:
            as_json = folder / f"plan-{events}.json"
            as_json.write_text(json.dumps(plan, indent="\t", ensure_ascii=False),
                               encoding="utf-8")
            forms.append(Form(events, "JSON", as_json, json.loads))
    return forms


def best(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, each after a full garbage collection."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def calls(work: Callable[[], object]) -> int:
    """How many Python function calls ``work`` makes: its work, whatever the machine."""
    profile = cProfile.Profile()
    profile.runcall(work)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def measure(form: Form, repeat: int) -> list[Row]:
    path = form.path
    plan = load_plan(path)

    def parse() -> object:
        return form.parse(path.read_text(encoding="utf-8"))

    def loading() -> object:
        return load_plan(path)

    def compiling() -> object:
        return CompiledPlan(plan).all_schemas()

    def linting() -> object:
        return lint_plan(plan)

    baseline = best(repeat, parse)
    load_time, compile_time = best(repeat, loading), best(repeat, compiling)
    command = [sys.executable, "-m", "linter", "plan", "check", str(path), "--quiet"]
    checking = best(repeat, lambda: subprocess.run(command, capture_output=True, check=False))
    parse_label = ("yaml.load, CSafeLoader (baseline)" if form.syntax == "YAML"
                   else "json.loads (baseline)")
    load_calls, compile_calls = calls(loading), calls(compiling)
    figures = [(parse_label, baseline, calls(parse)), ("load_plan", load_time, load_calls),
               ("CompiledPlan, every event x platform", compile_time, compile_calls),
               ("load_plan + CompiledPlan", load_time + compile_time, load_calls + compile_calls),
               ("lint_plan (TL1xx)", best(repeat, linting), calls(linting)),
               ("tracklint plan check", checking, None)]
    return [Row(form.events, form.syntax, label, seconds, baseline, work)
            for label, seconds, work in figures]


def print_table(rows: list[Row], sizes: list[int]) -> None:
    small, large = min(sizes), max(sizes)
    header = "".join(f"{f'{size:,} events':>21}" for size in sizes)
    print(f"{'':<42}{header}{f'{large:,} / {small:,}':>20}")
    print(f"{'':<42}" + f"{'seconds':>11}{'vs parse':>10}" * len(sizes)
          + f"{'time':>10}{'calls':>10}")
    for syntax in sorted({row.syntax for row in rows}, reverse=True):
        labels = [row.label for row in rows if row.syntax == syntax and row.events == small]
        for label in labels:
            cells = {row.events: row for row in rows
                     if row.syntax == syntax and row.label == label}
            line = f"{syntax:<5}{label:<37}"
            for size in sizes:
                row = cells[size]
                line += f"{row.seconds:11.3f}{row.seconds / row.baseline:9.2f}x"
            line += f"{cells[large].seconds / cells[small].seconds:9.1f}x"
            work, base = cells[large].calls, cells[small].calls
            line += f"{work / base:9.1f}x" if work and base else f"{'':>10}"
            print(line)


def write_results(rows: list[Row], forms: list[Form], startup: float) -> None:
    RESULTS.mkdir(exist_ok=True)
    document = {
        "cores": os.cpu_count(), "python": platform.python_version(),
        "tracklint_startup_seconds": round(startup, 4),
        "pyyaml": version("pyyaml"), "libyaml": yaml.__with_libyaml__,
        "files": {form.path.name: form.path.stat().st_size for form in forms},
        "rows": [{"events": r.events, "syntax": r.syntax, "label": r.label,
                  "seconds": round(r.seconds, 4), "vs_parse": round(r.seconds / r.baseline, 3),
                  "python_calls": r.calls}
                 for r in rows],
    }
    path = RESULTS / f"bench_plan_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(RESULTS.parent.parent)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[200, 2000],
                        help="plan sizes, in events (10 properties each)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--syntax", nargs="+", choices=["yaml", "json"], default=["yaml", "json"],
                        help="the forms of the plan to measure")
    options = parser.parse_args()
    if not yaml.__with_libyaml__:
        raise SystemExit("PyYAML is installed without libyaml: the baseline needs CSafeLoader")
    sizes = sorted(options.events)
    with tempfile.TemporaryDirectory() as directory:
        forms = write_forms(Path(directory), sizes, options.syntax)
        sizes_text = ", ".join(f"{form.path.name} {form.path.stat().st_size / 1e6:.1f} MB"
                               for form in forms)
        startup = best(options.repeat, lambda: subprocess.run(
            [sys.executable, "-m", "linter", "--version"], capture_output=True, check=True))
        print(f"plans of {' and '.join(f'{s:,}' for s in sizes)} events x 10 properties "
              f"({sizes_text}); {os.cpu_count()} cores; Python {platform.python_version()}; "
              f"tracklint start-up {startup:.2f} s")
        rows = [row for form in forms for row in measure(form, options.repeat)]
        print_table(rows, sizes)
        write_results(rows, forms, startup)


if __name__ == "__main__":
    main()
