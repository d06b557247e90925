"""What tracklint checks against the plan: one event, as seen in code or in a payload.

The static checker builds an :class:`EventObservation` from a call site (values it
cannot know statically are :data:`UNKNOWN`); runtime validation and batch
validation build one from a real payload.  Both hand it to the same event checker,
which is why a wrong property gets the same code and message wherever it is found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final


class _Unknown:
    """The type of :data:`UNKNOWN`: a value that exists but cannot be known statically."""

    __slots__ = ()
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an event, or one of its values, was found.

    ``pointer`` is a JSON Pointer into the record (for a payload) whose property
    values live at ``pointer + "/" + key``; for source code it is empty.
    """

    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    pointer: str = ""
    source_line: str | None = None


@dataclass(frozen=True, slots=True)
class EventObservation:
    """One event to check: its name, properties and identity on one platform.

    ``properties`` maps each known key to its value, or to :data:`UNKNOWN` when only
    the key is known.  ``keys_complete`` is false when more keys may be present than
    the ones listed (``**extra`` in code): a missing-property check needs it true.
    ``user_id`` is the identified user's id (``None`` or ``""`` when missing,
    :data:`UNKNOWN` when not known statically); ``anonymous_id`` likewise.
    """

    name: str | None
    properties: Mapping[str, Any]
    platform: str
    keys_complete: bool = True
    user_id: Any = UNKNOWN
    anonymous_id: Any = UNKNOWN
    sdk: str | None = None
    app_version: str | None = None
    name_source: str | None = None
    # When the name is computed but partly known (static checker): a format string with
    # ``{}`` for each part computed at run time (``f"backend:{noun}"``: ``backend:{}``).
    name_pattern: str | None = None
    # When the name is a parameter annotated ``Literal["A", "B"]`` (static checker): the
    # names it may be, each with where its literal is.
    name_choices: tuple[tuple[str, Origin], ...] = ()
    origin: Origin = field(default_factory=Origin)
    property_origins: Mapping[str, Origin] = field(default_factory=dict)
    # Where each known value is (static checker: the literal), for precise carets and fixes.
    value_origins: Mapping[str, Origin] = field(default_factory=dict)
    # Where the event name is at the call (static checker: the literal, or the expression
    # naming a constant), and where that constant's literal is defined, for notes and fixes.
    name_origin: Origin | None = None
    name_definition: Origin | None = None
    identity_origin: Origin | None = None
