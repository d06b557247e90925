"""The inferred plan: plain values between the evidence and the YAML text.

These mirror the plan format closely (one field per YAML key) so that
:mod:`linter.infer.emit` only decides layout, quoting and comments, and tests
can inspect what was inferred without parsing YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: ``required``: ``False`` (optional), ``True`` (on every platform of the event) or the
#: platforms on which the property is required.
Required = bool | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InferredProperty:
    """One property definition; ``ref`` names a shared definition that holds the type.

    ``schema`` is the plan's escape hatch (a raw JSON Schema fragment), used
    for values of several types; ``comments`` become YAML comments above it.
    """

    name: str
    type: str = "any"
    ref: str | None = None
    required: Required = False
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    items: InferredProperty | None = None
    properties: tuple[InferredProperty, ...] = ()
    additional_properties: bool | None = None
    schema: Mapping[str, Any] | None = None
    comments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InferredEvent:
    """One event; ``platforms`` is ``None`` when it was seen on every platform of the plan."""

    name: str
    description: str
    platforms: tuple[str, ...] | None = None
    properties: tuple[InferredProperty, ...] = ()
    additional_properties: bool | None = None
    comments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Naming:
    """Conventions every inferred name follows (``None``: the names do not agree)."""

    events: str | None = None
    properties: str | None = None


@dataclass(frozen=True, slots=True)
class InferredPlan:
    """A whole starting plan, with the comments that go at the top of the file."""

    events: tuple[InferredEvent, ...]
    platforms: tuple[str, ...]
    shared: tuple[InferredProperty, ...] = ()
    naming: Naming = Naming()
    version: str = "0.1.0"
    description: str | None = None
    comments: tuple[str, ...] = ()

    def event(self, name: str) -> InferredEvent | None:
        return next((e for e in self.events if e.name == name), None)

    def shared_property(self, name: str) -> InferredProperty | None:
        return next((p for p in self.shared if p.name == name), None)


__all__ = ["InferredEvent", "InferredPlan", "InferredProperty", "Naming", "Required"]
