"""Helpers every importer uses to assemble a plan: names, platforms, events.

Importers differ in what they read, not in what they build: a
:class:`PlanBuilder` collects events (refusing a name twice, with both places),
the platforms they name, and plan-level settings, and hands back plan data in
the plan format, ready to be written and checked like a hand-written plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from linter.diagnostics import Diagnostic
from linter.interop.model import ImportResult, PlanData
from linter.interop.problems import INVALID, NOT_IMPORTED, Where, diagnostic
from linter.plan.build import DEFAULT_PLATFORMS

_NOT_NAME = re.compile(r"[^a-z0-9_-]+")
_TRUE = frozenset({"true", "yes", "y", "1", "x", "required", "✓", "✔"})
_FALSE = frozenset({"false", "no", "n", "0", "", "optional", "-"})


def platform_name(text: str) -> str | None:
    """A plan platform name for a vendor's source or platform label (``iOS`` -> ``ios``)."""
    name = _NOT_NAME.sub("-", text.strip().lower()).strip("-")
    if not name:
        return None
    return name if name[0].isalpha() else f"p-{name}"


def platform_names(values: Iterable[str]) -> list[str]:
    """Distinct platform names, in order, for a list of labels (empty ones skipped)."""
    return list(dict.fromkeys(name for value in values if (name := platform_name(value))))


def split_list(text: str, separator: str = ",") -> list[str]:
    """``"a, b,,c"`` as ``["a", "b", "c"]``."""
    return [part.strip() for part in text.split(separator) if part.strip()]


def parse_flag(text: str) -> bool | None:
    """A spreadsheet's yes/no cell as a boolean; ``None`` when it is neither."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def text_or_none(value: Any) -> str | None:
    """A description or name cell: stripped, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class PlanBuilder:
    """Collects the events of an import and assembles the plan data.

    The plan's platforms are tracklint's default ones (web, ios, android,
    server) and any other platform an event names; an event without a list of
    its own exists on all of them, as in a hand-written plan.
    """

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {}
        self.shared: dict[str, Any] = {}
        self.global_properties: dict[str, Any] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._where: dict[str, Where] = {}
        self._platforms: list[str] = []

    def add_event(self, name: str, definition: dict[str, Any], where: Where) -> bool:
        """Add an event; a name already added is reported (TL603) and the first one kept."""
        if name in self.events:
            first = self._where[name]
            self.diagnostics.append(diagnostic(
                INVALID, f"event '{name}' is defined twice: here and at "
                f"{first.path}:{first.line or 1}", where, event=name,
                hint="the first definition was imported; remove or rename the other one"))
            return False
        self.events[name] = definition
        self._where[name] = where
        self.note_platforms(definition.get("platforms") or ())
        return True

    def note_platforms(self, platforms: Iterable[str]) -> None:
        for platform in platforms:
            if platform not in self._platforms:
                self._platforms.append(platform)

    def skip(self, message: str, where: Where, event: str | None = None) -> None:
        """Report a part of the source that has no place in the plan (TL605)."""
        self.diagnostics.append(diagnostic(NOT_IMPORTED, message, where, event=event))

    def result(self) -> ImportResult:
        data: PlanData = {}
        for key in ("version", "description"):
            if key in self.settings:
                data[key] = self.settings[key]
        platforms = [*DEFAULT_PLATFORMS, *(p for p in self._platforms
                                           if p not in DEFAULT_PLATFORMS)]
        if len(platforms) > len(DEFAULT_PLATFORMS):
            data["platforms"] = platforms
        for event in self.events.values():
            if set(event.get("platforms") or ()) == set(platforms):
                del event["platforms"]
        data.update((k, v) for k, v in self.settings.items() if k not in data)
        if self.global_properties:
            data["global_properties"] = self.global_properties
        if self.shared:
            data["properties"] = self.shared
        data["events"] = self.events
        return ImportResult(data, self.diagnostics)
