"""What happens to an event that breaks the tracking plan while the application runs.

A :class:`Guard` holds that policy.  Everything that sends events (instrumented
SDK clients, the :func:`~linter.runtime.decorator.tracked` decorator) asks one
guard whether an event may go out, so the policy is configured in one place:

* ``warn`` (the default): log the problems on the ``tracklint`` logger and send
  the event anyway.  Safe in production: analytics keep flowing.
* ``drop``: do not send; hand the event and its diagnostics to a quarantine so
  nothing is lost, and it can be fixed and replayed.
* ``raise``: raise :class:`TrackingViolation`; for tests and development, where
  a broken event should fail loudly at the line that sends it.

A guard never breaks the host application in ``warn`` and ``drop`` modes: if
checking itself fails (a bug in a checker, a quarantine that cannot be
written), the failure is logged and the event is sent.  A guard is immutable
after construction and holds no per-event state, so one guard serves any number
of threads and event loops; it never blocks except to append to a quarantine
file.
"""

from __future__ import annotations

import enum
import logging
import os
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, TypeAlias

from linter.diagnostics import Diagnostic, Severity
from linter.events import UNKNOWN, EventObservation, Origin
from linter.plan.model import Plan
from linter.runtime.quarantine import JsonlQuarantine, Quarantine
from linter.runtime.serialisable import SHAPE_STRICT_SDKS, find_unserialisable, is_plain_json
from linter.runtime.summary import describe_event, summarise
from linter.sdks import PROPERTIES_POINTER, SDKS, properties_pointer

EventCheck: TypeAlias = Callable[[EventObservation], Sequence[Diagnostic]]
"""Checks one event against the plan; returns TL2xx diagnostics with ``pointer`` set."""

ViolationHook: TypeAlias = Callable[[EventObservation, Sequence[Diagnostic]], None]
"""Called with every event that has diagnostics, whatever the mode: for metrics."""

LOGGER_NAME: Final = "tracklint"
DEFAULT_PLATFORM: Final = "server"

# Where an observation's properties sit in the message its SDK sends, built once.
_WIRE_ORIGINS: Final = {sdk: Origin(pointer=properties_pointer(sdk)) for sdk in SDKS}
_PROPERTIES_ORIGIN: Final = Origin(pointer=PROPERTIES_POINTER)


@dataclass(frozen=True, slots=True)
class _Outcomes:
    """How the log describes an event that goes on, and one held back."""

    passed: str | None
    held: str


# admit(): the caller sends the event when told to.
_SENDING: Final = _Outcomes(passed="sent", held="dropped")
# review(): the caller builds the event and someone else sends it, whatever the guard says.
_REVIEWING: Final = _Outcomes(passed=None, held="a copy was quarantined")


class Mode(str, enum.Enum):
    """What a guard does with an event whose diagnostics reach its ``fail_on`` severity."""

    WARN = "warn"
    DROP = "drop"
    RAISE = "raise"


class TrackingViolation(Exception):
    """An event broke the tracking plan and the guard is in ``raise`` mode."""

    def __init__(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(summarise(observation, diagnostics))
        self.observation = observation
        self.diagnostics = tuple(diagnostics)

    @property
    def event(self) -> str | None:
        return self.observation.name

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]


