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

With a cache (:class:`~linter.static.store.CacheStore`), nothing is computed twice
for the same input: a file's summary and prefilter facts are filed under its
fingerprint (tool, path, module name, bytes), and its libcst analysis and the
renames it contributes are reused while everything they looked up elsewhere is
unchanged (:mod:`linter.static.reuse`).  So after an edit, only the edited files
and the files whose reading depended on them are read again.  The libcst reading
of a round runs in worker processes when there are enough files to read.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from linter.diagnostics import Diagnostic
from linter.static.analyses import Analyses, AnalysisJob
from linter.static.configured import configured_models
from linter.static.finder import Analysis, placed
from linter.static.fingerprint import module_fingerprint
from linter.static.model import WrapperSpec
from linter.static.modules import ModuleName, module_name
from linter.static.parallel import run_jobs
from linter.static.prefilter import FileFacts, file_facts
from linter.static.project import KnownCalls, ModuleTable, ProjectIndex, digest
from linter.static.reuse import Deps, ModelDigests, recorded
from linter.static.source import SourceError, decode, load, parse_cst
from linter.static.store import CacheStore
from linter.static.summary import ModuleSummary, Ref, summarize
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel
from linter.static.wrappers import ForwardingCall, ResultForwarding, combine, infer

SourceFile = tuple[str, bytes]
_MAX_ROUNDS = 8
_NOT_PROJECT = frozenset({"site-packages", "dist-packages", "__pycache__"})
_FACTS = "facts"
_SUMMARY = "summary"
_NO_MODELS = ModelDigests({})


@dataclass(slots=True)
class _Entry:
    """One project file: its bytes, its module name and what the pre-pass knows of it."""

    path: str
    data: bytes
    name: ModuleName
    digest: str
    fingerprint: str
    facts: FileFacts | None = None
    summary: ModuleSummary | None = None
    renames: tuple[tuple[str, str], ...] = ()
    renames_deps: Deps | None = None
    dirty: bool = False  # facts or renames to write to the cache
    read: bool = False  # facts looked up in the cache or computed


@dataclass(frozen=True, slots=True)
class _FactsEntry:
    """A file's cached facts, with the renames it contributes and what they depended on."""

    facts: FileFacts
    renames: tuple[tuple[str, str], ...] = ()
    renames_deps: Deps | None = None


def build_project_index(files: Iterable[str | os.PathLike[str] | SourceFile],
                        roots: Sequence[str | os.PathLike[str]] = (),
                        wrappers: Sequence[WrapperSpec] = (),
                        cache: CacheStore | None = None, jobs: int = 1,
                        targets: Iterable[str | os.PathLike[str]] | None = None) -> ProjectIndex:
    """Index every file (paths, or ``(path, bytes)`` pairs); never raises for one bad file.

    ``roots`` are the project's import roots (``src/`` under a root is one too);
    ``wrappers`` are the configured wrappers, so that wrappers of them are inferred;
    ``cache`` reuses work of earlier runs; ``jobs`` is how many processes may read
    files with libcst.  With ``targets`` (the files to be checked, among ``files``),
    only what they can reach is read (see :class:`_Reach`): the other files are
    summarised only when a name is resolved through them.
    """
    with _rare_collections():
        return _build(files, roots, wrappers, cache, jobs, targets)


def _build(files: Iterable[str | os.PathLike[str] | SourceFile],
           roots: Sequence[str | os.PathLike[str]], wrappers: Sequence[WrapperSpec],
           cache: CacheStore | None, jobs: int,
           targets: Iterable[str | os.PathLike[str]] | None) -> ProjectIndex:
    root_paths = tuple(os.fspath(r) for r in roots)
    stats = {"files": 0, "summarised": 0}
    entries, unreadable = _listed(files, root_paths, stats)
    reach = _Reach(entries, cache, stats)
    if targets is None:
        reach.summarise(entries, jobs)
        reach.add(entries)
    else:
        wanted = {os.path.abspath(os.fspath(t)) for t in targets}
        reach.add([e for e in entries if os.path.abspath(e.path) in wanted], local=True)
        reach.add(reach.named(w.qualified_name for w in wrappers))
    table = _module_table(entries, reach, cache, stats)
    parsed = reach.parsed()
    files_by_path = {os.path.abspath(e.path): e.name for e in entries}
    index = ProjectIndex(root_paths, table, files_by_path, {}, (), _renames(parsed, table),
                         tuple(wrappers), {}, reach.facts())
    analyses = Analyses(table, cache, jobs)
    inference = _Inference(parsed, index, wrappers, analyses,
                           reach if targets is not None else None)
    inferred, known = inference.run()
    _store_facts(reach.entries, cache)
    stats.update(reached=len(reach.entries), analyses_reused=analyses.reused,
                 analyses_computed=analyses.computed)
    unparsed = (*unreadable, *reach.unparsed(), *inference.unparsed)
    return ProjectIndex(root_paths, table, files_by_path, inferred, unparsed,
                        inference.index.renames, tuple(wrappers), known, reach.facts(),
                        inference.failures, stats)


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


