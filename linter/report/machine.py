"""Machine-readable outputs for CI: JSON, GitHub workflow annotations, JUnit XML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree

from linter import __version__
from linter.diagnostics import Diagnostic, Severity
from linter.jsontypes import json_text
from linter.report.base import Reporter, RunSummary
from linter.rules import RULES
from linter.text.display import plural, printable


class JsonReporter(Reporter):
    name = "json"

    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        """One document: the summary, then the diagnostics and each section's data, or,
        with ``statistics``, the per-rule table in place of the diagnostics."""
        totals = summary.totals(diagnostics)
        document: dict[str, Any] = {
            "tool": {"name": "tracklint", "version": __version__},
            "summary": {
                "checked": summary.checked,
                "unit": summary.unit,
                "errors": totals.errors,
                "warnings": totals.warnings,
                "fixed": summary.fixed,
                **summary.details,
                **({"not_checked": dict(summary.not_checked)} if summary.not_checked else {}),
                **({"unread": dict(summary.unread)} if summary.unread else {}),
                **({"unresolved_calls": summary.unresolved}
                   if summary.unresolved is not None else {}),
            },
        }
        if self.statistics:
            document["statistics"] = [
                {"code": code, "count": count, "fixable": fixable,
                 "name": RULES[code].name if code in RULES else None}
                for code, count, fixable in totals.rows()
            ]
        else:
            document["diagnostics"] = [d.to_dict() for d in diagnostics]
            document.update((section.key, section.data) for section in summary.sections
                            if section.data is not None)
        self.stream.write(json_text(document, indent=2))
        self.write()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _lines(text: str) -> str:
    """Control characters escaped, line breaks kept: the annotation encodes those itself."""
    return "\n".join(printable(line) for line in text.replace("\r\n", "\n").split("\n"))


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: each diagnostic becomes an inline annotation."""

    name = "github"

    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        for d in diagnostics:
            fields = []
            if d.path:
                fields.append(f"file={_escape_property(printable(d.path))}")
            for key, value in (("line", d.line), ("col", d.column), ("endLine", d.end_line),
                               ("endColumn", d.end_column)):
                if value is not None:
                    fields.append(f"{key}={value}")
            name = RULES[d.code].name if d.code in RULES else d.code
            fields.append(f"title={_escape_property(f'{d.code} {name}')}")
            message = _lines(d.message) + "".join(
                f"\nnote: {printable(r.location)}: {_lines(r.message)}" for r in d.related)
            message += f"\nhint: {_lines(d.hint)}" if d.hint else ""
            self.write(f"::{_GITHUB_LEVELS[d.severity]} {','.join(fields)}::"
                       f"{_escape_data(message)}")


class JunitReporter(Reporter):
    """JUnit XML, which most CI systems show as a test report."""

    name = "junit"

    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        failures = [d for d in diagnostics if d.severity is Severity.ERROR]
        suite = ElementTree.Element("testsuite", name="tracklint",
                                    tests=str(max(len(diagnostics), 1)),
                                    failures=str(len(failures)), errors="0")
        for d in diagnostics:
            # XML 1.0 cannot hold control characters at all: they are written as escapes.
            case = ElementTree.SubElement(suite, "testcase",
                                          classname=printable(d.path or "payload"),
                                          name=printable(f"{d.code} {d.location}"))
            tag = "failure" if d.severity is Severity.ERROR else "system-out"
            element = ElementTree.SubElement(case, tag)
            if tag == "failure":
                element.set("type", d.code)
                element.set("message", printable(d.message))
            element.text = printable(d.message) + (f"\nhint: {printable(d.hint)}"
                                                   if d.hint else "")
        if not diagnostics:
            ElementTree.SubElement(suite, "testcase", classname="tracklint",
                                   name=f"{plural(summary.checked, summary.unit)} checked")
        ElementTree.indent(suite)
        self.write('<?xml version="1.0" encoding="UTF-8"?>')
        self.write(ElementTree.tostring(suite, encoding="unicode"))