class Guard:
    """The runtime policy for events that break the plan, and the checks that find them.

    ``check`` is the plan-aware event check (TL2xx diagnostics); without one the
    guard still reports values the SDK cannot serialise (TL212), unless
    ``serialisable`` is false.  Only diagnostics at or above ``fail_on`` trigger
    the mode; milder ones (a deprecated event is a warning) are logged and the
    event is sent.  ``sample_rate`` checks only that fraction of events (drawn
    from ``rng``: pass ``random.Random(seed)`` for repeatable tests).
    ``quarantine`` (a callable, or a path to a JSON Lines file) is required in
    ``drop`` mode: dropping without keeping the event would lose it.
    """

    def __init__(
        self,
        check: EventCheck | None = None,
        *,
        mode: Mode | str = Mode.WARN,
        quarantine: Quarantine | str | os.PathLike[str] | None = None,
        on_violation: ViolationHook | None = None,
        sample_rate: float = 1.0,
        rng: random.Random | None = None,
        platform: str = DEFAULT_PLATFORM,
        serialisable: bool = True,
        fail_on: Severity | str = Severity.ERROR,
        logger: logging.Logger | None = None,
    ) -> None:
        self._mode = Mode(mode)
        if not 0.0 <= sample_rate <= 1.0:
            raise ValueError(f"sample_rate must be between 0 and 1, not {sample_rate!r}")
        self._quarantine = _as_quarantine(quarantine)
        if self._mode is Mode.DROP and self._quarantine is None:
            raise ValueError("drop mode needs a quarantine (a callable or a JSON Lines path)")
        self._check = check
        self._checks = _checks(check, serialisable)
        self._serialisable = serialisable
        # The plan check's verdict from plain values (EventChecker.accepts), when it has
        # one, and the same with the serialisability check's (FastPath.accepts_plain).
        checker = getattr(check, "__self__", None)
        accepts = getattr(checker, "accepts", None)
        self._accepts: Callable[..., bool] | None = accepts if callable(accepts) else None
        plain = getattr(getattr(checker, "fast_path", None), "accepts_plain", None)
        self._one_pass: Callable[..., bool] | None = (
            plain if callable(plain) and serialisable else None)
        self._on_violation = on_violation
        self._sample_rate = float(sample_rate)
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._platform = platform
        self._fail_on = Severity(fail_on)
        self._logger = logger or logging.getLogger(LOGGER_NAME)

    @classmethod
    def from_check(cls, check: EventCheck, **options: Any) -> Guard:
        """A guard around a ready-made event check.

        This is the seam for plan-aware constructors: ``Guard.from_plan(path,
        **options)`` builds the plan's event check and returns
        ``cls.from_check(check, **options)``.
        """
        return cls(check, **options)

    @classmethod
    def from_plan(cls, plan: str | os.PathLike[str] | Plan, **options: Any) -> Guard:
        """A guard that checks every event against a tracking plan (file or directory).

        The plan is loaded and its validators are built once, here; a plan that
        cannot be loaded raises :class:`TracklintError` at start-up, not per event,
        and so does a ``platform`` the plan does not have
        (:class:`~linter.plan.model.UnknownPlatformError`, with a did-you-mean).
        """
        from linter.plan.loader import load_plan
        from linter.validation.event_check import EventChecker

        loaded = plan if isinstance(plan, Plan) else load_plan(os.fspath(plan))
        loaded.require_platform(options.get("platform", DEFAULT_PLATFORM))
        return cls.from_check(EventChecker(loaded).check, **options)

    @property
    def check(self) -> EventCheck | None:
        return self._check

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def platform(self) -> str:
        return self._platform

    @property
    def sample_rate(self) -> float:
        return self._sample_rate

    @property
    def quarantine(self) -> Quarantine | None:
        return self._quarantine

    def __repr__(self) -> str:
        return (
            f"Guard(mode={self._mode.value!r}, platform={self._platform!r}, "
            f"sample_rate={self._sample_rate!r}, check={self._check!r})"
        )

    def observe(
        self,
        name: str | None,
        properties: Mapping[str, Any],
        *,
        user_id: Any = UNKNOWN,
        anonymous_id: Any = UNKNOWN,
        sdk: str | None = None,
        app_version: str | None = None,
        origin: Origin | None = None,
    ) -> EventObservation:
        """An observation of an event about to be sent from this guard's platform.

        Without an ``origin``, diagnostics point into the message ``sdk`` sends
        (``/properties/price``; Amplitude's ``/event_properties/price``).
        """
        return EventObservation(
            name=name,
            properties=properties,
            platform=self._platform,
            user_id=user_id,
            anonymous_id=anonymous_id,
            sdk=sdk,
            app_version=app_version,
            origin=origin or _WIRE_ORIGINS.get(sdk or "", _PROPERTIES_ORIGIN),
            property_origins=_NOTHING,  # shared, not two new dicts per event
            value_origins=_NOTHING,
        )

    def diagnose(self, observation: EventObservation) -> list[Diagnostic]:
        """Every diagnostic for ``observation``; no sampling, no policy, errors propagate."""
        return [d for check in self._checks for d in check(observation)]

    def admit(self, observation: EventObservation) -> bool:
        """Apply the policy to one event about to be sent; True means: send it.

        Raises :class:`TrackingViolation` in ``raise`` mode.  In the other modes it
        never raises: the worst outcome of a failure inside tracklint is an
        event sent unchecked, with the failure logged.
        """
        return self._apply(observation, _SENDING)

    def review(self, observation: EventObservation) -> None:
        """Apply the policy to an event that the caller builds but does not send.

        For :func:`~linter.runtime.decorator.tracked`: the event goes on whatever
        the guard says, so the log does not claim it was sent or dropped; in
        ``drop`` mode a copy goes to the quarantine.  ``raise`` mode raises.
        """
        self._apply(observation, _REVIEWING)

    def _apply(self, observation: EventObservation, outcomes: _Outcomes) -> bool:
        if not self._sampled():
            return True
        if self._valid(observation.name, observation.properties, observation.user_id,
                       observation.sdk):
            return True
        return self._admit_checked(observation, outcomes)

    def admit_event(
        self,
        name: str | None,
        properties: Mapping[str, Any],
        *,
        user_id: Any = UNKNOWN,
        anonymous_id: Any = UNKNOWN,
        sdk: str | None = None,
        app_version: str | None = None,
    ) -> bool:
        """:meth:`admit` for an event given as plain values: the path of instrumented clients.

        A valid event (nearly every one) is decided from the values themselves,
        building nothing: the TL212 check and the plan's compiled check run on
        the properties as they are.  Only an event with something to report
        becomes an observation and goes through :meth:`admit`'s policy.
        """
        if self._sample_rate < 1.0 and not self._sampled():
            return True
        one_pass = self._one_pass
        if one_pass is not None and type(name) is str and sdk not in SHAPE_STRICT_SDKS:
            try:  # _valid's answer, in one call: the plan's check and TL212's in one pass
                if one_pass(name, self._platform, properties, user_id, sdk):
                    return True
            except Exception:
                pass  # the full checks run, and report the failure as they do
        elif self._valid(name, properties, user_id, sdk):
            return True
        return self._admit_checked(self.observe(
            name, properties, user_id=user_id, anonymous_id=anonymous_id, sdk=sdk,
            app_version=app_version), _SENDING)

    # -- steps of admit() ----------------------------------------------------

    def _valid(self, name: str | None, properties: Mapping[str, Any], user_id: Any,
               sdk: str | None) -> bool:
        """True only when every check would find nothing; False: run them to see."""
        try:
            if self._serialisable:
                if self._check is None or sdk in SHAPE_STRICT_SDKS:
                    return is_plain_json(properties, sdk)
                one_pass = self._one_pass  # the plan's check and TL212's in one pass
                return (one_pass is not None and type(name) is str
                        and one_pass(name, self._platform, properties, user_id, sdk))
            if self._check is None:
                return True
            accepts = self._accepts
            return (accepts is not None and type(name) is str and type(properties) is dict
                    and accepts(name, self._platform, properties, user_id, sdk))
        except Exception:
            return False  # the full checks run, and report the failure as they do

    def _admit_checked(self, observation: EventObservation, outcomes: _Outcomes) -> bool:
        diagnostics = self._diagnose_safely(observation)
        if not diagnostics:
            return True
        self._notify(observation, diagnostics)
        if not any(d.severity.rank >= self._fail_on.rank for d in diagnostics):
            self._log(observation, diagnostics, outcomes.passed)
            return True
        return self._enforce(observation, diagnostics, outcomes)

    def _sampled(self) -> bool:
        if self._sample_rate >= 1.0:
            return True
        if self._sample_rate <= 0.0:
            return False
        # A shared (possibly seeded) Random: a lock keeps its sequence well defined.
        with self._rng_lock:
            return self._rng.random() < self._sample_rate

    def _diagnose_safely(self, observation: EventObservation) -> list[Diagnostic]:
        """Run each check, keeping what the others found when one of them fails."""
        found: list[Diagnostic] = []
        for check in self._checks:
            try:
                found.extend(check(observation))
            except Exception:
                if self._mode is Mode.RAISE:
                    raise
                self._logger.exception(
                    "checking event %s failed; it is sent unchecked",
                    describe_event(observation),
                )
        return found

    def _notify(self, observation: EventObservation, diagnostics: Sequence[Diagnostic]) -> None:
        if self._on_violation is None:
            return
        try:
            self._on_violation(observation, diagnostics)
        except Exception:
            self._logger.exception("the on_violation hook failed")

    def _enforce(
        self, observation: EventObservation, diagnostics: Sequence[Diagnostic], outcomes: _Outcomes
    ) -> bool:
        if self._mode is Mode.RAISE:
            raise TrackingViolation(observation, diagnostics)
        if self._mode is Mode.WARN:
            self._log(observation, diagnostics, outcomes.passed)
            return True
        return self._drop(observation, diagnostics, outcomes)

    def _drop(
        self, observation: EventObservation, diagnostics: Sequence[Diagnostic], outcomes: _Outcomes
    ) -> bool:
        assert self._quarantine is not None  # enforced by __init__
        try:
            self._quarantine(observation, diagnostics)
        except Exception:
            # Sending a bad event can be repaired later; losing it cannot.
            self._logger.exception(
                "could not quarantine event %s%s",
                describe_event(observation),
                "; it is sent instead" if outcomes is _SENDING else "",
            )
            return True
        self._log(observation, diagnostics, outcomes.held)
        return False

    def _log(
        self, observation: EventObservation, diagnostics: Sequence[Diagnostic], outcome: str | None
    ) -> None:
        if not self._logger.isEnabledFor(logging.WARNING):
            return
        self._logger.warning(
            "%s",
            summarise(observation, diagnostics, outcome),
            extra={
                "tracklint_event": observation.name,
                "tracklint_outcome": outcome or "reported",
                "tracklint_diagnostics": [d.to_dict() for d in diagnostics],
            },
        )


