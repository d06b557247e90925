"""The typed Mixpanel lane changes nothing but speed.

Batch validation offers each Mixpanel line to a lane that decodes and checks it
in one msgspec call (:mod:`linter.batch_lanes`).  The lane may only take a
line the usual path would find valid: the property tests generate plans and
captures of Mixpanel lines (valid, nearly valid, hostile) and compare every
diagnostic, tally row and counter with a checker that has neither the lane nor
the fast path, on a first pass (while the lane learns the SDK's keys) and a
second.  The typed schemas themselves are compared with jsonschema in
``test_fastpath.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from linter import batch_lanes
from linter.batch import BatchValidator
from linter.batch_lanes import mixpanel_lane
from linter.payloads import read_payloads
from linter.plan.compile import event_schema
from linter.plan.loader import load_plan
from linter.plan.model import Plan
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

from .conftest import EXAMPLE
from .test_fastpath import _objects, plans

SHOP = load_plan(EXAMPLE / "plan")
ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR",
         "items": [{"sku": "sku-1", "quantity": 2}]}
SDK = {"time": 1_795_000_000, "distinct_id": "u-1", "$insert_id": "i-1", "mp_lib": "web",
       "$os": "Mac OS X", "$city": "Berlin", "mp_country_code": "DE",
       "$current_url": "https://shop.example/cart"}


def _validate(path: Path, checker: EventChecker, **options: Any) -> tuple[Any, ...]:
    stream = read_payloads([path], **options)
    validator = BatchValidator(checker, RuleSelection())
    diagnostics = [d.to_dict() for d in validator.run_stream(stream)]
    result = validator.result
    return (diagnostics, result.rows(), result.events, result.invalid, result.diagnostics,
            stream.stats.to_dict())


def _compare(plan: Plan, path: Path, **options: Any) -> EventChecker:
    """The results with the lane (twice: learning, then learnt) and with no shortcut at all."""
    expected = _validate(path, EventChecker(plan, fast_path=False), **options)
    checker = EventChecker(plan)
    assert _validate(path, checker, **options) == expected
    assert _validate(path, checker, **options) == expected
    return checker


# -- generated plans and captures -----------------------------------------------------

LIBRARIES = ["web", "swift", "android", "python", "web", "python", "react-native", None, 7]
SYSTEMS = ["iOS", "Android", "Mac OS X", None]
SDK_EXTRAS = {"$city": st.sampled_from(["Berlin", "Lyon:1"]), "mp_country_code": st.just("DE"),
              "$screen_width": st.integers(0, 2000), "$lib": st.just("posthog-js"),
              "$experiments": st.just({"a": 1}), "token": st.just("t"),
              "$current_url": st.just("https://shop.example/cart")}


@st.composite
def mixpanel_lines(draw: st.DrawFn, plan: Plan) -> str:
    names = sorted(plan.events)
    name = draw(st.sampled_from([*names, *names, "Unknown Event", names[0].lower(), "$identify"]))
    event = plan.event(name) or plan.events[names[0]]
    platform = draw(st.sampled_from(list(event.platforms)))
    properties: dict[str, Any] = dict(draw(_objects(event_schema(plan, event, platform), 3)))
    library = draw(st.sampled_from(LIBRARIES))
    if library is not None:
        properties["mp_lib"] = library
    if draw(st.booleans()):
        properties["$os"] = draw(st.sampled_from(SYSTEMS))
    if draw(st.booleans()):
        properties["$browser"] = "Chrome"
    properties["distinct_id"] = draw(st.sampled_from(["u-1", "u-1", "u-1", "$device:d-1", None,
                                                      42, ""]))
    if draw(st.booleans()):
        properties["$user_id"] = draw(st.sampled_from(["u-2", None, " "]))
    if draw(st.booleans()):
        properties["$app_version_string"] = draw(st.sampled_from(["4.2.0", 12, None, ""]))
    if draw(st.booleans()):
        properties["time"] = 1_795_000_000
    for key in draw(st.lists(st.sampled_from(sorted(SDK_EXTRAS)), max_size=2, unique=True)):
        properties[key] = draw(SDK_EXTRAS[key])
    record = {"event": name, "properties": properties}
    text = json.dumps(record, ensure_ascii=draw(st.booleans()))
    twist = draw(st.integers(0, 20))
    if twist == 1 and properties:  # a key written twice
        key = next(iter(properties))
        text = text.replace('"properties": {', f'"properties": {{{json.dumps(key)}: 1, ', 1)
    elif twist == 2:  # an escaped colon or a lone surrogate
        text = text.replace('"u-1"', draw(st.sampled_from(['"u\\u003a1"', '"u\\ud83d"'])))
    elif twist == 3:
        text = json.dumps({**record, "type": "track"})  # a Segment message, then
    return text


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=plans(), data=st.data())
def test_the_lane_gives_the_results_of_the_full_checks(tmp_path: Path, plan: Plan,
                                                        data: st.DataObject) -> None:
    lines = data.draw(st.lists(mixpanel_lines(plan), min_size=1, max_size=12))
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = data.draw(st.sampled_from([{}, {"platform": "web"}, {"format": "mixpanel"},
                                         {"sdk_events": True}]))
    checker = _compare(plan, path, **options)
    lane = mixpanel_lane(checker, platform=options.get("platform"),
                         forced=options.get("format") == "mixpanel",
                         sdk_events=options.get("sdk_events", False))
    assert lane is not None
    taken = sum(lane.read(line.encode()) is not None for line in lines)
    event(f"lines taken by the lane: {min(taken, 3)}{'+' if taken > 2 else ''}")


# -- the example shop ------------------------------------------------------------------


def _line(name: str, properties: dict[str, Any], **sdk: Any) -> str:
    return json.dumps({"event": name, "properties": {**SDK, **sdk, **properties}})


def test_valid_lines_take_the_lane_once_its_keys_are_learnt(tmp_path: Path) -> None:
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join([_line("Order Completed", ORDER)] * 5) + "\n", encoding="utf-8")
    checker = _compare(SHOP, path)
    lane = mixpanel_lane(checker)
    assert lane is not None
    assert lane.read(_line("Order Completed", ORDER).encode()) == ("Order Completed", "web", "")
    mobile = _line("Order Completed", {**ORDER, "app_version": "4.2.0"}, mp_lib="swift",
                   **{"$app_version_string": "4.2.0"})
    assert lane.read(mobile.encode()) == ("Order Completed", "ios", "4.2.0")


@pytest.mark.parametrize(("properties", "sdk"), [
    ({**ORDER, "price": "19.99"}, {}),                            # TL207
    ({**ORDER, "currency": "EURO"}, {}),                          # TL209
    ({**ORDER, "coupon": "X" * 33}, {}),                          # TL209
    ({**ORDER, "discount": 1}, {}),                               # TL206
    ({k: v for k, v in ORDER.items() if k != "price"}, {}),       # TL205
    ({**ORDER, "items": [{"sku": "s"}]}, {}),                     # TL205, nested
    (ORDER, {"distinct_id": None}),                               # TL210
    (ORDER, {"mp_lib": "swift"}),                                 # TL205: app_version on iOS
    ({**ORDER, "app_version": "4.2"}, {}),                        # TL206: mobile only
])
def test_invalid_lines_are_left_to_the_full_checks(tmp_path: Path, properties: dict[str, Any],
                                                   sdk: dict[str, Any]) -> None:
    path = tmp_path / "capture.jsonl"
    valid = _line("Order Completed", ORDER)
    invalid = _line("Order Completed", properties, **sdk)
    path.write_text("\n".join([valid, valid, invalid, valid]) + "\n", encoding="utf-8")
    checker = _compare(SHOP, path)
    lane = mixpanel_lane(checker)
    assert lane is not None
    assert lane.read(valid.encode()) is not None
    assert lane.read(invalid.encode()) is None


@pytest.mark.parametrize("twist", [
    lambda text: text.replace('"order_id"', '"order_id": "o-0", "order_id"'),
    lambda text: text.replace('"sku": "sku-1"', '"sku": "sku-0", "sku": "sku-1"'),
    lambda text: text.replace('"$city": "Berlin"', '"$city": "Ber\\u003alin", "$city": "B"'),
    lambda text: text.replace('"Berlin"', '"Berlin\\ud83d"'),
])
def test_hostile_lines_are_left_to_the_usual_path(tmp_path: Path, twist: Any) -> None:
    valid = _line("Order Completed", ORDER)
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join([valid, valid, twist(valid), valid]) + "\n", encoding="utf-8")
    checker = _compare(SHOP, path)
    lane = mixpanel_lane(checker)
    assert lane is not None
    assert lane.read(twist(valid).encode()) is None
    assert "TL303" in json.dumps(_validate(path, checker)[0])


def test_learning_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_lanes, "MAX_LEARNED_KEYS", 5)  # the SDK keys, $extra_0, $extra_1
    lines = [_line("Order Completed", ORDER, **{f"$extra_{i}": i}) for i in range(10)]
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checker = _compare(SHOP, path)
    lane = mixpanel_lane(checker)
    assert lane is not None
    assert lane.read(lines[1].encode()) is not None  # $extra_1 was learnt
    assert lane.read(lines[9].encode()) is None       # $extra_9 was not


def test_learning_one_events_keys_builds_only_that_events_types_again(tmp_path: Path) -> None:
    order, viewed = (_line("Order Completed", ORDER),
                     _line("Cart Viewed", {"cart_id": "c-1", "items_count": 2}))
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join([order, viewed, viewed]) + "\n", encoding="utf-8")
    checker = _compare(SHOP, path)
    lane = mixpanel_lane(checker)
    assert lane is not None and lane.read(viewed.encode()) is not None
    types_of = {layout.name: kind for kind, layout in lane._layouts.items()}
    richer = _line("Order Completed", ORDER, **{"$screen_width": 1440})
    lane.learn("Order Completed", json.loads(richer)["properties"])
    assert lane.read(richer.encode()) == ("Order Completed", "web", "")  # built again
    again = {layout.name: kind for kind, layout in lane._layouts.items()}
    assert again["Order Completed"] is not types_of["Order Completed"]
    assert all(kind is types_of[name] for name, kind in again.items()
               if name != "Order Completed")


def test_the_types_list_the_keys_in_the_order_lines_write_them(tmp_path: Path) -> None:
    """msgspec looks for a line's next key at the next field: in order, it finds it first."""
    line = _line("Order Completed", ORDER)
    path = tmp_path / "capture.jsonl"
    path.write_text("\n".join([line] * 3) + "\n", encoding="utf-8")
    lane = mixpanel_lane(_compare(SHOP, path))
    assert lane is not None
    [(envelope, _)] = [item for item in lane._layouts.items()
                       if item[1].name == "Order Completed"]
    written = list(json.loads(line)["properties"])
    fields = envelope.__annotations__["properties"].__struct_encode_fields__
    assert list(fields[:len(written)]) == written
