"""How fast ``tracklint check`` reads a large project, cold and warm, against a parse-only floor.

Run: ``python bench/bench_static.py [--modules N] [--jobs N] [--keep DIR]``.

It generates a project of ``--modules`` modules (default 2,000) in a temporary
directory: mostly code without tracking calls (models, utilities, views, services
with plenty of ordinary code), and about one module in ten with tracking calls
through Mixpanel, Segment, PostHog and the project's own wrapper (plus a wrapper
of that wrapper, and under an alias), with event names from an ``events`` module
(constants and a ``str`` Enum), and a few decoys (a ``track`` method of an
unrelated class, the words in comments) that the prefilter must not take for
tracking calls.  The plan is the Shopwise example's.  Then, in one run, it times:

(a) ``libcst.parse_module`` of every file, serially: the floor any libcst-based
    checker pays on a cold run, and the unit the other rows are compared with;
(b) ``tracklint check`` with an empty cache;
(c) ``tracklint check`` again, nothing changed;
(d) ``tracklint check`` after editing one module with a tracking call and one without.

(b)-(d) run the real command in a subprocess, so they include interpreter start-up,
loading the plan and reporting (the "start-up" row measures ``tracklint --version``
alone); their CPU seconds are the subprocess's.  Files per second count every module
of the tree.  A table is printed and the figures are written as JSON to
``bench/results/``.

``--against PYTHON`` runs (b)-(d) again, in the same run and on a copy of the same
tree, with the tracklint installed for another interpreter: an older release in its
own virtual environment, say, to tell whether a change made the checker slower on a
machine whose load comes and goes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import libcst as cst

HERE = Path(__file__).resolve().parent
PLAN = HERE.parent / "examples" / "shop" / "plan"
RESULTS = HERE / "results"

# -- the generated project ------------------------------------------------------------

ANALYTICS = '''\
"""Analytics clients and the helper most code tracks through."""

import os

import posthog
from mixpanel import Mixpanel

mp = Mixpanel(os.environ.get("MIXPANEL_TOKEN", "dev-token"))
posthog.api_key = os.environ.get("POSTHOG_KEY", "dev-key")


def track_event(user, event, **properties):
    """Send one event for a signed-in user."""
    mp.track(user.id, event, properties)
'''

TRACKING = '''\
"""Checkout tracking: adds where the event comes from."""

from app.analytics import track_event


def track_checkout(user, event, **properties):
    track_event(user, event, source="checkout", **properties)
'''

EVENTS = '''\
"""Event names, kept in one place."""

import enum

ORDER_COMPLETED = "Order Completed"
ORDER_REFUNDED = "Order Refunded"
PRODUCT_ADDED = "Product Added"


class BillingEvent(str, enum.Enum):
    SUBSCRIPTION_STARTED = "Subscription Started"
    SUBSCRIPTION_CANCELLED = "Subscription Cancelled"
    PAYMENT_FAILED = "Payment Failed"
'''

MODEL = '''
@dataclass
class {name}:
    """A stored {lower}, with the usual accessors."""

    id: int
    owner_id: int
    title: str = ""
    tags: list[str] = field(default_factory=list)
    created: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id < 0:
            raise ValueError(f"{{type(self).__name__}} id must be positive, got {{self.id}}")
        self.title = self.title.strip()

    @property
    def label(self) -> str:
        return f"{{self.title}} (#{{self.id}})" if self.title else f"#{{self.id}}"

    def to_dict(self) -> dict[str, object]:
        data = {{"id": self.id, "owner_id": self.owner_id, "title": self.title,
                "tags": sorted(self.tags)}}
        if self.created is not None:
            data["created"] = self.created.isoformat()
        data.update({{k: v for k, v in self.extra.items() if not k.startswith("_")}})
        return data

    @classmethod
    def from_row(cls, row: dict[str, object]) -> "{name}":
        tags = [t for t in str(row.get("tags", "")).split(",") if t]
        return cls(int(row["id"]), int(row["owner_id"]), str(row.get("title", "")), tags)

    def matches(self, query: str) -> bool:
        words = query.lower().split()
        return all(w in self.title.lower() or w in self.tags for w in words)
'''

UTIL = '''
def {name}(values, *, limit=100, key=None):
    """Group, clean and cap a batch of values ({n})."""
    seen = set()
    result = []
    for index, value in enumerate(values):
        if value is None or (key and key(value) in seen):
            continue
        marker = key(value) if key else value
        seen.add(marker)
        try:
            cleaned = str(value).strip().lower()
        except (TypeError, ValueError) as error:
            logger.warning("skipping %r at %d: %s", value, index, error)
            continue
        result.append({{"index": index, "value": cleaned, "length": len(cleaned)}})
        if len(result) >= limit:
            break
    return sorted(result, key=lambda item: (item["length"], item["value"]))


class {name_cls}Cache:
    def __init__(self, size: int = 128) -> None:
        self.size = size
        self.items: dict[str, object] = {{}}

    def get(self, key: str, default: object = None) -> object:
        return self.items.get(key, default)

    def put(self, key: str, value: object) -> None:
        if len(self.items) >= self.size:
            self.items.pop(next(iter(self.items)))
        self.items[key] = value
'''

VIEW = '''
def {name}(request, object_id):
    """Show one object, or a 404 (view {n})."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    obj = repository.find(object_id)
    if obj is None or obj.owner_id != user.id:
        return render(request, "404.html", {{"id": object_id}}, status=404)
    context = {{"object": obj, "related": repository.related(obj, limit=5),
               "can_edit": user.has_perm("edit", obj)}}
    if request.method == "POST":
        form = Form(request.POST, instance=obj)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved.")
            return redirect("detail", object_id=obj.id)
        context["form"] = form
    return render(request, "detail.html", context)
