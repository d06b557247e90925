"""The Guard: modes, quarantine hand-off, hooks, sampling and the never-break guarantee."""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import Diagnostic, Severity
from linter.events import UNKNOWN, EventObservation
from linter.runtime import (
    Guard,
    Mode,
    TrackingViolation,
    default_guard,
    set_default_guard,
)


def require(*keys: str) -> Any:
    """A hand-written plan check: TL205 for each missing key."""

    def check(observation: EventObservation) -> list[Diagnostic]:
        return [
            Diagnostic(
                code="TL205",
                message=f"required property {key!r} is missing",
                event=observation.name,
                pointer=f"{observation.origin.pointer}/{key}",
            )
            for key in keys
            if key not in observation.properties
        ]

    return check


def deprecated(observation: EventObservation) -> list[Diagnostic]:
    return [Diagnostic("TL203", "the event is deprecated", severity=Severity.WARNING)]


def broken(observation: EventObservation) -> list[Diagnostic]:
    raise RuntimeError("bug in the checker")


class Quarantined:
    def __init__(self) -> None:
        self.items: list[tuple[EventObservation, Sequence[Diagnostic]]] = []

    def __call__(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        self.items.append((observation, diagnostics))


GOOD = {"plan_type": "pro"}
BAD: dict[str, Any] = {"price": 3}


def observe(guard: Guard, properties: dict[str, Any]) -> EventObservation:
    return guard.observe("Order Completed", properties, user_id="u1", sdk="segment")


def test_defaults_are_safe_for_production() -> None:
    guard = Guard()
    assert guard.mode is Mode.WARN
    assert guard.sample_rate == 1.0
    assert guard.platform == "server"
    assert guard.quarantine is None


def test_observe_builds_an_observation_for_the_guard_platform() -> None:
    guard = Guard(platform="ios")
    observation = guard.observe("Signed Up", {"a": 1}, sdk="mixpanel", app_version="1.2")
    assert observation.platform == "ios"
    assert observation.sdk == "mixpanel"
    assert observation.app_version == "1.2"
    assert observation.user_id is UNKNOWN


def test_a_conforming_event_is_admitted_silently(caplog: pytest.LogCaptureFixture) -> None:
    guard = Guard(require("plan_type"), mode="raise")
    assert guard.admit(observe(guard, GOOD)) is True
    assert caplog.records == []


def test_warn_mode_logs_and_sends(caplog: pytest.LogCaptureFixture) -> None:
    guard = Guard(require("plan_type"))
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert guard.admit(observe(guard, BAD)) is True
    (record,) = caplog.records
    assert record.name == "tracklint"
    assert record.levelno == logging.WARNING
    assert "TL205" in record.getMessage()
    assert "'Order Completed'" in record.getMessage()
    assert "/plan_type" in record.getMessage()
    assert record.tracklint_outcome == "sent"  # type: ignore[attr-defined]
    assert record.tracklint_diagnostics[0]["code"] == "TL205"  # type: ignore[attr-defined]


def test_raise_mode_raises_with_the_diagnostics() -> None:
    guard = Guard(require("plan_type", "currency"), mode=Mode.RAISE)
    with pytest.raises(TrackingViolation) as raised:
        guard.admit(observe(guard, BAD))
    assert raised.value.codes == ["TL205", "TL205"]
    assert raised.value.event == "Order Completed"
    assert raised.value.observation.properties == BAD
    assert "currency" in str(raised.value)


def test_drop_mode_quarantines_and_does_not_send(caplog: pytest.LogCaptureFixture) -> None:
    quarantine = Quarantined()
    guard = Guard(require("plan_type"), mode="drop", quarantine=quarantine)
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert guard.admit(observe(guard, BAD)) is False
    (observation, diagnostics), *rest = quarantine.items
    assert rest == []
    assert observation.name == "Order Completed"
    assert [d.code for d in diagnostics] == ["TL205"]
    assert caplog.records[0].tracklint_outcome == "dropped"  # type: ignore[attr-defined]


def test_drop_mode_needs_a_quarantine() -> None:
    with pytest.raises(ValueError, match="quarantine"):
        Guard(require("plan_type"), mode="drop")


def test_a_path_quarantine_is_a_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.jsonl"
    guard = Guard(require("plan_type"), mode="drop", quarantine=path)
    guard.admit(observe(guard, BAD))
    guard.admit(observe(guard, GOOD))
    # Mixpanel raises on a date: TL212 as well as TL205
    guard.admit(
        guard.observe("Order Completed", {"when": datetime.date(2024, 5, 1)}, sdk="mixpanel")
    )
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["event"] for r in records] == ["Order Completed", "Order Completed"]
    assert records[1]["properties"] == {"when": "2024-05-01"}
    assert {d["code"] for d in records[1]["diagnostics"]} == {"TL205", "TL212"}


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ValueError):
        Guard(mode="ignore")


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_sample_rate_must_be_a_fraction(rate: float) -> None:
    with pytest.raises(ValueError, match="sample_rate"):
        Guard(sample_rate=rate)


def test_warnings_below_fail_on_are_logged_but_never_enforced(
    caplog: pytest.LogCaptureFixture,
) -> None:
    quarantine = Quarantined()
    guard = Guard(deprecated, mode="drop", quarantine=quarantine)
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert guard.admit(observe(guard, GOOD)) is True
    assert quarantine.items == []
    assert "TL203" in caplog.text


