"""Running one function over many items in worker processes, results in input order.

The libcst work of a run (metadata for every file that may contain a tracking
call) is independent per file, so it is spread over processes.  What every item
needs (the project's summaries, the index) is the *state*: forked workers inherit
it from the parent without copying, other start methods receive it pickled once
per worker.  A worker that dies (a crash in a native parser, the OOM killer) breaks
the whole pool; the items whose results were lost are then run again one at a
time, each in a fresh single-worker pool, so the one that kills its worker is known
and becomes ``on_crash(item)``: a result for that item, never an exception.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Chunks per worker: enough to balance uneven files, few enough to keep overhead low.
_CHUNKS_PER_WORKER = 4
_STATE: Any = None
_MISSING: Any = object()


def run_jobs(function: Callable[[Any, T], R], items: Sequence[T], state: Any, workers: int,
             on_crash: Callable[[T, BaseException], R]) -> list[R]:
    """``[function(state, item) for item in items]``, in ``workers`` processes when > 1.

    ``function`` must be a module-level function (workers import it by name).
    """
    if workers < 2 or len(items) < 2:
        return [function(state, item) for item in items]
    context = multiprocessing.get_context()
    payload = _share(state, context.get_start_method())
    results: list[Any] = [_MISSING] * len(items)
    try:
        if not _in_pool(function, items, min(workers, len(items)), context, payload, results):
            return [function(state, item) for item in items]  # no processes here: serially
        for position, result in enumerate(results):
            if result is _MISSING:
                results[position] = _isolated(function, items[position], context, payload,
                                              on_crash)
    finally:
        _forget()
    return results


def _share(state: Any, method: str) -> bytes | None:
    """Forked workers inherit the state from this process; others get it pickled."""
    global _STATE
    if method == "fork":
        _STATE = state
        return None
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def _forget() -> None:
    global _STATE
    _STATE = None


def _init(payload: bytes | None) -> None:
    global _STATE
    if payload is not None:
        _STATE = pickle.loads(payload)  # tracklint's own data, from the parent process


def _run_chunk(function: Callable[[Any, T], R], chunk: Sequence[T]) -> list[R]:
    return [function(_STATE, item) for item in chunk]


def _in_pool(function: Callable[[Any, T], R], items: Sequence[T], workers: int,
             context: Any, payload: bytes | None, results: list[Any]) -> bool:
    """Fill ``results``; chunks lost to a broken pool stay missing.

    False when no worker process could be started at all (a platform without
    working process support): the caller then runs everything in this process.
    """
    size = max(1, len(items) // (workers * _CHUNKS_PER_WORKER))
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                                   initargs=(payload,))
    except (OSError, NotImplementedError, ImportError):
        return False
    futures: dict[Future[list[R]], int] = {}
    with pool:
        for start in range(0, len(items), size):
            try:
                futures[pool.submit(_run_chunk, function, items[start:start + size])] = start
            except BrokenProcessPool:  # a worker already died: the rest run alone
                break
            except (OSError, NotImplementedError):  # processes cannot be started here
                if not futures:
                    return False
                break
        for future in as_completed(futures):
            start = futures[future]
            try:
                results[start:start + size] = future.result()
            except Exception:  # a dead worker (or a bug): these items run alone
                continue
    return True


def _isolated(function: Callable[[Any, T], R], item: T, context: Any, payload: bytes | None,
              on_crash: Callable[[T, BaseException], R]) -> R:
    """Run one item alone, so that a worker it kills is its own result."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init,
                                 initargs=(payload,)) as pool:
            return pool.submit(_run_chunk, function, [item]).result()[0]
    except Exception as error:
        return on_crash(item, error)