'''

HEADERS = {
    "models": "from dataclasses import dataclass, field\nfrom datetime import datetime\n",
    "utils": "import logging\n\nlogger = logging.getLogger(__name__)\n",
    "views": ("from django.contrib import messages\nfrom django.shortcuts import redirect, "
              "render\n\nfrom app.forms import Form\nfrom app import repository\n"),
}

CALLS = {
    "mixpanel": ("from app.analytics import mp\nfrom app.events import ORDER_COMPLETED\n",
                 '''
def complete_order_{n}(user, order):
    properties = {{"order_id": order.id, "price": float(order.total),
                  "currency": order.currency}}
    if order.coupon:
        properties["coupon"] = order.coupon.code
    mp.track(user.id, ORDER_COMPLETED, properties)
'''),
    "segment": ("import segment.analytics as analytics\n\nfrom app.events import BillingEvent\n",
                '''
def payment_failed_{n}(user, order, error_code):
    analytics.track(user.id, BillingEvent.PAYMENT_FAILED, {{
        "order_id": order.id, "price": float(order.total), "currency": order.currency,
        "error_code": error_code}})
'''),
    "posthog": ("import posthog\n\nfrom app.events import PRODUCT_ADDED\n", '''
def product_added_{n}(user, product, quantity):
    posthog.capture(PRODUCT_ADDED, distinct_id=user.id, properties={{
        "product_id": product.id, "sku": product.sku, "price": product.price,
        "quantity": quantity}})
'''),
    "wrapper": ("from app.analytics import track_event\nfrom app.events import ORDER_REFUNDED\n",
                '''
def refund_{n}(user, order, amount):
    track_event(user, ORDER_REFUNDED, order_id=order.id, refund_amount=float(amount),
                currency=order.currency, partial=amount < order.total)
'''),
    "wrapper2": ("from app.services.tracking import track_checkout\n", '''
def checkout_started_{n}(user, cart):
    track_checkout(user, "Checkout Started", cart_id=cart.id, price=cart.total,
                   currency=cart.currency)
'''),
    "violation": ("from app.analytics import mp\n", '''
def legacy_{n}(user):
    mp.track(user.id, "order completed", {{"plan_type": "Pro"}})
'''),
    "alias": ("from app.analytics import track_event as te\nfrom app.events import BillingEvent\n",
              '''
def subscribed_{n}(user, subscription):
    te(user, BillingEvent.SUBSCRIPTION_STARTED, plan_type=subscription.plan,
       price=float(subscription.price), currency="EUR", billing_period="monthly", trial=False)
