"""Where dropped events go, so that dropping an event never loses it.

In ``drop`` mode a :class:`~linter.runtime.policy.Guard` does not send an event
that breaks the plan; it hands the event and its diagnostics to a quarantine
instead.  A quarantine is any callable ``(observation, diagnostics) -> None``: a
callback into the application (a dead-letter queue, a metrics counter), or the
:class:`JsonlQuarantine` here, which appends one JSON object per line to a file
that can be inspected and replayed later.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import decimal
import enum
import json
import math
import os
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeAlias

from linter.diagnostics import Diagnostic
from linter.events import UNKNOWN, EventObservation

Quarantine: TypeAlias = Callable[[EventObservation, Sequence[Diagnostic]], None]

# Deeper values are written as their repr: a quarantine record must always be written.
_MAX_DEPTH: Final = 64

# One lock per file, shared by every JsonlQuarantine of the process writing it,
# so two guards pointing at the same path cannot interleave their lines.
_FILE_LOCKS: dict[str, threading.Lock] = {}
_FILE_LOCKS_GUARD: Final = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    key = os.path.normcase(str(path))
    with _FILE_LOCKS_GUARD:
        return _FILE_LOCKS.setdefault(key, threading.Lock())


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class JsonlQuarantine:
    """Append each dropped event to a JSON Lines file, one complete line per event.

    Safe to call from many threads at once (a per-file lock) and from several
    processes (each line is written with one ``O_APPEND`` write, which the kernel
    does not interleave with other appends).  The file is opened per event, so
    it can be rotated or removed while the application runs.  It is created with
    ``file_mode`` (owner-only by default) because it holds raw event properties.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        file_mode: int = 0o600,
        clock: Callable[[], datetime.datetime] = _utc_now,
    ) -> None:
        self.path = Path(path)
        # Fail when the guard is built, at start-up, not on the first bad event.
        if not self.path.parent.is_dir():
            raise ValueError(f"quarantine directory {str(self.path.parent)!r} does not exist")
        self._file_mode = file_mode
        self._clock = clock
        self._lock = _lock_for(self.path)

    def __call__(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        record = quarantine_record(observation, diagnostics, self._clock())
        line = json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
        try:
            data = line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (TL212): kept as its \\u escape
            data = (json.dumps(record, ensure_ascii=True, allow_nan=False) + "\n").encode()
        self._append(data)

    def __repr__(self) -> str:
        return f"JsonlQuarantine({str(self.path)!r})"

    def _append(self, data: bytes) -> None:
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self._file_mode)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            finally:
                os.close(fd)


def quarantine_record(
    observation: EventObservation,
    diagnostics: Sequence[Diagnostic],
    quarantined_at: datetime.datetime,
) -> dict[str, Any]:
    """The JSON object a quarantine file holds for one event.

    Values that are not JSON (the very values TL212 reports) are written in a
    readable text form so that the record is always valid JSON; the diagnostics
    say what the original value was.
    """
    return {
        "quarantined_at": quarantined_at.isoformat(),
        "event": observation.name,
        "platform": observation.platform,
        "sdk": observation.sdk,
        "user_id": to_jsonable(observation.user_id),
        "anonymous_id": to_jsonable(observation.anonymous_id),
        "app_version": observation.app_version,
        "properties": to_jsonable(observation.properties),
        "diagnostics": [d.to_dict() for d in diagnostics],
    }


def to_jsonable(value: Any, _depth: int = 0, _active: frozenset[int] = frozenset()) -> Any:
    """A JSON-compatible copy of ``value``, converting what JSON cannot hold to text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if value is UNKNOWN:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if _depth > _MAX_DEPTH or id(value) in _active:
        return _safe_repr(value)
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return _container_to_jsonable(value, _depth + 1, _active | {id(value)})
    return _scalar_to_jsonable(value, _depth, _active)


def _container_to_jsonable(value: Any, depth: int, active: frozenset[int]) -> Any:
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, depth, active) for k, v in value.items()}
    items = [to_jsonable(item, depth, active) for item in value]
    if isinstance(value, (set, frozenset)):
        items.sort(key=repr)  # stable output for an unordered value
    return items


def _scalar_to_jsonable(value: Any, depth: int, active: frozenset[int]) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, datetime.timedelta, complex)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return "base64:" + base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, depth + 1, active)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            fields = dataclasses.asdict(value)
        except Exception:  # a field deepcopy cannot copy: fall back to its text
            return _safe_repr(value)
        return to_jsonable(fields, depth + 1, active)
    return _safe_repr(value)


def _safe_repr(value: object) -> str:
    """``repr(value)``, or a placeholder when the object's own ``__repr__`` fails."""
    try:
        return repr(value)[:1000]
    except Exception:
        return f"<unrepresentable {type(value).__qualname__}>"
