"""Ordering app versions, and finding the version since which a platform conforms.

Mobile apps stay installed for years, so a capture mixes events from many
releases.  To say "iOS conforms since 3.0.0" the versions must be ordered as
releases, not as text ("3.10.0" is newer than "3.9.2").  The comparator here is
deliberately small and forgiving, because apps send what they like:

* the leading dotted numbers are the release: ``3.10`` > ``3.9.2``; missing
  trailing parts are zeros, so ``3.0`` and ``3.0.0`` are the same release;
* a leading ``v`` is ignored (``v3.1.0``);
* anything after the numbers that starts with a letter, ``-`` or ``~`` is a
  pre-release and sorts *before* the release (``3.0.0-beta.2`` < ``3.0.0``),
  its dot-separated parts compared numerically where they are numbers;
* a build suffix (``+412``, `` (412)``, ``_412``) is ignored;
* a version with no leading number at all (``dev``, ``unknown``) sorts before
  every numbered one, alphabetically among its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, TypeAlias

_NUMBERS: Final = re.compile(r"\d+(?:\.\d+)*")
_PRE_RELEASE_START: Final = re.compile(r"[-~.]?([A-Za-z][0-9A-Za-z.\-]*)")
_PART_SPLIT: Final = re.compile(r"[.\-]")

# A pre-release identifier: numbers sort before words (as in SemVer), each by value.
_Identifier: TypeAlias = tuple[int, int, str]
VersionKey: TypeAlias = tuple[int, tuple[int, ...], int, tuple[_Identifier, ...], str]


@lru_cache(maxsize=4096)
def version_key(version: str) -> VersionKey:
    """A sort key that orders version strings as releases (see the module docstring).

    The key is ``(numbered, release numbers, is_release, pre-release parts,
    text)``; the text is a final tie-breaker so that two spellings of one
    release (``3.0`` and ``3.0.0``) still sort in a stable order.
    """
    text = version.strip()
    body = text[1:] if text[:1] in ("v", "V") and text[1:2].isdigit() else text
    numbers = _NUMBERS.match(body)
    if numbers is None:
        return (0, (), 0, ((1, 0, body.casefold()),), text)
    release = tuple(int(part) for part in numbers.group().split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    pre = _PRE_RELEASE_START.match(body, numbers.end())
    if pre is None:
        return (1, release, 1, (), text)
    parts = tuple(_identifier(part) for part in _PART_SPLIT.split(pre.group(1)) if part)
    return (1, release, 0, parts, text)


def _identifier(part: str) -> _Identifier:
    if part.isdigit():
        return (0, int(part), "")
    return (1, 0, part.casefold())


def compare_versions(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` is older than, the same release as, or newer than ``right``.

    Two spellings of one release (``3.0`` and ``3.0.0``) compare equal.
    """
    a, b = version_key(left)[:4], version_key(right)[:4]
    return (a > b) - (a < b)


def sort_versions(versions: Iterable[str], *, newest_first: bool = False) -> list[str]:
    """The versions ordered as releases, oldest first unless ``newest_first``."""
    return sorted(versions, key=version_key, reverse=newest_first)


@dataclass(frozen=True, slots=True)
class VersionRate:
    """Events of one app version, and how many of them conform to the plan."""

    version: str
    count: int
    conformant: int

    @property
    def rate(self) -> float:
        return self.conformant / self.count if self.count else 1.0


def conforms_since(rates: Sequence[VersionRate], threshold: float) -> str | None:
    """The oldest version from which every later version is at least ``threshold`` conformant.

    Versions are walked from the newest down; the answer is the last version
    reached before the first one below the threshold.  ``None`` means the newest
    version itself is below the threshold (the platform does not conform yet);
    when every version passes, the oldest version seen is returned.  The answer
    is only as good as the capture: a version with no events cannot break it.
    """
    ordered = sorted(rates, key=lambda item: version_key(item.version), reverse=True)
    since: str | None = None
    for item in ordered:
        if item.count and item.rate < threshold:
            break
        since = item.version
    return since
