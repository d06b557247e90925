"""Calls that make another call later: task queues, executors, threads, commit hooks.

``send_event.delay(user.id, "Signed Up")`` sends the event as surely as
``send_event(user.id, "Signed Up")``, only later, from a worker: the site is the
deferring call, and the event is read from the arguments it hands on.  Each
deferral is described by how it names the function and its arguments:

* a Celery task's ``.delay(*args, **kwargs)``, ``.s(...)``, ``.si(...)``, and
  ``.apply_async(args, kwargs)`` / ``.signature(args, kwargs)`` (tuples and dicts);
* ``executor.submit(fn, *args, **kwargs)`` and the like: FastAPI's
  ``add_task``, RQ's ``enqueue``, ``asyncio.to_thread``, ``loop.call_soon``...;
* ``loop.run_in_executor(executor, fn, *args)``, ``loop.call_later(delay, fn, *args)``;
* ``threading.Thread(target=fn, args=(...), kwargs={...})`` (and ``Process``,
  ``Timer(interval, fn, args, kwargs)``);
* ``transaction.on_commit(fn)`` and other hooks given a function alone;
* ``fire_and_forget(fn)(*args)``: a function handed ``fn`` and called at once.

The name of the deferring call only says where the function and its arguments are;
whether anything is tracked is decided by what the function resolves to, so a
``submit`` of an ordinary function is not a site.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Final

import libcst as cst

from linter.static.arguments import Arg
from linter.static.callargs import ArgumentReader, CallArg

# Methods of a task (a function under a task decorator) that call it later.
TASK_CALLS: Final = frozenset({"delay", "s", "si"})
TASK_APPLY: Final = frozenset({"apply_async", "signature"})
# Calls given the function first, then its arguments.
FUNCTION_FIRST: Final = frozenset({
    "submit", "add_task", "enqueue", "to_thread", "run_sync", "call_soon",
    "call_soon_threadsafe", "start_new_thread", "spawn", "defer",
})
# Calls given something else first, then the function, then its arguments.
FUNCTION_SECOND: Final = frozenset({"run_in_executor", "call_later", "call_at", "enqueue_in",
                                    "enqueue_at"})
# Calls given the function as ``target=`` (or second, for Timer) with ``args``/``kwargs``.
THREADS: Final = frozenset({"Thread", "Process", "Timer"})
# Hooks given a function to call without arguments.
HOOKS: Final = frozenset({"on_commit", "atexit_register", "call_on_commit"})

DEFERRING: Final = TASK_CALLS | TASK_APPLY | FUNCTION_FIRST | FUNCTION_SECOND | THREADS | HOOKS


@dataclass(frozen=True, slots=True)
class Deferred:
    """What a deferring call will call (an expression) and with which arguments."""

    callee: cst.BaseExpression
    args: list[Arg[CallArg]]


def terminal(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def deferred(call: cst.Call, arguments: ArgumentReader) -> Deferred | None:
    """The later call a call makes, when its name says it defers one."""
    name = terminal(call.func)
    if name not in DEFERRING:
        return None
    args = arguments.args(call)
    if name in TASK_CALLS | TASK_APPLY:
        if not isinstance(call.func, cst.Attribute):
            return None
        if name in TASK_CALLS:
            return Deferred(call.func.value, args)
        return Deferred(call.func.value, _applied(call, args, 0, arguments))
    if name in THREADS:
        return _thread(call, name, args, arguments)
    position = 1 if name in FUNCTION_SECOND else 0
    places = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
    if len(places) <= position:
        return None
    at = places[position]
    if any(a.star == "*" for a in args[:at]):
        return None
    rest = [] if name in HOOKS else args[at + 1:]
    return Deferred(args[at].value.value, rest)


def _thread(call: cst.Call, name: str, args: list[Arg[CallArg]],
            arguments: ArgumentReader) -> Deferred | None:
    keywords = {a.keyword: a for a in args if a.keyword is not None}
    positional = [a for a in args if a.keyword is None and not a.star]
    function = keywords.get("target") or keywords.get("function")
    if function is None and name == "Timer" and len(positional) > 1:
        function = positional[1]
    if function is None:
        return None
    return Deferred(function.value.value, _applied(call, args, None, arguments))


def _applied(call: cst.Call, args: list[Arg[CallArg]], first: int | None,
             arguments: ArgumentReader) -> list[Arg[CallArg]]:
    """The arguments of ``apply_async(args, kwargs)`` or ``Thread(args=..., kwargs=...)``.

    A tuple or list display gives positional arguments and a dict display (or a dict
    ``**``-expandable as in a call) keyword arguments; anything else is passed on as
    ``*x`` / ``**x``, whose contents are unknown.
    """
    keywords = {a.keyword: a for a in args if a.keyword is not None}
    positional = [a for a in args if a.keyword is None and not a.star]
    given_args = keywords.get("args")
    given_kwargs = keywords.get("kwargs")
    if first is not None:
        if given_args is None and len(positional) > first:
            given_args = positional[first]
        if given_kwargs is None and len(positional) > first + 1:
            given_kwargs = positional[first + 1]
    found: list[Arg[CallArg]] = []
    if given_args is not None:
        node = given_args.value.value
        if isinstance(node, cst.Tuple | cst.List) and not any(
                isinstance(e, cst.StarredElement) for e in node.elements):
            found.extend(Arg(CallArg(e.value)) for e in node.elements)
        elif not _is_none(node):
            found.append(Arg(CallArg(node), None, "*"))
    if given_kwargs is not None and not _is_none(given_kwargs.value.value):
        found.extend(arguments.spelled(Arg(given_kwargs.value, None, "**"), call))
    return found


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def applied(call: cst.Call, arguments: ArgumentReader) -> Deferred | None:
    """``fire_and_forget(posthog.capture)(user, "Signed Up")``: a function handed a
    callee alone and called at once calls that callee with these arguments (in a
    thread, with retries, through an async adapter)."""
    func = call.func
    if not isinstance(func, cst.Call) or len(func.args) != 1:
        return None
    given = func.args[0]
    if given.keyword is not None or given.star or \
            not isinstance(given.value, cst.Name | cst.Attribute):
        return None
    return Deferred(given.value, arguments.args(call))


def deferred_names(node: ast.Call) -> list[str]:
    """For the prefilter: the last names of functions an ``ast`` call defers (or hands
    to a function it calls at once, see :func:`applied`)."""
    func = node.func
    if isinstance(func, ast.Call) and len(func.args) == 1 and not func.keywords:
        given = func.args[0]
        return [given.id] if isinstance(given, ast.Name) else \
            [given.attr] if isinstance(given, ast.Attribute) else []
    name = func.attr if isinstance(func, ast.Attribute) else \
        func.id if isinstance(func, ast.Name) else None
    if name not in DEFERRING:
        return []
    candidates: list[ast.expr] = []
    if name in TASK_CALLS | TASK_APPLY and isinstance(func, ast.Attribute):
        candidates.append(func.value)
    candidates.extend(node.args[:2])
    candidates.extend(k.value for k in node.keywords if k.arg in ("target", "function"))
    found = []
    for candidate in candidates:
        if isinstance(candidate, ast.Name):
            found.append(candidate.id)
        elif isinstance(candidate, ast.Attribute):
            found.append(candidate.attr)
    return found
