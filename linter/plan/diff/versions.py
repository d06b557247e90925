"""Versions: the bump a set of changes needs, and whether the plan's declared version says so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from linter.plan.diff.model import Bump, PlanChange


def suggest_bump(changes: Iterable[PlanChange]) -> Bump:
    """The semver bump the changes call for: the largest one any change needs."""
    return max((change.bump for change in changes), key=lambda bump: bump.rank,
               default=Bump.NONE)


_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                     r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")

Version = tuple[int, int, int]


def parse_version(text: str | None) -> Version | None:
    """MAJOR.MINOR.PATCH of a semantic version; pre-release and build parts are ignored."""
    match = _SEMVER.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def declared_bump(old: Version, new: Version) -> Bump | None:
    """The bump from ``old`` to ``new``; ``None`` when the version went down."""
    if new == old:
        return Bump.NONE
    if new < old:
        return None
    if new[0] != old[0]:
        return Bump.MAJOR
    return Bump.MINOR if new[1] != old[1] else Bump.PATCH


def next_version(old: Version, bump: Bump) -> Version:
    if bump is Bump.MAJOR:
        return (old[0] + 1, 0, 0)
    if bump is Bump.MINOR:
        return (old[0], old[1] + 1, 0)
    if bump is Bump.PATCH:
        return (old[0], old[1], old[2] + 1)
    return old


@dataclass(frozen=True, slots=True)
class VersionVerdict:
    """Whether the declared version change is enough for the changes.

    ``required`` is the smallest bump CI accepts (only breaking changes require
    one); ``suggested`` is what semver recommends for all the changes;
    ``declared`` is the bump between the two declared versions (``None`` when a
    version is missing or went down); ``expected_version`` is the new version
    the suggestion leads to from the old one.
    """

    ok: bool
    suggested: Bump
    required: Bump
    declared: Bump | None
    old_version: str | None
    new_version: str | None
    expected_version: str | None
    message: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "suggested_bump": self.suggested.value,
            "required_bump": self.required.value,
            "declared_bump": None if self.declared is None else self.declared.value,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "expected_version": self.expected_version,
            "message": self.message,
            "notes": list(self.notes),
        }


def check_version(old_version: str | None, new_version: str | None,
                  changes: Sequence[PlanChange], *, old_exists: bool = True) -> VersionVerdict:
    """Hold the declared version change to the changes.

    Only breaking changes fail: they need a major bump.  While a plan is in
    initial development (``0.y.z``) semver promises nothing, and tracklint
    follows the usual reading (Cargo, npm's ``^``): the minor component then plays
    the role of the major one, so ``0.3.1 -> 0.4.0`` may carry breaking changes
    and ``0.3.1 -> 0.3.2`` may not.  A smaller bump than suggested for compatible
    changes is only noted.  ``old_exists`` is false when the old plan stands in,
    empty, for a plan that did not exist yet: it has no version to note.
    """
    suggested = suggest_bump(changes)
    breaking = sum(change.breaking for change in changes)
    old, new = parse_version(old_version), parse_version(new_version)
    initial = old is not None and old[0] == 0
    required = Bump.NONE if not breaking else (Bump.MINOR if initial else Bump.MAJOR)
    declared = None if old is None or new is None else declared_bump(old, new)
    ok = required is Bump.NONE or (declared is not None and declared.rank >= required.rank)
    target = Bump.MINOR if initial and suggested is Bump.MAJOR else suggested
    expected = None if old is None else _format_version(next_version(old, target))
    notes = _version_notes(old_version, new_version, old, new, declared, suggested, target,
                           old_exists)
    message = _verdict_message(ok, breaking, declared if ok else required, old_version,
                               new_version, expected)
    return VersionVerdict(ok, suggested, required, declared, old_version, new_version,
                          expected, message, tuple(notes))


def _version_notes(old_text: str | None, new_text: str | None, old: Version | None,
                   new: Version | None, declared: Bump | None, suggested: Bump,
                   target: Bump, old_exists: bool) -> list[str]:
    notes = []
    for side, text, parsed in (("old", old_text, old), ("new", new_text, new)):
        if parsed is None and (side == "new" or old_exists):
            notes.append(f"the {side} plan declares no semantic version"
                         + (f" ({text!r} is not MAJOR.MINOR.PATCH)" if text else "")
                         + "; add 'version: X.Y.Z' to the plan")
    if old is not None and new is not None and declared is None:
        notes.append(f"the version went down from {old_text} to {new_text}")
    elif declared is not None and declared.rank < target.rank:
        notes.append(f"the changes suggest a {suggested.value} bump, the declared version "
                     f"change is {declared.value if declared is not Bump.NONE else 'none'}")
    if old is not None and old[0] == 0 and suggested is Bump.MAJOR:
        notes.append("the plan is in initial development (0.y.z): a minor bump is enough "
                     "for breaking changes")
    return notes


def _verdict_message(ok: bool, breaking: int, bump: Bump | None, old_version: str | None,
                     new_version: str | None, expected: str | None) -> str:
    """``bump`` is the declared bump when ``ok``, else the required one."""
    if not breaking or bump is None:
        return "no breaking changes"
    count = f"{breaking} breaking change{'s' if breaking != 1 else ''}"
    if ok:
        return f"{count}, with a {bump.value} version bump ({old_version} -> {new_version})"
    if old_version is None or new_version is None:
        return (f"{count}, but the plan does not declare its version, so the "
                f"{bump.value} version bump they need cannot be checked")
    suggestion = f"; declare {expected}" if expected else ""
    return (f"{count} without a {bump.value} version bump ({old_version} -> "
            f"{new_version}){suggestion}")


def _format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)
