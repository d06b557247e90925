"""Drift counters collected in parts and merged equal the counters of one pass.

The Spark engine collects one part per file on its executors and the local
engine one part per file in turn; both fold the parts in file order.  These
property tests split random event streams at random places and check that the
fold gives the report of reading the stream in one pass, and that the order in
which parts arrive does not matter once they are put back in file order.
"""

from __future__ import annotations

import copy
import itertools
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.drift import DriftCollector, DriftLimits, drift_report
from linter.drift.accumulators import Collected
from linter.drift.aggregate import collect
from linter.drift.analysis import build_report
from linter.drift.merge import merge_parts
from linter.drift.render_json import render_json
from linter.drift.sketches import NumericRange, TopK
from linter.events import EventObservation, Origin
from linter.payloads import read_payloads
from linter.plan.loader import load_plan
from linter.validation.event_check import EventChecker

DATA = Path(__file__).parent / "data" / "drift"
PLAN = load_plan(DATA / "plan.yaml")
CHECK = EventChecker(PLAN).check
EVENTS = [*sorted(PLAN.events)[:3], "Unplanned Thing", "Other Thing"]

values = st.one_of(st.integers(-5, 5), st.sampled_from(["pro", "Pro", "free", ""]),
                   st.booleans(), st.none(), st.floats(-10, 10, allow_nan=False))
observations = st.builds(
    lambda name, platform, version, props: EventObservation(
        name=name, properties=props, platform=platform, app_version=version,
        user_id="u1", origin=Origin("capture.jsonl", 1, 1, pointer="/properties")),
    st.sampled_from(EVENTS),
    st.sampled_from(["web", "ios", "android"]),
    st.sampled_from([None, "1.0.0", "2.0.0", "2.1.0"]),
    st.dictionaries(st.sampled_from(["plan_type", "planType", "price", "revenue", "x"]),
                    values, max_size=4),
)


def one_pass(stream: list[EventObservation], limits: DriftLimits) -> str:
    collector = DriftCollector(PLAN, limits)
    collector.feed(stream, CHECK)
    return render_json(collector.report())


def parts(stream: list[EventObservation], cuts: list[int], limits: DriftLimits) -> list[Collected]:
    bounds = sorted({0, len(stream), *(c % (len(stream) + 1) for c in cuts)})
    collected = []
    for start, end in itertools.pairwise(bounds):
        part = DriftCollector(PLAN, limits)
        part.feed(stream[start:end], CHECK)
        collected.append(part.data)
    return collected


def merged_report(collected: list[Collected], limits: DriftLimits) -> str:
    """The report of the parts merged (copies: merging consumes the parts)."""
    fresh = [copy.deepcopy(part) for part in collected]
    return render_json(build_report(PLAN, limits, merge_parts(fresh, PLAN, limits), None))


@settings(max_examples=150, deadline=None)
@given(st.lists(observations, max_size=40), st.lists(st.integers(0, 40), max_size=5))
def test_parts_merged_in_order_equal_one_pass(stream: list[EventObservation],
                                              cuts: list[int]) -> None:
    limits = DriftLimits()
    assert merged_report(parts(stream, cuts, limits), limits) == one_pass(stream, limits)


@settings(max_examples=100, deadline=None)
@given(st.lists(observations, max_size=40), st.lists(st.integers(0, 40), max_size=5),
       st.randoms(use_true_random=False))
def test_arrival_order_does_not_change_the_result(stream: list[EventObservation],
                                                  cuts: list[int], rng: random.Random) -> None:
    """Even past every limit: parts are put back in file order before the fold."""
    limits = DriftLimits(top_k=2, max_events=1, max_properties=1, max_versions=1,
                         max_issues=2)
    numbered = list(enumerate(parts(stream, cuts, limits)))
    expected = merged_report([part for _, part in numbered], limits)
    rng.shuffle(numbered)
    arrived = [part for _, part in sorted(numbered, key=lambda pair: pair[0])]
    assert merged_report(arrived, limits) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=60), st.integers(0, 60), st.integers(1, 6))
def test_topk_merge_keeps_the_space_saving_bounds(items: list[int], cut: int,
                                                  capacity: int) -> None:
    first, second = TopK[int](capacity), TopK[int](capacity)
    for item in items[:cut]:
        first.add(item)
    for item in items[cut:]:
        second.add(item)
    first.merge(second)
    assert first.total == len(items)
    assert len(first) <= capacity
    for counted in first.most_common():
        true = items.count(counted.item)
        assert counted.count - counted.error <= true <= counted.count
    if len(set(items)) <= capacity:
        assert {c.item: c.count for c in first.most_common()} == {
            item: items.count(item) for item in set(items)}


def test_numeric_ranges_merge_in_any_order() -> None:
    left, right = NumericRange(), NumericRange()
    for value in (3, -1.5, float("inf")):
        left.add(value)
    for value in (7, 2):
        right.add(value)
    left.merge(right)
    assert (left.count, left.non_finite, left.minimum, left.maximum) == (4, 1, -1.5, 7)


def test_the_drift_of_several_files_folded_per_file_equals_one_pass() -> None:
    """drift_report folds one part per file; on these captures that is the one-pass report."""
    captures = sorted(p for p in DATA.iterdir() if p.suffix in (".json", ".jsonl", ".gz"))
    stream = read_payloads(captures)
    whole = collect(stream, PLAN, CHECK, DriftLimits(), stream.stats)
    folded = drift_report(captures, PLAN)
    assert len(captures) > 1 and whole.total > 0
    assert render_json(folded) == render_json(whole)
