"""What an importer hands to tracklint, and what an exporter hands back.

An import produces plan *data*: the same nested mappings a plan file holds
(``events: {name: {description: ..., properties: {...}}}``), in the order of the
source, so the writer only decides layout and the loader checks it like any
plan.  An export produces files (a path relative to ``--out`` and its text), so
the command decides where they go.  Both carry the diagnostics that say what the
other format could not hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from linter.diagnostics import Diagnostic

PlanData = dict[str, Any]


@dataclass
class ImportResult:
    """A plan read from another tool's format, and what did not fit in it."""

    data: PlanData
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One file of an export: where it goes (relative to ``--out``) and its text."""

    path: PurePosixPath
    text: str


@dataclass
class ExportResult:
    """The files of an export, and what the target format could not hold."""

    files: list[ExportedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """What a user may tell an importer: ``columns`` maps plan fields to the column names
    of a spreadsheet (``{"event": "Nome evento"}``), for headers no template uses."""

    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Settings a few formats need.

    ``previous`` is the last export (an Iglu registry folder), against which
    versions are bumped; ``vendor`` is the Iglu vendor (``com.acme``); ``name``
    names the tracking plan where the format has one (RudderStack), and
    ``source``, the plan's file or folder, names it otherwise.
    """

    previous: Path | None = None
    vendor: str | None = None
    name: str | None = None
    source: Path | None = None


class ExportSettingMissing(ValueError):
    """An export needs a setting the plan does not hold (the Iglu vendor): a usage error."""
