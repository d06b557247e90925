"""Events put on a queue that a worker drains and sends.

``self._queue.put_nowait(event)`` sends nothing itself, but when the function that
takes items off the same queue (``event = self._queue.get()``) passes each one to a
tracking call, putting an item on the queue is sending it.  A queue is known by the
attribute or module global that holds it (``app.service.Service._queue``,
``app.worker.events``); its consumer's call is recorded as a forwarding call of a
function named after it (``app.worker.events.put``), whose one parameter is the
item, so wrapper inference makes ``put``/``put_nowait`` on that queue a wrapper
call like any other, and the functions that put their parameters on it wrappers.
"""

from __future__ import annotations

from typing import Final

import libcst as cst

from linter.static.targets import ClassTy, ExternalTy, InstanceTy, Typer

QUEUE_CLASSES: Final = frozenset({
    "queue.Queue", "queue.SimpleQueue", "queue.LifoQueue", "queue.PriorityQueue",
    "asyncio.Queue", "asyncio.queues.Queue", "asyncio.LifoQueue", "asyncio.PriorityQueue",
    "multiprocessing.Queue", "multiprocessing.SimpleQueue",
})
PUTS: Final = ("put", "put_nowait")
GETS: Final = frozenset({"get", "get_nowait"})
ITEM: Final = "item"


def queue_name(receiver: cst.BaseExpression, typer: Typer) -> str | None:
    """The name of the queue an expression holds (an attribute or a module global), if any."""
    if not any(isinstance(t, InstanceTy | ExternalTy) and t.name in QUEUE_CLASSES
               for t in typer.types(receiver)):
        return None
    if isinstance(receiver, cst.Attribute):
        owners = [t.name for t in typer.types(receiver.value)
                  if isinstance(t, InstanceTy | ClassTy)]
        if len(owners) == 1:
            return f"{owners[0]}.{receiver.attr.value}"
    if isinstance(receiver, cst.Name | cst.Attribute) and not (
            isinstance(receiver, cst.Name) and typer.view.is_local(receiver)):
        names = typer.view.qualified_names(receiver)
        if len(names) == 1:
            return typer.symbols.canonical(names[0])
    return None


def taken_from(value: cst.BaseExpression | None, typer: Typer) -> str | None:
    """The queue an item is taken from: ``q.get(...)``, ``q.get_nowait()``, ``await q.get()``."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute) or \
            value.func.attr.value not in GETS:
        return None
    return queue_name(value.func.value, typer)


def put_keys(call: cst.Call, typer: Typer) -> list[str]:
    """The queue functions a ``put`` call is (none for ``put(None)``, a worker's stop signal)."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in PUTS:
        return []
    first = call.args[0].value if call.args else None
    if isinstance(first, cst.Name) and first.value == "None":
        return []
    name = queue_name(func.value, typer)
    return [] if name is None else [f"{name}.{func.attr.value}"]
