"""``@tracked``: check the properties an application function builds for an event.

Many code bases build event properties in one function and send them from
another (a wrapper around the SDK, a task queue, a batch).  Decorating the
function that builds them checks the event where it is made, whatever sends it::

    @tracked("Order Completed")
    def order_completed_properties(order) -> dict:
        return {"order_id": order.id, "plan_type": order.plan}

    @tracked("Order Completed", properties="props", user_id="user")
    async def send_order_completed(user, props):
        ...

The first form checks the return value (after the call); the second checks an
argument (before the call, so that in ``raise`` mode nothing is sent).  The
function is always called and its result returned unchanged: the decorator
reports, it cannot stop what the function does (and its log lines do not claim
the event was sent).  In ``drop`` mode it therefore puts a copy of the event in
the quarantine while the function goes on; use instrumented clients to actually
hold events back.

Without ``guard=``, the project's configured plan is used (see
:mod:`linter.runtime.configured`), so ``@tracked("Order Completed")`` alone checks
the event against the same plan as ``tracklint check``.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec, TypeVar, cast

from linter.events import UNKNOWN
from linter.runtime.policy import LOGGER_NAME, Guard, Mode, default_guard

P = ParamSpec("P")
R = TypeVar("R")

_logger = logging.getLogger(LOGGER_NAME)


def tracked(
    event: str,
    *,
    properties: str | None = None,
    user_id: str | None = None,
    anonymous_id: str | None = None,
    guard: Guard | None = None,
    sdk: str | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Check event ``event`` built by the decorated function (sync or async).

    ``properties`` names the parameter holding the properties; without it the
    return value is checked.  ``user_id`` and ``anonymous_id`` name parameters
    holding the identity (left unknown otherwise, so no identity check fires).
    ``guard`` defaults to :func:`~linter.runtime.policy.default_guard`, looked
    up at each call: the one given to ``set_default_guard()``, else the plan the
    project configures (``[tool.tracklint] plan``, found from the current
    directory upward and loaded on the first call).  ``sdk`` names the SDK that
    will send the event, so that TL212 reports only what that SDK really loses,
    and diagnostics point where that SDK puts the properties
    (``/properties/price``; Amplitude: ``/event_properties/price``).
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        spec = _CallSpec(func, event, properties, user_id, anonymous_id, guard, sdk)
        if inspect.iscoroutinefunction(func):
            return cast(Callable[P, R], _async_wrapper(cast(Any, func), spec))
        return _sync_wrapper(func, spec)

    return decorate


def _sync_wrapper(func: Callable[P, R], spec: _CallSpec) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if spec.checks_argument:
            spec.review_arguments(args, kwargs)
            return func(*args, **kwargs)
        result = func(*args, **kwargs)
        spec.review_result(result, args, kwargs)
        return result

    return wrapper


def _async_wrapper(func: Callable[P, Awaitable[R]], spec: _CallSpec) -> Callable[P, Awaitable[R]]:
    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if spec.checks_argument:
            spec.review_arguments(args, kwargs)
            return await func(*args, **kwargs)
        result = await func(*args, **kwargs)
        spec.review_result(result, args, kwargs)
        return result

    return wrapper


class _CallSpec:
    """Everything about one decorated function that can be worked out once, up front."""

    __slots__ = (
        "_anonymous_param",
        "_event",
        "_guard",
        "_properties_param",
        "_sdk",
        "_signature",
        "_user_param",
        "checks_argument",
    )

    def __init__(
        self,
        func: Callable[..., Any],
        event: str,
        properties: str | None,
        user_id: str | None,
        anonymous_id: str | None,
        guard: Guard | None,
        sdk: str | None,
    ) -> None:
        self._event = event
        self._guard = guard
        self._sdk = sdk
        self._properties_param = properties
        self._user_param = user_id
        self._anonymous_param = anonymous_id
        self.checks_argument = properties is not None
        named = [p for p in (properties, user_id, anonymous_id) if p is not None]
        self._signature = inspect.signature(func) if named else None
        if self._signature is not None:
            missing = [p for p in named if p not in self._signature.parameters]
            if missing:
                raise TypeError(
                    f"@tracked({event!r}): {func.__qualname__}() has no parameter "
                    + ", ".join(repr(p) for p in missing)
                )

    def review_arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        arguments = self._bind(args, kwargs)
        if arguments is None:
            return  # the call itself is wrong; let the function raise its TypeError
        assert self._properties_param is not None
        self._review(arguments.get(self._properties_param), arguments)

    def review_result(self, result: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        arguments = self._bind(args, kwargs) if self._signature is not None else {}
        self._review(result, arguments or {})

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
        assert self._signature is not None
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError:
            return None
        bound.apply_defaults()
        return dict(bound.arguments)

    def _review(self, properties: object, arguments: Mapping[str, Any]) -> None:
        guard = self._guard or default_guard()
        if not isinstance(properties, Mapping):
            self._not_a_mapping(guard, properties)
            return
        observation = guard.observe(
            self._event,
            properties,
            user_id=arguments.get(self._user_param, UNKNOWN) if self._user_param else UNKNOWN,
            anonymous_id=(
                arguments.get(self._anonymous_param, UNKNOWN) if self._anonymous_param else UNKNOWN
            ),
            sdk=self._sdk,
        )
        guard.review(observation)

    def _not_a_mapping(self, guard: Guard, value: object) -> None:
        message = (
            f"@tracked({self._event!r}): the properties are a {type(value).__qualname__}, "
            "not a mapping; the event was not checked"
        )
        if guard.mode is Mode.RAISE:
            raise TypeError(message)
        _logger.warning("%s", message)
