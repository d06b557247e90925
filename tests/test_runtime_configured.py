"""@tracked and instrument() without guard= check against the project's configured plan.

The plan is found as the commands find it (``[tool.tracklint] plan`` from the
current directory upward), loaded on the first event, once per process; a plan
that cannot be found or loaded is one logged error, never a crash of the host
application.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import linter
import linter.plan.loader
from linter.runtime import Guard, TrackingViolation, default_guard, set_default_guard, tracked

from .conftest import EXAMPLE

ORDER = {"order_id": "o-1", "price": 19.99, "currency": "EUR"}


@pytest.fixture(autouse=True)
def fresh_default_guard() -> Iterator[None]:
    """Each test finds the configured plan anew, and leaves no guard behind."""
    set_default_guard(None)
    yield
    set_default_guard(None)


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project configuring the example plan, entered from a subfolder."""
    shutil.copytree(EXAMPLE / "plan", tmp_path / "plan")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tracklint]\nplan = "plan"\nplatform = "server"\n', encoding="utf-8"
    )
    (tmp_path / "app" / "orders").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "app" / "orders")
    return tmp_path


@pytest.fixture
def plan_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every plan load, by path."""
    loads: list[str] = []
    real = linter.plan.loader.load_plan

    def counting(path: Any, *args: Any, **kwargs: Any) -> Any:
        loads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(linter.plan.loader, "load_plan", counting)
    return loads


def order_completed(properties: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    @tracked("Order Completed")
    def build() -> dict[str, Any]:
        return properties

    return build


def tracklint_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "tracklint"]


def test_tracked_checks_against_the_configured_plan(
    shop: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build = order_completed({"order_id": "o-1", "price": "9.99", "currency": "EUR"})
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert build()["price"] == "9.99"
    [record] = tracklint_records(caplog)
    assert record.levelno == logging.WARNING
    assert "TL207 [error] /properties/price: 'price' of event 'Order Completed'" in (
        record.getMessage()
    )


def test_the_plan_is_loaded_on_the_first_event_not_when_decorating(
    shop: Path, plan_loads: list[str]
) -> None:
    build = order_completed(ORDER)
    assert plan_loads == []
    build()
    build()
    order_completed(ORDER)()
    assert plan_loads == [str(shop / "plan")]


def test_many_threads_at_once_load_the_plan_once(shop: Path, plan_loads: list[str]) -> None:
    build = order_completed(ORDER)
    barrier = threading.Barrier(8)
    guards: list[Guard] = []

    def first_event() -> None:
        barrier.wait()
        build()
        guards.append(default_guard())

    threads = [threading.Thread(target=first_event) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(plan_loads) == 1
    assert len({id(guard) for guard in guards}) == 1


def test_the_configured_platform_is_used(
    shop: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (shop / "pyproject.toml").write_text(
        '[tool.tracklint]\nplan = "plan"\nplatform = "web"\n', encoding="utf-8"
    )
    assert default_guard().platform == "web"


def test_the_default_guard_warns_and_never_raises(
    shop: Path, caplog: pytest.LogCaptureFixture
) -> None:
    guard = default_guard()
    assert guard.mode.value == "warn"
    assert guard.check is not None

    @tracked("Order Complete")
    def build() -> dict[str, Any]:
        return ORDER

    with caplog.at_level(logging.WARNING, logger="tracklint"):
        assert build() == ORDER
    assert "TL201" in caplog.text and "did you mean 'Order Completed'?" in caplog.text


def test_instrument_without_a_guard_uses_the_configured_plan_too(
    shop: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mixpanel import Mixpanel

    sent: list[str] = []

    class Consumer:
        def send(self, endpoint: str, message: str, *args: Any) -> None:
            sent.append(message)

    mp = linter.instrument(Mixpanel("token", consumer=Consumer()))
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        mp.track("u-1", "Order Completed", {**ORDER, "refundAmount": 1})
    assert len(sent) == 1
    assert "TL206 [error] /properties/refundAmount" in caplog.text
    assert "(sent)" in caplog.text  # the instrumented client did send it


def test_without_a_plan_one_error_says_what_to_do_and_events_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    build = order_completed({"at": datetime.date(2024, 1, 1)})
    with caplog.at_level(logging.WARNING, logger="tracklint"):
        for _ in range(3):
            assert build() == {"at": datetime.date(2024, 1, 1)}
    records = tracklint_records(caplog)
    errors = [r for r in records if r.levelno == logging.ERROR]
    assert len(errors) == 1, "the missing plan is logged once, not per event"
    message = errors[0].getMessage()
    assert f"no [tool.tracklint] plan setting from {tmp_path} upward" in message
    assert 'set plan = "PATH" under [tool.tracklint] in pyproject.toml' in message
    assert "linter.set_default_guard(linter.Guard.from_plan(PATH))" in message
    assert "checked only for values the SDKs cannot send (TL212)" in message
    # ... and what needs no plan is still checked, on every event
    warnings = [r for r in records if r.levelno == logging.WARNING]
    assert len(warnings) == 3
    assert all("TL212" in r.getMessage() for r in warnings)


def test_a_plan_that_cannot_be_loaded_is_one_error_naming_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "plan.yaml").write_text("events:\n  A: {ownr: x}\n", encoding="utf-8")
    (tmp_path / "tracklint.toml").write_text('plan = "plan.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    build = order_completed(ORDER)
    with caplog.at_level(logging.ERROR, logger="tracklint"):
        build()
        build()
    [error] = tracklint_records(caplog)
    message = error.getMessage()
    assert "the tracking plan cannot be loaded" in message
    assert "plan.yaml:2:7: TL003 unknown key 'ownr' in event 'A'" in message
    assert "did you mean 'owner'?" in message


def test_a_configured_platform_the_plan_lacks_is_one_error(
    shop: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (shop / "pyproject.toml").write_text(
        '[tool.tracklint]\nplan = "plan"\nplatform = "backend"\n', encoding="utf-8"
    )
    with caplog.at_level(logging.ERROR, logger="tracklint"):
        order_completed(ORDER)()
    [error] = tracklint_records(caplog)
    assert "platform 'backend' is not one of the plan's platforms" in error.getMessage()


def test_a_guard_set_in_code_wins_and_the_configuration_is_never_read(
    shop: Path, plan_loads: list[str]
) -> None:
    set_default_guard(Guard(mode="raise"))
    with pytest.raises(TrackingViolation):
        order_completed({"at": datetime.date(2024, 1, 1)})()
    assert plan_loads == []


def test_set_default_guard_is_part_of_the_public_api() -> None:
    assert linter.set_default_guard is set_default_guard
    assert "set_default_guard" in linter.__all__
