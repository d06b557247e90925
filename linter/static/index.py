"""The project-wide pre-pass: summaries of every module, then wrapper inference.

Checking a call needs facts from other modules: the constant an event name is
imported from, the module where ``mp = Mixpanel(...)`` lives, the helper that
wraps ``mp.track``.  The pre-pass summarises every file with ``ast`` (cheap), then
reads with libcst only the files the prefilter lets through, collecting forwarding
calls.  Wrappers found in one round widen the vocabulary, so the next round reads
the files that call *them* (wrappers of wrappers, across modules) until nothing new
is found.  The call sites read along the way are kept in the index when no wrapper
found later could change them, so :func:`find_calls` does not resolve those files
a second time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from linter.static.finder import Analysis, analyze
from linter.static.model import WrapperSpec
from linter.static.modules import ModuleName, module_name
from linter.static.prefilter import aliases, called_names, may_contain
from linter.static.project import KnownCalls, ProjectIndex, digest
from linter.static.source import Source, load, parse_cst
from linter.static.summary import ModuleSummary, Ref, summarize
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel
from linter.static.wrappers import ForwardingCall, combine, configured_models, infer

SourceFile = tuple[str, bytes]
_MAX_ROUNDS = 8
_NOT_PROJECT = frozenset({"site-packages", "dist-packages", "__pycache__"})


@dataclass(slots=True)
class _Entry:
    source: Source
    name: ModuleName
    summary: ModuleSummary
    digest: str


def build_project_index(files: Iterable[str | os.PathLike[str] | SourceFile],
                        roots: Sequence[str | os.PathLike[str]] = (),
                        wrappers: Sequence[WrapperSpec] = ()) -> ProjectIndex:
    """Index every file (paths, or ``(path, bytes)`` pairs); never raises for one bad file.

    ``roots`` are the project's import roots (``src/`` under a root is one too);
    ``wrappers`` are the configured wrappers, so that wrappers of them are inferred.
    """
    root_paths = tuple(os.fspath(r) for r in roots)
    entries: list[_Entry] = []
    unparsed: list[str] = []
    for item in files:
        path, data = _read(item)
        name = module_name(path, root_paths) if _is_project_file(path) else None
        if name is None:
            continue
        if data is None:
            unparsed.append(path)
            continue
        try:
            source = load(path, data)
            if source.tree is None:
                parse_cst(source)  # libcst confirms the syntax error or accepts newer syntax
            summary = summarize(source, name.name, name.is_package)
            entries.append(_Entry(source, name, summary, digest(data)))
        except Exception:  # reported when the file itself is checked
            unparsed.append(path)
    modules: dict[str, ModuleSummary] = {}
    for entry in entries:
        for alias in entry.name.aliases:
            modules.setdefault(alias, entry.summary)
    for entry in entries:
        modules[entry.name.name] = entry.summary
    files_by_path = {os.path.abspath(e.source.path): e.name for e in entries}
    symbols = Symbols(modules)
    index = ProjectIndex(root_paths, modules, files_by_path, {}, tuple(unparsed),
                         _renames(modules, symbols), tuple(wrappers))
    inferred, known = _infer_wrappers(entries, index, symbols, wrappers, unparsed)
    return ProjectIndex(root_paths, modules, files_by_path, inferred, tuple(unparsed),
                        index.renames, tuple(wrappers), known)


def _read(item: str | os.PathLike[str] | SourceFile) -> tuple[str, bytes | None]:
    if isinstance(item, tuple):
        return item[0], item[1]
    path = os.fspath(item)
    try:
        with open(path, "rb") as handle:
            return path, handle.read()
    except OSError:
        return path, None


def _is_project_file(path: str) -> bool:
    """Installed packages are not project code (a venv inside the tree must not shadow SDKs)."""
    return not _NOT_PROJECT.intersection(os.path.normpath(path).split(os.sep))


def _renames(modules: dict[str, ModuleSummary], symbols: Symbols) -> dict[str, frozenset[str]]:
    """Names that modules bind to a function defined under another name."""
    found: dict[str, set[str]] = {}
    for summary in {id(s): s for s in modules.values()}.values():
        for local, binding in summary.bindings.items():
            if not isinstance(binding, Ref):
                continue
            target = symbols.canonical(binding.target).rsplit(".", 1)[-1]
            if target != local:
                found.setdefault(target, set()).add(local)
    return {k: frozenset(v) for k, v in found.items()}


@dataclass(slots=True)
class _Read:
    """One file read during the pre-pass, with what its reading depended on."""

    entry: _Entry
    analysis: Analysis
    models: dict[str, WrapperModel]
    callees: frozenset[str]


def _infer_wrappers(entries: list[_Entry], index: ProjectIndex, symbols: Symbols,
                    wrappers: Sequence[WrapperSpec], unparsed: list[str]
                    ) -> tuple[dict[str, WrapperModel], dict[str, KnownCalls]]:
    configured = configured_models(wrappers, symbols)
    records: list[ForwardingCall] = []
    reads: dict[str, _Read] = {}
    inferred: dict[str, WrapperModel] = {}
    for _ in range(_MAX_ROUNDS):
        models = combine(configured, inferred)
        words = index.vocabulary(models, wrappers)
        todo = [e for e in entries if e.source.path not in reads and _candidate(e, words)]
        if not todo:
            break
        for entry in todo:
            read = _read_calls(entry, symbols, models, words, unparsed)
            if read is not None:
                reads[entry.source.path] = read
                records.extend(read.analysis.forwarding)
        found = infer(records, configured, symbols)
        if found.keys() == inferred.keys():
            inferred = found
            break
        inferred = found
    final = combine(configured, inferred)
    words = index.vocabulary(final, wrappers)
    known = {os.path.abspath(path): KnownCalls(read.entry.digest, tuple(read.analysis.calls))
             for path, read in reads.items() if _still_valid(read, final, words)}
    return inferred, known


def _read_calls(entry: _Entry, symbols: Symbols, models: dict[str, WrapperModel],
          words: frozenset[str], unparsed: list[str]) -> _Read | None:
    """Read a file's calls (with the wrappers known so far) and its forwarding calls."""
    tree = entry.source.tree
    callees = None if tree is None else words | aliases(tree, entry.summary, words)
    try:
        analysis = analyze(entry.source, entry.name, symbols, models, callees=callees,
                           forwarding=True)
    except Exception:
        unparsed.append(entry.source.path)
        return None
    return _Read(entry, analysis, models, callees or frozenset())


def _still_valid(read: _Read, final: dict[str, WrapperModel], words: frozenset[str]) -> bool:
    """Whether the calls read in an early round are what the final wrappers would give.

    They are unless a wrapper that changed since (newly inferred, or configured and
    now known better) is one of the names the reading looked up, or a call the
    early vocabulary left out is now a candidate.
    """
    tree = read.entry.source.tree
    if tree is None:
        return False
    changed = {name for name in final.keys() | read.models.keys()
               if final.get(name) != read.models.get(name)}
    if changed & read.analysis.depends_on:
        return False
    callees = words | aliases(tree, read.entry.summary, words)
    return not (called_names(tree) & (callees - read.callees))


def _candidate(entry: _Entry, words: frozenset[str]) -> bool:
    if not may_contain(entry.source.text, words):
        return False
    tree = entry.source.tree
    if tree is None:
        return True
    return bool(called_names(tree) & (words | aliases(tree, entry.summary, words)))
