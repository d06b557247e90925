"""@tracked on sync and async functions: return values and arguments."""

from __future__ import annotations

import asyncio
import datetime
import inspect
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import Diagnostic
from linter.events import UNKNOWN, EventObservation
from linter.runtime import Guard, TrackingViolation, set_default_guard, tracked


def require(*keys: str) -> Any:
    def check(observation: EventObservation) -> list[Diagnostic]:
        return [
            Diagnostic("TL205", f"{key!r} is missing", pointer=f"/{key}")
            for key in keys
            if key not in observation.properties
        ]

    return check


class Seen:
    """An on_violation hook that keeps what it was given."""

    def __init__(self) -> None:
        self.events: list[tuple[EventObservation, list[str]]] = []

    def __call__(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        self.events.append((observation, [d.code for d in diagnostics]))


def test_the_return_value_is_checked_and_returned_unchanged() -> None:
    seen = Seen()
    guard = Guard(require("plan_type"), on_violation=seen)

    @tracked("Order Completed", guard=guard)
    def properties(order_id: str) -> dict[str, Any]:
        return {"order_id": order_id}

    result = properties("o-1")
    assert result == {"order_id": "o-1"}
    (observation, codes), *_ = seen.events
    assert observation.name == "Order Completed"
    assert observation.properties is result
    assert codes == ["TL205"]
    assert observation.user_id is UNKNOWN  # no identity named: no identity check


def test_raise_mode_raises_after_a_sync_call() -> None:
    calls: list[str] = []

    @tracked("Order Completed", guard=Guard(require("plan_type"), mode="raise"))
    def properties() -> dict[str, Any]:
        calls.append("called")
        return {}

    with pytest.raises(TrackingViolation):
        properties()
    assert calls == ["called"]


def test_an_argument_is_checked_before_the_call() -> None:
    calls: list[dict[str, Any]] = []

    @tracked("Order Completed", properties="props", guard=Guard(require("plan_type"), mode="raise"))
    def send(user: str, props: dict[str, Any]) -> str:
        calls.append(props)
        return "sent"

    assert send("u1", {"plan_type": "pro"}) == "sent"
    with pytest.raises(TrackingViolation):
        send("u1", props={"price": 1})
    assert calls == [{"plan_type": "pro"}]  # the violating call never ran


def test_identity_parameters_fill_the_observation() -> None:
    seen = Seen()

    @tracked(
        "Order Completed",
        properties="props",
        user_id="user",
        anonymous_id="device",
        guard=Guard(require("plan_type"), on_violation=seen),
        sdk="amplitude",
    )
    def send(user: str | None, props: dict[str, Any], device: str = "d-1") -> None:
        return None

    send(None, {})
    observation = seen.events[0][0]
    assert observation.user_id is None
    assert observation.anonymous_id == "d-1"  # from the default value
    assert observation.sdk == "amplitude"


def test_var_keyword_properties() -> None:
    seen = Seen()

    @tracked("Signed Up", properties="props", guard=Guard(require("plan_type"), on_violation=seen))
    def signed_up(**props: Any) -> None:
        return None

    signed_up(plan_type="pro")
    signed_up(source="ad")
    assert [codes for _, codes in seen.events] == [["TL205"]]
    assert seen.events[0][0].properties == {"source": "ad"}


def test_an_unknown_parameter_name_fails_at_decoration() -> None:
    with pytest.raises(TypeError, match="no parameter 'props'"):

        @tracked("Order Completed", properties="props")
        def send(properties: dict[str, Any]) -> None:
            return None


def test_the_signature_and_metadata_are_preserved() -> None:
    @tracked("Order Completed", properties="props")
    def send(user: str, props: dict[str, Any], *, retries: int = 3) -> bool:
        """Send the order."""
        return True

    assert send.__name__ == "send"
    assert send.__doc__ == "Send the order."
    assert str(inspect.signature(send)) == (
        "(user: 'str', props: 'dict[str, Any]', *, retries: 'int' = 3) -> 'bool'"
    )


def test_a_wrong_call_raises_the_functions_own_type_error() -> None:
    @tracked("Order Completed", properties="props", guard=Guard(mode="raise"))
    def send(props: dict[str, Any]) -> None:
        return None

    with pytest.raises(TypeError, match="unexpected keyword"):
        send({}, extra=1)  # type: ignore[call-arg]


def test_a_non_mapping_result_is_logged_in_warn_mode(caplog: pytest.LogCaptureFixture) -> None:
    @tracked("Order Completed", guard=Guard())
    def properties() -> Any:
        return ["not", "a", "dict"]

    assert properties() == ["not", "a", "dict"]
    assert "not a mapping" in caplog.text


def test_a_non_mapping_result_raises_in_raise_mode() -> None:
    @tracked("Order Completed", guard=Guard(mode="raise"))
    def properties() -> Any:
        return None

    with pytest.raises(TypeError, match="not a mapping"):
        properties()


def test_a_failing_checker_never_breaks_the_function(caplog: pytest.LogCaptureFixture) -> None:
    def broken(observation: EventObservation) -> list[Diagnostic]:
        raise ZeroDivisionError

    @tracked("Order Completed", guard=Guard(broken))
    def properties() -> dict[str, Any]:
        return {"a": 1}

    with caplog.at_level(logging.ERROR, logger="tracklint"):
        assert properties() == {"a": 1}
    assert "sent unchecked" in caplog.text


def test_drop_mode_quarantines_a_copy_and_still_returns_the_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    kept: list[str | None] = []
    guard = Guard(require("plan_type"), mode="drop", quarantine=lambda o, d: kept.append(o.name))

    @tracked("Order Completed", guard=guard)
    def properties() -> dict[str, Any]:
        return {}

    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert properties() == {}
    assert kept == ["Order Completed"]
    assert "breaks the tracking plan (a copy was quarantined):" in caplog.text
    assert "dropped" not in caplog.text  # the function's caller still has the event


def test_the_log_never_claims_the_decorator_sent_the_event(
    caplog: pytest.LogCaptureFixture,
) -> None:
    @tracked("Order Completed", guard=Guard(require("plan_type")))
    def properties() -> dict[str, Any]:
        return {}

    with caplog.at_level(logging.WARNING, logger="tracklint"):
        properties()
    [record] = caplog.records
    assert record.getMessage().startswith(
        "event 'Order Completed' (server) breaks the tracking plan:\n"
    )
    assert "(sent)" not in record.getMessage()
    assert record.tracklint_outcome == "reported"  # type: ignore[attr-defined]


def test_pointers_point_into_the_message_the_sdk_sends() -> None:
    def pointers(sdk: str | None) -> list[str | None]:
        guard = Guard(mode="raise")

        @tracked("Order Completed", guard=guard, sdk=sdk)
        def properties() -> dict[str, Any]:
            return {"at": object()}

        with pytest.raises(TrackingViolation) as raised:
            properties()
        return [d.pointer for d in raised.value.diagnostics]

    assert pointers(None) == ["/properties/at"]
    assert pointers("segment") == ["/properties/at"]
    assert pointers("amplitude") == ["/event_properties/at"]


def test_the_default_guard_is_looked_up_at_each_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no configured plan here
    set_default_guard(None)

    @tracked("Order Completed")
    def properties() -> dict[str, Any]:
        return {"at": datetime.date(2024, 1, 1)}  # TL212 with no SDK known

    properties()  # the default guard found no plan: it only warns
    set_default_guard(Guard(mode="raise"))
    try:
        with pytest.raises(TrackingViolation) as raised:
            properties()
        assert raised.value.codes == ["TL212"]
    finally:
        set_default_guard(None)


# -- async -------------------------------------------------------------------


def test_async_functions_stay_async_and_are_checked_on_their_result() -> None:
    seen = Seen()

    @tracked("Order Completed", guard=Guard(require("plan_type"), on_violation=seen))
    async def properties(order_id: str) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"order_id": order_id}

    assert inspect.iscoroutinefunction(properties)
    assert asyncio.run(properties("o-9")) == {"order_id": "o-9"}
    assert seen.events[0][0].properties == {"order_id": "o-9"}


def test_async_argument_check_raises_before_awaiting() -> None:
    started: list[bool] = []

    @tracked("Order Completed", properties="props", guard=Guard(require("plan_type"), mode="raise"))
    async def send(props: dict[str, Any]) -> str:
        started.append(True)
        return "sent"

    async def main() -> None:
        assert await send({"plan_type": "pro"}) == "sent"
        with pytest.raises(TrackingViolation):
            await send({})

    asyncio.run(main())
    assert started == [True]


def test_async_functions_run_concurrently_through_one_guard() -> None:
    seen = Seen()
    guard = Guard(require("plan_type"), on_violation=seen)

    @tracked("Order Completed", guard=guard)
    async def properties(index: int) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"index": index} if index % 2 else {"index": index, "plan_type": "pro"}

    async def main() -> list[dict[str, Any]]:
        return await asyncio.gather(*(properties(i) for i in range(200)))

    results = asyncio.run(main())
    assert [r["index"] for r in results] == list(range(200))
    assert sorted(o.properties["index"] for o, _ in seen.events) == list(range(1, 200, 2))
