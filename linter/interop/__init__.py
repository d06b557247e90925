"""Importing tracking plans from the tools teams already use, and exporting to them.

``import_plan`` reads a Segment Protocols export, a Mixpanel Lexicon schema
list, an Amplitude Data CSV, an Iglu registry folder, a RudderStack project, a
spreadsheet or JSON Schema documents into plan data; ``export_plan`` writes a
plan in one of those formats.  Both say, as TL6xx diagnostics, what the other
format could not hold.  The command line (``tracklint plan import`` and ``plan
export --format``) is a thin layer over these two functions.
"""

from __future__ import annotations

from pathlib import Path

from linter.interop.model import (
    ExportOptions,
    ExportResult,
    ExportSettingMissing,
    ImportResult,
    ImportSettings,
)
from linter.interop.problems import UNREADABLE, Where, failure
from linter.interop.registry import FORMATS, Format, detect_format, format_named
from linter.plan.model import Plan


def import_plan(source: Path, format_name: str | None = None, display: str | None = None,
                settings: ImportSettings | None = None) -> tuple[Format, ImportResult]:
    """Read ``source`` (a file or folder) as ``format_name``, or as the format it looks like."""
    shown = display or str(source)
    if not source.exists():
        raise failure(UNREADABLE, "no such file or directory", Where(shown),
                      "check the path of the file exported from the other tool")
    chosen = format_named(format_name) if format_name else detect_format(source, shown)
    assert chosen.read is not None  # format_named and detect_format return readable formats
    return chosen, chosen.read(source, shown, settings or ImportSettings())


def export_plan(plan: Plan, format_name: str,
                options: ExportOptions | None = None) -> tuple[Format, ExportResult]:
    """``plan`` in the format called ``format_name``: its files and what it could not hold."""
    chosen = format_named(format_name, for_export=True)
    assert chosen.export is not None
    return chosen, chosen.export(plan, options or ExportOptions())


__all__ = ["FORMATS", "ExportOptions", "ExportResult", "ExportSettingMissing", "Format",
           "ImportResult", "ImportSettings", "export_plan", "import_plan"]