def check_serialisable(observation: EventObservation) -> list[Diagnostic]:
    """The plan-independent check every guard runs by default: TL212 for ``observation``."""
    return find_unserialisable(
        observation.properties,
        sdk=observation.sdk,
        pointer=observation.origin.pointer,
        event=observation.name,
        platform=observation.platform,
    )


def _checks(check: EventCheck | None, serialisable: bool) -> tuple[EventCheck, ...]:
    """The checks a guard runs, in order; decided once, not per event."""
    checks: list[EventCheck] = [check_serialisable] if serialisable else []
    if check is not None:
        checks.append(check)
    return tuple(checks)


def _as_quarantine(value: Quarantine | str | os.PathLike[str] | None) -> Quarantine | None:
    """A callable is used as is; a path (str or PathLike) becomes a JSON Lines file."""
    if value is None or callable(value):
        return value
    return JsonlQuarantine(value)


_NOTHING: Final[Mapping[str, Origin]] = MappingProxyType({})

_default_guard: Guard | None = None
_default_guard_lock: Final = threading.Lock()


def default_guard() -> Guard:
    """The guard used when none is given: the one set by :func:`set_default_guard`,
    else the project's configured plan in ``warn`` mode.

    The configured guard is built on first use, once per process, whichever
    thread gets there first (the others wait for it): see
    :func:`linter.runtime.configured.configured_guard`, which logs an error and
    falls back to the serialisability check alone when no plan can be loaded.
    """
    global _default_guard
    guard = _default_guard
    if guard is None:
        with _default_guard_lock:
            if _default_guard is None:
                from linter.runtime.configured import configured_guard

                _default_guard = configured_guard()
            guard = _default_guard
    return guard


def set_default_guard(guard: Guard | None) -> None:
    """Make ``guard`` the one instrumented clients and ``@tracked`` use by default.

    Instrumentation and decorators look the default up at each event, so a guard
    set after they were applied (say, once the plan is loaded) still takes effect.
    ``None`` forgets it: the configured plan is looked up again on the next event.
    """
    global _default_guard
    with _default_guard_lock:
        _default_guard = guard
