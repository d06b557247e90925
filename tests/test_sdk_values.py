"""The table of what each SDK does with each kind of value, against the real SDKs.

Every sample value is sent through each installed SDK as an application would
send it: a real client in its default mode (background consumer threads for
Segment, RudderStack, PostHog and Amplitude), with only the HTTP transport
replaced by an in-memory one, so the SDK's own cleaning and JSON serialiser
produce the request body.  What arrives (or what the call raised) is classified
and compared with :data:`linter.sdk_values.FATES`; when an SDK upgrade changes its
behaviour, these tests say which cell of the table is now wrong.

The same table drives the runtime walker and the static checker; the last tests
here check that both sort values into the table's kinds and say the same thing.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import gzip
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import requests

from linter.code_check import CodeSettings, check_inventory, collect_calls
from linter.code_examples import EXAMPLE_PLAN
from linter.plan.loader import load_plan
from linter.rules import RULES
from linter.runtime.serialisable import find_unserialisable
from linter.sdk_values import FATES, KINDS, Outcome, fate
from linter.sdks import AMPLITUDE, MIXPANEL, POSTHOG, RUDDERSTACK, SDKS, SEGMENT
from linter.selection import RuleSelection
from linter.static.resolve import _TYPE_NAMES
from linter.validation.event_check import EventChecker


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


def _cycle() -> dict[str, Any]:
    value: dict[str, Any] = {"a": 1}
    value["self"] = value
    return value


NO_FAITHFUL_FORM = object()  # no JSON value carries it without a loss


@dataclass(frozen=True)
class Sample:
    """A value, the table kind it belongs to (None: plain JSON), and its lossless JSON form."""

    make: Callable[[], Any]
    kind: str | None
    faithful: Any = NO_FAITHFUL_FORM


SAMPLES: dict[str, Sample] = {
    "str": Sample(lambda: "text", None, "text"),
    "int": Sample(lambda: 3, None, 3),
    "float": Sample(lambda: 2.5, None, 2.5),
    "bool": Sample(lambda: True, None, True),
    "none": Sample(lambda: None, None, None),
    "list": Sample(lambda: [1, "a", 2.5], None, [1, "a", 2.5]),
    "dict": Sample(lambda: {"a": 1, "b": [1, 2]}, None, {"a": 1, "b": [1, 2]}),
    "list-of-objects": Sample(lambda: [{"a": 1}], None, [{"a": 1}]),
    "str-enum": Sample(lambda: Size.LARGE, None, "large"),
    "int-enum": Sample(lambda: Count.ONE, None, 1),
    "datetime": Sample(
        lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, datetime.timezone.utc),
        "datetime",
        "2024-01-02T03:04:05.678000+00:00",
    ),
    "naive-datetime": Sample(
        lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, 678000),
        "datetime",
        "2024-01-02T03:04:05.678000",
    ),
    "date": Sample(lambda: datetime.date(2024, 1, 2), "date", "2024-01-02"),
    "time": Sample(lambda: datetime.time(3, 4), "time", "03:04:00"),
    "timedelta": Sample(lambda: datetime.timedelta(seconds=3), "timedelta"),
    "decimal": Sample(lambda: decimal.Decimal("12.340000000000000000001"), "Decimal"),
    "uuid": Sample(lambda: uuid.UUID(int=1), "UUID", "00000000-0000-0000-0000-000000000001"),
    "nested-uuid": Sample(
        lambda: {"items": [{"id": uuid.UUID(int=2)}]},
        "UUID",
        {"items": [{"id": "00000000-0000-0000-0000-000000000002"}]},
    ),
    "set": Sample(lambda: {1, 2}, "set"),
    "frozenset": Sample(lambda: frozenset({1}), "frozenset"),
    "bytes": Sample(lambda: b"abc", "bytes"),
    "bytearray": Sample(lambda: bytearray(b"abc"), "bytearray"),
    "undecodable-bytes": Sample(lambda: b"\xff\xfe", "undecodable-bytes"),
    "nan": Sample(lambda: float("nan"), "non-finite-float"),
    "inf": Sample(lambda: float("-inf"), "non-finite-float"),
    "nested-nan": Sample(
        lambda: {"x": [float("nan")]}, "non-finite-float", {"x": [NO_FAITHFUL_FORM]}
    ),
    "enum": Sample(lambda: Colour.RED, "enum", "red"),
    "enum-in-object": Sample(lambda: {"colour": Colour.RED}, "enum-in-object", {"colour": "red"}),
    "enum-in-list": Sample(lambda: [Colour.RED], "enum-in-list", ["red"]),
    "dataclass": Sample(lambda: Point(), "dataclass", {"x": 1}),
    "complex": Sample(lambda: 1j, "complex"),
    "generator": Sample(lambda: (n for n in (1, 2)), "generator", [1, 2]),
    "object": Sample(lambda: Opaque(), "object"),
    "lone-surrogate": Sample(lambda: "SUMMER\ud83d", "lone-surrogate"),
    "surrogate-key": Sample(lambda: {"k\ud83d": 1}, "lone-surrogate"),
    "int-key": Sample(lambda: {1: "a"}, "scalar-key"),
    "none-key": Sample(lambda: {None: "a"}, "scalar-key"),
    "tuple-key": Sample(lambda: {(1, 2): "a"}, "object-key"),
    "cycle": Sample(_cycle, "cycle"),
    "tuple": Sample(lambda: (1, 2), "tuple", [1, 2]),
    "list-in-list": Sample(lambda: [[1, 2]], "list-in-list", [[1, 2]]),
    "null-in-list": Sample(lambda: [1, None], "null-in-list", [1, None]),
}


# -- sending through the real SDKs -----------------------------------------------------


class Raised(Exception):
    """The SDK call raised in the application."""


class Wire:
    """Request bodies as they would leave the process, captured in memory."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def keep(self, data: str | bytes) -> None:
        if isinstance(data, bytes):
            data = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode()
        self.bodies.append(data)

    def session_post(self) -> Callable[..., Any]:
        """A stand-in for ``requests.Session.post`` that keeps the body and answers 200."""

        def post(session: Any, url: str, data: Any = None, **kwargs: Any) -> Any:
            self.keep(data)
            response = requests.models.Response()
            response.status_code = 200
            response._content = b"{}"
            return response

        return post


