"""What a change is: :class:`PlanChange`, its classification and the version bump it calls for."""

from __future__ import annotations

import builtins
import enum
from dataclasses import dataclass
from typing import Any

from linter.plan.model import Scalar
from linter.plan.source import Position

Value = Scalar | tuple[Scalar, ...]


class Classification(str, enum.Enum):
    """Whether a change can break a sender or a consumer of the events."""

    BREAKING = "breaking"
    COMPATIBLE = "compatible"


class Bump(str, enum.Enum):
    """A semantic-version bump, ordered from nothing to major."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return _BUMP_RANK[self]


_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One difference between two plans, with what it means for the version.

    ``kind`` is a stable identifier (``type-changed``, ``enum-narrowed``...) for
    machines; ``message`` is the sentence for people.  ``property`` is a path for
    nested properties (``items[].price``, ``address.city``); ``event`` is ``None``
    for plan-level settings and global properties.  ``attribute`` names the plan
    key that changed (``minimum``, ``pattern``...), when there is one.
    ``position`` is where the element is in the new plan, or in the old one when
    it was removed.
    """

    kind: str
    classification: Classification
    bump: Bump
    message: str
    event: str | None = None
    property: str | None = None
    platform: str | None = None
    attribute: str | None = None
    old: Value = None
    new: Value = None
    position: Position | None = None

    @builtins.property  # the field 'property' shadows the builtin in this class body
    def breaking(self) -> bool:
        return self.classification is Classification.BREAKING

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: tuples become lists, the position is flattened."""
        return {
            "kind": self.kind,
            "classification": self.classification.value,
            "bump": self.bump.value,
            "event": self.event,
            "property": self.property,
            "platform": self.platform,
            "attribute": self.attribute,
            "old": list(self.old) if isinstance(self.old, tuple) else self.old,
            "new": list(self.new) if isinstance(self.new, tuple) else self.new,
            "message": self.message,
            "path": self.position.path if self.position else None,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
        }


def _breaking(kind: str, message: str, **fields: Any) -> PlanChange:
    return PlanChange(kind, Classification.BREAKING, Bump.MAJOR, message, **fields)


def _addition(kind: str, message: str, **fields: Any) -> PlanChange:
    """A compatible change to the contract itself: a minor release."""
    return PlanChange(kind, Classification.COMPATIBLE, Bump.MINOR, message, **fields)


def _informational(kind: str, message: str, **fields: Any) -> PlanChange:
    """Documentation only (descriptions, owners, tags): a patch release."""
    return PlanChange(kind, Classification.COMPATIBLE, Bump.PATCH, message, **fields)
