"""The project index: what the pre-pass learnt about every module of the project.

It is plain data (module summaries, module names by path, inferred wrappers,
prefilter facts), so it pickles to worker processes, and checking one file needs
only the index and that file.  Summaries may be loaded on first use
(:class:`ModuleTable`): a run served from the cache reads only those it needs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linter.diagnostics import Diagnostic
from linter.static.configured import configured_models
from linter.static.model import CallSite, InferredWrapper, LooseCall, WrapperSpec
from linter.static.modules import ModuleName, module_name
from linter.static.prefilter import FileFacts, last_names
from linter.static.sdk_signatures import CALL_WORDS
from linter.static.summary import ModuleSummary, recorded_names
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel
from linter.static.wrappers import combine


@dataclass(frozen=True, slots=True)
class KnownCalls:
    """Call sites of one file as the pre-pass read them, and the bytes they came from."""

    digest: str
    calls: tuple[CallSite, ...]
    path: str = ""
    loose: tuple[LooseCall, ...] = ()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ModuleTable(Mapping[str, ModuleSummary]):
    """Summaries by module name, each loaded on first use and identified by its fingerprint.

    ``load`` turns a fingerprint into its summary (from the cache, or by reading the
    file again).  Fingerprints in ``pending`` are of files not read yet, which may
    turn out unreadable: ``load`` gives None for those, and the module is then
    absent, as if it had never been listed.  Pickling loads every summary, so
    workers get plain data.
    """

    def __init__(self, fingerprints: Mapping[str, str],
                 loaded: Mapping[str, ModuleSummary] | None = None,
                 load: Callable[[str], ModuleSummary | None] | None = None,
                 calls: Mapping[str, frozenset[str]] | None = None,
                 pending: frozenset[str] = frozenset()) -> None:
        self._fingerprints = dict(fingerprints)
        self._loaded = dict(loaded or {})
        self._load = load
        self._calls = dict(calls or {})
        self._recording: dict[str, frozenset[str]] | None = None
        self._pending = set(pending)

    def fingerprint(self, name: str) -> str | None:
        found = self._fingerprints.get(name)
        if found is not None and found in self._pending:
            self._settle(found)
            found = self._fingerprints.get(name)
        return found

    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every summary some module name gives."""
        for pending in list(self._pending):
            self._settle(pending)
        return frozenset(self._fingerprints.values())

    def listed(self) -> frozenset[str]:
        """The fingerprints some module name gives, files not read yet included."""
        return frozenset(self._fingerprints.values())

    def recording(self, name: str) -> frozenset[str]:
        """Fingerprints of the modules whose summaries record calls named ``name``.

        Known without loading the summaries: ``calls`` gives each fingerprint's names
        (files not read yet, when the table has some, are summarised for it).
        """
        if self._recording is None:
            by_name: dict[str, set[str]] = {}
            for fingerprint in self.fingerprints():  # the files not read yet are read now
                called = self._calls.get(fingerprint)
                if called is None:
                    summary = self._loaded.get(fingerprint)
                    called = recorded_names(summary) if summary is not None else frozenset()
                for name_called in called:
                    by_name.setdefault(name_called, set()).add(fingerprint)
            self._recording = {k: frozenset(v) for k, v in by_name.items()}
        return self._recording.get(name, frozenset())

    def summary(self, fingerprint: str) -> ModuleSummary:
        """The summary with this fingerprint (loaded now if it was not yet)."""
        summary = self._loaded.get(fingerprint)
        if summary is None:
            if self._load is None:
                raise KeyError(fingerprint)
            if fingerprint in self._pending:
                self._settle(fingerprint)
                return self._loaded[fingerprint]
            loaded = self._load(fingerprint)
            if loaded is None:
                raise KeyError(fingerprint)
            summary = self._loaded[fingerprint] = loaded
        return summary

    def provide(self, fingerprint: str, summary: ModuleSummary | None, readable: bool) -> None:
        """A pending file read since: its summary (when at hand), or gone if unreadable."""
        if fingerprint not in self._pending:
            return
        if not readable:
            self._pending.discard(fingerprint)
            self._fingerprints = {n: f for n, f in self._fingerprints.items()
                                  if f != fingerprint}
        elif summary is not None:
            self._pending.discard(fingerprint)
            self._loaded[fingerprint] = summary

    def _settle(self, fingerprint: str) -> None:
        """Read a pending file: its summary, or its names gone when it cannot be read."""
        self._pending.discard(fingerprint)
        summary = self._load(fingerprint) if self._load is not None else None
        if summary is not None:
            self._loaded[fingerprint] = summary
            return
        self._fingerprints = {n: f for n, f in self._fingerprints.items() if f != fingerprint}

    def __getitem__(self, name: str) -> ModuleSummary:
        found = self.fingerprint(name)
        if found is None:
            raise KeyError(name)
        return self.summary(found)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.fingerprint(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> list[str]:
        self.fingerprints()
        return list(self._fingerprints)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ModuleTable):
            self.fingerprints()
            other.fingerprints()
            return self._fingerprints == other._fingerprints
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        loaded = {f: self.summary(f) for f in self.fingerprints()}
        return (ModuleTable, (self._fingerprints, loaded, None, self._calls))


