"""What an invalid event costs the checker: bounded, whatever the event holds.

Counted rather than timed: fuzzy matches made per event and per checker, and
the values jsonschema is run on.  Also NaN and Infinity, which are not JSON
numbers, on both the fast path and the full checks.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.text import naming
from linter.validation import event_check
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE

SHOP = load_plan(EXAMPLE / "plan")
ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 1}]}


@pytest.fixture
def fuzzy_matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every name the Suggester fuzzily matched (its costly step)."""
    seen: list[str] = []
    original = naming.Suggester._close_keys

    def counting(self: naming.Suggester, key: str) -> list[str]:
        seen.append(key)
        return original(self, key)

    monkeypatch.setattr(naming.Suggester, "_close_keys", counting)
    return seen


def _order(properties: dict[str, Any]) -> EventObservation:
    return EventObservation("Order Completed", properties, "server", user_id="u-1")


def test_unplanned_keys_resembling_planned_ones_cost_a_bounded_number_of_matches(
        fuzzy_matches: list[str]) -> None:
    checker = EventChecker(SHOP)
    noisy = {**ORDER, **{f"pricee{index}": 1 for index in range(2_000)}}
    found = checker.check(_order(noisy))
    assert sum(d.code == "TL206" for d in found) == 2_000  # every key is still reported
    assert len(fuzzy_matches) <= event_check._SUGGESTIONS_PER_EVENT
    hinted = [d for d in found if d.code == "TL206" and d.hint and "did you mean" in d.hint]
    assert 0 < len(hinted) <= event_check._SUGGESTIONS_PER_EVENT


def test_suggestions_are_remembered_across_events(fuzzy_matches: list[str]) -> None:
    checker = EventChecker(SHOP)
    first = checker.check(_order({**ORDER, "pricee": 1}))
    matches = len(fuzzy_matches)
    assert matches >= 1
    for _ in range(100):
        assert checker.check(_order({**ORDER, "pricee": 1})) == first
    checker.check(EventObservation("Order Completd", ORDER, "server", user_id="u-1"))
    checker.check(EventObservation("Order Completd", ORDER, "server", user_id="u-1"))
    assert len(fuzzy_matches) == matches + 1


def test_a_long_key_is_matched_after_normalising_only(fuzzy_matches: list[str]) -> None:
    checker = EventChecker(SHOP)
    found = checker.check(_order({**ORDER, "p" * 5_000: 1}))
    assert [d.code for d in found] == ["TL206"] and not fuzzy_matches


def test_jsonschema_runs_only_on_the_values_at_fault_it_cannot_explain_without(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[Any] = []
    original = EventChecker._value_validator

    def counting(self: EventChecker, event: str, platform: str, key: str) -> Any:
        validator = original(self, event, platform, key)

        class Counting:
            def iter_errors(self, value: Any) -> Any:
                checked.append(key)
                return validator.iter_errors(value)
        return Counting()

    monkeypatch.setattr(EventChecker, "_value_validator", counting)
    # A wrong scalar is explained from the first keyword it breaks, as jsonschema would.
    wrong = _order({**ORDER, "price": "19.99", "currency": "eur"})
    found = EventChecker(SHOP).check(wrong)
    assert checked == []
    assert sorted(d.code for d in found) == ["TL207", "TL209"]  # a type, a pattern
    assert found == EventChecker(SHOP, fast_path=False).check(wrong)
    # A wrong value inside a list goes to jsonschema, and only that value.
    checked.clear()
    nested = _order({**ORDER, "price": "19.99", "items": [{"sku": 1, "quantity": 1}]})
    found = EventChecker(SHOP).check(nested)
    assert checked == ["items"]
    assert sorted(d.code for d in found) == ["TL207", "TL207"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("fast_path", [True, False])
def test_nan_and_infinity_are_not_numbers(bad: float, fast_path: bool) -> None:
    checker = EventChecker(SHOP, fast_path=fast_path)
    [found] = checker.check(_order({**ORDER, "price": bad}))
    assert found.code == "TL207" and found.pointer == "/price"
    assert "NaN or Infinity" in found.message and "reject" in (found.hint or "")
    assert not checker.accepts("Order Completed", "server", {**ORDER, "price": bad}, "u-1",
                               None)