# -- summaries and facts ----------------------------------------------------------


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """Fewer garbage collections while ``ast`` and libcst trees are built and dropped.

    Parsing allocates many objects but creates no reference cycles, yet each batch
    of allocations starts a collection that scans every live object (the summaries
    kept so far): a fifth of the summarising time on large projects.  libcst's
    metadata does make cycles (scopes and their assignments), which the collections
    that still run free.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _listed(files: Iterable[str | os.PathLike[str] | SourceFile], roots: tuple[str, ...],
           stats: dict[str, int]) -> tuple[list[_Entry], list[str]]:
    """Every project file with its module name and fingerprint; unreadable ones apart."""
    entries: list[_Entry] = []
    unreadable: list[str] = []
    exists = functools.lru_cache(maxsize=None)(os.path.exists)  # one look per package folder
    for item in files:
        path, data = _read(item)
        name = module_name(path, roots, exists) if _is_project_file(path) else None
        if name is None:
            continue
        stats["files"] += 1
        if data is None:
            unreadable.append(path)
            continue
        content = digest(data)
        entries.append(_Entry(path, data, name, content,
                              module_fingerprint(path, name.name, name.is_package, content)))
    return entries, unreadable


class _Reach:
    """The project files a run reads, with their facts: all of them, or what targets reach.

    Checking some files needs the modules their names resolve into: the modules
    they import (anywhere in the file), the modules those import where they run
    (module level and class bodies: what their top-level names are bound to),
    transitively, and, for a file read for wrapper inference, the modules it
    imports inside functions too (a wrapper's body may import what it calls).
    Names resolved through any other module still find it (the module table
    summarises it on first use), so nothing is resolved differently; only wrapper
    inference is confined to what the checked files can call.
    """

    def __init__(self, entries: list[_Entry], cache: CacheStore | None,
                 stats: dict[str, int]) -> None:
        self.cache = cache
        self.stats = stats
        self.entries: list[_Entry] = []
        self._all = entries
        self._by_name: dict[str, _Entry] = {}
        for entry in entries:
            for alias in entry.name.aliases:
                self._by_name.setdefault(alias, entry)
        for entry in entries:
            self._by_name[entry.name.name] = entry
        self._reached: set[str] = set()
        self._local: set[str] = set()  # fingerprints whose local imports were followed

    def named(self, qualified_names: Iterable[str]) -> list[_Entry]:
        """The project modules a qualified name may be found through: each of its prefixes."""
        found: list[_Entry] = []
        for qualified in qualified_names:
            parts = qualified.split(".")
            for cut in range(1, len(parts) + 1):
                entry = self._by_name.get(".".join(parts[:cut]))
                if entry is not None:
                    found.append(entry)
        return found

    def add(self, starts: Iterable[_Entry], local: bool = False) -> list[_Entry]:
        """Read the facts of ``starts`` and of every module they import; the new entries.

        ``local``: also follow the imports inside the starts' functions.
        """
        new: list[_Entry] = []
        todo = [(entry, local) for entry in starts]
        while todo:
            entry, follow_local = todo.pop()
            if entry.fingerprint not in self._reached:
                self._reached.add(entry.fingerprint)
                self._read(entry)
                self.entries.append(entry)
                new.append(entry)
                todo.extend((e, False) for e in self.named(_imports(entry, local=False)))
            if follow_local and entry.fingerprint not in self._local:
                self._local.add(entry.fingerprint)
                todo.extend((e, False) for e in self.named(_imports(entry, local=True)))
        return new

    def _read(self, entry: _Entry) -> None:
        if not entry.read:
            entry.read = True
            if not _cached_facts(entry, self.cache):
                self.stats["summarised"] += 1
                _summarise(entry)

    def summarise(self, entries: list[_Entry], jobs: int) -> None:
        """Read the facts of many files at once: those not cached in worker processes."""
        todo = [e for e in entries if not e.read and not _cached_facts(e, self.cache)]
        for entry in entries:
            entry.read = True
        workers = jobs if len(todo) >= PARALLEL_SUMMARIES else 1
        done = run_jobs(_summarised, range(len(todo)), todo, workers, _not_summarised)
        for entry, (facts, summary, dirty) in zip(todo, done, strict=True):
            entry.facts, entry.summary, entry.dirty = facts, summary, dirty
        self.stats["summarised"] += len(todo)

    def follow_local(self, entries: Iterable[_Entry]) -> list[_Entry]:
        """Follow the imports inside the functions of these (reached) files; the new entries."""
        return self.add([e for e in entries if e.fingerprint not in self._local], local=True)

    def parsed(self, entries: Iterable[_Entry] | None = None) -> list[_Entry]:
        return [e for e in (self.entries if entries is None else entries)
                if e.facts is not None and e.facts.diagnostic is None]

    def unreached(self) -> list[_Entry]:
        return [e for e in self._all if e.fingerprint not in self._reached]

    def unparsed(self) -> list[str]:
        return [e.path for e in self.entries if e.facts is None or e.facts.diagnostic is not None]

    def facts(self) -> dict[str, FileFacts]:
        return {os.path.abspath(e.path): e.facts for e in self.entries if e.facts is not None}


# Below this many files to summarise, starting worker processes costs more than it saves.
PARALLEL_SUMMARIES = 200
_Summarised = tuple[FileFacts | None, ModuleSummary | None, bool]


def _summarised(entries: list[_Entry], position: int) -> _Summarised:
    """Summarise one file (in a worker process, which has the entries already)."""
    entry = entries[position]
    _summarise(entry)
    return entry.facts, entry.summary, entry.dirty


def _not_summarised(position: int, error: BaseException) -> _Summarised:
    """A file whose summarising killed its worker: read again when it is checked."""
    return None, None, False


def _imports(entry: _Entry, local: bool) -> tuple[str, ...]:
    facts = entry.facts
    if facts is None:
        return ()
    return facts.local_imports if local else facts.imports


def _cached_facts(entry: _Entry, cache: CacheStore | None) -> bool:
    found = cache.get(_FACTS, entry.fingerprint) if cache is not None else None
    if not isinstance(found, _FactsEntry) or found.facts.fingerprint != entry.fingerprint:
        return False
    entry.facts, entry.renames, entry.renames_deps = found.facts, found.renames, found.renames_deps
    return True


def _summarise(entry: _Entry) -> None:
    """Parse with ``ast`` and summarise; a file that cannot be read keeps its diagnostic."""
    entry.dirty = True
    try:
        source = load(entry.path, entry.data)
        if source.tree is None:
            parse_cst(source)  # libcst confirms the syntax error or accepts newer syntax
        entry.summary = summarize(source, entry.name.name, entry.name.is_package,
                                  entry.fingerprint)
    except SourceError as error:
        entry.facts = FileFacts(entry.path, entry.digest, entry.fingerprint,
                                diagnostic=error.diagnostic)
        return
    except Exception:  # reported when the file itself is checked; not cached
        entry.dirty = False
        return
    entry.facts = file_facts(entry.path, entry.digest, entry.fingerprint, source.tree,
                             entry.summary, entry.name.name, entry.name.is_package)


def _module_table(entries: list[_Entry], reach: _Reach, cache: CacheStore | None,
                  stats: dict[str, int]) -> ModuleTable:
    """Summaries by every name a module is importable as; the module's own name wins.

    The files read are in it when they could be parsed; the others (not reached)
    are summarised on first use, or left out then if they cannot be parsed.
    """
    listed = reach.parsed() + reach.unreached()
    fingerprints: dict[str, str] = {}
    for entry in listed:
        for alias in entry.name.aliases:
            fingerprints.setdefault(alias, entry.fingerprint)
    for entry in sorted(listed, key=lambda e: not e.name.outside):  # a root's module wins
        fingerprints[entry.name.name] = entry.fingerprint
    by_fingerprint = {e.fingerprint: e for e in entries}
    loaded = {e.fingerprint: e.summary for e in listed if e.summary is not None}
    for fingerprint, summary in loaded.items():
        if cache is not None:
            cache.put(_SUMMARY, fingerprint, summary)

    def load_summary(fingerprint: str) -> ModuleSummary | None:
        found = cache.get(_SUMMARY, fingerprint) if cache is not None else None
        if isinstance(found, ModuleSummary) and found.fingerprint == fingerprint:
            return found
        entry = by_fingerprint[fingerprint]
        stats["summarised_on_demand"] = stats.get("summarised_on_demand", 0) + 1
        try:
            source = load(entry.path, entry.data)
            if source.tree is None:
                parse_cst(source)  # newer syntax (an empty summary), or a syntax error
            summary = summarize(source, entry.name.name, entry.name.is_package, fingerprint)
        except Exception:  # a file that cannot be read is no module to resolve names in
            return None
        if cache is not None:
            cache.put(_SUMMARY, fingerprint, summary)
        return summary

    calls = {e.fingerprint: e.facts.recorded_calls for e in listed if e.facts is not None}
    pending = frozenset(e.fingerprint for e in reach.unreached())
    return ModuleTable(fingerprints, loaded, load_summary, calls, pending)


def _renames(entries: list[_Entry], table: ModuleTable) -> dict[str, frozenset[str]]:
    """Names that modules bind to a function defined under another name."""
    live = table.listed()
    found: dict[str, set[str]] = {}
    seen: set[str] = set()
    for entry in entries:
        if entry.fingerprint not in live or entry.fingerprint in seen:
            continue
        seen.add(entry.fingerprint)
        deps = entry.renames_deps
        if deps is None or not deps.holds(Symbols(table), _NO_MODELS):
            _file_renames(entry, table)
        for target, local in entry.renames:
            found.setdefault(target, set()).add(local)
    return {k: frozenset(v) for k, v in found.items()}


def _file_renames(entry: _Entry, table: ModuleTable) -> None:
    """The renames one module contributes, resolved through the project (recorded)."""
    seen: dict[str, str | None] = {}
    symbols = Symbols(table, None, seen)
    pairs: list[tuple[str, str]] = []
    for local, binding in table.summary(entry.fingerprint).bindings.items():
        if not isinstance(binding, Ref):
            continue
        target = symbols.canonical(binding.target).rsplit(".", 1)[-1]
        if target != local:
            pairs.append((target, local))
    entry.renames = tuple(pairs)
    entry.renames_deps = recorded(seen, None, None, None, None)
    entry.dirty = True


def _store_facts(entries: list[_Entry], cache: CacheStore | None) -> None:
    if cache is None:
        return
    for entry in entries:
        if entry.dirty and entry.facts is not None:
            cache.put(_FACTS, entry.fingerprint,
                      _FactsEntry(entry.facts, entry.renames, entry.renames_deps))


# -- wrapper inference --------------------------------------------------------------


@dataclass(slots=True)
class _Read:
    """One file read during the pre-pass, with what its reading depended on."""

    entry: _Entry
    analysis: Analysis
    models: dict[str, WrapperModel]
    callees: frozenset[str]


@dataclass(slots=True)
class _Inference:
    """Rounds of reading candidate files and inferring wrappers, to a fixpoint."""

    entries: list[_Entry]
    index: ProjectIndex
    wrappers: Sequence[WrapperSpec]
    analyses: Analyses
    reach: _Reach | None = None  # files reached from targets (None: every file is read)
    unparsed: list[str] = field(default_factory=list)
    failures: dict[str, tuple[str, Diagnostic]] = field(default_factory=dict)

    def run(self) -> tuple[dict[str, WrapperModel], dict[str, KnownCalls]]:
        symbols = Symbols(self.index.modules)
        configured = configured_models(self.wrappers, symbols)
        records: list[ForwardingCall] = []
        decorators: list[ResultForwarding] = []
        reads: dict[str, _Read] = {}
        inferred: dict[str, WrapperModel] = {}
        for _ in range(_MAX_ROUNDS):
            models = combine(configured, inferred)
            words = self._grown(self.index.vocabulary(models, self.wrappers), models)
            todo = [e for e in self.entries if e.path not in reads and _candidate(e, words)
                    and os.path.abspath(e.path) not in self.failures]  # no second crash
            if not todo:
                break
            for read in self._read(todo, models, words):
                reads[read.entry.path] = read
                records.extend(read.analysis.forwarding)
                decorators.extend(read.analysis.decorators)
            found = infer(records, configured, symbols, decorators)
            if found.keys() == inferred.keys():
                inferred = found
                break
            inferred = found
        final = combine(configured, inferred)
        words = self.index.vocabulary(final, self.wrappers)
        known = {os.path.abspath(path): KnownCalls(read.entry.digest,
                                                   tuple(placed(read.analysis.calls, final)),
                                                   path, tuple(read.analysis.loose))
                 for path, read in reads.items() if _still_valid(read, final, words)}
        return inferred, known

    def _grown(self, words: frozenset[str], models: Mapping[str, WrapperModel]
               ) -> frozenset[str]:
        """Reach what the candidate files import inside their functions; the vocabulary then.

        A file read for wrapper inference may define a wrapper whose body imports
        what it calls (``from app.analytics import track`` inside the function): the
        imports inside the functions of candidate files, and of files that call what
        they import there, are followed.
        """
        while self.reach is not None:
            new = self.reach.follow_local([e for e in self.entries if _candidate(e, words)
                                           or (e.facts is not None
                                               and e.facts.calls_local_import())])
            if not new:
                break
            added = self.reach.parsed(new)
            self.entries.extend(added)
            renames = dict(self.index.renames)
            table = self.index.modules
            assert isinstance(table, ModuleTable)
            for entry in new:
                table.provide(entry.fingerprint, entry.summary, entry in added)
            for target, names in _renames(added, table).items():
                renames[target] = renames.get(target, frozenset()) | names
            self.index = replace(self.index, renames=renames, facts=self.reach.facts())
            words = self.index.vocabulary(models, self.wrappers)
        return words

    def _read(self, todo: list[_Entry], models: dict[str, WrapperModel],
              words: frozenset[str]) -> list[_Read]:
        """Read the calls (with the wrappers known so far) and forwarding calls of files."""
        jobs = [AnalysisJob(e.path, e.data, e.name, e.fingerprint, models, _callees(e, words),
                            forwarding=True) for e in todo]
        reads: list[_Read] = []
        for entry, job, outcome in zip(todo, jobs, self.analyses.run(jobs), strict=True):
            if outcome.analysis is None:
                self.unparsed.append(entry.path)
                if outcome.crashed and outcome.error is not None:
                    self.failures[os.path.abspath(entry.path)] = (entry.digest, outcome.error)
                continue
            reads.append(_Read(entry, outcome.analysis, models, job.callees or frozenset()))
        return reads


def _callees(entry: _Entry, words: frozenset[str]) -> frozenset[str] | None:
    facts = entry.facts
    return None if facts is None or facts.called is None else facts.callees(words)


def _still_valid(read: _Read, final: Mapping[str, WrapperModel], words: frozenset[str]) -> bool:
    """Whether the calls read in an early round are what the final wrappers would give.

    They are unless a wrapper that changed since (newly inferred, or configured and
    now known better) is one of the names the reading looked up, or a call the
    early vocabulary left out is now a candidate.
    """
    facts = read.entry.facts
    if facts is None or facts.called is None:
        return False
    changed = {name for name in final.keys() | read.models.keys()
               if final.get(name) != read.models.get(name)}
    if changed & read.analysis.depends_on:
        return False
    return facts.called.isdisjoint(facts.callees(words) - read.callees)


def _candidate(entry: _Entry, words: frozenset[str]) -> bool:
    facts = entry.facts
    if facts is None:
        return False
    text = decode(entry.path, entry.data) if facts.called is None else None
    return facts.candidate(words, text)
