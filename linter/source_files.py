"""The files of a check that cannot be checked, each one said, never skipped in silence.

A source file is left out of a check when it cannot be read (gone, no
permission), when it is larger than ``max-file-kb`` (a 100,000-line generated
module takes libcst a minute and gigabytes), or when it uses syntax newer than the
Python running tracklint (its calls and names cannot be resolved).  Each such
file that was asked for is a TL301 diagnostic saying why and what to do, and the
summary line counts the files not checked by reason, together with those that
could not be parsed: a skipped file must never pass for a clean one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from linter.diagnostics import Diagnostic
from linter.rules import rule
from linter.static import FileResult
from linter.static.source import NOT_CHECKED_KEY, SourceError, load, newer_syntax_error

DEFAULT_MAX_FILE_KB = 1024
MAX_FILE_SETTING = "max-file-kb"
TOO_LARGE = "too large"
UNREADABLE = "unreadable"
_NOT_CHECKED_CODES = frozenset({"TL301", "TL302"})


@dataclass(slots=True)
class SourceFiles:
    """The bytes of the files that can be read, and a diagnostic for each that cannot."""

    contents: dict[str, bytes] = field(default_factory=dict)
    refused: dict[str, Diagnostic] = field(default_factory=dict)


def read_sources(paths: Iterable[Path], max_bytes: int) -> SourceFiles:
    """Read each file once; one that is unreadable or too large is refused with a reason."""
    files = SourceFiles()
    for file in paths:
        path = str(file)
        if path in files.contents or path in files.refused:
            continue
        try:
            size = file.stat().st_size
            if size > max_bytes:
                files.refused[path] = too_large(path, size, max_bytes)
                continue
            files.contents[path] = file.read_bytes()
        except OSError as error:
            files.refused[path] = _not_checked(
                f"could not read {path}: {error.strerror or error}", path, UNREADABLE,
                "check that the file exists and can be read")
    return files


def too_large(path: str, size: int, max_bytes: int) -> Diagnostic:
    limit_kb = max_bytes // 1024
    return _not_checked(
        f"skipped {path}: the file is {_size(size)}, over the {_size(max_bytes)} limit for "
        "a source file", path, TOO_LARGE,
        f"raise {MAX_FILE_SETTING} (now {limit_kb}) in the tracklint configuration, or "
        "exclude the file if it is generated")


def newer_syntax(path: str, data: bytes) -> Diagnostic | None:
    """TL301 for a file only newer Pythons parse (``ast`` refuses it, libcst accepts it)."""
    try:
        source = load(path, data)
    except SourceError:
        return None
    return newer_syntax_error(source) if source.tree is None else None


def not_checked(results: Mapping[str, FileResult]) -> Counter[str]:
    """How many of the files were not checked, by reason."""
    reasons: Counter[str] = Counter()
    for result in results.values():
        for diagnostic in result.diagnostics:
            if diagnostic.code in _NOT_CHECKED_CODES:
                reasons[str(diagnostic.extra.get(NOT_CHECKED_KEY, "could not be parsed"))] += 1
                break
    return reasons


def _not_checked(message: str, path: str, reason: str, hint: str, line: int | None = None,
                 column: int | None = None) -> Diagnostic:
    return rule("TL301").diagnostic(
        message, path=path, line=line, column=column,
        hint=f"{hint}; the file was not checked for tracking calls",
        extra={NOT_CHECKED_KEY: reason})


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"
