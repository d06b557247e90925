"""The static checker's public data: what callers configure and what they get back.

Everything here is a frozen, slotted dataclass of plain values (tuples, dicts,
strings, :class:`~linter.events.Origin`), so results pickle across processes and
can be cached by file content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from linter.diagnostics import Diagnostic
from linter.events import EventObservation, Origin

KWARGS: Final = "**kwargs"


@dataclass(frozen=True, slots=True)
class WrapperSpec:
    """A project helper that sends events, as configured by the user.

    ``event``, ``properties``, ``identity`` and ``anonymous`` say which argument carries
    each role: an ``int`` is a position among the call's positional arguments (not
    counting ``self``), a ``str`` the parameter name (matched whether passed by
    keyword or, when the function is in the project, by position).  ``properties``
    may be :data:`KWARGS`: the call's extra keyword arguments are the properties
    (``track_event(user, "Sign Up", plan="pro")``).
    """

    qualified_name: str
    event: int | str | None
    properties: int | str | None = None
    identity: int | str | None = None
    anonymous: int | str | None = None


@dataclass(frozen=True, slots=True)
class FixedProperty:
    """A property a wrapper adds to every event it sends (``{**props, "source": "api"}``)."""

    key: str
    value: Any
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class FixedEvent:
    """An event name a helper sends itself (``def signed_up(u): track(u, "Signed Up")``),
    or the default of its event parameter; ``origin`` is the literal's place."""

    value: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class InferredWrapper:
    """A project function recognised as a wrapper because it forwards its parameters.

    ``spec`` names the parameters that carry each role; ``via`` is what it forwards
    to (an SDK method such as ``mixpanel.Mixpanel.track`` or another wrapper);
    ``origin`` is the ``def`` and ``call_origin`` the forwarding call; ``depth`` is 1
    for a function that calls an SDK itself, 2 for one that calls such a wrapper...
    A *fixed-event helper* names its event itself: ``fixed_event`` is that name and
    ``spec.event`` is None; each of its calls is a tracking site.
    """

    qualified_name: str
    spec: WrapperSpec
    sdk: str
    via: str
    origin: Origin
    call_origin: Origin
    depth: int = 1
    fixed_properties: tuple[FixedProperty, ...] = ()
    properties_complete: bool = True
    fixed_event: FixedEvent | None = None
    # The event parameter takes a whole event object: an SDK's (Amplitude's BaseEvent),
    # or one of the project's, named by this attribute (``event.name``).
    event_object: bool = False
    event_attribute: str | None = None
    # The event is text built from parameters (``f"backend:{noun}:{verb}"``): text
    # parts, and parameter names (``True``).
    event_template: tuple[tuple[str, bool], ...] | None = None


def template_text(template: Sequence[tuple[str, bool]]) -> str:
    """A name built from parameters, as the f-string that builds it: ``f"a:{verb}"``."""
    return 'f"' + "".join("{" + value + "}" if is_param else _braces_doubled(value)
                          for value, is_param in template) + '"'


def pattern_text(parts: Iterable[str | None]) -> str:
    """A name pattern from its parts: ``{}`` for each part not known, braces of the known
    text doubled (``backend:{}``)."""
    return "".join("{}" if part is None else _braces_doubled(part) for part in parts)


def _braces_doubled(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True, slots=True)
class CallSite:
    """One tracking call found in code, with everything known statically about it.

    ``sdk`` is an SDK constant of :mod:`linter.sdks` or ``"wrapper"``; ``method`` is
    what was called (``mixpanel.Mixpanel.track``, or the wrapper's qualified name).
    ``properties_known`` is false when the properties argument could not be read
    at all (the observation then has no properties and ``keys_complete`` false).
    ``inside_wrapper`` names the wrapper whose body this call is, when the call only
    forwards that wrapper's parameters (its calls are checked at their call sites);
    ``forwards_for`` names the function whose event parameter the call passes on,
    wrapper or not, so the reading holds whichever functions turn out to be wrappers.
    ``helper`` names the fixed-event helper a call calls: the helper's own body is
    where its event name (and what it sends itself) is checked, so the call site is
    checked only for what its arguments add.
    ``value_types`` names the type of property values that are known not to be
    JSON values (``set``, ``datetime``, ``Decimal``, ``UUID``, ``bytes``...).

    Lines and columns (here and in every :class:`~linter.events.Origin`) are 1-based
    and count characters; ``end_column`` is one past the last character, as for an
    :class:`~linter.diagnostics.Edit`.  The observation's ``name_origin`` spans the
    whole event-name literal, quotes and prefix included, so a fix replaces it with
    a new literal.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    sdk: str
    method: str
    observation: EventObservation
    wrapper: str | None = None
    wrapper_inferred: bool = False
    properties_known: bool = True
    inside_wrapper: str | None = None
    value_types: Mapping[str, str] = field(default_factory=dict)
    helper: str | None = None
    forwards_for: str | None = None

    @property
    def name_is_dynamic(self) -> bool:
        return self.observation.name is None


@dataclass(frozen=True, slots=True)
class LooseCall:
    """A call named like a tracking call that nothing resolved (what one file says of it).

    ``callee`` is the code called (``self.analytics.event``), ``method`` its last name;
    ``keys`` the qualified names it was resolved to, all outside the project and
    none an SDK tracking call (empty when the receiver's type is unknown);
    ``event_at`` where the event seems to be passed: the position of the first
    string literal, or the keyword ``event``/``event_name``/``name``, or None.
    Whether it looks like tracking is decided for the whole project
    (:mod:`linter.static.unresolved`).
    """

    path: str
    line: int
    column: int
    callee: str
    method: str
    keys: tuple[str, ...] = ()
    event_at: int | str | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """The calls found in one file, or the diagnostics saying why it could not be read.

    ``resolved`` tells whether libcst metadata was computed for the file: the
    prefilter skips it for files that cannot contain a tracking call.  ``loose``
    holds the calls named like tracking calls that could not be resolved.
    """

    calls: tuple[CallSite, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    path: str = ""
    resolved: bool = False
    loose: tuple[LooseCall, ...] = ()