'''),
}

# Code that mentions the vocabulary without tracking anything: the prefilter must let
# the first through to libcst (a ``track`` method of another class) and stop the second.
DECOYS = {
    "method": ('''
class Progress{n}:
    def track(self, step):
        self.steps = getattr(self, "steps", []) + [step]


def advance_{n}(progress):
    progress.track("loaded")
'''),
    "words": ('''
# We track the order here and capture errors below.
TRACKING_LABEL_{n} = "track"
'''),
}


def module_text(kind: str, n: int, rng: random.Random, tracking: str | None) -> str:
    """One module of the given kind: a header, a few blocks of code, maybe a tracking call."""
    header = HEADERS[kind]
    blocks = []
    for k in range(rng.randint(3, 6)):
        name = f"{kind[:-1]}_{n}_{k}"
        if kind == "models":
            blocks.append(MODEL.format(name=f"Model{n}x{k}", lower=name))
        elif kind == "utils":
            blocks.append(UTIL.format(name=name, name_cls=f"Util{n}x{k}", n=n))
        else:
            blocks.append(VIEW.format(name=name, n=n))
    if tracking in DECOYS:
        blocks.insert(rng.randrange(len(blocks) + 1), DECOYS[tracking].format(n=n))
    elif tracking is not None:
        imports, call = CALLS[tracking]
        header = imports + header
        blocks.insert(rng.randrange(len(blocks) + 1), call.format(n=n))
    return f'"""Generated {kind} module {n}."""\n\n{header}' + "".join(blocks)


@dataclass
class Tree:
    root: Path
    files: list[Path]
    tracked: list[Path]
    untracked: list[Path]


def generate(root: Path, modules: int, seed: int = 1) -> Tree:
    """Write the project: packages of models, utils and views, with ~10% tracking modules."""
    rng = random.Random(seed)
    shutil.copytree(PLAN, root / "plan")
    (root / "tracklint.toml").write_text('plan = "plan"\nplatform = "server"\n')
    app = root / "app"
    fixed = {"__init__.py": "", "analytics.py": ANALYTICS, "events.py": EVENTS,
             "forms.py": "class Form:\n    pass\n", "repository.py": "def find(i):\n    pass\n",
             "services/__init__.py": "", "services/tracking.py": TRACKING}
    files = []
    for relative, text in fixed.items():
        files.append(_write(app / relative, text))
    kinds = ["models", "utils", "views"]
    for kind in kinds:
        files.append(_write(app / kind / "__init__.py", ""))
    tracked, untracked = [], []
    styles = list(CALLS)
    for n in range(max(0, modules - len(files))):
        kind = kinds[n % len(kinds)]
        draw = rng.random()
        tracking = (styles[rng.randrange(len(styles))] if draw < 0.1 else
                    sorted(DECOYS)[n % len(DECOYS)] if draw < 0.14 else None)
        path = _write(app / kind / f"{kind[:-1]}_{n}.py", module_text(kind, n, rng, tracking))
        files.append(path)
        (tracked if tracking in CALLS else untracked).append(path)
    return Tree(root, files, tracked, untracked)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    seconds: float
    files: int
    detail: str = ""
    cpu: float | None = None

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds else float("inf")


def parse_only(files: list[Path]) -> float:
    """Seconds to read and ``libcst.parse_module`` every file, serially."""
    start = time.perf_counter()
    for path in files:
        cst.parse_module(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def run_check(root: Path, jobs: int | None, python: str
              ) -> tuple[float, float, dict[str, object]]:
    """Wall and CPU seconds of one ``tracklint check`` run, and its JSON report."""
    command = [python, "-m", "linter", "check", "--output-format", "json", "--exit-zero"]
    if jobs:
        command += ["--jobs", str(jobs)]
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    if done.returncode != 0:
        raise SystemExit(f"tracklint check failed ({done.returncode}):\n{done.stderr}")
    return seconds, cpu, json.loads(done.stdout)


def start_up(python: str) -> float:
    start = time.perf_counter()
    subprocess.run([python, "-m", "linter", "--version"], capture_output=True, check=True)
    return time.perf_counter() - start


def edit(*paths: Path) -> None:
    """A real edit (the content changes, not only the mtime)."""
    for path in paths:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n# edited by the benchmark\n")


def measure(tree: Tree, jobs: int | None, against: str | None
            ) -> tuple[list[Row], dict[str, object]]:
    count = len(tree.files)
    rows = [Row("(a) libcst parse only, serial", parse_only(tree.files), count)]
    checks: dict[str, object] = {}
    if against:
        copy = tree.root.parent / f"{tree.root.name}-against"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(tree.root, copy)
        other = Tree(copy, [copy / p.relative_to(tree.root) for p in tree.files],
                     [copy / p.relative_to(tree.root) for p in tree.tracked],
                     [copy / p.relative_to(tree.root) for p in tree.untracked])
        found, same = check_rows(other, jobs, against, f" [{against}]")
        rows += found
        checks["against"] = {"python": against, "cold_equals_warm": same}
        shutil.rmtree(copy, ignore_errors=True)
    found, same = check_rows(tree, jobs, sys.executable, "")
    rows += found
    checks["cold_equals_warm"] = same
    return rows, checks


def check_rows(tree: Tree, jobs: int | None, python: str, suffix: str
               ) -> tuple[list[Row], bool]:
    """Rows (b)-(d) and start-up for the tracklint of one interpreter."""
    count = len(tree.files)
    shutil.rmtree(tree.root / ".tracklint_cache", ignore_errors=True)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("(b) check, cold cache", lambda: None),
        ("(c) check, warm, unchanged", lambda: None),
        ("(d) check, warm, 2 files edited", lambda: edit(tree.tracked[0], tree.untracked[0])),
    ]
    rows, reports = [], []
    for label, before in steps:
        before()
        seconds, cpu, report = run_check(tree.root, jobs, python)
        reports.append(report)
        rows.append(Row(label + suffix, seconds, count, _summary(report), cpu))
    rows.append(Row("start-up (tracklint --version)" + suffix, start_up(python), count))
    return rows, reports[0]["diagnostics"] == reports[1]["diagnostics"]


def _summary(report: dict[str, object]) -> str:
    diagnostics = report.get("diagnostics", [])
    assert isinstance(diagnostics, list)
    return f"{len(diagnostics)} diagnostics"


def print_table(rows: list[Row]) -> None:
    base = rows[0].rate
    width = max(len(row.label) for row in rows)
    print(f"{'':<{width}} {'seconds':>9} {'CPU s':>7} {'files/s':>10} {'vs (a)':>8}")
    for row in rows:
        ratio = row.rate / base if base else float("nan")
        cpu = f"{row.cpu:7.2f}" if row.cpu is not None else " " * 7
        print(f"{row.label:<{width}} {row.seconds:9.2f} {cpu} {row.rate:10.0f} {ratio:7.2f}x  "
              f"{row.detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=2000, help="modules in the tree")
    parser.add_argument("--jobs", type=int, default=None, help="tracklint --jobs (default: cores)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate the tree in this (new) directory and keep it")
    parser.add_argument("--against", metavar="PYTHON", default=None,
                        help="also time the tracklint installed for this interpreter")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = options.keep or Path(directory) / "project"
        tree = generate(root, options.modules)
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in tree.files)
        print(f"{len(tree.files)} modules, {lines} lines, {len(tree.tracked)} with tracking "
              f"calls; {os.cpu_count()} cores; Python {platform.python_version()}")
        rows, checks = measure(tree, options.jobs, options.against)
        print_table(rows)
        write_results(rows, tree, lines, checks, options.jobs)


def write_results(rows: list[Row], tree: Tree, lines: int, checks: dict[str, object],
                  jobs: int | None) -> None:
    RESULTS.mkdir(exist_ok=True)
    base = rows[0].rate
    document = {
        "modules": len(tree.files), "lines": lines, "tracked_modules": len(tree.tracked),
        "cores": os.cpu_count(), "jobs": jobs, "python": platform.python_version(),
        "libcst": metadata.version("libcst"), **checks,
        "rows": [{"label": r.label, "seconds": round(r.seconds, 4),
                  "cpu_seconds": None if r.cpu is None else round(r.cpu, 4),
                  "files_per_second": round(r.rate, 1), "vs_parse_only": round(r.rate / base, 3),
                  "detail": r.detail} for r in rows],
    }
    path = RESULTS / f"bench_static_{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
