"""Checking Python code against the plan: find the tracking calls, check each one.

The call inventory comes from :mod:`linter.static` (libcst); each call's
observation goes through the same :class:`EventChecker` that checks payloads;
this module adds what only code has: source lines and carets, ignore comments,
fixes for literals, a cache so that unchanged files are not parsed again, and
worker processes for the files that must be.

The cache (:class:`~linter.static.store.CacheStore`, under the project's cache
directory) holds summaries and libcst analyses filed by file content and tool
version, each reused while what it depended on is unchanged (see
:mod:`linter.static.index`).  Nothing in it depends on the plan: calls are checked
against the plan afresh on every run, which is cheap, so editing the plan never
needs the cache to be cleared.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from linter.affected import importers
from linter.diagnostics import Diagnostic, Fix, Related, TracklintError
from linter.events import Origin
from linter.fix_safety import problems_after, unsafe_hint
from linter.fixing import replacement_fix
from linter.rules import RULES
from linter.sdk_values import KINDS
from linter.sdk_values import fate as value_fate
from linter.selection import RuleSelection
from linter.source_files import (
    DEFAULT_MAX_FILE_KB,
    SourceFiles,
    newer_syntax,
    read_sources,
)
from linter.static import CallSite, FileResult, ProjectIndex, WrapperSpec, build_project_index
from linter.static import find_calls as find_file_calls
from linter.static.analyses import PARALLEL_THRESHOLD
from linter.static.configured import wrapper_problems
from linter.static.finder import prefiltered, reused
from linter.static.parallel import run_jobs
from linter.static.source import (
    NEWER_SYNTAX,
    NOT_CHECKED_KEY,
    SYNTAX_ERROR,
    SourceError,
    decode,
    internal_error,
    split_lines,
)
from linter.static.store import DEFAULT_MAX_BYTES, CacheStore
from linter.static.unresolved import UnresolvedCall, unresolved_calls
from linter.suppressions import find_suppressions, unused_suppressions, without_suppressed
from linter.validation.event_check import EventChecker


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
    cache_max_bytes: int = DEFAULT_MAX_BYTES
    # Where the wrappers are configured: the file, and each wrapper's lines by setting.
    config_path: Path | None = None
    wrapper_lines: tuple[Mapping[str, int], ...] = ()
    max_file_bytes: int = DEFAULT_MAX_FILE_KB * 1024
    # Also check every project file whose names resolve through a target (pre-commit).
    with_importers: bool = False
    # Contents given directly (an editor's buffer on standard input), by path: used
    # instead of what is on disk at that path, which need not exist.
    sources: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(slots=True)
class CallInventory:
    """Every tracking call in the checked files, with the project index behind them.

    ``summarised`` counts the project files parsed with ``ast`` in this run (the
    others came from the cache), ``analysed`` the libcst analyses the pre-pass
    computed and ``reused`` the analyses taken from the cache; ``read`` counts
    target files that neither the index nor the cache could answer for, read
    again.  ``cache_hits`` counts the target files of a run served wholly from the
    cache: one that parsed no file at all.  ``unread`` names the other project
    files whose names could not be read (too large, unparsable...), with why.
    """

    index: ProjectIndex
    results: dict[str, FileResult] = field(default_factory=dict)
    sources: dict[str, bytes] = field(default_factory=dict)
    cache_hits: int = 0
    summarised: int = 0
    analysed: int = 0
    reused: int = 0
    read: int = 0
    unread: dict[str, str] = field(default_factory=dict)

    @property
    def calls(self) -> list[CallSite]:
        """Every call found, including the forwarding call in each wrapper's body."""
        return [call for result in self.results.values() for call in result.calls]

    def source_bytes(self, path: str) -> bytes:
        """The bytes of a checked file, or of another project file a fix edits (read now)."""
        data = self.sources.get(path)
        if data is None:
            data = self.sources[path] = _read_bytes(Path(path)) or b""
        return data

    def source_text(self, path: str) -> str:
        """The text of a checked file, or of another project file a fix edits (read now)."""
        return read_text(path, self.source_bytes(path))

    @property
    def unresolved(self) -> list[UnresolvedCall]:
        """Calls that look like tracking but could not be resolved, so were not checked."""
        loose = (call for result in self.results.values() for call in result.loose)
        models = self.index.wrapper_models(self.index.wrappers, self.index.symbols())
        return unresolved_calls(loose, self.index, models)

    @property
    def tracking_calls(self) -> list[CallSite]:
        """The tracking calls a run counts and checks: the calls of their own.

        The SDK call inside a wrapper's body only forwards what the wrapper's
        callers pass; it is checked and counted at each of those callers, so every
        command (check, calls, coverage) counts the same calls.
        """
        return [call for call in self.calls if call.inside_wrapper is None]


