"""Baselines: adopt tracklint on a legacy codebase and fail only on new violations.

A violation is matched by what it is (file, code, event, message and the text of
its source line), not by its line number, so edits elsewhere in a file do not
turn old violations into new ones.  Equal fingerprints are counted, so adding a
second copy of a baselined mistake is still reported.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from linter import __version__
from linter.diagnostics import Diagnostic, TracklintError
from linter.rules import RULES

BASELINE_VERSION = 1


def fingerprint(diagnostic: Diagnostic) -> str:
    parts = [
        PurePath(diagnostic.path or "").as_posix(),
        diagnostic.code,
        diagnostic.event or "",
        diagnostic.message,
        " ".join((diagnostic.source_line or "").split()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def with_fingerprints(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Attach each diagnostic's fingerprint (used by SARIF's partialFingerprints too)."""
    return [d.at(extra={**d.extra, "fingerprint": fingerprint(d)}) for d in diagnostics]


def write_baseline(path: Path, diagnostics: Sequence[Diagnostic]) -> None:
    entries = sorted(
        ({"fingerprint": fingerprint(d), "path": d.path, "line": d.line, "code": d.code,
          "event": d.event, "message": d.message} for d in diagnostics),
        key=lambda entry: (entry["path"] or "", entry["line"] or 0, entry["code"]),
    )
    document = {"tool": "tracklint", "tool_version": __version__, "version": BASELINE_VERSION,
                "entries": entries}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> Counter[str]:
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
    return Counter(str(entry.get("fingerprint")) for entry in document["entries"]
                   if isinstance(entry, dict))


def new_since_baseline(diagnostics: Sequence[Diagnostic],
                       baseline: Counter[str]) -> list[Diagnostic]:
    """The diagnostics the baseline does not account for."""
    remaining = Counter(baseline)
    fresh: list[Diagnostic] = []
    for diagnostic in diagnostics:
        key = fingerprint(diagnostic)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(diagnostic)
    return fresh


def _error(path: Path, message: str, hint: str) -> TracklintError:
    diagnostic = RULES["TL006"].diagnostic(message=message, path=str(path), line=1, column=1,
                            hint=hint)
    return TracklintError(f"{path}: {message}", [diagnostic])
