"""The guard's valid path builds nothing, and decides exactly as the full checks do.

``Guard.admit_event`` (what instrumented clients call) decides a valid event
from its plain values; everything else goes through the observation and the
full checks.  Its decisions, logs and quarantined records must be those of
``admit(observe(...))`` for every kind of event.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linter.plan.loader import load_plan
from linter.runtime import Guard, TrackingViolation

from .conftest import EXAMPLE

SHOP = load_plan(EXAMPLE / "plan")


class _Text(str):
    """A ``str`` subclass (a ``StrEnum`` member is one): valid, but not plain JSON."""

ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 1}]}

EVENTS: list[tuple[str, dict[str, Any], Any]] = [
    ("Order Completed", ORDER, "u-1"),
    ("Order Completed", {**ORDER, "price": "19.99"}, "u-1"),
    ("Order Completed", {**ORDER, "price": math.nan}, "u-1"),
    ("Order Completed", {**ORDER, "coupon": "a\ud83d"}, "u-1"),
    ("Order Completed", {**ORDER, "placed_at": datetime.datetime(2026, 1, 1)}, "u-1"),
    ("Order Completed", {**ORDER, "items": [{"sku": "sku-\ud83d", "quantity": 1}]}, "u-1"),
    ("Order Completed", {**ORDER, "items": [{"sku": "sku-1", "quantity": 1.0}]}, "u-1"),
    ("Order Completed", {**ORDER, "items": ({"sku": "sku-1", "quantity": 1},)}, "u-1"),
    ("Order Completed", {**ORDER, "items": [{"sku": "sku-1", 2: 1}]}, "u-1"),
    ("Order Completed", {**ORDER, "price": True}, "u-1"),
    ("Order Completed", {**ORDER, "currency": _Text("EUR")}, "u-1"),
    ("Order Completed", {**ORDER, "$city": "Lyon\udc00"}, "u-1"),
    ("Order Completed", {**ORDER, "$set": {"nested": [math.inf]}}, "u-1"),
    ("Order Completed", ORDER, None),
    ("Order Completed", {**ORDER, "$os": "iOS", "mp_lib": "python"}, "u-1"),
    ("order completed", ORDER, "u-1"),
    ("Signed Up", {"method": "email"}, "u-1"),
    ("Nope", {}, "u-1"),
]


def _decision(guard: Guard, event: tuple[str, dict[str, Any], Any], fast: bool) -> Any:
    name, properties, user = event
    try:
        if fast:
            return guard.admit_event(name, properties, user_id=user, sdk="mixpanel")
        return guard.admit(guard.observe(name, properties, user_id=user, sdk="mixpanel"))
    except TrackingViolation as violation:
        return [d.code for d in violation.diagnostics]


@pytest.mark.parametrize("mode", ["warn", "raise"])
@pytest.mark.parametrize("event", EVENTS, ids=[f"{e[0]}-{i}" for i, e in enumerate(EVENTS)])
def test_admit_event_decides_as_admit_does(mode: str, event: Any,
                                           caplog: pytest.LogCaptureFixture) -> None:
    guard = Guard.from_plan(SHOP, mode=mode)
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        slow = _decision(guard, event, fast=False)
        slow_log = [record.getMessage() for record in caplog.records]
        caplog.clear()
        fast = _decision(guard, event, fast=True)
        fast_log = [record.getMessage() for record in caplog.records]
    assert fast == slow
    assert fast_log == slow_log


def test_a_valid_event_builds_no_observation(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = Guard.from_plan(SHOP, mode="raise")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an observation was built for a valid event")

    monkeypatch.setattr(guard, "observe", refuse)
    assert guard.admit_event("Order Completed", ORDER, user_id="u-1", sdk="mixpanel") is True
    with pytest.raises(AssertionError, match="observation was built"):
        guard.admit_event("Order Completed", {**ORDER, "price": "1"}, user_id="u-1")


def test_drop_mode_quarantines_an_event_with_a_lone_surrogate(tmp_path: Path) -> None:
    quarantine = tmp_path / "quarantine.jsonl"
    guard = Guard.from_plan(SHOP, mode="drop", quarantine=quarantine)
    sent = guard.admit_event("Order Completed", {**ORDER, "coupon": "SUMMER\ud83d"},
                             user_id="u-1", sdk="mixpanel")
    assert sent is False
    [line] = quarantine.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["properties"]["coupon"] == "SUMMER\ud83d"  # kept, as its \u escape
    [diagnostic] = record["diagnostics"]
    assert diagnostic["code"] == "TL212" and "lone surrogate" in diagnostic["message"]
    assert diagnostic["pointer"].endswith("/coupon")


_GUARDED = """
import sys
import linter
from mixpanel import Mixpanel
guard = linter.Guard.from_plan(sys.argv[1], mode="raise")
class Keep:
    def send(self, *args, **kwargs):
        pass
client = linter.instrument(Mixpanel("token", consumer=Keep()), guard)
client.track("u-1", "Order Completed", {"order_id": "o-1", "price": 1.5, "currency": "EUR",
                                        "items": [{"sku": "s", "quantity": 1}]})
guard.admit_event("Signed Up", {"method": "email"}, user_id="u-1")  # the full checks too
print("IMPORTED:" + ",".join(sorted(m for m in ("libcst", "linter.static", "linter.cli")
                                     if m in sys.modules)))
"""


def test_the_guard_never_imports_the_code_checker() -> None:
    """An application pays for what the guard needs: no libcst, no command line."""
    result = subprocess.run([sys.executable, "-c", _GUARDED, str(EXAMPLE / "plan")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("IMPORTED:"), result.stdout + result.stderr