@dataclass(frozen=True, slots=True)
class ProjectIndex:
    """Module summaries by every name a module is importable as, and inferred wrappers.

    ``unparsed`` lists files left out of the index because they could not be read
    (checking such a file reports why).  ``renames`` maps a function's name to the
    other names modules import or assign it under (``from .impl import track as
    send``), so the prefilter knows ``send(...)`` may be a call of ``track``.
    ``calls`` keeps the call sites the pre-pass already read, by absolute path: the
    pre-pass must resolve metadata for files with tracking calls anyway, and
    :func:`find_calls` reuses them for the same bytes and the same configuration
    instead of resolving the file a second time.  ``facts`` keeps, by absolute path,
    what the prefilter needs (:class:`FileFacts`), so a file that cannot contain a
    call is not parsed again; ``failures`` the TL302 of files whose reading killed
    a worker process (they are not read again in this process).
    """

    roots: tuple[str, ...] = ()
    modules: Mapping[str, ModuleSummary] = field(default_factory=dict)
    files: Mapping[str, ModuleName] = field(default_factory=dict)
    inferred: Mapping[str, WrapperModel] = field(default_factory=dict)
    unparsed: tuple[str, ...] = ()
    renames: Mapping[str, frozenset[str]] = field(default_factory=dict)
    wrappers: tuple[WrapperSpec, ...] = ()
    calls: Mapping[str, KnownCalls] = field(default_factory=dict)
    facts: Mapping[str, FileFacts] = field(default_factory=dict)
    failures: Mapping[str, tuple[str, Diagnostic]] = field(default_factory=dict)
    # How the index was built (files summarised, analyses reused...): for reports and tests.
    stats: Mapping[str, int] = field(default_factory=dict, compare=False)

    def known_calls(self, path: str, data: bytes, wrappers: Sequence[WrapperSpec]
                    ) -> KnownCalls | None:
        """Call sites the pre-pass read from exactly these bytes, with these wrappers."""
        known = self.calls.get(os.path.abspath(path))
        if known is None or tuple(wrappers) != self.wrappers or known.path != path:
            return None
        return known if known.digest == digest(data) else None

    def facts_of(self, path: str, data: bytes) -> FileFacts | None:
        """The prefilter facts the pre-pass kept for exactly this spelling and these bytes."""
        facts = self.facts.get(os.path.abspath(path))
        if facts is None or facts.path != path or facts.digest != digest(data):
            return None
        return facts

    def failure(self, path: str, data: bytes) -> Diagnostic | None:
        """The TL302 of a file whose reading killed a worker, for these bytes."""
        found = self.failures.get(os.path.abspath(path))
        return found[1] if found is not None and found[0] == digest(data) else None

    @property
    def inferred_wrappers(self) -> tuple[InferredWrapper, ...]:
        """Every inferred wrapper: its qualified name, its roles, where it is, what it calls."""
        found = (m.inferred for m in self.inferred.values())
        return tuple(sorted((w for w in found if w is not None),
                            key=lambda w: w.qualified_name))

    def module_name(self, path: str) -> ModuleName:
        """The module name of a file (known to the index, or computed from the roots)."""
        known = self.files.get(os.path.abspath(path))
        if known is not None:
            return known
        computed = module_name(path, self.roots)
        if computed is not None:
            return computed
        stem = os.path.splitext(os.path.basename(path))[0]
        return ModuleName(re.sub(r"\W", "_", stem) or "_", False)

    def symbols(self, local: ModuleSummary | None = None,
                name: ModuleName | None = None) -> Symbols:
        """Name resolution over the index, with the file being checked read afresh."""
        overrides: dict[str, ModuleSummary] = {}
        if local is not None and name is not None:
            overrides = {n: local for n in (name.name, *name.aliases)}
        return Symbols(self.modules, overrides)

    def wrapper_models(self, wrappers: Sequence[WrapperSpec],
                       symbols: Symbols) -> dict[str, WrapperModel]:
        """Configured wrappers combined with the inferred ones (configuration wins)."""
        return combine(configured_models(wrappers, symbols), self.inferred)


    def vocabulary(self, models: Mapping[str, WrapperModel],
                   wrappers: Sequence[WrapperSpec] = ()) -> frozenset[str]:
        """Every name a reported call's callee can end in, renames included."""
        words = CALL_WORDS | last_names(models) | last_names(w.qualified_name for w in wrappers)
        return words.union(*(self.renames.get(w, frozenset()) for w in words))