def collect_calls(settings: CodeSettings) -> CallInventory:
    """Find the tracking calls of the target files, reusing cached work where it is valid."""
    files = read_sources((path for path in (*settings.project_files, *settings.targets)
                          if str(path) not in settings.sources), settings.max_file_bytes)
    files.contents.update(settings.sources)
    store = _store(settings)
    index = build_project_index(
        files.contents.items(), roots=[str(r) for r in settings.roots],
        wrappers=settings.wrappers, cache=store, jobs=settings.jobs,
        targets=_demand(settings))
    _verify_wrappers(settings, index)
    inventory = CallInventory(index)
    found: dict[str, FileResult] = {}
    todo: list[str] = []
    targets = _with_importers(settings, index) if settings.with_importers else settings.targets
    for target in targets:
        path = str(target)
        data = inventory.sources[path] = files.contents.get(path, b"")
        refused = files.refused.get(path) or _newer_syntax(index, path, data)
        if refused is not None:
            found[path] = FileResult(diagnostics=(refused,), path=path)
            continue
        quick = prefiltered(path, data, index, settings.wrappers, settings.platform)
        if quick is None and store is not None:
            quick = reused(path, data, index, settings.wrappers, settings.platform, store)
            inventory.reused += quick is not None
        if quick is None:
            todo.append(path)
        else:
            found[path] = quick
    found.update(_find_all(todo, inventory, settings, store))
    inventory.read = len(todo)
    inventory.results = {str(t): found[str(t)] for t in targets}
    inventory.unread = _unread(files, index, set(inventory.results),
                               demand=_demand(settings) is not None)
    _count(inventory, store)
    if store is not None and store.writes:
        store.prune()
    return inventory


def _demand(settings: CodeSettings) -> tuple[Path, ...] | None:
    """The files whose reach the index reads, or None for the whole project.

    Checking some files of a project reads what they can reach, not the whole
    project; the importers of a change (``with_importers``) are found among all files.
    """
    if settings.with_importers:
        return None
    project = {os.path.abspath(p) for p in settings.project_files}
    if project <= {os.path.abspath(t) for t in settings.targets}:
        return None
    return settings.targets


def _verify_wrappers(settings: CodeSettings, index: ProjectIndex) -> None:
    """Stop with every mistake in the configured wrappers, each at its configuration line."""
    problems = wrapper_problems(settings.wrappers, index.symbols())
    if not problems:
        return
    path = str(settings.config_path) if settings.config_path is not None else None
    lines = dict(zip(settings.wrappers, settings.wrapper_lines, strict=False))
    diagnostics = [RULES["TL006"].diagnostic(
        problem.message, path=path, line=lines.get(problem.spec, {}).get(problem.setting),
        column=1 if path else None, hint=problem.hint) for problem in problems]
    first = diagnostics[0]
    where = f"{first.location}: " if path else "configured wrapper: "
    raise TracklintError(where + first.message, diagnostics)


def _store(settings: CodeSettings) -> CacheStore | None:
    if settings.cache_dir is None:
        return None
    return CacheStore(settings.cache_dir, settings.cache_max_bytes)


def _count(inventory: CallInventory, store: CacheStore | None) -> None:
    stats = inventory.index.stats
    inventory.summarised = stats.get("summarised", 0)
    inventory.analysed = stats.get("analyses_computed", 0)
    inventory.reused += stats.get("analyses_reused", 0)
    parsed = inventory.summarised or inventory.analysed or inventory.read
    if store is not None and not parsed:
        inventory.cache_hits = len(inventory.results)


