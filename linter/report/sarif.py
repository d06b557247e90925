"""SARIF 2.1.0, the format GitHub code scanning and other analysis platforms read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linter import __version__
from linter.diagnostics import Diagnostic, Related, Severity
from linter.jsontypes import json_text
from linter.report.base import Reporter, RunSummary
from linter.rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReporter(Reporter):
    name = "sarif"

    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        codes = sorted({d.code for d in diagnostics})
        index = {code: position for position, code in enumerate(codes)}
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "tracklint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/tracklint/",
                "rules": [_rule(code) for code in codes],
            }},
            "results": [_result(d, index[d.code]) for d in diagnostics],
            "columnKind": "unicodeCodePoints",
        }
        data = {section.key: section.data for section in summary.sections
                if section.data is not None}
        if data:
            run["properties"] = data
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        self.stream.write(json_text(document, indent=2))
        self.write()


def _rule(code: str) -> dict[str, Any]:
    info = RULES.get(code)
    if info is None:
        return {"id": code}
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.explanation},
        "help": {"text": f"{info.explanation} Run 'tracklint rule {code}' for examples."},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
    }


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[d.severity],
        "message": {"text": text},
    }
    if d.path:
        location = _physical(d.path, d.line, d.column, d.end_line, d.end_column)
        result["locations"] = [{"physicalLocation": location}]
    if d.related:
        result["relatedLocations"] = [_related(r, i) for i, r in enumerate(d.related)]
    properties = {key: value for key, value in (("event", d.event), ("platform", d.platform),
                                                 ("pointer", d.pointer)) if value}
    if properties:
        result["properties"] = properties
    fingerprint = d.extra.get("fingerprint") if d.extra else None
    if isinstance(fingerprint, str):
        result["partialFingerprints"] = {"tracklint/v1": fingerprint}
    return result


def _physical(path: str, line: int | None, column: int | None, end_line: int | None,
              end_column: int | None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    if line is not None:
        region: dict[str, Any] = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        if end_line is not None:
            region["endLine"] = end_line
        if end_column is not None:
            region["endColumn"] = end_column
        location["region"] = region
    return location


def _related(related: Related, index: int) -> dict[str, Any]:
    location = _physical(related.path, related.line, related.column, related.end_line,
                         related.end_column)
    return {"id": index, "physicalLocation": location, "message": {"text": related.message}}


def _uri(path: str) -> str:
    candidate = Path(path)
    return candidate.as_posix() if not candidate.is_absolute() else candidate.as_uri()
