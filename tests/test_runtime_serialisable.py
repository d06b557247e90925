"""TL212 at run time: the walk through a properties mapping.

What each SDK does with each kind of value, and that the table says so, is tested
against the real SDKs in ``test_sdk_values.py``; these are the walk's own duties:
pointers, keys, cycles, depth, and messages.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import Any

from linter.diagnostics import Severity
from linter.runtime.serialisable import MAX_DEPTH, find_unserialisable, pointer_token
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, SEGMENT


class Colour(enum.Enum):
    RED = "red"


def test_each_diagnostic_points_at_the_value_below_the_observation_pointer() -> None:
    properties = {"cart": {"items": [{"price": decimal.Decimal("1.5")}]}, "id": uuid.uuid4()}
    diagnostics = find_unserialisable(properties, pointer="/properties", event="Order Completed")
    assert {d.pointer for d in diagnostics} == {"/properties/cart/items/0/price", "/properties/id"}
    by_pointer = {d.pointer: d for d in diagnostics}
    assert by_pointer["/properties/id"].message.startswith("property 'id' has type uuid.UUID")
    assert by_pointer["/properties/cart/items/0/price"].message.startswith(
        "the value at /properties/cart/items/0/price has type decimal.Decimal"
    )
    assert all(d.event == "Order Completed" for d in diagnostics)
    assert all(d.hint for d in diagnostics)


def test_keys_are_escaped_as_json_pointer_tokens() -> None:
    diagnostics = find_unserialisable({"a/b~c": {"d": uuid.uuid4()}})
    assert diagnostics[0].pointer == "/a~1b~0c/d"
    assert pointer_token("x/y") == "x~1y"


def test_non_text_keys_are_reported_at_the_key() -> None:
    diagnostics = find_unserialisable({"meta": {7: "x"}}, sdk=SEGMENT)
    assert len(diagnostics) == 1
    assert diagnostics[0].pointer == "/meta/7"
    assert diagnostics[0].severity is Severity.WARNING  # JSON turns 7 into "7"
    assert "the key 7" in diagnostics[0].message


def test_messages_say_what_that_sdk_does_with_the_value() -> None:
    value = {"when": datetime.date(2024, 1, 1)}
    (mixpanel,) = find_unserialisable(value, sdk=MIXPANEL)
    (amplitude,) = find_unserialisable(value, sdk=AMPLITUDE)
    assert "raises TypeError" in mixpanel.message
    assert "drops the event's whole event_properties" in amplitude.message
    assert find_unserialisable(value, sdk=POSTHOG) == []  # PostHog sends it as ISO text
    assert mixpanel.extra["sdk"] == MIXPANEL
    assert mixpanel.extra["python_type"] == "datetime.date"


def test_lossy_conversions_are_warnings() -> None:
    (diagnostic,) = find_unserialisable({"price": decimal.Decimal("9.99")}, sdk=SEGMENT)
    assert diagnostic.severity is Severity.WARNING
    assert "float" in diagnostic.message


def test_an_unknown_sdk_name_is_treated_as_no_sdk() -> None:
    assert find_unserialisable({"v": datetime.date.today()}, sdk="wrapper")[0].severity is (
        Severity.ERROR
    )


def test_a_self_referencing_value_is_reported_not_recursed_forever() -> None:
    data: dict[str, Any] = {}
    data["self"] = data
    diagnostics = find_unserialisable({"v": data})
    assert [d.extra["kind"] for d in diagnostics] == ["cycle"]
    assert diagnostics[0].pointer == "/v/self"


def test_the_same_object_twice_is_not_a_cycle() -> None:
    shared = {"a": 1}
    assert find_unserialisable({"x": shared, "y": [shared, shared]}) == []


def test_very_deep_values_stop_the_walk_with_a_warning() -> None:
    value: Any = 1
    for _ in range(MAX_DEPTH + 10):
        value = [value]
    diagnostics = find_unserialisable({"deep": value})
    assert [d.extra["kind"] for d in diagnostics] == ["too-deep"]
    assert diagnostics[0].severity is Severity.WARNING


def test_amplitude_structural_rules() -> None:
    found = find_unserialisable(
        {"pair": (1, 2), "grid": [[1]], "gaps": [1, None], "top": Colour.RED}, sdk=AMPLITUDE
    )
    kinds = sorted(d.extra["kind"] for d in found)
    assert kinds == ["list-in-list", "null-in-list", "tuple"]  # a top-level enum is fine
