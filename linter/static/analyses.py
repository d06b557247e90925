"""Running libcst analyses for a run: reused from the cache, or computed, in parallel.

An analysis (:func:`linter.static.finder.analyze`) is the expensive step of the
static checker: libcst's parse plus its scope and qualified-name metadata.  This
module runs a batch of them for one state of the project.  Each is first looked
up in the cache under its file's fingerprint (tool, path, module name, bytes), the
platform and whether forwarding calls are recorded; a stored variant is used when
every dependency it recorded still holds (:mod:`linter.static.reuse`).  The others
run in worker processes when there are enough of them, else in this process; in
both cases a failure is an outcome for that file, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from linter.diagnostics import Diagnostic
from linter.static.finder import DEFAULT_PLATFORM, Analysis, analyze
from linter.static.fingerprint import stable_digest
from linter.static.modules import ModuleName
from linter.static.parallel import run_jobs
from linter.static.reuse import (
    Deps,
    ModelDigests,
    RecordingModels,
    first_valid,
    recorded,
    with_variant,
)
from linter.static.source import (
    NESTED_TOO_DEEPLY,
    SourceError,
    internal_error,
    load,
    parse_error,
)
from linter.static.store import CacheStore
from linter.static.summary import ModuleSummary
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel

# Below this many analyses to compute, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 12
KIND = "analysis"


@dataclass(frozen=True, slots=True)
class AnalysisJob:
    """One file to analyse and everything the analysis is given.

    ``local`` is the file's own summary when it shadows the index's (a file read
    afresh by ``find_calls``).
    """

    path: str
    data: bytes
    name: ModuleName
    fingerprint: str
    models: Mapping[str, WrapperModel]
    callees: frozenset[str] | None
    platform: str = DEFAULT_PLATFORM
    forwarding: bool = False
    local: ModuleSummary | None = None

    @property
    def key(self) -> str:
        return stable_digest(KIND, self.fingerprint, self.platform, self.forwarding)

    def symbols(self, modules: Mapping[str, ModuleSummary],
                seen: dict[str, str | None] | None = None) -> Symbols:
        local = None
        if self.local is not None:
            local = {n: self.local for n in (self.name.name, *self.name.aliases)}
        return Symbols(modules, local, seen)


@dataclass(frozen=True, slots=True)
class Outcome:
    """An analysis with what it depended on (None: not cacheable), or why it failed."""

    analysis: Analysis | None = None
    deps: Deps | None = None
    error: Diagnostic | None = None
    reused: bool = False
    crashed: bool = False  # the worker process reading it died


def failure(path: str, error: BaseException) -> Diagnostic:
    """The diagnostic for a file whose reading raised (as ``find_calls`` reports it)."""
    if isinstance(error, SourceError):
        return error.diagnostic
    if isinstance(error, RecursionError):
        return parse_error(path, "the code is nested too deeply", reason=NESTED_TOO_DEEPLY)
    return internal_error(path, error)


def analyse(modules: Mapping[str, ModuleSummary], job: AnalysisJob) -> Outcome:
    """Analyse one file, recording its dependencies (runs in a worker process or here)."""
    seen: dict[str, str | None] = {}
    models = RecordingModels(job.models)
    try:
        source = load(job.path, job.data)
        analysis = analyze(source, job.name, job.symbols(modules, seen), models, job.platform,
                           callees=job.callees, forwarding=job.forwarding)
    except Exception as error:  # a failure on one file is a result for that file
        return Outcome(error=failure(job.path, error))
    deps = recorded(seen, models, ModelDigests(job.models), analysis.tested, job.callees)
    return Outcome(analysis, deps)


def _crashed(job: AnalysisJob, error: BaseException) -> Outcome:
    return Outcome(error=internal_error(job.path, error), crashed=True)


class Analyses:
    """Analyses of one project state, over its module summaries, with an optional cache."""

    def __init__(self, modules: Mapping[str, ModuleSummary], store: CacheStore | None = None,
                 workers: int = 1, threshold: int | None = None) -> None:
        self.modules = modules
        self.store = store
        self.workers = workers
        self.threshold = PARALLEL_THRESHOLD if threshold is None else threshold
        self.reused = 0
        self.computed = 0
        self._digests: dict[int, tuple[Mapping[str, WrapperModel], ModelDigests]] = {}

    def run(self, jobs: Sequence[AnalysisJob]) -> list[Outcome]:
        """One outcome per job, in order."""
        stored = {job.key: self.store.get(KIND, job.key) for job in jobs} if self.store else {}
        outcomes: list[Outcome | None] = [self._reuse(job, stored.get(job.key)) for job in jobs]
        missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
        todo = [jobs[i] for i in missing]
        workers = self.workers if len(todo) >= self.threshold else 1
        for position, outcome in zip(missing, run_jobs(analyse, todo, self.modules, workers,
                                                        _crashed), strict=True):
            outcomes[position] = outcome
            self._keep(jobs[position], outcome, stored.get(jobs[position].key))
        self.computed += len(todo)
        self.reused += len(jobs) - len(todo)
        return [o for o in outcomes if o is not None]

    def reuse(self, job: AnalysisJob) -> Outcome | None:
        """The stored analysis of a job whose dependencies still hold, if any."""
        if self.store is None:
            return None
        found = self._reuse(job, self.store.get(KIND, job.key))
        self.reused += found is not None
        return found

    def _reuse(self, job: AnalysisJob, variants: object) -> Outcome | None:
        if variants is None:
            return None
        symbols = job.symbols(self.modules)
        digests = self._model_digests(job.models)

        def holds(deps: Deps) -> bool:
            return deps.holds(symbols, digests, job.callees)

        analysis = first_valid(variants, holds)
        return Outcome(analysis, None, None, True) if isinstance(analysis, Analysis) else None

    def _model_digests(self, models: Mapping[str, WrapperModel]) -> ModelDigests:
        known = self._digests.get(id(models))
        if known is None or known[0] is not models:
            known = (models, ModelDigests(models))
            self._digests[id(models)] = known
        return known[1]

    def _keep(self, job: AnalysisJob, outcome: Outcome, variants: object) -> None:
        if self.store is None or outcome.analysis is None or outcome.deps is None:
            return
        self.store.put(KIND, job.key, with_variant(variants, outcome.deps, outcome.analysis))
