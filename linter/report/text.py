"""Human output, like a compiler: location, code, message, the source line, a caret, a hint."""

from __future__ import annotations

import linecache
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence

import click

from linter.diagnostics import Diagnostic, Severity
from linter.report.base import CodeCounter, Reporter, RunSummary, Style
from linter.rules import RULES
from linter.text.display import plural, printable

# Where no terminal says its size (a file, a CI log), excerpts are cut to this width.
_DEFAULT_SIZE = (120, 24)
_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


class TextReporter(Reporter):
    name = "text"

    def style(self, text: str, **styles: object) -> str:
        return click.style(text, **styles) if self.color else text  # type: ignore[arg-type]

    def report(self, diagnostics: Sequence[Diagnostic], summary: RunSummary) -> None:
        totals = summary.totals(diagnostics)
        if self.statistics:
            self.write_statistics(totals.rows())
            return
        for section in summary.sections:
            if self.write_lines(section.before):
                self.write()
        for diagnostic in diagnostics:
            self.write_diagnostic(diagnostic)
        printed = bool(diagnostics)
        for section in summary.sections:
            printed = self.write_lines(section.after, gap_before=printed) or printed
        if printed and not self.quiet:
            self.write()
        self.write_summary(totals, summary)
        self.write_unread(summary)
        self.write_unresolved(summary)

    def write_lines(self, render: Callable[[Style], Iterable[str]] | None, *,
                    gap_before: bool = False) -> bool:
        """A section's text lines (nothing when quiet), after a blank line if
        ``gap_before``; returns whether anything was written."""
        lines = [] if self.quiet or render is None else list(render(self.style))
        if not lines:
            return False
        if gap_before:
            self.write()
        for line in lines:
            self.write(line)
        return True

    def write_diagnostic(self, d: Diagnostic) -> None:
        # A diagnostic about a whole run (a coverage gate, records left out) has no place.
        located = d.path is not None or d.event is not None or d.pointer is not None
        location = self.style(d.location, bold=True) + ": " if located else ""
        code = self.style(d.code, fg=_SEVERITY_COLOURS[d.severity], bold=True)
        fixable = self.style(" [*]", fg="cyan") if d.fixable else ""
        level = "" if d.severity is Severity.ERROR else f"{d.severity.value}: "
        self.write(f"{location}{code}{fixable} {level}{d.message}")
        source = self.source_line(d) if self.show_source else None
        if source is not None and d.column is not None:
            self.write_excerpt(d, source)
        elif d.pointer:
            self.write(f"  {self.style('at', dim=True)} {d.pointer}")
        for related in d.related:
            self.write(f"  {self.style('note:', fg='blue', bold=True)} "
                       f"{self.style(related.location, bold=True)}: {related.message}")
            if self.show_source and related.source_line is not None:
                self.write(self.style(f"{related.line} | ", dim=True) + excerpt_window(
                    related.source_line.expandtabs(1), max((related.column or 1) - 1, 0),
                    shutil.get_terminal_size(_DEFAULT_SIZE).columns)[0])
        if d.hint:
            self.write(f"  {self.style('hint:', fg='cyan', bold=True)} {d.hint}")

    def source_line(self, d: Diagnostic) -> str | None:
        if d.source_line is not None:
            return d.source_line
        if d.path and d.line and d.path.endswith((".py", ".yaml", ".yml", ".toml")):
            text = linecache.getline(d.path, d.line)
            return text.rstrip("\n") if text else None
        return None

    def write_excerpt(self, d: Diagnostic, source: str) -> None:
        """The source line and a caret under the columns; a long line is cut to the
        screen's width around the column (a minified or generated line may be megabytes)."""
        gutter = f"{d.line} | "
        column = max((d.column or 1) - 1, 0)
        width = 1
        if d.end_line == d.line and d.end_column and d.column:
            width = max(d.end_column - d.column, 1)
        room = max(shutil.get_terminal_size(_DEFAULT_SIZE).columns - len(gutter), 40)
        shown, start = excerpt_window(source.expandtabs(1), column, room)
        marked = min(width, max(len(shown) - start, 1))
        # Escaping may lengthen what comes before the caret and under it.
        start, marked = len(printable(shown[:start])), len(printable(shown[start:start + marked]))
        self.write(self.style(gutter, dim=True) + printable(shown))
        caret = " " * (len(gutter) + start) + "^" * max(marked, 1)
        self.write(self.style(caret, fg=_SEVERITY_COLOURS[d.severity], bold=True))

    def write(self, text: str = "") -> None:
        """One line; control characters from payloads or source escaped (colour kept)."""
        self.stream.write(printable(text, keep_colour=self.color) + "\n")

    def write_statistics(self, rows: Sequence[tuple[str, int, int]]) -> None:
        """The ``--statistics`` table, from :class:`~linter.report.base.CodeCounter` rows."""
        for code, count, fixable in rows:
            name = RULES[code].name if code in RULES else ""
            marker = "[*]" if fixable else "   "
            self.write(f"{count:>6}  {code}  {marker} {name}")
        fixable_total = sum(row[2] for row in rows)
        if fixable_total:
            self.write(f"[*] {fixable_total} fixable with --fix.")

    def write_unread(self, summary: RunSummary) -> None:
        if summary.unread and not self.quiet:
            count = sum(summary.unread.values())
            self.write(f"{count} other project file{'s' if count != 1 else ''} could not be "
                       f"read ({_reasons(summary.unread)}): names imported from "
                       f"{'them' if count != 1 else 'it'} are not resolved.")

    def write_unresolved(self, summary: RunSummary) -> None:
        count = summary.unresolved
        if count and not self.quiet:
            self.write(f"{count} call{'s' if count != 1 else ''} that "
                       f"look{'s' if count == 1 else ''} like tracking could not be resolved, "
                       "so {} not checked: tracklint calls --unresolved".format(
                           "it is" if count == 1 else "they are"))

    def write_summary(self, totals: CodeCounter, summary: RunSummary) -> None:
        """The closing lines: the headline, or "All checks passed" / "Found N errors"."""
        if self.quiet:
            return
        errors, warnings, fixable, unsafe = (totals.errors, totals.warnings, totals.fixable,
                                             totals.unsafe)
        checked = plural(summary.checked, summary.unit)
        if summary.not_checked:
            checked += f" ({sum(summary.not_checked.values())} not checked: " \
                       f"{_reasons(summary.not_checked)})"
        details = "".join(f", {value:,} {_noun(key, value)}" if isinstance(value, int)
                          else f", {value} {_noun(key, value)}"
                          for key, value in summary.details.items())
        if summary.headline:
            self.write(self.style(summary.headline, bold=True))
            return
        if summary.fixed:
            self.write(f"Fixed {plural(summary.fixed, 'problem')}.")
        if not errors and not warnings:
            notes = totals.total  # only information is left
            noted = f" {plural(notes, 'note')} above." if notes else ""
            self.write(self.style("All checks passed", fg="green", bold=True)
                       + f" ({checked}{details}).{noted}")
            return
        parts = [plural(errors, "error")] if errors else []
        if warnings:
            parts.append(plural(warnings, "warning"))
        line = f"Found {', '.join(parts)} in {checked}{details}."
        self.write(self.style(line, bold=True))
        if fixable:
            self.write(f"{fixable} fixable with --fix (see what would change with --diff).")
        if unsafe:
            self.write(f"{plural(unsafe, 'more fix', 'more fixes')} available with "
                       "--unsafe-fixes (read the hints first).")


def _reasons(counts: Mapping[str, int]) -> str:
    """'too large' or '2 too large, 1 syntax error': how many for each reason."""
    if len(counts) == 1 and sum(counts.values()) == 1:
        return next(iter(counts))
    return ", ".join(f"{count} {reason}" for reason, count in sorted(counts.items()))


def excerpt_window(line: str, column: int, width: int) -> tuple[str, int]:
    """At most ``width`` characters of ``line`` around the 0-based ``column``, with an
    ellipsis where it was cut, and the column within what is shown."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 3, len(line) - width + 2))
    end = min(start + width - 2, len(line))
    head = "\u2026" if start > 0 else ""
    tail = "\u2026" if end < len(line) else ""
    return head + line[start:end] + tail, column - start + len(head)


def _noun(plural: str, count: object) -> str:
    """'1 tracking call', '2 tracking calls': details are named in the plural."""
    return plural[:-1] if count == 1 and plural.endswith("s") else plural
