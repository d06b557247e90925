"""Events put on a queue that a worker drains and sends.

A worker that takes items off a queue and passes each to a tracking call makes
putting an item on that queue a tracking call: the functions that put their own
parameter on it are wrappers, and their callers are the sites.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import Project

SERVICE = """
import asyncio
import queue
import threading
from dataclasses import dataclass

from mixpanel import Mixpanel

mp = Mixpanel("token")
pending = queue.Queue()
unrelated = queue.Queue()


@dataclass
class Event:
    name: str
    user_id: str


def drain():
    while True:
        event = pending.get()
        if event is None:
            break
        mp.track(event.user_id, event.name)


def drain_unrelated():
    while True:
        job = unrelated.get()
        job.run()


class Service:
    def __init__(self):
        self._queue = asyncio.Queue()

    async def run(self):
        while True:
            name = await self._queue.get()
            mp.track("system", name)

    def send(self, name):
        self._queue.put_nowait(name)


def emit(name, user_id):
    pending.put(Event(name=name, user_id=user_id))


def stop():
    pending.put(None)          # the worker's stop signal, not an event
    unrelated.put(Job())       # a queue nobody sends from
"""

CALLERS = """
from app.service import Service, emit

emit("Signed Up", "u1")
Service().send("Started")
"""


def _project(tmp_path: Path) -> Project:
    return Project(tmp_path, {"app/__init__.py": "", "app/service.py": SERVICE,
                              "app/callers.py": CALLERS})


def test_putting_on_a_drained_queue_is_sending(tmp_path: Path) -> None:
    project = _project(tmp_path)
    calls = project.calls("app/callers.py")
    assert [(c.line, c.method, c.observation.name) for c in calls] == [
        (4, "app.service.emit", "Signed Up"), (5, "app.service.Service.send", "Started")]
    wrappers = {w.qualified_name: w for w in project.index.inferred_wrappers}
    assert wrappers["app.service.pending.put"].event_attribute == "name"
    assert wrappers["app.service.Service._queue.put_nowait"].spec.event == "item"


def test_the_puts_in_wrappers_are_counted_at_their_callers(tmp_path: Path) -> None:
    project = _project(tmp_path)
    inside = {c.line: c.inside_wrapper for c in project.calls("app/service.py")}
    assert inside == {44: "app.service.Service.send", 48: "app.service.emit",
                      # The workers' calls send what was put on their queue.
                      25: "app.service.pending.put", 41: "app.service.Service._queue.put"}


def test_a_stop_signal_and_another_queue_are_not_sites(tmp_path: Path) -> None:
    project = _project(tmp_path)
    lines = {c.line for c in project.calls("app/service.py")}
    assert not lines & {52, 53}
    assert "app.service.unrelated.put" not in {w.qualified_name
                                               for w in project.index.inferred_wrappers}