def test_fail_on_warning_enforces_warnings_too() -> None:
    guard = Guard(deprecated, mode="raise", fail_on="warning")
    with pytest.raises(TrackingViolation):
        guard.admit(observe(guard, GOOD))


def test_on_violation_sees_every_event_with_diagnostics_in_every_mode() -> None:
    seen: list[tuple[str | None, list[str]]] = []

    def hook(observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        seen.append((observation.name, [d.code for d in diagnostics]))

    for mode in ("warn", "drop", "raise"):
        guard = Guard(require("plan_type"), mode=mode, quarantine=Quarantined(), on_violation=hook)
        with contextlib.suppress(TrackingViolation):
            guard.admit(observe(guard, BAD))
        guard.admit(observe(guard, GOOD))
    assert seen == [("Order Completed", ["TL205"])] * 3


def test_serialisability_is_checked_without_a_plan() -> None:
    guard = Guard(mode="raise")
    with pytest.raises(TrackingViolation) as raised:
        guard.admit(guard.observe("E", {"at": datetime.date(2024, 1, 1)}, sdk="mixpanel"))
    assert raised.value.codes == ["TL212"]
    assert raised.value.diagnostics[0].pointer == "/properties/at"


def test_serialisability_check_can_be_turned_off() -> None:
    guard = Guard(mode="raise", serialisable=False)
    assert guard.admit(guard.observe("E", {"at": datetime.date(2024, 1, 1)})) is True


def test_diagnose_runs_everything_without_policy_or_sampling() -> None:
    guard = Guard(require("plan_type"), mode="raise", sample_rate=0.0)
    found = guard.diagnose(guard.observe("E", {"at": datetime.date(2024, 1, 1)}))
    assert sorted(d.code for d in found) == ["TL205", "TL212"]


# -- never break the host application ---------------------------------------


@pytest.mark.parametrize("mode", ["warn", "drop"])
def test_a_failing_checker_is_logged_and_the_event_sent(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    quarantine = Quarantined()
    guard = Guard(broken, mode=mode, quarantine=quarantine)
    with caplog.at_level(logging.ERROR, logger="tracklint"):
        assert guard.admit(observe(guard, GOOD)) is True
    assert quarantine.items == []
    (record,) = caplog.records
    assert "sent unchecked" in record.getMessage()
    assert record.exc_info is not None
    assert "bug in the checker" in caplog.text


def test_a_failing_checker_keeps_what_the_other_checks_found() -> None:
    quarantine = Quarantined()
    guard = Guard(broken, mode="drop", quarantine=quarantine)
    assert guard.admit(guard.observe("E", {"at": datetime.date(2024, 1, 1)})) is False
    assert [d.code for d in quarantine.items[0][1]] == ["TL212"]


def test_in_raise_mode_a_failing_checker_propagates() -> None:
    guard = Guard(broken, mode="raise")
    with pytest.raises(RuntimeError, match="bug in the checker"):
        guard.admit(observe(guard, GOOD))


def test_a_failing_quarantine_sends_the_event_rather_than_losing_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def full_disk(observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        raise OSError("No space left on device")

    guard = Guard(require("plan_type"), mode="drop", quarantine=full_disk)
    with caplog.at_level(logging.ERROR, logger="tracklint"):
        assert guard.admit(observe(guard, BAD)) is True
    assert "could not quarantine" in caplog.text


def test_a_failing_hook_does_not_change_the_outcome(caplog: pytest.LogCaptureFixture) -> None:
    def hook(observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        raise KeyError("metrics backend down")

    quarantine = Quarantined()
    guard = Guard(require("plan_type"), mode="drop", quarantine=quarantine, on_violation=hook)
    assert guard.admit(observe(guard, BAD)) is False
    assert len(quarantine.items) == 1
    assert "on_violation hook failed" in caplog.text


# -- sampling ----------------------------------------------------------------


def test_sample_rate_zero_checks_nothing() -> None:
    guard = Guard(require("plan_type"), mode="raise", sample_rate=0.0)
    assert all(guard.admit(observe(guard, BAD)) for _ in range(100))


def test_sampling_checks_about_the_given_fraction_deterministically() -> None:
    def run(seed: int) -> list[bool]:
        quarantine = Quarantined()
        guard = Guard(
            require("plan_type"),
            mode="drop",
            quarantine=quarantine,
            sample_rate=0.25,
            rng=random.Random(seed),
        )
        return [guard.admit(observe(guard, BAD)) for _ in range(2000)]

    first, again, other = run(7), run(7), run(8)
    assert first == again  # same seed, same events checked
    assert first != other
    checked = first.count(False)
    assert 400 < checked < 600  # 25% of 2000, with room for chance


# -- the default guard -------------------------------------------------------


def test_the_default_guard_can_be_replaced_and_restored() -> None:
    built_in = default_guard()
    assert built_in.mode is Mode.WARN
    assert default_guard() is built_in
    mine = Guard(mode="raise")
    set_default_guard(mine)
    try:
        assert default_guard() is mine
    finally:
        set_default_guard(None)
    assert default_guard() is not mine


def test_from_check_is_the_constructor_seam_for_plan_checks() -> None:
    check = require("plan_type")
    guard = Guard.from_check(check, mode="raise", platform="web")
    assert guard.check is check
    assert guard.mode is Mode.RAISE
    assert guard.platform == "web"