def _with_importers(settings: CodeSettings, index: ProjectIndex) -> tuple[Path, ...]:
    """The targets, and the project files whose names resolve through one of them."""
    by_absolute = {os.path.abspath(p): p for p in settings.project_files}
    found = importers((str(t) for t in settings.targets), index)
    extra = sorted(by_absolute[path] for path in found if path in by_absolute)
    return (*settings.targets, *(p for p in extra if p not in settings.targets))


def _newer_syntax(index: ProjectIndex, path: str, data: bytes) -> Diagnostic | None:
    """TL301 for a file the pre-pass could only parse with libcst (newer syntax)."""
    facts = index.facts_of(path, data)
    if facts is None or facts.called is not None or facts.diagnostic is not None:
        return None
    return newer_syntax(path, data)


def _unread(files: SourceFiles, index: ProjectIndex, targets: set[str],
            demand: bool = False) -> dict[str, str]:
    """Other project files whose names could not be read, and why: names resolved
    through them are unknown, so the summary line counts them.

    With ``demand`` (some files of the project checked), only the files they can
    reach count: the others were never read, and no name resolves through them.
    """
    refused = files.refused
    if demand:
        imported = _imported(index)
        refused = {path: d for path, d in refused.items()
                   if index.module_name(path).name in imported}
    unread = {path: str(d.extra.get(NOT_CHECKED_KEY, "")) for path, d in refused.items()
              if path not in targets}
    for facts in index.facts.values():
        if facts.path in targets or facts.path in unread:
            continue
        if facts.diagnostic is not None:
            unread[facts.path] = str(facts.diagnostic.extra.get(NOT_CHECKED_KEY, SYNTAX_ERROR))
        elif facts.called is None:
            unread[facts.path] = NEWER_SYNTAX
    return unread


def _imported(index: ProjectIndex) -> set[str]:
    """Every module name (and its packages) that the files the index read import."""
    found: set[str] = set()
    for facts in index.facts.values():
        for name in (*facts.imports, *facts.local_imports):
            parts = name.split(".")
            found.update(".".join(parts[:cut]) for cut in range(1, len(parts) + 1))
    return found


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _find_all(paths: list[str], inventory: CallInventory, settings: CodeSettings,
              store: CacheStore | None) -> Iterable[tuple[str, FileResult]]:
    """Read the files the index could not answer for, in worker processes if many."""
    jobs = settings.jobs if len(paths) >= PARALLEL_THRESHOLD else 1
    state = (inventory.index, settings.wrappers, settings.platform, store)
    items = [(path, inventory.sources[path]) for path in paths]
    results = run_jobs(_find, items, state, jobs, _crashed)
    return zip(paths, results, strict=True)


def _find(state: tuple[ProjectIndex, tuple[WrapperSpec, ...], str, CacheStore | None],
          item: tuple[str, bytes]) -> FileResult:
    index, wrappers, platform, store = state
    return find_file_calls(item[0], item[1], index, wrappers, platform, cache=store)


def _crashed(item: tuple[str, bytes], error: BaseException) -> FileResult:
    return FileResult(diagnostics=(internal_error(item[0], error),), path=item[0])


# -- checking -------------------------------------------------------------------


def check_inventory(inventory: CallInventory, checker: EventChecker,
                    selection: RuleSelection) -> list[Diagnostic]:
    """Every selected, unsuppressed diagnostic of the inventory's files.

    Ignore comments that suppress nothing are reported too (TL901), judged against
    everything the file's calls break before rule selection, so a comment for a rule
    this run does not select is not called unused.
    """
    found: list[Diagnostic] = []
    for path, result in inventory.results.items():
        text = read_text(path, inventory.sources.get(path, b""))
        mentioned = "tracklint" in text.lower()
        if not (result.calls or result.diagnostics or mentioned):
            continue  # nothing to report and no ignore comment to judge
        lines = split_lines(text)
        diagnostics = list(result.diagnostics)
        for call in result.calls:
            if call.inside_wrapper is None:
                diagnostics.extend(_call_diagnostics(call, checker, lines))
            if call.observation.name is None and call.observation.name_choices:
                diagnostics.extend(_choice_diagnostics(call, checker, lines))
        suppressions = find_suppressions(text) if mentioned else []
        comments = {s.line: s.covered for s in suppressions}
        selected = selection.apply(diagnostics)
        # That a file could not be checked is never hidden, by a comment either.
        found.extend(d for d in selected if d.code in _NOT_CHECKED)
        found.extend(without_suppressed((d for d in selected if d.code not in _NOT_CHECKED),
                                        comments))
        if suppressions and not any(d.code in _NOT_CHECKED for d in result.diagnostics):
            found.extend(selection.apply(unused_suppressions(path, suppressions, diagnostics,
                                                             lines)))
    return found


