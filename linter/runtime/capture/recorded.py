"""What SDK clients sent during a test, and the assertions a test makes about it."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from linter.diagnostics import Diagnostic, Severity
from linter.events import EventObservation, Origin
from linter.runtime.instrument._wrapping import is_system_event
from linter.runtime.policy import DEFAULT_PLATFORM, EventCheck, check_serialisable
from linter.runtime.summary import summarise
from linter.sdks import PROPERTIES_POINTER
from linter.text.display import plural

_MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class CapturedEvent:
    """One event as an SDK was about to put it on the wire.

    ``message`` is the whole message the SDK built (with its own additions:
    timestamps, library info); ``properties`` is the part the plan is about, found
    at JSON Pointer ``properties_pointer`` inside ``message``.
    """

    sdk: str
    name: str | None
    properties: Mapping[str, Any]
    user_id: Any = None
    anonymous_id: Any = None
    message: Mapping[str, Any] = field(default_factory=dict)
    properties_pointer: str = PROPERTIES_POINTER

    def observation(self, platform: str = DEFAULT_PLATFORM) -> EventObservation:
        return EventObservation(
            name=self.name,
            properties=self.properties,
            platform=platform,
            user_id=self.user_id,
            anonymous_id=self.anonymous_id,
            sdk=self.sdk,
            origin=Origin(pointer=self.properties_pointer),
        )


class TrackedEvents:
    """The events captured so far, in the order they were sent; safe to fill from any thread."""

    def __init__(
        self, check: EventCheck | None = None, *, platform: str = DEFAULT_PLATFORM
    ) -> None:
        self._check = check
        self._platform = platform
        self._events: list[CapturedEvent] = []
        self._lock = threading.Lock()

    def record(self, event: CapturedEvent) -> None:
        with self._lock:
            self._events.append(event)

    @property
    def events(self) -> list[CapturedEvent]:
        with self._lock:
            return list(self._events)

    def __len__(self) -> int:
        with self._lock:
            return len(self._events)

    def __iter__(self) -> Iterator[CapturedEvent]:
        return iter(self.events)

    def __repr__(self) -> str:
        return f"<TrackedEvents {self.names()!r}>"

    def clear(self) -> None:
        with self._lock:
            self._events.clear()

    def names(self) -> list[str | None]:
        """Every captured event name, in order, SDK-internal ``$`` events included."""
        return [event.name for event in self.events]

    def find(self, name: str) -> list[CapturedEvent]:
        return [event for event in self.events if event.name == name]

    def assert_tracked(self, name: str, /, **properties: Any) -> CapturedEvent:
        """The first event ``name`` sent with at least these property values; fails otherwise."""
        candidates = self.find(name)
        for event in candidates:
            if all(event.properties.get(k, _MISSING) == v for k, v in properties.items()):
                return event
        if not candidates:
            raise AssertionError(f"{name!r} was not tracked; tracked: {self.names()!r}")
        wanted = ", ".join(f"{k}={v!r}" for k, v in properties.items())
        seen = "\n".join(f"  {dict(event.properties)!r}" for event in candidates)
        raise AssertionError(
            f"{name!r} was tracked {plural(len(candidates), 'time')}, never with {wanted}; "
            f"its properties were:\n{seen}"
        )

    def assert_not_tracked(self, name: str) -> None:
        count = len(self.find(name))
        if count:
            raise AssertionError(f"{name!r} was tracked {plural(count, 'time')}")

    def diagnose(
        self, check: EventCheck | None = None, *, include_system_events: bool = False
    ) -> list[tuple[CapturedEvent, list[Diagnostic]]]:
        """Each captured event with its diagnostics (events without any are left out)."""
        plan_check = check or self._check
        results: list[tuple[CapturedEvent, list[Diagnostic]]] = []
        for event in self.events:
            if is_system_event(event.name) and not include_system_events:
                continue
            observation = event.observation(self._platform)
            found = list(check_serialisable(observation))
            if plan_check is not None:
                found.extend(plan_check(observation))
            if found:
                results.append((event, found))
        return results

    def assert_conforms(
        self,
        check: EventCheck | None = None,
        *,
        include_system_events: bool = False,
        fail_on: Severity | str = Severity.ERROR,
    ) -> None:
        """Fail when a captured event has a diagnostic of ``fail_on`` severity or worse.

        SDK-internal events (``$identify``...) are skipped unless
        ``include_system_events``.  Without a plan check this is refused rather
        than passing vacuously.
        """
        if check is None and self._check is None:
            raise ValueError(
                "no tracking plan to check against: pass check=..., or in pytest set "
                'plan = "PATH" under [tool.tracklint] in pyproject.toml, pass '
                "--tracklint-plan (or the tracklint_plan ini option), or override the "
                "tracklint_check fixture"
            )
        threshold = Severity(fail_on)
        failing = [
            (event, diagnostics)
            for event, diagnostics in self.diagnose(
                check, include_system_events=include_system_events
            )
            if any(d.severity.rank >= threshold.rank for d in diagnostics)
        ]
        if failing:
            raise AssertionError(_conformance_report(failing, self._platform, len(self)))


def _conformance_report(
    failing: Sequence[tuple[CapturedEvent, list[Diagnostic]]], platform: str, total: int
) -> str:
    verb = "breaks" if len(failing) == 1 else "break"
    lines = [f"{len(failing)} of {plural(total, 'captured event')} {verb} the tracking plan:"]
    lines.extend(summarise(event.observation(platform), found) for event, found in failing)
    return "\n".join(lines)
