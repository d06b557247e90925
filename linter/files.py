"""Finding the files to check: walk folders, honour excludes and .gitignore.

Inside a git work tree, git itself says what it ignores (``git ls-files``), so
tracklint agrees exactly with the user's .gitignore files.  Outside one, a fixed
list of folders that never hold project code is skipped.

Captured payloads are different: a folder of captures the user names is read
whole (:func:`capture_files`), .gitignore and ``build/`` or ``node_modules/``
included, and whatever is left out is named.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ALWAYS_SKIPPED = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "__pycache__", "node_modules",
    "site-packages", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tracklint_cache",
    "build", "dist",
})


def discover(paths: Sequence[Path], *, suffixes: tuple[str, ...] = (".py",),
             exclude: Iterable[str] = (), root: Path | None = None) -> list[Path]:
    """Files under ``paths`` with one of ``suffixes``, sorted, without excluded ones.

    A file named explicitly is always checked (like ruff, unless it is excluded);
    files found by walking a folder also skip what .gitignore ignores.
    """
    patterns = tuple(p.rstrip("/") for p in exclude)
    base = (root or Path.cwd()).resolve()
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            if not _excluded(path, patterns, base):
                found.add(path)
            continue
        if not path.is_dir():
            continue
        tracked = _git_visible(path)
        for candidate in _walk(path, suffixes):
            if tracked is not None and candidate.resolve() not in tracked:
                continue
            if not _excluded(candidate, patterns, base):
                found.add(candidate)
    return sorted(found)


def _walk(folder: Path, suffixes: tuple[str, ...]) -> Iterable[Path]:
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            if entry.name not in ALWAYS_SKIPPED and not entry.name.endswith(".egg-info"):
                yield from _walk(entry, suffixes)
        elif entry.is_file() and entry.suffix in suffixes:
            yield entry


def _excluded(path: Path, patterns: tuple[str, ...], base: Path) -> bool:
    if not patterns:
        return False
    try:
        relative = path.resolve().relative_to(base).as_posix()
    except ValueError:
        relative = path.as_posix()
    parts = relative.split("/")
    for pattern in patterns:
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, f"{pattern}/*"):
            return True
        if "/" not in pattern and any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def _git_visible(folder: Path) -> set[Path] | None:
    """Files git does not ignore under ``folder``, or None outside a git work tree."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "."],
            cwd=folder, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return {(folder / name).resolve() for name in names if name}


@dataclass(slots=True)
class CaptureFiles:
    """The files of a folder of captures: those to read, and those left out (named).

    ``found`` also holds entries that cannot be read (a subfolder that cannot be
    listed, a dangling link): the reader reports each as an unreadable file, so
    nothing drops out of the counts unseen.
    """

    found: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UnlistedFolder:
    """A folder under a walked root that could not be listed, and why."""

    path: Path
    error: OSError


def walk_files(root: Path, *, hidden: bool = True) -> Iterator[Path | UnlistedFolder]:
    """Every entry below ``root`` that is not a folder, in no particular order.

    Symbolic links to folders are followed once (a loop ends there); a folder
    that cannot be listed is yielded as an :class:`UnlistedFolder` so the caller
    says so instead of leaving a silent gap.  ``hidden=False`` leaves out names
    starting with a dot.  Shared by every reader of a folder the user names
    (captures, plans), so both walk it the same way.
    """
    visited: set[str] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        real = os.path.realpath(current)
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = list(os.scandir(current))
        except OSError as error:
            yield UnlistedFolder(current, error)
            continue
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            if _is_dir(entry):
                stack.append(Path(entry.path))
            else:
                yield Path(entry.path)


def capture_files(folder: Path, suffixes: tuple[str, ...]) -> CaptureFiles:
    """Every file under ``folder`` with one of ``suffixes``, sorted; the others skipped.

    Nothing is ignored by name or by .gitignore: captures are data, and a folder
    called ``build`` or a gitignored export is exactly what a user may point at.
    Symbolic links to folders are followed once (a loop ends there).
    """
    result = CaptureFiles()
    for item in walk_files(folder):
        if isinstance(item, UnlistedFolder):
            result.found.append(item.path)  # read as a file, it is reported as unreadable
        elif item.name.lower().endswith(suffixes):
            result.found.append(item)
        else:
            result.skipped.append(item)
    result.found.sort()
    result.skipped.sort()
    return result


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def path_problem(path: Path) -> str | None:
    """Why a path named on the command line cannot be read (None: it can), in words.

    ``Path.exists()`` says False for a loop of symbolic links as for a missing
    file; the user needs to know which.
    """
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a loop of symbolic links"
        if error.errno == errno.ENOENT:
            return ("a symbolic link to a missing file" if os.path.islink(path)
                    else "no such file or directory")
        return str(error.strerror or error).lower()
    except ValueError:  # a NUL character in the name
        return "not a valid path"
    return None


def project_path(path: str | None, root: Path | None) -> str:
    """``path`` relative to the project root (the configuration's folder), POSIX style.

    What baselines record and ``per-file-ignores`` patterns match, so both mean
    the same from any current folder.  A path outside the root, or with no root,
    is kept as given.
    """
    if not path:
        return ""
    if root is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()
