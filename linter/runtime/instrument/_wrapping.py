"""Putting a guard in front of an SDK method, and taking it away again.

An SDK method (``Mixpanel.track``, ``segment.analytics.track``...) is replaced
by a wrapper on the one object instrumented: an attribute of that instance (or
module), never the SDK class, so other clients and other tests are untouched,
and deleting the attribute restores the original.  The wrapper reads the call's
arguments with the SDK's own parameter names (an *extractor*), asks the guard,
and then calls the original with the arguments exactly as given.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, TypeAlias

from linter.runtime.policy import LOGGER_NAME, Guard, default_guard

_MARKER: Final = "__tracklint_binding__"
_logger = logging.getLogger(LOGGER_NAME)

# Set while an instrumented method runs: a call it makes to another instrumented
# method (posthog.capture -> default_client.capture) is the same event, checked once.
_inside_instrumented_call: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tracklint_inside_instrumented_call", default=False
)


class Call(NamedTuple):
    """The event one SDK call is about to send, read from the call's arguments.

    A tuple, not a frozen dataclass: one is made for every call an instrumented
    client makes, and a tuple costs a fraction of the time to build.
    """

    name: str | None
    properties: Mapping[str, Any]
    user_id: Any = None
    anonymous_id: Any = None
    app_version: str | None = None


Extractor: TypeAlias = Callable[[tuple[Any, ...], dict[str, Any]], "Call | None"]
"""Reads one call's ``(args, kwargs)``; None means "not a product event, do not check"."""


@dataclass(frozen=True, slots=True)
class SdkSupport:
    """How tracklint instruments one SDK: which objects, which methods, what "dropped" returns."""

    sdk: str
    matches: Callable[[object], bool]
    methods: Mapping[str, Extractor]
    dropped: Any = None
    description: str = field(default="", compare=False)


@dataclass(slots=True)
class _Binding:
    """State of one instrumented method; ``guard`` is swapped when instrumented again."""

    guard: Guard | None
    original: Callable[..., Any]
    had_own_attribute: bool


def wrap(
    target: object, method: str, extract: Extractor, guard: Guard | None, support: SdkSupport
) -> None:
    """Instrument ``target.method``; instrumenting again only replaces the guard."""
    current = getattr(target, method)
    binding = binding_of(current)
    if binding is not None:
        binding.guard = guard
        return
    own = method in getattr(target, "__dict__", {})
    binding = _Binding(guard=guard, original=current, had_own_attribute=own)
    setattr(target, method, _make_wrapper(binding, extract, support))


def unwrap(target: object, method: str) -> bool:
    """Restore ``target.method``; False when it was not instrumented."""
    binding = binding_of(getattr(target, method, None))
    if binding is None:
        return False
    if binding.had_own_attribute:
        setattr(target, method, binding.original)
    else:
        delattr(target, method)  # the class's method shows through again
    return True


def binding_of(method: object) -> _Binding | None:
    binding = getattr(method, _MARKER, None)
    return binding if isinstance(binding, _Binding) else None


def _make_wrapper(binding: _Binding, extract: Extractor, support: SdkSupport) -> Callable[..., Any]:
    original = binding.original

    @functools.wraps(original)
    def instrumented(*args: Any, **kwargs: Any) -> Any:
        if _inside_instrumented_call.get():
            return original(*args, **kwargs)
        if not _admit(binding, extract, support, args, kwargs):
            return support.dropped
        token = _inside_instrumented_call.set(True)
        try:
            return original(*args, **kwargs)
        finally:
            _inside_instrumented_call.reset(token)

    setattr(instrumented, _MARKER, binding)
    return instrumented


def _admit(
    binding: _Binding,
    extract: Extractor,
    support: SdkSupport,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> bool:
    """Ask the guard about one call; True means: call the SDK."""
    guard = binding.guard or default_guard()
    try:
        call = extract(args, kwargs)
    except Exception:
        # A bug in reading the call is tracklint's, never the event's: send it.
        _logger.exception("could not read a %s call; it is sent unchecked", support.sdk)
        return True
    if call is None or is_system_event(call.name):
        return True
    return guard.admit_event(
        call.name,
        call.properties,
        user_id=call.user_id,
        anonymous_id=call.anonymous_id,
        sdk=support.sdk,
        app_version=call.app_version,
    )


def is_system_event(name: str | None) -> bool:
    """SDK-internal events (``$identify``, ``$exception``, ``$experiment_started``...).

    Mixpanel, PostHog and Amplitude reserve the ``$`` prefix for events their
    SDKs send by themselves; they are not part of a product's tracking plan.
    """
    return isinstance(name, str) and name.startswith("$")


def as_properties(value: object) -> Mapping[str, Any] | None:
    """A properties argument as a mapping; None when it is not one (the SDK will object)."""
    if value is None:
        return {}
    if type(value) is dict:  # the usual argument, without the ABC check below
        return value
    return value if isinstance(value, Mapping) else None


def from_signature(reader: Callable[..., Call | None]) -> Extractor:
    """An extractor from a function declared with the SDK method's own parameters.

    Python binds the call's arguments to the parameter names, exactly as the SDK
    will; a call that does not fit (a ``TypeError``) is not checked, and the SDK
    raises its own error for it.
    """

    def extract(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call | None:
        try:
            return reader(*args, **kwargs)
        except TypeError:
            return None

    return extract
