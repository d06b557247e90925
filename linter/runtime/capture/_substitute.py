"""Run an SDK's own method with a few of the object's attributes swapped.

Capturing reuses each SDK's message-building code instead of copying it: the
method runs on a stand-in that behaves like the real client except for the
attributes overridden (``send=False``, a recording storage), so the SDK builds
the exact message it would send and hands it to tracklint instead of the network.
"""

from __future__ import annotations

from typing import Any


class Substitute:
    """Looks up ``overrides`` first, then everything else on ``target``."""

    def __init__(self, target: object, **overrides: Any) -> None:
        self.__dict__.update(overrides)
        self.__dict__["_substitute_target"] = target

    def __getattr__(self, name: str) -> Any:  # only called for names not overridden
        return getattr(self.__dict__["_substitute_target"], name)
