"""The guard for events given none: the project's own plan, found as the commands find it.

``@tracked("Order Completed")`` and ``instrument(client)`` without ``guard=`` use
:func:`~linter.runtime.policy.default_guard`.  Until the application sets one
(:func:`~linter.runtime.policy.set_default_guard`), it is built here, on the first
event: the configuration is found from the current directory upward
(``[tool.tracklint]`` in pyproject.toml, or a tracklint.toml), its ``plan`` is
loaded and compiled, and events are checked for its ``platform`` in ``warn`` mode.

An application must not go down because its tracking plan is missing from a
deployment: a plan that cannot be found or loaded is logged once, as an error that
says what to do, and events are then checked only for values the SDKs cannot send
(TL212), which needs no plan.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from linter.config import NO_PLAN_HELP, find_plan, load_config
from linter.diagnostics import Diagnostic, TracklintError
from linter.runtime.policy import LOGGER_NAME, Guard

_FALLBACK = "so events are checked only for values the SDKs cannot send (TL212)"
_SET_IT_IN_CODE = (
    "or call linter.set_default_guard(linter.Guard.from_plan(PATH)) at start-up, "
    "or pass guard= to @tracked and instrument()"
)


@dataclass(frozen=True, slots=True)
class ConfiguredPlan:
    """The plan a project configures, the platform its code sends as, and where it was set."""

    plan: Path
    platform: str
    config_file: Path | None


class NoPlanConfigured(TracklintError):
    """No configuration names a plan, and no conventionally named plan is there."""


def configured_plan(start: Path) -> ConfiguredPlan:
    """The plan that applies at ``start``, as every command finds it.

    Raises :class:`NoPlanConfigured` when there is none, and
    :class:`~linter.diagnostics.TracklintError` for a configuration that cannot be read.
    """
    config = load_config(start)
    plan = find_plan(config, start)
    if plan is None:
        raise NoPlanConfigured(
            f"no tracking plan found (no [tool.tracklint] plan setting from {start} upward, "
            f"and no tracking-plan file or folder there)"
        )
    return ConfiguredPlan(plan=plan, platform=config.platform, config_file=config.source)


def configured_guard(start: Path | None = None, *, logger: logging.Logger | None = None) -> Guard:
    """A ``warn``-mode guard for the project's configured plan; never raises.

    When the plan cannot be found or loaded, ``logger`` (the ``tracklint`` logger)
    gets one error naming the problem and what to do, and the guard returned checks
    serialisability alone.
    """
    log = logger or logging.getLogger(LOGGER_NAME)
    folder = start or Path.cwd()
    try:
        found = configured_plan(folder)
        guard = Guard.from_plan(found.plan, platform=found.platform, logger=logger)
    except TracklintError as error:
        log.error("%s", _cannot_check(error))
        return Guard(logger=logger)
    except Exception:
        log.exception("loading the tracking plan failed, %s", _FALLBACK)
        return Guard(logger=logger)
    log.debug(
        "checking events against %s for the %s platform", found.plan, found.platform
    )
    return guard


def _cannot_check(error: TracklintError) -> str:
    """What went wrong, what happens now, and what to do, for the one error logged."""
    if isinstance(error, NoPlanConfigured):
        return f"{error.message}, {_FALLBACK}: {NO_PLAN_HELP}, {_SET_IT_IN_CODE}"
    problems = "".join(f"\n  {_describe(d)}" for d in error.diagnostics) or f" {error.message}"
    return f"the tracking plan cannot be loaded, {_FALLBACK}; fix it and restart:{problems}"


def _describe(diagnostic: Diagnostic) -> str:
    hint = f" ({diagnostic.hint})" if diagnostic.hint else ""
    return f"{diagnostic.location}: {diagnostic.code} {diagnostic.message}{hint}"
