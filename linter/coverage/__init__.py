"""Plan coverage (``tracklint coverage``): which planned events the code and the apps send.

:mod:`~linter.coverage.model` counts, :mod:`~linter.coverage.findings` turns
what a team should look at into TL5xx diagnostics, and
:mod:`~linter.coverage.render` renders the coverage table around them.
"""

from __future__ import annotations

from linter.coverage.findings import below_threshold, coverage_findings
from linter.coverage.model import (
    CaptureCoverage,
    CoverageReport,
    DynamicCall,
    EventUse,
    PlatformCoverage,
    VersionCount,
    call_sites,
    code_coverage,
    coverage_report,
    planned_events,
)
from linter.coverage.render import coverage_section, coverage_summary, render_text

__all__ = [
    "CaptureCoverage",
    "CoverageReport",
    "DynamicCall",
    "EventUse",
    "PlatformCoverage",
    "VersionCount",
    "below_threshold",
    "call_sites",
    "code_coverage",
    "coverage_findings",
    "coverage_report",
    "coverage_section",
    "coverage_summary",
    "planned_events",
    "render_text",
]