def _call(send: Callable[[], Any]) -> None:
    try:
        send()
    except Exception as error:
        raise Raised(type(error).__name__) from error


def _through_mixpanel(value: Any, wire: Wire) -> None:
    import mixpanel

    class Consumer:  # an in-memory consumer: track() has serialised the event already
        def send(self, endpoint: str, json_message: str, *args: Any, **kwargs: Any) -> None:
            wire.keep(json_message)

    client = mixpanel.Mixpanel("token", consumer=Consumer())
    client.track("u1", "Good", {"keep": 1})
    _call(lambda: client.track("u1", "E", {"v": value, "keep": 1}))


def _through_segment_like(package: str, value: Any, wire: Wire) -> None:
    import importlib

    client_module = importlib.import_module(f"{package}.client")
    client = client_module.Client("write-key", max_retries=0, upload_interval=0.001)
    try:
        client.track("u1", "Good", {"keep": 1})
        _call(lambda: client.track("u1", "E", {"v": value, "keep": 1}))
    finally:
        client.flush()
        client.join()


def _through_posthog(value: Any, wire: Wire) -> None:
    import posthog.client

    client = posthog.client.Client("phc_key", max_retries=0)
    try:
        client.capture("Good", distinct_id="u1", properties={"keep": 1})
        _call(
            lambda: client.capture("E", distinct_id="u1", properties={"v": value, "keep": 1})
        )
    finally:
        client.flush()
        client.shutdown()


def _through_amplitude(value: Any, wire: Wire) -> None:
    import amplitude
    import amplitude.http_client as http

    def post(url: str, payload: bytes, header: Any = None) -> Any:
        wire.keep(payload)
        return http.Response(http.HttpStatus.SUCCESS)

    with mock.patch.object(http.HttpClient, "post", staticmethod(post)):
        client = amplitude.Amplitude("api-key")
        try:
            client.track(amplitude.BaseEvent("Good", user_id="u1", event_properties={"keep": 1}))
            _call(
                lambda: client.track(
                    amplitude.BaseEvent("E", user_id="u1", event_properties={"v": value, "keep": 1})
                )
            )
        finally:
            for pending in client.flush() or ():
                if pending is not None:
                    pending.exception()  # wait; a batch that failed is simply not on the wire
            client.shutdown()


SENDERS: dict[str, Callable[[Any, Wire], None]] = {
    MIXPANEL: _through_mixpanel,
    SEGMENT: lambda value, wire: _through_segment_like("segment.analytics", value, wire),
    RUDDERSTACK: lambda value, wire: _through_segment_like("rudderstack.analytics", value, wire),
    POSTHOG: _through_posthog,
    AMPLITUDE: _through_amplitude,
}