# A file with one of these was not read for calls: its ignore comments cannot be judged.
_NOT_CHECKED = frozenset({"TL301", "TL302"})


def read_text(path: str, data: bytes) -> str:
    """A file's text as Python reads it (BOM, coding cookie), never failing."""
    try:
        return decode(path, data)
    except SourceError:
        return data.decode("utf-8", "replace")


def _call_diagnostics(call: CallSite, checker: EventChecker,
                      lines: Sequence[str]) -> list[Diagnostic]:
    found = checker.check(call.observation)
    finished = [_finish(d, call, lines) for d in found + _unserialisable(call)]
    judged = [_judge_fix(d, call, checker, found) for d in finished]
    return judged if call.helper is None else [d for d in judged if _added_by_call(d, call)]


def _choice_diagnostics(call: CallSite, checker: EventChecker,
                        lines: Sequence[str]) -> list[Diagnostic]:
    """Each name a ``Literal[...]`` annotation allows the event parameter, checked as an
    event name (planned, for this platform, not retired) at its literal."""
    found: list[Diagnostic] = []
    for name, origin in call.observation.name_choices:
        observation = replace(call.observation, name=name, name_origin=origin,
                              name_definition=None, name_choices=(), properties={},
                              keys_complete=False)
        found.extend(_finish(d, call, lines) for d in checker.check(observation)
                     if d.code in _CHOICE_CODES)
    return found


# What a Literal annotation allows is checked as a name: the rest is the callers'.
_CHOICE_CODES = frozenset({"TL201", "TL202", "TL203", "TL204"})


# What is wrong with the event a fixed-event helper names is reported in its body.
_EVENT_NAME_CODES = frozenset({"TL201", "TL202", "TL203", "TL204", "TL211", "TL213"})


def _added_by_call(diagnostic: Diagnostic, call: CallSite) -> bool:
    """Whether a helper call's diagnostic is about what the call itself passes.

    The helper's own call is checked where it is written, with the event and the
    properties it sends itself; at each of its call sites only the arguments that
    flow in (a property key or value written there, an identity) are news.
    """
    if diagnostic.code in _EVENT_NAME_CODES:
        return False
    return diagnostic.path == call.path and diagnostic.line is not None and \
        call.line <= diagnostic.line <= call.end_line


def _judge_fix(diagnostic: Diagnostic, call: CallSite, checker: EventChecker,
               before: Sequence[Diagnostic]) -> Diagnostic:
    """Mark a fix unsafe when the call would break the plan afterwards in a new way."""
    if diagnostic.fix is None or diagnostic.replacement is None:
        return diagnostic
    problems = problems_after(checker, call.observation, diagnostic.replacement, before)
    if not problems:
        return diagnostic
    return diagnostic.at(fix=replace(diagnostic.fix, safe=False),
                         hint=unsafe_hint(diagnostic.hint, problems))


