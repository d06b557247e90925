"""The drift report as JSON: the findings as diagnostics, the tables under ``drift``.

``tracklint drift --output-format json`` prints the document every command
prints (``tool``, ``summary``, ``diagnostics``); the matrix, the property
drill-down and the app versions are its ``drift`` member,
:meth:`DriftReport.to_dict` with a ``schema_version``.  The document is strict
JSON (no ``NaN``), so any consumer can read it.
"""

from __future__ import annotations

import io
from typing import Any

from linter.drift.model import DriftReport

#: Bumped when a field changes meaning or disappears (adding fields does not bump it).
#: 2: the findings became diagnostics (TL4xx), outside the ``drift`` member.
SCHEMA_VERSION = 2


def drift_document(report: DriftReport) -> dict[str, Any]:
    """The report's tables as the ``drift`` member of the JSON output."""
    return {"schema_version": SCHEMA_VERSION, **report.to_dict()}


def render_json(report: DriftReport) -> str:
    """The whole JSON output of ``tracklint drift``, ending with a newline."""
    from linter.drift.render_text import drift_summary
    from linter.report.machine import JsonReporter

    stream = io.StringIO()
    JsonReporter(stream).report(report.findings, drift_summary(report))
    return stream.getvalue()
