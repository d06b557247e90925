"""Reporters: one small class per output format, chosen by name."""

from __future__ import annotations

from linter.report.base import Reporter, RunSummary, use_color
from linter.report.machine import GithubReporter, JsonReporter, JunitReporter
from linter.report.sarif import SarifReporter
from linter.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter
    for reporter in (TextReporter, JsonReporter, SarifReporter, GithubReporter, JunitReporter)
}

__all__ = ["REPORTERS", "Reporter", "RunSummary", "use_color"]
