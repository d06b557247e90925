"""Baselines: adopt tracklint on a legacy codebase and fail only on new violations.

A violation is matched by what it is, not by where it is or how it is worded: its
file (relative to the project's configuration folder, so a baseline written from
``backend/`` of a monorepo matches when pre-commit runs from the git root), its
code, its event, what it is about (the property, the value's kind) and the text
of its source line.  Line numbers and message wording are left out, so edits
elsewhere in a file, or a reworded message in a new tracklint, do not turn old
violations into new ones.  Equal fingerprints are counted, so adding a second
copy of a baselined mistake is still reported.

Baselines of version 1 (fingerprints of the cwd-relative path and the message)
are still read, matched the way they were written, until they are rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from linter import __version__
from linter.diagnostics import Diagnostic, TracklintError
from linter.files import project_path
from linter.fix_files import write_atomically
from linter.jsontypes import json_text
from linter.rules import RULES

BASELINE_VERSION = 2
# Template arguments that name what a problem is about, never how it is described.
_IDENTITY_ARGS = ("property", "kind", "code", "codes", "platform")


def fingerprint(diagnostic: Diagnostic, root: Path | None = None) -> str:
    """A stable identity of a violation, independent of line numbers and wording."""
    about = [f"{name}={diagnostic.args[name]}" for name in _IDENTITY_ARGS
             if name in diagnostic.args]
    if diagnostic.pointer:
        about.append(f"pointer={diagnostic.pointer}")
    if not about and not diagnostic.event:
        about.append(diagnostic.message)  # nothing else says what it is
    parts = [
        project_path(diagnostic.path, root),
        diagnostic.code,
        diagnostic.event or "",
        *about,
        " ".join((diagnostic.source_line or "").split()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _legacy_fingerprint(diagnostic: Diagnostic) -> str:
    """How version 1 baselines fingerprinted a violation (path as shown, message)."""
    parts = [
        PurePath(diagnostic.path or "").as_posix(),
        diagnostic.code,
        diagnostic.event or "",
        diagnostic.message,
        " ".join((diagnostic.source_line or "").split()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def with_fingerprints(diagnostics: Iterable[Diagnostic],
                      root: Path | None = None) -> list[Diagnostic]:
    """Attach each diagnostic's fingerprint (used by SARIF's partialFingerprints too)."""
    return [d.at(extra={**d.extra, "fingerprint": fingerprint(d, root)}) for d in diagnostics]


def write_baseline(path: Path, diagnostics: Sequence[Diagnostic],
                   root: Path | None = None) -> None:
    """Record the violations, paths relative to ``root``; written atomically."""
    entries = sorted(
        ({"fingerprint": fingerprint(d, root), "path": project_path(d.path, root),
          "line": d.line, "code": d.code, "event": d.event, "message": d.message}
         for d in diagnostics),
        key=lambda entry: (entry["path"] or "", entry["line"] or 0, entry["code"]),
    )
    document = {"tool": "tracklint", "tool_version": __version__, "version": BASELINE_VERSION,
                "root": "the folder of the tracklint configuration", "entries": entries}
    text = json_text(document, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise _error(path, f"the baseline file cannot be written: {error.strerror or error}",
                     "check that its folder exists and can be written") from None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The counted fingerprints of a baseline file, and the version that wrote them."""

    fingerprints: Counter[str]
    version: int = BASELINE_VERSION


def read_baseline(path: Path) -> Baseline:
    """The fingerprints of a baseline file, counted."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error(path, "the baseline file does not exist",
                     "create it with --write-baseline FILE") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _error(path, f"the baseline file cannot be read: {error}",
                     "recreate it with --write-baseline FILE") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise _error(path, "not a tracklint baseline (no 'entries' list)",
                     "recreate it with --write-baseline FILE")
    version = document.get("version", 1)
    return Baseline(Counter(str(entry.get("fingerprint")) for entry in document["entries"]
                            if isinstance(entry, dict)),
                    version if isinstance(version, int) else 1)


def new_since_baseline(diagnostics: Sequence[Diagnostic], baseline: Baseline,
                       root: Path | None = None) -> list[Diagnostic]:
    """The diagnostics the baseline does not account for."""
    remaining = Counter(baseline.fingerprints)
    fresh: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = (fingerprint(diagnostic, root) if baseline.version >= 2
               else _legacy_fingerprint(diagnostic))
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(diagnostic)
    return fresh


def _error(path: Path, message: str, hint: str) -> TracklintError:
    diagnostic = RULES["TL006"].diagnostic(message=message, path=str(path), line=1, column=1,
                                           hint=hint)
    return TracklintError(f"{path}: {message}", [diagnostic])
