"""tracklint's on-disk cache: values filed under stable digests, safe to share between runs.

Entries are pickles written by tracklint itself (as black does for its cache).
Unpickling runs code named in the file, so the cache directory must be as trusted
as the project it sits in: never point ``cache-dir`` at a folder others can write.
Every entry is written to a temporary file and renamed into place, so a reader
sees a whole entry or none; an entry that cannot be read (truncated, written by
another version, foreign) is deleted and recomputed, never an error.  The cache
is bounded: :meth:`CacheStore.prune` removes the least recently used entries once
the folder grows past its budget.

Layout: ``<folder>/static-<layout>/<kind>/<two hex digits>/<digest>.pickle`` plus a
``CACHEDIR.TAG`` and a ``.gitignore`` so backup and version-control tools skip it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

LAYOUT = "static-1"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# After pruning, the cache is this fraction of its budget: pruning is not needed again
# at once on the next run.
_PRUNE_TO = 0.8
_LEGACY = ("code",)  # folders of earlier cache layouts


class CacheStore:
    """Pickled values by (kind, digest) under one folder; every failure is a miss."""

    def __init__(self, folder: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.root = self.folder / LAYOUT
        self.max_bytes = max_bytes
        self.reads = 0
        self.hits = 0
        self.writes = 0
        self._ready = False

    def __reduce__(self) -> tuple[Any, ...]:
        return (CacheStore, (self.folder, self.max_bytes))

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any:
        """The value filed under ``key``, or None (missing, unreadable or damaged)."""
        path = self._path(kind, key)
        self.reads += 1
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            value = pickle.loads(data)  # tracklint's own entries: see the module docstring
        except Exception:  # damaged or foreign: drop it, it is recomputed and rewritten
            _unlink(path)
            return None
        self.hits += 1
        _touch(path)
        return value

    def put(self, kind: str, key: str, value: object) -> None:
        """File a value atomically; a read-only or full disk only means no caching."""
        path = self._path(kind, key)
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: simply not cached
            return
        try:
            if not self._ready:
                self._create()
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                _unlink(Path(temporary))
                raise
        except OSError:
            return
        self.writes += 1

    def _create(self) -> None:
        """The folder, marked as a cache for backup tools and ignored by version control."""
        if not self.root.is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# tracklint cache\n*\n", encoding="utf-8")
            (self.folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# tracklint cache\n",
                encoding="utf-8")
        self._ready = True

    def prune(self) -> int:
        """Delete the least recently used entries while the cache is over budget.

        Returns how many entries were deleted.  Entries are touched when read, so
        what the current project state uses is the newest and goes last.
        """
        for legacy in _LEGACY:
            shutil.rmtree(self.folder / legacy, ignore_errors=True)
        entries = sorted(_entries(self.root))
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return 0
        removed = 0
        for _, size, path in entries:
            if total <= self.max_bytes * _PRUNE_TO:
                break
            if _unlink(path):
                total -= size
                removed += 1
        return removed


def _entries(root: Path) -> list[tuple[float, int, Path]]:
    """(mtime, size, path) of every entry; temporary files of crashed writers included."""
    found: list[tuple[float, int, Path]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    try:
                        if item.is_dir(follow_symlinks=False):
                            stack.append(Path(item.path))
                        elif item.is_file(follow_symlinks=False):
                            stat = item.stat(follow_symlinks=False)
                            found.append((stat.st_mtime, stat.st_size, Path(item.path)))
                    except OSError:
                        continue
        except OSError:
            continue
    return found


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        return


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True
