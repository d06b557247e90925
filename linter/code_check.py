"""Checking Python code against the plan: find the tracking calls, check each one.

The call inventory comes from :mod:`linter.static` (libcst); each call's
observation goes through the same :class:`EventChecker` that checks payloads;
this module adds what only code has: source lines and carets, ignore comments,
fixes for literals, and a cache so unchanged projects are not parsed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter import __version__
from linter.diagnostics import Diagnostic, Fix
from linter.events import Origin
from linter.fixing import replacement_fix
from linter.rules import RULES
from linter.selection import RuleSelection
from linter.static import CallSite, FileResult, ProjectIndex, WrapperSpec, build_project_index
from linter.static import find_calls as find_file_calls
from linter.suppressions import ignore_comments, without_suppressed
from linter.validation.event_check import EventChecker

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True, slots=True)
class CodeSettings:
    """Where the code is and how to read it (built from configuration and flags)."""

    targets: tuple[Path, ...]
    project_files: tuple[Path, ...]
    roots: tuple[Path, ...]
    platform: str = "server"
    wrappers: tuple[WrapperSpec, ...] = ()
    cache_dir: Path | None = None
    jobs: int = 1


@dataclass(slots=True)
class CallInventory:
    """Every tracking call in the checked files, with the project index behind them."""

    index: ProjectIndex
    results: dict[str, FileResult] = field(default_factory=dict)
    sources: dict[str, bytes] = field(default_factory=dict)
    cache_hits: int = 0

    @property
    def calls(self) -> list[CallSite]:
        return [call for result in self.results.values() for call in result.calls]


def collect_calls(settings: CodeSettings) -> CallInventory:
    """Find the tracking calls of the target files, using the cache where it is valid."""
    contents = {str(file): _read_bytes(file) for file in settings.project_files}
    for file in settings.targets:
        contents.setdefault(str(file), _read_bytes(file))
    cache = _Cache(settings, contents)
    index = cache.index()
    if index is None:
        index = build_project_index(
            ((path, data) for path, data in contents.items() if data is not None),
            roots=[str(r) for r in settings.roots], wrappers=settings.wrappers)
        cache.store_index(index)
    inventory = CallInventory(index)
    todo: list[str] = []
    for target in settings.targets:
        path = str(target)
        inventory.sources[path] = contents.get(path) or b""
        cached = cache.result(path)
        if cached is not None:
            inventory.results[path] = cached
            inventory.cache_hits += 1
        else:
            todo.append(path)
    for path, result in _find_all(todo, inventory, settings):
        inventory.results[path] = result
        cache.store_result(path, result)
    return inventory


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _find_all(paths: list[str], inventory: CallInventory,
              settings: CodeSettings) -> Iterable[tuple[str, FileResult]]:
    jobs = min(settings.jobs, len(paths))
    if jobs < 2 or len(paths) < PARALLEL_THRESHOLD:
        for path in paths:
            yield path, _find(path, inventory.sources[path], inventory.index, settings)
        return
    payload = pickle.dumps((inventory.index, settings.wrappers, settings.platform))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(payload,)) as pool:
        chunk = max(1, len(paths) // (jobs * 4))
        results = pool.map(_find_in_worker, paths, [inventory.sources[p] for p in paths],
                           chunksize=chunk)
        yield from zip(paths, results, strict=True)


def _find(path: str, data: bytes, index: ProjectIndex, settings: CodeSettings) -> FileResult:
    return find_file_calls(path, data, index, settings.wrappers, settings.platform)


_WORKER: dict[str, Any] = {}


def _init_worker(payload: bytes) -> None:
    index, wrappers, platform = pickle.loads(payload)  # our own data, from the parent process
    _WORKER.update(index=index, wrappers=wrappers, platform=platform)


def _find_in_worker(path: str, data: bytes) -> FileResult:
    return find_file_calls(path, data, _WORKER["index"], _WORKER["wrappers"],
                           _WORKER["platform"])


# -- checking -------------------------------------------------------------------


def check_inventory(inventory: CallInventory, checker: EventChecker,
                    selection: RuleSelection) -> list[Diagnostic]:
    """Every selected, unsuppressed diagnostic of the inventory's files."""
    found: list[Diagnostic] = []
    for path, result in inventory.results.items():
        text = inventory.sources.get(path, b"").decode("utf-8", "replace")
        lines = text.splitlines()
        diagnostics = list(result.diagnostics)
        for call in result.calls:
            if call.inside_wrapper is None:
                diagnostics.extend(_call_diagnostics(call, checker, lines))
        selected = selection.apply(diagnostics)
        if selected:
            found.extend(without_suppressed(selected, ignore_comments(text)))
    return found


def _call_diagnostics(call: CallSite, checker: EventChecker,
                      lines: Sequence[str]) -> list[Diagnostic]:
    diagnostics = checker.check(call.observation) + _unserialisable(call)
    return [_finish(d, call, lines) for d in diagnostics]


def _unserialisable(call: CallSite) -> list[Diagnostic]:
    """TL212 for values the code visibly builds from types no SDK sends as JSON."""
    observation = call.observation
    found = []
    for key, kind in call.value_types.items():
        origin = (observation.value_origins.get(key) or observation.property_origins.get(key)
                  or observation.origin)
        found.append(Diagnostic(
            code="TL212", message=f"property '{key}' is a {kind}, which SDKs cannot send as JSON",
            hint=_CONVERSIONS.get(kind, "convert it to a string, number, boolean, list or dict"),
            path=origin.path, line=origin.line, column=origin.column, end_line=origin.end_line,
            end_column=origin.end_column, event=observation.name,
            platform=observation.platform, severity=RULES["TL212"].severity))
    return found