@pytest.fixture(scope="module")
def transport() -> Iterator[Wire]:
    """Every requests-based SDK posts into memory; the SDKs' own logs are silenced."""
    wire = Wire()
    logging.disable(logging.CRITICAL)
    with mock.patch.object(requests.Session, "post", wire.session_post()):
        yield wire
    logging.disable(logging.NOTSET)


def observe(sdk: str, sample: Sample, wire: Wire) -> Outcome:
    """What became of the sample's value, read from what reached the wire."""
    wire.bodies.clear()
    try:
        SENDERS[sdk](sample.make(), wire)
    except Raised:
        return Outcome.RAISES
    try:
        events = [event for body in wire.bodies for event in _events(_strict_json(body))]
    except ValueError:
        return Outcome.INVALID_JSON
    names = [name for name, _ in events]
    if "E" not in names:
        return Outcome.EVENT_DROPPED if "Good" in names else Outcome.BATCH_LOST
    properties = dict(events)["E"]
    if not isinstance(properties, dict) or "keep" not in properties:
        return Outcome.PROPERTIES_DROPPED
    if "v" not in properties:
        # Amplitude leaves out properties set to None, which it treats as unset.
        return Outcome.SENT if sample.faithful is None else Outcome.PROPERTY_DROPPED
    return _arrival(sample.faithful, properties["v"])


