"""Reusing results computed in earlier runs: what each depended on, recorded and rechecked.

A libcst analysis of one file (its calls and forwarding records) depends on more
than the file: on the summaries of the modules its names resolve through, on the
wrappers it looked up, on the names it was asked to read.  Rather than keying the
result by the whole project (so that any edit anywhere throws everything away),
each computation records exactly what it read, as stable digests:

* every module name it looked up, with the fingerprint of the summary found
  (or None: a module that did not exist must still not exist);
* every wrapper name it looked up, with the digest of the wrapper model found;
* the call names it tested against the wanted callees, with the answers.

A cached result is used only when each recorded item gives the same answer
now, so it is exactly what a fresh computation would give.  Digests come from
:func:`linter.static.fingerprint.stable_digest` (never ``hash()`` or pickle bytes),
so they agree between processes and runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from linter.static.fingerprint import stable_digest
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel

# Results of one file kept side by side (different states of the project).
MAX_VARIANTS = 3
_ALL = "*"


@dataclass(frozen=True, slots=True)
class Deps:
    """What one computation read from outside its file, as stable digests."""

    modules: tuple[tuple[str, str | None], ...] = ()
    models: tuple[tuple[str, str | None], ...] = ()
    # Call names tested against the wanted callees, and those that were wanted
    # (``tested`` is None when every call was read).
    tested: tuple[str, ...] | None = None
    wanted: tuple[str, ...] = ()

    def holds(self, symbols: Symbols, models: ModelDigests,
              callees: frozenset[str] | None = None) -> bool:
        """Whether every recorded item gives the same answer with these inputs."""
        if any(symbols.fingerprint(name) != value for name, value in self.modules):
            return False
        try:
            if any(models.digest(name) != value for name, value in self.models):
                return False
        except TypeError:  # a model that cannot be digested now: compute afresh
            return False
        if self.tested is None or callees is None:
            return self.tested is None and callees is None
        return tuple(sorted(callees.intersection(self.tested))) == self.wanted


class ModelDigests:
    """Stable digests of the wrapper models of one configuration, computed once each."""

    def __init__(self, models: Mapping[str, WrapperModel]) -> None:
        self.models = models
        self._digests: dict[str, str | None] = {}

    def digest(self, name: str) -> str | None:
        if name not in self._digests:
            self._digests[name] = self._compute(name)
        return self._digests[name]

    def _compute(self, name: str) -> str | None:
        if name == _ALL:
            return stable_digest(sorted((k, stable_digest(v)) for k, v in self.models.items()))
        model = self.models.get(name)
        return None if model is None else stable_digest(model)


def unrecorded(models: Mapping[str, WrapperModel]) -> Mapping[str, WrapperModel]:
    """The models themselves, without noting what is looked up in them."""
    return models._models if isinstance(models, RecordingModels) else models


class RecordingModels(Mapping[str, WrapperModel]):
    """The wrapper models, noting every name looked up (iterating them notes all of them)."""

    def __init__(self, models: Mapping[str, WrapperModel]) -> None:
        self._models = models
        self.seen: set[str] = set()

    def __getitem__(self, name: str) -> WrapperModel:
        self.seen.add(name)
        return self._models[name]

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.seen.add(name)
        return name in self._models

    def get(self, name: str, default: Any = None) -> Any:
        self.seen.add(name)
        return self._models.get(name, default)

    def __iter__(self) -> Iterator[str]:
        self.seen.add(_ALL)
        return iter(self._models)

    def __len__(self) -> int:
        self.seen.add(_ALL)
        return len(self._models)


def recorded(seen_modules: Mapping[str, str | None], models: RecordingModels | None,
             digests: ModelDigests | None, tested: set[str] | None,
             callees: frozenset[str] | None) -> Deps | None:
    """The dependencies of one computation, or None when they cannot all be digested."""
    if any(value == "" for value in seen_modules.values()):
        return None  # a summary without a fingerprint: nothing to check it against
    model_items: list[tuple[str, str | None]] = []
    if models is not None and digests is not None:
        try:
            model_items = [(name, digests.digest(name)) for name in sorted(models.seen)]
        except TypeError:
            return None
    wanted: tuple[str, ...] = ()
    tested_names: tuple[str, ...] | None = None
    if callees is not None:
        tested_names = tuple(sorted(tested or ()))
        wanted = tuple(sorted(callees.intersection(tested_names)))
    return Deps(tuple(sorted(seen_modules.items())), tuple(model_items), tested_names, wanted)


def first_valid(variants: object, holds: Any) -> Any:
    """The value of the first ``(deps, value)`` variant whose dependencies hold, else None."""
    if not isinstance(variants, list):
        return None
    for variant in variants:
        if (isinstance(variant, tuple) and len(variant) == 2 and isinstance(variant[0], Deps)
                and holds(variant[0])):
            return variant[1]
    return None


def with_variant(variants: object, deps: Deps, value: object) -> list[tuple[Deps, object]]:
    """The variants to store: the new one first, then older ones for other dependencies."""
    kept: list[tuple[Deps, object]] = [(deps, value)]
    if isinstance(variants, list):
        kept.extend(v for v in variants if isinstance(v, tuple) and len(v) == 2
                    and isinstance(v[0], Deps) and v[0] != deps)
    return kept[:MAX_VARIANTS]