_CONVERSIONS = {
    "datetime": "send value.isoformat() (and declare the property as datetime)",
    "date": "send value.isoformat()",
    "Decimal": "send float(value), or str(value) for exact amounts",
    "UUID": "send str(value)",
    "set": "send sorted(value) as a list",
    "frozenset": "send sorted(value) as a list",
    "bytes": "decode it, or send it base64-encoded",
}


def _finish(diagnostic: Diagnostic, call: CallSite, lines: Sequence[str]) -> Diagnostic:
    """Add what only code has: the source line, the call's first line, and a fix."""
    line = diagnostic.line or call.line
    source = diagnostic.source_line
    if source is None and 0 < line <= len(lines):
        source = lines[line - 1]
    extra = {**diagnostic.extra, "call_line": call.line}
    finished = diagnostic.at(path=diagnostic.path or call.path, line=line,
                             column=diagnostic.column or call.column, source_line=source,
                             extra=extra)
    fix = _fix(finished, call, lines)
    return finished.at(fix=fix) if fix is not None else finished


def _fix(diagnostic: Diagnostic, call: CallSite, lines: Sequence[str]) -> Fix | None:
    replacement = diagnostic.extra.get("replacement")
    subject = diagnostic.extra.get("subject")
    if not isinstance(replacement, str):
        return None
    observation = call.observation
    key = diagnostic.extra.get("key")
    target: Origin | None = None
    if subject == "event-name":
        target = observation.name_origin
    elif subject == "property-key" and isinstance(key, str):
        target = observation.property_origins.get(key)
    elif subject == "property-value" and isinstance(key, str):
        target = observation.value_origins.get(key)
    if target is None or target.path != call.path or target.line is None:
        return None
    old = _text_at(target, lines)
    if old is None:
        return None
    is_name = old.isidentifier()
    located = diagnostic.at(line=target.line, column=target.column, end_line=target.end_line,
                            end_column=target.end_column)
    return replacement_fix(located, old, replacement, is_name=is_name)


def _text_at(origin: Origin, lines: Sequence[str]) -> str | None:
    if (origin.line is None or origin.column is None or origin.end_line != origin.line
            or origin.end_column is None or not 0 < origin.line <= len(lines)):
        return None
    return lines[origin.line - 1][origin.column - 1:origin.end_column - 1]


# -- the cache ------------------------------------------------------------------


class _Cache:
    """Index and per-file results, keyed by the content of every project file.

    The key covers tracklint's version, the platform, the wrappers and each
    file's path and content, so a cached result is used only when nothing it could
    depend on has changed.  The cache holds tracklint's own pickles, written under
    the project's cache directory; delete the directory to reset it.
    """

    def __init__(self, settings: CodeSettings, contents: dict[str, bytes | None]) -> None:
        self.folder = settings.cache_dir
        digest = hashlib.sha256()
        digest.update(f"{__version__}\0{settings.platform}\0{settings.wrappers!r}\0"
                      f"{sorted(map(str, settings.roots))!r}".encode())
        for path in sorted(contents):
            data = contents[path]
            digest.update(f"\0{path}\0".encode())
            digest.update(hashlib.sha256(data).digest() if data is not None else b"missing")
        self.key = digest.hexdigest()[:32]

    def _path(self, kind: str, name: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / "code" / self.key / kind / name

    def index(self) -> ProjectIndex | None:
        loaded = self._load(self._path("index", "index.pickle"))
        return loaded if isinstance(loaded, ProjectIndex) else None

    def store_index(self, index: ProjectIndex) -> None:
        self._prune()
        self._store(self._path("index", "index.pickle"), index)

    def result(self, path: str) -> FileResult | None:
        loaded = self._load(self._path("files", _file_key(path)))
        return loaded if isinstance(loaded, FileResult) else None

    def store_result(self, path: str, result: FileResult) -> None:
        self._store(self._path("files", _file_key(path)), result)

    @staticmethod
    def _load(path: Path | None) -> Any:
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)  # written by tracklint itself, see class docstring
        except Exception:  # a damaged or foreign cache entry is ignored and rewritten
            return None

    @staticmethod
    def _store(path: Path | None, value: object) -> None:
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(path)
        except OSError:
            return  # a read-only checkout still gets checked, only without a cache

    def _prune(self) -> None:
        """Keep the cache from growing: drop the entries of older project states."""
        if self.folder is None:
            return
        code = self.folder / "code"
        if not code.is_dir():
            self._write_tag()
            return
        states = sorted((p for p in code.iterdir() if p.is_dir() and p.name != self.key),
                        key=lambda p: p.stat().st_mtime)
        for old in states[:-3]:
            _remove_tree(old)

    def _write_tag(self) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# tracklint cache\n*\n", encoding="utf-8")
            (self.folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# tracklint cache\n",
                encoding="utf-8")
        except OSError:
            return


def _file_key(path: str) -> str:
    return hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32] + ".pickle"


def _remove_tree(folder: Path) -> None:
    for child in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        try:
            child.rmdir() if child.is_dir() else child.unlink()
        except OSError:
            continue
    try:
        folder.rmdir()
    except OSError:
        return
