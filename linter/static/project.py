"""The project index: what the pre-pass learnt about every module of the project.

It is plain data (module summaries, module names by path, inferred wrappers), so
it pickles to worker processes, and checking one file needs only the index and
that file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from linter.static.model import CallSite, InferredWrapper, WrapperSpec
from linter.static.modules import ModuleName, module_name
from linter.static.prefilter import last_names
from linter.static.sdk_signatures import CALL_WORDS
from linter.static.summary import ModuleSummary
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel
from linter.static.wrappers import combine, configured_models


@dataclass(frozen=True, slots=True)
class KnownCalls:
    """Call sites of one file as the pre-pass read them, and the bytes they came from."""

    digest: str
    calls: tuple[CallSite, ...]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    instead of resolving the file a second time.
    """

    roots: tuple[str, ...] = ()
    modules: Mapping[str, ModuleSummary] = field(default_factory=dict)
    files: Mapping[str, ModuleName] = field(default_factory=dict)
    inferred: Mapping[str, WrapperModel] = field(default_factory=dict)
    unparsed: tuple[str, ...] = ()
    renames: Mapping[str, frozenset[str]] = field(default_factory=dict)
    wrappers: tuple[WrapperSpec, ...] = ()
    calls: Mapping[str, KnownCalls] = field(default_factory=dict)

    def known_calls(self, path: str, data: bytes, wrappers: Sequence[WrapperSpec]
                    ) -> tuple[CallSite, ...] | None:
        """Call sites the pre-pass read from exactly these bytes, with these wrappers."""
        known = self.calls.get(os.path.abspath(path))
        if known is None or tuple(wrappers) != self.wrappers:
            return None
        return known.calls if known.digest == digest(data) else None

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
