"""TL212: values an SDK cannot send as JSON.

Besides unit tests of the walker, every sample value is sent through each real
SDK (with an in-memory transport) and the outcome compared with the check's
verdict: an error must mean the SDK really loses the value (raises, drops it,
sends null or invalid JSON), and no error must mean it arrives.  When an SDK
upgrade changes its behaviour, these tests say so.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from linter.diagnostics import Severity
from linter.runtime.serialisable import MAX_DEPTH, find_unserialisable, pointer_token
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SEGMENT


class Colour(enum.Enum):
    RED = "red"


class Size(str, enum.Enum):
    LARGE = "large"


class Count(enum.IntEnum):
    ONE = 1


@dataclasses.dataclass
class Point:
    x: int = 1


class Opaque:
    pass


def _cycle() -> list[Any]:
    items: list[Any] = [1]
    items.append(items)
    return items


# name -> value; the value is sent as property "v" next to a plain property.
SAMPLES: dict[str, Callable[[], Any]] = {
    "str": lambda: "text",
    "int": lambda: 3,
    "float": lambda: 2.5,
    "bool": lambda: True,
    "none": lambda: None,
    "list": lambda: [1, "a", 2.5],
    "dict": lambda: {"a": 1, "b": [1, 2]},
    "str-enum": lambda: Size.LARGE,
    "int-enum": lambda: Count.ONE,
    "datetime": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, datetime.timezone.utc),
    "naive-datetime": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5),
    "date": lambda: datetime.date(2024, 1, 2),
    "time": lambda: datetime.time(3, 4),
    "timedelta": lambda: datetime.timedelta(seconds=3),
    "decimal": lambda: decimal.Decimal("12.340000000000000000001"),
    "uuid": lambda: uuid.UUID(int=1),
    "set": lambda: {1, 2},
    "frozenset": lambda: frozenset({1}),
    "bytes": lambda: b"abc",
    "binary": lambda: b"\xff\xfe",
    "bytearray": lambda: bytearray(b"abc"),
    "nan": lambda: float("nan"),
    "inf": lambda: float("-inf"),
    "int-key": lambda: {1: "a"},
    "tuple-key": lambda: {(1, 2): "a"},
    "enum": lambda: Colour.RED,
    "nested-enum": lambda: {"colour": Colour.RED},
    "dataclass": lambda: Point(),
    "object": lambda: Opaque(),
    "complex": lambda: 1j,
    "tuple": lambda: (1, 2),
    "list-in-list": lambda: [[1, 2]],
    "null-in-list": lambda: [1, None],
    "nested-uuid": lambda: {"items": [{"id": uuid.UUID(int=2)}]},
    "cycle": _cycle,
}

LOST = "lost"  # raised, dropped, null, or not valid JSON
KEPT = "kept"


def _strict_json(text: str | bytes) -> Any:
    """Parse as a strict JSON parser (an ingestion API) would: no NaN/Infinity."""

    def reject(token: str) -> Any:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=reject)


def _outcome(original: Any, wire_properties: dict[str, Any] | None) -> str:
    if wire_properties is None or "keep" not in wire_properties:
        return LOST  # all properties lost
    if "v" not in wire_properties:
        return KEPT if original is None else LOST  # Amplitude leaves None values out
    return KEPT if _survives(original, wire_properties["v"]) else LOST


def _survives(original: Any, wire: Any) -> bool:
    """True when every part of ``original`` arrived (possibly converted), none dropped or nulled."""
    if original is None:
        return True
    if wire is None:
        return False
    if isinstance(original, dict):
        return isinstance(wire, dict) and all(
            str(key) in wire and _survives(value, wire[str(key)]) for key, value in original.items()
        )
    if isinstance(original, (list, tuple, set, frozenset)):
        if not isinstance(wire, list) or len(wire) != len(original):
            return False
        if isinstance(original, (set, frozenset)):
            return True
        return all(_survives(a, b) for a, b in zip(original, wire, strict=True))
    return True


def _through_mixpanel(value: Any) -> str:
    import mixpanel

    class Consumer:
        def __init__(self) -> None:
            self.messages: list[str] = []

        def send(self, endpoint: str, message: str, *args: Any) -> None:
            self.messages.append(message)

    consumer = Consumer()
    try:
        mixpanel.Mixpanel("token", consumer=consumer).track("u1", "E", {"v": value, "keep": 1})
        return _outcome(value, _strict_json(consumer.messages[0])["properties"])
    except Exception:
        return LOST


def _through_segment_like(package: str, value: Any) -> str:
    import importlib
    from unittest import mock

    client_module = importlib.import_module(f"{package}.client")
    request_module = importlib.import_module(f"{package}.request")
    batches: list[Any] = []
    with mock.patch.object(client_module, "post", lambda *a, **kw: batches.append(kw["batch"])):
        client = client_module.Client("write-key", sync_mode=True)
        try:
            client.track("u1", "E", {"v": value, "keep": 1})
            # what the SDK's post() puts on the wire
            wire = json.dumps(batches[0], cls=request_module.DatetimeSerializer)
            return _outcome(value, _strict_json(wire)[0]["properties"])
        except Exception:
            return LOST


def _through_posthog(value: Any) -> str:
    from unittest import mock

    import posthog.client
    import posthog.request

    batches: list[Any] = []
    with mock.patch.object(
        posthog.client, "batch_post", lambda *a, **kw: batches.append(kw["batch"])
    ):
        client = posthog.client.Client("api-key", sync_mode=True)
        try:
            client.capture("E", distinct_id="u1", properties={"v": value, "keep": 1})
            if not batches:
                return LOST  # capture() swallowed an error
            wire = json.dumps(batches[0], cls=posthog.request.DatetimeSerializer)
            return _outcome(value, _strict_json(wire)[0]["properties"])
        except Exception:
            return LOST


def _through_amplitude(value: Any) -> str:
    from amplitude import BaseEvent

    try:
        event = BaseEvent("E", user_id="u1", event_properties={"v": value, "keep": 1})
        # what amplitude.worker.Workers.get_payload puts on the wire
        wire = json.dumps({"events": [event.get_event_body()]}, sort_keys=True)
        body = _strict_json(wire)["events"][0]
        return _outcome(value, body.get("event_properties"))
    except Exception:
        return LOST


SENDERS: dict[str, Callable[[Any], str]] = {
    MIXPANEL: _through_mixpanel,
    SEGMENT: lambda value: _through_segment_like("segment.analytics", value),
    RUDDERSTACK: lambda value: _through_segment_like("rudderstack.analytics", value),
    POSTHOG: _through_posthog,
    AMPLITUDE: _through_amplitude,
}


@pytest.fixture(autouse=True)
def _quiet_sdk_logs() -> Iterator[None]:
    """The SDKs log every value they drop; the outcome is what is checked here."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.parametrize("sdk", list(SENDERS))
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_verdict_matches_what_the_real_sdk_does(sdk: str, sample: str) -> None:
    value = SAMPLES[sample]()
    outcome = SENDERS[sdk](value)
    diagnostics = find_unserialisable({"v": value, "keep": 1}, sdk=sdk)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if outcome == LOST:
        assert errors, f"{sdk} loses a {sample} value, but TL212 reports no error"
    else:
        assert not errors, f"{sdk} sends a {sample} value, but TL212 reports {errors}"


@pytest.mark.parametrize(
    "sample",
    [
        "datetime",
        "date",
        "decimal",
        "uuid",
        "set",
        "frozenset",
        "bytes",
        "binary",
        "nan",
        "inf",
        "tuple-key",
        "enum",
        "dataclass",
        "object",
        "complex",
        "cycle",
        "nested-uuid",
        "time",
    ],
)
def test_without_a_known_sdk_everything_that_is_not_json_is_an_error(sample: str) -> None:
    diagnostics = find_unserialisable({"v": SAMPLES[sample]()})
    assert [d.code for d in diagnostics] == ["TL212"]
    assert diagnostics[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    "sample",
    ["str", "int", "float", "bool", "none", "list", "dict", "str-enum", "int-enum", "tuple"],
)
def test_plain_json_values_are_never_reported(sample: str) -> None:
    for sdk in (None, *SENDERS):
        if sdk == AMPLITUDE and sample == "tuple":
            continue
        assert find_unserialisable({"v": SAMPLES[sample]()}, sdk=sdk) == []


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