def _strict_json(text: str) -> Any:
    """Parse as an ingestion API does (I-JSON, RFC 7493): a bare NaN or Infinity is not
    JSON, and text must be valid Unicode (no lone surrogate, even escaped)."""

    def reject(token: str) -> Any:
        raise ValueError(f"not JSON: {token}")

    def valid_text(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        for key, value in pairs:
            for text in (key, value):
                if isinstance(text, str):
                    text.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a surrogate
                if isinstance(text, list):
                    valid_text([("", item) for item in text])
        return dict(pairs)

    return json.loads(text, parse_constant=reject, object_pairs_hook=valid_text)


def _events(body: Any) -> list[tuple[str, Any]]:
    """(name, properties) of every event in one request body of any of the SDKs."""
    if isinstance(body, dict) and "events" in body:  # Amplitude HTTP API v2
        return [(e["event_type"], e.get("event_properties")) for e in body["events"]]
    messages = body.get("batch", [body]) if isinstance(body, dict) else body
    return [(m["event"], m.get("properties")) for m in messages]


def _arrival(faithful: Any, wire: Any) -> Outcome:
    """SENT when ``wire`` is the value's lossless form; otherwise how it differs."""
    if wire == faithful:
        return Outcome.SENT
    if faithful is NO_FAITHFUL_FORM:
        return Outcome.NULL if wire is None else Outcome.CONVERTED
    if isinstance(faithful, dict) and isinstance(wire, dict):
        for key, part in faithful.items():
            if key not in wire:
                return Outcome.PROPERTY_DROPPED
            found = _arrival(part, wire[key])
            if found is not Outcome.SENT:
                return found
    if isinstance(faithful, list) and isinstance(wire, list) and len(faithful) == len(wire):
        for part, arrived in zip(faithful, wire, strict=True):
            found = _arrival(part, arrived)
            if found is not Outcome.SENT:
                return found
    return Outcome.NULL if wire is None else Outcome.CONVERTED


# -- the table against the SDKs ----------------------------------------------------------


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_table_says_what_the_real_sdk_does(name: str, sdk: str, transport: Wire) -> None:
    sample = SAMPLES[name]
    expected = fate(sample.kind, sdk).outcome if sample.kind else Outcome.SENT
    assert observe(sdk, sample, transport) is expected, (
        f"{sdk} with a {name} value: the table ({sample.kind}) says {expected.value}"
    )


def test_every_kind_of_the_table_is_sent_through_the_sdks() -> None:
    assert {sample.kind for sample in SAMPLES.values()} - {None} == set(KINDS)
    assert set(FATES) == set(KINDS)
    assert all(set(row) == set(SDKS) for row in FATES.values())


# -- the walker and the static checker read the same table -------------------------------


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_walker_sorts_each_value_into_its_kind(name: str) -> None:
    sample = SAMPLES[name]
    for sdk in (*SDKS, None):
        found = find_unserialisable({"v": sample.make(), "keep": 1}, sdk=sdk)
        expected = fate(sample.kind, sdk) if sample.kind else None
        if expected is None or expected.severity is None:
            assert found == [], f"{name} for {sdk}: {found}"
            continue
        assert [(d.extra["kind"], d.severity) for d in found] == [
            (sample.kind, expected.severity)
        ], f"{name} for {sdk}"
        assert expected.detail in found[0].message


def test_a_value_no_sdk_is_known_for_gets_the_worst_verdict_and_names_the_sdks() -> None:
    [diagnostic] = find_unserialisable({"at": datetime.datetime(2024, 1, 1)}, sdk="wrapper")
    assert diagnostic.severity.value == "error"
    assert diagnostic.message == (
        "property 'at' has type datetime.datetime: it is not plain JSON: Amplitude loses it; "
        "Mixpanel changes it"
    )


def test_what_every_sdk_does_alike_is_said_as_such_when_no_sdk_is_known() -> None:
    [diagnostic] = find_unserialisable({"coupon": "SUMMER\ud83d"})
    assert diagnostic.message == (
        "property 'coupon' has type str: it holds half of a character (a lone surrogate): "
        "every SDK writes it as a \\u escape of no valid Unicode text, which ingestion "
        "rejects or replaces, so the text is lost"
    )


def test_valid_json_an_sdk_refuses_is_reported_only_for_that_sdk() -> None:
    nested = {"grid": [[1, 2]], "gaps": [1, None], "pair": (1, 2)}
    assert find_unserialisable(nested) == []
    assert find_unserialisable(nested, sdk=SEGMENT) == []
    kinds = sorted(d.extra["kind"] for d in find_unserialisable(nested, sdk=AMPLITUDE))
    assert kinds == ["list-in-list", "null-in-list", "tuple"]


def test_every_type_the_static_checker_recognises_is_a_kind_of_the_table() -> None:
    assert set(_TYPE_NAMES.values()) | {"set", "generator", "bytes"} <= set(KINDS)


def check_code(tmp_path: Path, source: str) -> list[Any]:
    (tmp_path / "plan.yaml").write_text(EXAMPLE_PLAN, encoding="utf-8")
    module = tmp_path / "app.py"
    module.write_text(source, encoding="utf-8")
    settings = CodeSettings(targets=(module,), project_files=(module,), roots=(tmp_path,))
    checker = EventChecker(load_plan(tmp_path / "plan.yaml"))
    selection = RuleSelection(select=frozenset(RULES))
    found = check_inventory(collect_calls(settings), checker, selection)
    return [d for d in found if d.code == "TL212"]


CALLS = {
    MIXPANEL: ("from mixpanel import Mixpanel\nclient = Mixpanel('t')\n",
               "client.track('u-1', 'Order Completed', {props})"),
    SEGMENT: ("from segment.analytics import Client\nclient = Client('k')\n",
              "client.track('u-1', 'Order Completed', {props})"),
    POSTHOG: ("from posthog import Posthog\nclient = Posthog('k')\n",
              "client.capture('Order Completed', distinct_id='u-1', properties={props})"),
    AMPLITUDE: ("from amplitude import Amplitude, BaseEvent\nclient = Amplitude('k')\n",
                "client.track(BaseEvent(event_type='Order Completed', user_id='u-1', "
                "event_properties={props}))"),
}


@pytest.mark.parametrize("sdk", list(CALLS))
def test_static_tl212_is_the_table_verdict_for_the_calls_sdk(tmp_path: Path, sdk: str) -> None:
    header, call = CALLS[sdk]
    props = '{"order_id": "o-1", "price": 1.5, "coupon": datetime.datetime.now()}'
    found = check_code(tmp_path, f"import datetime\n{header}\n{call.format(props=props)}\n")
    expected = fate("datetime", sdk)
    if expected.severity is None:
        assert found == []
        return
    [diagnostic] = found
    assert diagnostic.severity is expected.severity
    assert diagnostic.message == f"property 'coupon' has type datetime: {expected.detail}"
    assert diagnostic.hint == KINDS["datetime"].advice


def test_a_datetime_on_a_mixpanel_call_is_a_warning_as_at_run_time(tmp_path: Path) -> None:
    """The static checker and the guard agree: Mixpanel sends a datetime, without its zone."""
    header, call = CALLS[MIXPANEL]
    props = '{"order_id": "o-1", "price": 1.5, "coupon": datetime.datetime.now()}'
    [static] = check_code(tmp_path, f"import datetime\n{header}\n{call.format(props=props)}\n")
    [runtime] = find_unserialisable(
        {"coupon": datetime.datetime.now()}, sdk=MIXPANEL, pointer="/properties"
    )
    assert static.severity is runtime.severity
    assert static.severity.value == "warning"
    assert static.message.split(": ", 1)[1] == runtime.message.split(": ", 1)[1] == (
        "Mixpanel sends it without its time zone and fractions of a second"
    )