def _unserialisable(call: CallSite) -> list[Diagnostic]:
    """TL212 for values the code visibly builds from types its SDK would lose.

    The verdict comes from the same table as the runtime guard's
    (:mod:`linter.sdk_values`), for the SDK the call goes to: a ``datetime`` is a
    warning on a Mixpanel call and an error on an Amplitude one.
    """
    observation = call.observation
    found = []
    for key, value_type in call.value_types.items():
        kind = value_type if value_type in KINDS else "object"
        fate = value_fate(kind, observation.sdk)
        if fate.severity is None:
            continue
        origin = (observation.value_origins.get(key) or observation.property_origins.get(key)
                  or observation.origin)
        found.append(RULES["TL212"].build(
            args={"subject": f"property '{key}'", "python_type": value_type,
                  "outcome": fate.detail},
            severity=fate.severity, hint=KINDS[kind].advice,
            path=origin.path, line=origin.line, column=origin.column, end_line=origin.end_line,
            end_column=origin.end_column, event=observation.name,
            platform=observation.platform, extra={"kind": kind, "sdk": observation.sdk}))
    return found


def _finish(diagnostic: Diagnostic, call: CallSite, lines: Sequence[str]) -> Diagnostic:
    """Add what only code has: the source line, the call's first line, and a fix."""
    line = diagnostic.line or call.line
    source = diagnostic.source_line
    if source is None and 0 < line <= len(lines):
        source = lines[line - 1]
    finished = diagnostic.at(path=diagnostic.path or call.path, line=line,
                             column=diagnostic.column or call.column, source_line=source,
                             call_line=call.line,
                             related=diagnostic.related + _related(diagnostic, call))
    fix = _fix(finished, call, lines)
    return finished.at(fix=fix) if fix is not None else finished


def _related(diagnostic: Diagnostic, call: CallSite) -> tuple[Related, ...]:
    """Where the event name's constant is defined, for a diagnostic about the name."""
    observation = call.observation
    at, definition = observation.name_origin, observation.name_definition
    if (definition is None or definition.path is None or definition.line is None
            or at is None or (diagnostic.line, diagnostic.column) != (at.line, at.column)):
        return ()
    return (Related(f"the event name '{observation.name}' is defined here", definition.path,
                    definition.line, definition.column, definition.end_line,
                    definition.end_column, definition.source_line),)


def _fix(diagnostic: Diagnostic, call: CallSite, lines: Sequence[str]) -> Fix | None:
    replacement = diagnostic.replacement
    if replacement is None:
        return None
    observation = call.observation
    key = replacement.key
    target: Origin | None = None
    if replacement.subject == "event-name":
        if observation.name_definition is not None:
            return _definition_fix(diagnostic, observation.name_definition, replacement.text)
        target = observation.name_origin
    elif replacement.subject == "property-key" and key is not None:
        target = observation.property_origins.get(key)
    elif replacement.subject == "property-value" and key is not None:
        target = observation.value_origins.get(key)
    if target is None or target.path != call.path or target.line is None:
        return None
    old = _text_at(target, lines)
    if old is None:
        return None
    is_name = old.isidentifier()
    located = diagnostic.at(line=target.line, column=target.column, end_line=target.end_line,
                            end_column=target.end_column)
    return replacement_fix(located, old, replacement.text, is_name=is_name)


def _definition_fix(diagnostic: Diagnostic, definition: Origin, replacement: str) -> Fix | None:
    """A fix of the string literal a constant is defined with, in whichever file it is.

    Only a definition that is one plain string literal is rewritten (never
    ``PREFIX + "x"``); every call reading the constant then sends the fixed name.
    """
    if definition.path is None or definition.source_line is None:
        return None
    old = _span_text(definition, definition.source_line)
    if old is None or not _is_string_literal(old):
        return None
    located = diagnostic.at(line=definition.line, column=definition.column,
                            end_line=definition.end_line, end_column=definition.end_column)
    fix = replacement_fix(located, old, replacement, is_name=False)
    return None if fix is None else replace(fix, path=definition.path)


def _is_string_literal(text: str) -> bool:
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _text_at(origin: Origin, lines: Sequence[str]) -> str | None:
    if origin.line is None or not 0 < origin.line <= len(lines):
        return None
    return _span_text(origin, lines[origin.line - 1])


def _span_text(origin: Origin, line: str) -> str | None:
    """The text an origin spans on its line (None when it spans several lines)."""
    if origin.column is None or origin.end_line != origin.line or origin.end_column is None:
        return None
    return line[origin.column - 1:origin.end_column - 1]
