"""One guard under load: many threads, event loops and tasks at once."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mixpanel
import pytest
import segment.analytics.client as segment_client

from linter.diagnostics import Diagnostic
from linter.events import EventObservation
from linter.runtime import Guard, instrument, tracked

THREADS = 16
EVENTS_PER_THREAD = 500


class Transport:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.messages: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        with self._lock:
            self.messages.extend(kwargs["batch"])


def require_plan_type(observation: EventObservation) -> list[Diagnostic]:
    if "plan_type" in observation.properties:
        return []
    return [Diagnostic("TL205", "'plan_type' is missing", pointer="/plan_type")]


def run_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def properties_for(thread: int, index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"thread": thread, "index": index}
    if index % 2 == 0:
        properties["plan_type"] = "pro"  # every other event conforms
    return properties


def test_16_threads_x_500_events_through_one_guard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = Transport()
    monkeypatch.setattr(segment_client, "post", transport)
    path = tmp_path / "quarantine.jsonl"
    violations: list[int] = []
    guard = Guard(
        require_plan_type,
        mode="drop",
        quarantine=path,
        on_violation=lambda o, d: violations.append(1),
    )
    client = instrument(segment_client.Client("write-key", sync_mode=True), guard)

    def work(thread: int) -> None:
        for index in range(EVENTS_PER_THREAD):
            client.track(f"u{thread}", "Order Completed", properties_for(thread, index))

    assert run_threads(THREADS, work) == []
    total = THREADS * EVENTS_PER_THREAD
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == total // 2
    assert len(transport.messages) == total // 2
    assert len(violations) == total // 2
    quarantined = {(r["properties"]["thread"], r["properties"]["index"]) for r in records}
    sent = {(m["properties"]["thread"], m["properties"]["index"]) for m in transport.messages}
    assert len(quarantined) == len(sent) == total // 2
    assert not quarantined & sent
    assert all(index % 2 == 1 for _, index in quarantined)


def test_a_checker_failing_under_load_never_loses_an_event(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    transport = Transport()
    monkeypatch.setattr(segment_client, "post", transport)

    def flaky(observation: EventObservation) -> list[Diagnostic]:
        if observation.properties["index"] % 7 == 0:
            raise RuntimeError("flaky checker")
        return []

    client = instrument(
        segment_client.Client("write-key", sync_mode=True),
        Guard(flaky, mode="drop", quarantine=lambda o, d: None),
    )

    def work(thread: int) -> None:
        for index in range(200):
            client.track(f"u{thread}", "Signed Up", {"index": index})

    with caplog.at_level(logging.ERROR, logger="tracklint"):
        assert run_threads(8, work) == []
    assert len(transport.messages) == 8 * 200
    failures = [r for r in caplog.records if "sent unchecked" in r.getMessage()]
    assert len(failures) == 8 * len(range(0, 200, 7))


def test_sampling_with_a_shared_rng_across_threads(tmp_path: Path) -> None:
    checked: list[int] = []
    lock = threading.Lock()

    def counting(observation: EventObservation) -> list[Diagnostic]:
        with lock:
            checked.append(1)
        return []

    guard = Guard(counting, sample_rate=0.5, rng=random.Random(3))

    def work(thread: int) -> None:
        for index in range(1000):
            guard.admit(guard.observe("E", {"i": index}))

    assert run_threads(8, work) == []
    assert 3600 < len(checked) < 4400


def test_instrumented_clients_from_asyncio_tasks() -> None:
    sent: list[str] = []

    class Consumer:
        def send(self, endpoint: str, message: str, *args: Any) -> None:
            sent.append(json.loads(message)["properties"]["task"])

    kept: list[int] = []
    guard = Guard(
        require_plan_type,
        mode="drop",
        quarantine=lambda o, d: kept.append(o.properties["task"]),
    )
    client = instrument(mixpanel.Mixpanel("t", consumer=Consumer()), guard)

    async def task(index: int) -> None:
        await asyncio.sleep(0)
        properties: dict[str, Any] = {"task": index}
        if index % 3:
            properties["plan_type"] = "free"
        client.track("u1", "Order Completed", properties)

    async def main() -> None:
        await asyncio.gather(*(task(i) for i in range(300)))
        # also from worker threads of the running loop
        await asyncio.gather(
            *(
                asyncio.to_thread(client.track, "u1", "Order Completed", {"task": 1000 + i})
                for i in range(20)
            )
        )

    asyncio.run(main())
    assert sorted(kept) == [i for i in range(300) if i % 3 == 0] + list(range(1000, 1020))
    assert len(sent) == 200


def test_one_guard_serves_several_event_loops_in_several_threads() -> None:
    seen: list[int] = []
    lock = threading.Lock()

    def record(observation: EventObservation, diagnostics: Any) -> None:
        with lock:
            seen.append(observation.properties["n"])

    guard = Guard(require_plan_type, on_violation=record)

    @tracked("Order Completed", guard=guard)
    async def build(n: int) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"n": n}

    def work(thread: int) -> None:
        async def main() -> None:
            await asyncio.gather(*(build(thread * 100 + i) for i in range(100)))

        asyncio.run(main())

    assert run_threads(4, work) == []
    assert sorted(seen) == list(range(400))
