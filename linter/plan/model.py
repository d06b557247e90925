"""The tracking plan as an immutable, typed model.

Every other part of tracklint reads the plan through these classes and never
through raw YAML dicts, so the plan format can grow (or be read from another
source) without touching the checkers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from linter.diagnostics import TracklintError
from linter.plan.source import Position
from linter.rules import RULES
from linter.text.naming import hint_for

PropertyType = Literal["string", "integer", "number", "boolean", "datetime", "array", "object",
                       "any"]
Identity = Literal["required", "optional"]
Status = Literal["active", "deprecated", "removed"]
Scalar = str | int | float | bool | None

NO_POSITION = Position("<plan>", 1, 1)


def frozen_mapping(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(data))


@dataclass(frozen=True, slots=True)
class Property:
    """A property definition, as used by one event (or a shared definition).

    ``required_on`` is the set of platforms on which the property is required
    (empty: optional everywhere); ``platforms`` limits the platforms on which the
    property exists at all (``None``: every platform of its event).
    ``examples`` and ``extensions`` (the ``x-`` keys) document the property and
    never change what is valid, so they take no part in comparisons.
    """

    name: str
    type: PropertyType = "any"
    description: str | None = None
    required_on: frozenset[str] = frozenset()
    nullable: bool = False
    enum: tuple[Scalar, ...] | None = None
    pattern: str | None = None
    format: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    items: Property | None = None
    properties: tuple[Property, ...] = ()
    additional_properties: bool | None = None
    platforms: frozenset[str] | None = None
    deprecated: bool = False
    ref: str | None = None
    raw_schema_json: str | None = None
    examples: tuple[Any, ...] = field(default=(), compare=False, hash=False)
    extensions: Mapping[str, Any] = field(default_factory=lambda: frozen_mapping({}),
                                          compare=False, hash=False)
    position: Position = NO_POSITION

    @property
    def raw_schema(self) -> dict[str, Any] | None:
        """The escape-hatch JSON Schema fragment, as a fresh dict (the model stays immutable)."""
        return None if self.raw_schema_json is None else dict(json.loads(self.raw_schema_json))

    def is_required(self, platform: str) -> bool:
        return platform in self.required_on

    def applies_to(self, platform: str) -> bool:
        return self.platforms is None or platform in self.platforms

    def child(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)


@dataclass(frozen=True, slots=True)
class Event:
    """One event of the plan.  ``category`` groups events for people (and files);
    ``extensions`` are the event's ``x-`` keys, kept for the tools that wrote them."""

    name: str
    description: str | None = None
    owner: str | None = None
    platforms: tuple[str, ...] = ()
    identity: Identity = "optional"
    status: Status = "active"
    replaced_by: str | None = None
    properties: tuple[Property, ...] = ()
    additional_properties: bool = False
    tags: tuple[str, ...] = ()
    category: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=lambda: frozen_mapping({}),
                                          compare=False, hash=False)
    position: Position = NO_POSITION

    def property(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)

    def planned_for(self, platform: str) -> bool:
        return platform in self.platforms


@dataclass(frozen=True, slots=True)
class Naming:
    events: str | None = None
    properties: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A whole tracking plan, merged from one or more files."""

    version: str | None = None
    platforms: tuple[str, ...] = ()
    additional_properties: bool = False
    naming: Naming = field(default_factory=Naming)
    shared_properties: Mapping[str, Property] = field(default_factory=lambda: frozen_mapping({}))
    global_properties: tuple[Property, ...] = ()
    events: Mapping[str, Event] = field(default_factory=lambda: frozen_mapping({}))
    description: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=lambda: frozen_mapping({}))
    sources: tuple[str, ...] = ()
    # Where plan-level settings are defined, for plan lint diagnostics.
    positions: Mapping[str, Position] = field(default_factory=lambda: frozen_mapping({}))

    def event(self, name: str) -> Event | None:
        return self.events.get(name)

    def properties_for(self, event: Event, platform: str) -> tuple[Property, ...]:
        """The properties an event may carry on a platform: its own plus the global ones."""
        own = [p for p in event.properties if p.applies_to(platform)]
        names = {p.name for p in own}
        extra = [p for p in self.global_properties
                 if p.applies_to(platform) and p.name not in names]
        return (*own, *extra)

    def known_platforms(self) -> tuple[str, ...]:
        """The plan's platforms; for a plan built without a list, the ones its events name."""
        if self.platforms:
            return self.platforms
        named = {platform for event in self.events.values() for platform in event.platforms}
        return tuple(sorted(named))

    def require_platform(self, platform: str, *, given_as: str = "platform") -> str:
        """``platform`` itself when it is one of the plan's platforms.

        Otherwise :class:`UnknownPlatformError`, with a did-you-mean: a platform the
        plan does not know would make every event "not planned for this platform"
        (TL202), which hides the real mistake.  ``given_as`` names what the caller
        was given (``"--platform"``, ``"platform"``) so the message speaks its words.
        """
        known = self.known_platforms()
        if platform in known or not known:
            return platform
        raise UnknownPlatformError(self, platform, given_as)

    def position_of(self, key: str) -> Position:
        return self.positions.get(key, Position(self.sources[0] if self.sources else "<plan>",
                                                1, 1))


class UnknownPlatformError(TracklintError, ValueError):
    """A platform that is not one of the plan's platforms was asked for.

    A :class:`~linter.diagnostics.TracklintError` (a command stops with exit code 2)
    and a :class:`ValueError` (a library call was given a bad argument).  Its one
    diagnostic (TL114) points at the plan's ``platforms`` list.
    """

    def __init__(self, plan: Plan, platform: str, given_as: str) -> None:
        known = plan.known_platforms()
        message = (f"{given_as} '{platform}' is not one of the plan's platforms: "
                   f"{', '.join(known)}")
        hint = hint_for(platform, known) or (
            f"use one of them, or add '{platform}' to the plan's platforms")
        where = plan.position_of("platforms")
        diagnostic = RULES["TL114"].diagnostic(message, hint=hint, path=where.path,
                                                line=where.line, column=where.column)
        super().__init__(f"{message} ({hint})", [diagnostic])
        self.platform = platform
        self.known = known
