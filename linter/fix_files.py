"""Fixing files on disk (``check --fix``, ``--diff``) without ever losing one.

A fix is applied to the text Python reads (BOM and PEP 263 coding cookie
honoured), and the result is written back in the file's own encoding, BOM and
line endings included.  The new content goes to a temporary file beside the
original, which is then renamed over it with the original's mode bits: a full
disk or a crash leaves either the old file or the new one, never half of one.

Each file stands alone: a file whose fixes cannot be applied or written is one
diagnostic for that file, and the other files are fixed all the same.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.diagnostics import Diagnostic, Fix
from linter.fixing import apply_fixes
from linter.rules import rule
from linter.static.source import SourceError, decode, describe, encoding_of

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True, slots=True)
class FileFix:
    """One file's text before and after its fixes, and how to write it back."""

    path: str
    before: str
    after: str
    count: int
    encoding: str


@dataclass(slots=True)
class FixResult:
    """The files whose text changed, and the files that could not be fixed, each a
    diagnostic saying why (they are left as they were)."""

    changed: list[FileFix] = field(default_factory=list)
    failures: list[Diagnostic] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(fix.count for fix in self.changed)


def chosen_fixes(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False
                 ) -> dict[str, list[Fix]]:
    """The fixes to apply, by the file they edit (a constant's fix edits the file that
    defines it): the safe ones, and the unsafe ones when asked for."""
    candidates: list[tuple[str, Fix]] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        path = fix.path or diagnostic.path if fix is not None else None
        if fix is not None and path:
            candidates.append((path, fix))
    # One edit may fix several calls (a constant they all read): it is safe only if
    # it is safe for each of them.
    unsafe_edits = {(path, fix.edits) for path, fix in candidates if not fix.safe}
    grouped: dict[str, list[Fix]] = {}
    for path, fix in candidates:
        if unsafe or (path, fix.edits) not in unsafe_edits:
            grouped.setdefault(path, []).append(fix)
    return grouped


def fix_sources(sources: Mapping[str, bytes], fixes: Mapping[str, Sequence[Fix]]) -> FixResult:
    """Apply each file's fixes to its text; a file that fails is reported, never raised."""
    result = FixResult()
    for path, found in sorted(fixes.items()):
        try:
            data = sources[path]
            before = decode(path, data)
            after, count = apply_fixes(before, found)
            if count and after != before:
                after.encode(encoding_of(data))  # a character the encoding cannot hold
                result.changed.append(FileFix(path, before, after, count, encoding_of(data)))
        except SourceError as error:
            result.failures.append(_not_fixed(path, error.diagnostic.message))
        except UnicodeEncodeError as error:
            result.failures.append(_not_fixed(
                path, f"a fix needs {error.object[error.start:error.end]!r}, which the file's "
                      f"encoding ({error.encoding}) cannot hold"))
        except Exception as error:  # one file's failure is a result for that file
            result.failures.append(_not_fixed(path, describe(error)))
    return result


def write_fixes(result: FixResult) -> FixResult:
    """Write every changed file atomically; those that cannot be written are failures."""
    written = FixResult(failures=list(result.failures))
    for fix in result.changed:
        try:
            write_atomically(Path(fix.path), fix.after.encode(fix.encoding))
        except OSError as error:
            written.failures.append(_not_fixed(fix.path, error.strerror or str(error)))
        else:
            written.changed.append(fix)
    return written


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data``: a temporary file beside it, then a rename.

    The original's permission bits are kept (a new file gets the usual 0o644); a
    symbolic link keeps pointing at the file it names, which is the one rewritten.
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tracklint")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two versions of a file, lines split as Python splits them.

    Only CR, LF and CRLF end a line (a U+2028 in a comment does not), and a last
    line without a line break is marked as ``diff`` and ``patch`` expect.
    """
    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=f"a/{path}",
                                 tofile=f"b/{path}")
    return "".join(line if line.endswith(("\n", "\r")) else
                   f"{line}\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _not_fixed(path: str, reason: str) -> Diagnostic:
    return rule("TL302").diagnostic(
        f"could not fix {path}: {reason}", path=path,
        hint="the file was left unchanged; the other files were fixed")
