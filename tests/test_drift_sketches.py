"""The fixed-size sketches behind ``tracklint drift`` and the version comparator."""

from __future__ import annotations

import math
import random

import pytest

from linter.drift.sketches import (
    ELLIPSIS,
    MAX_VALUE_CHARS,
    NumericRange,
    TopK,
    TypeCounts,
    json_type,
    value_key,
)
from linter.drift.versions import (
    VersionRate,
    compare_versions,
    conforms_since,
    sort_versions,
)

# -- TopK (Space-Saving) ---------------------------------------------------------------


def test_topk_counts_exactly_below_capacity() -> None:
    top: TopK[str] = TopK(4)
    for item in "aabbbc":
        top.add(item)
    ranked = top.most_common()
    assert [(c.item, c.count, c.error) for c in ranked] == [("b", 3, 0), ("a", 2, 0),
                                                            ("c", 1, 0)]
    assert not top.saturated
    assert top.total == 6


def test_topk_stays_at_capacity_with_200k_distinct_values() -> None:
    top: TopK[int] = TopK(32)
    for value in range(200_000):
        top.add(value)
        if value % 10 == 0:
            top.add(-1)  # one heavy hitter: a tenth of the stream
    assert len(top) == 32
    assert len(top._heap) == 32  # the lazy heap holds one entry per monitored item
    assert top.saturated and top.evictions > 0
    best = top.most_common(1)[0]
    assert best.item == -1
    # Space-Saving over-estimates by at most the error, never under-estimates.
    assert best.count - best.error <= 20_000 <= best.count


def test_topk_keeps_every_frequent_item_on_a_skewed_stream() -> None:
    rng = random.Random(7)
    weights = {f"v{i}": 1.0 / (i + 1) for i in range(5000)}  # Zipf-like
    stream = rng.choices(list(weights), list(weights.values()), k=60_000)
    top: TopK[str] = TopK(64)
    exact: dict[str, int] = {}
    for item in stream:
        top.add(item)
        exact[item] = exact.get(item, 0) + 1
    # Every item more frequent than total / capacity is guaranteed to be monitored.
    guaranteed = {item for item, count in exact.items() if count > len(stream) / 64}
    assert guaranteed <= {c.item for c in top.most_common()}
    for counted in top.most_common():
        assert counted.count - counted.error <= exact[counted.item] <= counted.count
    assert [c.item for c in top.most_common(3)] == ["v0", "v1", "v2"]


def test_topk_rejects_a_zero_capacity() -> None:
    with pytest.raises(ValueError):
        TopK(0)


# -- ranges, types, value keys ------------------------------------------------------------


def test_numeric_range_keeps_min_max_and_ignores_non_finite() -> None:
    numbers = NumericRange()
    for value in (3, -2.5, float("nan"), 10, float("inf")):
        numbers.add(value)
    assert (numbers.minimum, numbers.maximum, numbers.count, numbers.non_finite) == (
        -2.5, 10, 3, 2)


def test_type_counts_most_frequent_first() -> None:
    types = TypeCounts()
    for value in ["a", 1, 2, 2.5, None, True, "b", "c"]:
        types.add(json_type(value))
    assert types.as_tuple() == (("string", 3), ("integer", 2), ("number", 1),
                                ("boolean", 1), ("null", 1))


def test_value_keys_keep_types_apart_and_bound_strings() -> None:
    assert value_key("1") != value_key(1) != value_key(1.0)
    assert value_key(True) == ("boolean", True)
    assert value_key({"a": 1}) is None and value_key([1]) is None
    long_key = value_key("x" * 10_000)
    assert long_key is not None
    assert len(long_key[1]) == MAX_VALUE_CHARS + 1 and long_key[1].endswith(ELLIPSIS)
    # NaN never equals itself, so it is kept as text: it stays one countable value.
    assert value_key(float("nan")) == ("number", "nan") == value_key(math.nan)


# -- versions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("older", "newer"), [
    ("3.9.2", "3.10.0"),
    ("2.9", "2.9.1"),
    ("3.0.0-beta.1", "3.0.0"),
    ("3.0.0-beta.2", "3.0.0-beta.10"),
    ("3.0.0-alpha", "3.0.0-beta"),
    ("3.0.0-rc.1", "3.0.0"),
    ("4.2.0b1", "4.2.0"),
    ("dev", "0.0.1"),
    ("v1.2.0", "1.10.0"),
    ("1.2.0", "10.0"),
])
def test_versions_compare_as_releases(older: str, newer: str) -> None:
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1


@pytest.mark.parametrize(("left", "right"), [
    ("3.0", "3.0.0"), ("v2.1", "2.1.0"), ("4.2.0 (412)", "4.2.0"), ("4.2.0+build.7", "4.2.0"),
])
def test_versions_that_name_the_same_release_are_equal(left: str, right: str) -> None:
    assert compare_versions(left, right) == 0


def test_sort_versions() -> None:
    versions = ["3.10.0", "3.0.0", "3.9.2", "3.0.0-beta.1", "2.9.1", "3.1.0"]
    assert sort_versions(versions, newest_first=True) == [
        "3.10.0", "3.9.2", "3.1.0", "3.0.0", "3.0.0-beta.1", "2.9.1"]


def test_conforms_since_is_the_oldest_version_of_the_conforming_tail() -> None:
    rates = [VersionRate("3.10.0", 100, 100), VersionRate("3.9.2", 200, 199),
             VersionRate("3.1.0", 50, 50), VersionRate("3.0.0", 80, 40),
             VersionRate("2.9.0", 10, 10)]
    assert conforms_since(rates, 0.99) == "3.1.0"
    # 3.9.2 is at 99.5%: a stricter threshold moves the answer up.
    assert conforms_since(rates, 1.0) == "3.10.0"


def test_conforms_since_none_when_the_newest_version_fails() -> None:
    assert conforms_since([VersionRate("2.0.0", 10, 5), VersionRate("1.0.0", 5, 5)],
                          0.99) is None
    assert conforms_since([VersionRate("1.0.0", 5, 5), VersionRate("1.1.0", 5, 5)],
                          0.99) == "1.0.0"
    assert conforms_since([], 0.99) is None
