"""The drift report as JSON: :meth:`DriftReport.to_dict`, one stable document.

The document is strict JSON (no ``NaN``), so any consumer can read it; its
top-level ``drift`` is the same verdict as the exit code.
"""

from __future__ import annotations

import json

from linter.drift.model import DriftReport

#: Bumped when a field changes meaning or disappears (adding fields does not bump it).
SCHEMA_VERSION = 1


def render_json(report: DriftReport, *, indent: int | None = 2) -> str:
    """The report as a JSON document, ending with a newline."""
    document = {"schema_version": SCHEMA_VERSION, **report.to_dict()}
    return json.dumps(document, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"
