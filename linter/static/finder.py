"""Finding tracking calls in one file: the call inventory.

:func:`find_calls` turns a file into :class:`CallSite` values.  The file is parsed
with ``ast`` first (cheap, and a guard against inputs that crash libcst), the
prefilter skips files that cannot contain a call, and only then is the file
parsed with libcst and its metadata resolved.  Each call's callee is typed
(:mod:`linter.static.targets`); calls that reach an SDK or a wrapper are read
(:mod:`linter.static.resolve`) into an :class:`EventObservation`.  The same pass
records forwarding calls for wrapper inference (:mod:`linter.static.wrappers`).
Any failure on a file is returned as a diagnostic for that file, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import libcst as cst
from libcst.metadata import Assignment

from linter.events import UNKNOWN, EventObservation, Origin
from linter.sdks import WRAPPER
from linter.static.arguments import Arg, Bound, Param, ParamKind, Roles, assign_roles, bind
from linter.static.callargs import ArgumentReader, CallArg
from linter.static.deferred import DEFERRING, Deferred, applied, deferred, terminal
from linter.static.fingerprint import module_fingerprint
from linter.static.model import (
    CallSite,
    FileResult,
    FixedEvent,
    FixedProperty,
    LooseCall,
    WrapperSpec,
    pattern_text,
    template_text,
)
from linter.static.modules import ModuleName
from linter.static.prefilter import aliases, called_names, may_contain
from linter.static.project import ModuleTable, ProjectIndex, digest
from linter.static.queues import ITEM, PUTS, put_keys, taken_from
from linter.static.resolve import Properties, Resolver, fstring_text, unknown_properties
from linter.static.reuse import unrecorded
from linter.static.scopes import resolve_scopes
from linter.static.sdk_signatures import (
    EVENT_CLASSES,
    Signature,
    choose_signature,
    signature_roles,
)
from linter.static.source import (
    NESTED_TOO_DEEPLY,
    Source,
    SourceError,
    decode,
    internal_error,
    load,
    newer_syntax_error,
    parse_cst,
    parse_error,
    recursion_headroom,
)
from linter.static.store import CacheStore
from linter.static.summary import FunctionInfo, Literal, ModuleSummary, summarize
from linter.static.symbols import FunctionSym, Symbols
from linter.static.targets import (
    ClassTy,
    ExternalTy,
    SdkTarget,
    Target,
    Typer,
    WrapperModel,
    WrapperTarget,
    is_project_name,
    match_target,
)
from linter.static.view import Collector, FileView, Frame
from linter.static.wrappers import (
    BuiltShape,
    DictShape,
    ForwardingCall,
    ParamAttr,
    ParamRef,
    ResultForwarding,
    Shape,
    TemplateShape,
    ValueShape,
    is_decorator,
)

DEFAULT_PLATFORM = "server"
_LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})


@dataclass(slots=True)
class Analysis:
    """What reading one file found.

    ``depends_on`` holds every name the calls' reading looked up among the wrappers
    (callee keys, enclosing functions): the calls stay the same as long as the
    wrappers under those names do.  ``tested`` holds the call names compared with
    the wanted callees: the reading is the same for any callees that agree on them.
    """

    calls: list[CallSite] = field(default_factory=list)
    forwarding: list[ForwardingCall] = field(default_factory=list)
    # Calls named like tracking calls that nothing resolved (see LooseCall).
    loose: list[LooseCall] = field(default_factory=list)
    # Decorators whose wrapper sends the decorated function's result.
    decorators: list[ResultForwarding] = field(default_factory=list)
    depends_on: set[str] = field(default_factory=set)
    tested: set[str] = field(default_factory=set)


def find_calls(path: str, source: bytes, index: ProjectIndex | None = None,
               wrappers: Sequence[WrapperSpec] = (),
               platform: str = DEFAULT_PLATFORM, cache: CacheStore | None = None) -> FileResult:
    """Every tracking call in one file, or the diagnostic saying why it could not be read.

    ``index`` is the project pre-pass (:func:`build_project_index`); without it the
    file is read on its own.  The result depends only on the arguments, so callers
    may run files in parallel processes; with ``cache``, a libcst analysis of the
    same bytes is reused when everything it depended on is unchanged.
    """
    index = index if index is not None else ProjectIndex()
    try:
        return (prefiltered(path, source, index, wrappers, platform)
                or (cache is not None and reused(path, source, index, wrappers, platform, cache))
                or _find_calls(path, source, index, wrappers, platform, cache))
    except SourceError as error:
        return FileResult(diagnostics=(error.diagnostic,), path=path)
    except RecursionError:
        too_deep = parse_error(path, "the code is nested too deeply", reason=NESTED_TOO_DEEPLY)
        return FileResult(diagnostics=(too_deep,), path=path)
    except Exception as error:  # a crash on one file is a result for that file
        return FileResult(diagnostics=(internal_error(path, error),), path=path)


def prefiltered(path: str, data: bytes, index: ProjectIndex, wrappers: Sequence[WrapperSpec],
                platform: str = DEFAULT_PLATFORM) -> FileResult | None:
    """The result of a file when the index already has it, or knows it has no candidate call.

    That is: calls the pre-pass read from these bytes, the diagnostic of a file that
    cannot be read, or nothing for a file whose calls the prefilter rules out.
    None means the file must be read (:func:`find_calls` does it).
    """
    failure = index.failure(path, data)
    if failure is not None:
        return FileResult(diagnostics=(failure,), path=path)
    known = index.known_calls(path, data, wrappers)
    if known is not None:
        return FileResult(tuple(_on_platform(c, platform) for c in known.calls), (), path, True,
                          known.loose)
    facts = index.facts_of(path, data)
    if facts is None:
        return None
    if facts.diagnostic is not None:
        return FileResult(diagnostics=(facts.diagnostic,), path=path)
    if facts.called is not None and not facts.candidate(_words(index, wrappers)):
        return FileResult(path=path)
    return None


def reused(path: str, data: bytes, index: ProjectIndex, wrappers: Sequence[WrapperSpec],
           platform: str, cache: CacheStore) -> FileResult | None:
    """The result of a cached analysis of these bytes that is still valid, read without parsing.

    The index's facts and summary of the file stand in for parsing it again; None
    when they are not at hand or no stored analysis holds.
    """
    facts = index.facts_of(path, data)
    table = index.modules
    if facts is None or facts.called is None or not isinstance(table, ModuleTable):
        return None
    try:
        local = table.summary(facts.fingerprint)
    except KeyError:
        return None
    from linter.static.analyses import Analyses, AnalysisJob  # it builds on this module

    name = index.module_name(path)
    models = index.wrapper_models(wrappers, index.symbols(local, name))
    job = AnalysisJob(path, data, name, facts.fingerprint, models,
                      facts.callees(_words(index, wrappers)), platform, local=local)
    outcome = Analyses(table, cache).reuse(job)
    if outcome is None or outcome.analysis is None:
        return None
    return _result(path, outcome.analysis, models)


def _result(path: str, analysis: Analysis, models: Mapping[str, WrapperModel]) -> FileResult:
    return FileResult(tuple(placed(analysis.calls, models)), (), path, True,
                      tuple(analysis.loose))


def _words(index: ProjectIndex, wrappers: Sequence[WrapperSpec]) -> frozenset[str]:
    """The vocabulary of an index and configured wrappers (the same for every file of a run)."""
    key = (id(index), tuple(wrappers))
    known = _VOCABULARY.get(key)
    if known is None or known[0] is not index:
        if len(_VOCABULARY) > 8:
            _VOCABULARY.clear()
        words = index.vocabulary(index.wrapper_models(wrappers, index.symbols()), wrappers)
        known = _VOCABULARY[key] = (index, words)
    return known[1]


# The vocabulary of the last indexes seen, by identity (the index is kept, so the id is its).
_VOCABULARY: dict[tuple[int, tuple[WrapperSpec, ...]], tuple[ProjectIndex, frozenset[str]]] = {}


def _find_calls(path: str, data: bytes, index: ProjectIndex, wrappers: Sequence[WrapperSpec],
                platform: str, cache: CacheStore | None) -> FileResult:
    text = decode(path, data)
    words = _words(index, wrappers)
    source = load(path, data, text)  # CPython's parser: the syntax check every file gets
    module = parse_cst(source) if source.tree is None else None  # libcst confirms or refuses
    if module is not None:  # syntax of a newer Python: its names cannot be resolved
        raise SourceError(newer_syntax_error(source))
    if not may_contain(text, words):
        return FileResult(path=path)
    name = index.module_name(path)
    fingerprint = module_fingerprint(path, name.name, name.is_package, digest(data))
    local = summarize(source, name.name, name.is_package, fingerprint)
    symbols = index.symbols(local, name)
    models = index.wrapper_models(wrappers, symbols)
    callees: frozenset[str] | None = None
    if source.tree is not None:
        callees = words | aliases(source.tree, local, words)
        if not called_names(source.tree) & callees:
            return FileResult(path=path)
    if cache is not None:
        return _cached(path, data, index, name, fingerprint, local, models, callees, platform,
                       cache)
    analysis = analyze(source, name, symbols, models, platform, callees=callees, module=module)
    return _result(path, analysis, models)


def _cached(path: str, data: bytes, index: ProjectIndex, name: ModuleName, fingerprint: str,
            local: ModuleSummary, models: Mapping[str, WrapperModel],
            callees: frozenset[str] | None, platform: str, cache: CacheStore) -> FileResult:
    """The analysis through the cache (reused when its dependencies hold)."""
    from linter.static.analyses import Analyses, AnalysisJob  # it builds on this module

    job = AnalysisJob(path, data, name, fingerprint, models, callees, platform, local=local)
    [outcome] = Analyses(index.modules, cache).run([job])
    if outcome.analysis is None:
        error = outcome.error or internal_error(path, RuntimeError("no analysis"))
        return FileResult(diagnostics=(error,), path=path)
    return _result(path, outcome.analysis, models)


def _on_platform(call: CallSite, platform: str) -> CallSite:
    if call.observation.platform == platform:
        return call
    return replace(call, observation=replace(call.observation, platform=platform))


def analyze(source: Source, name: ModuleName, symbols: Symbols,
            models: Mapping[str, WrapperModel], platform: str = DEFAULT_PLATFORM,
            callees: frozenset[str] | None = None, forwarding: bool = False,
            module: cst.Module | None = None) -> Analysis:
    """Parse with libcst (unless ``module`` is given), resolve metadata once, read calls.

    ``callees`` limits reading to calls whose callee ends in one of these names
    (``None``: every call); ``forwarding`` also records forwarding calls.
    """
    module = module if module is not None else parse_cst(source)
    analysis = Analysis()
    collector = Collector()
    with recursion_headroom():
        scopes = resolve_scopes(module, collector)
        view = FileView(source, module, collector, scopes, name, symbols)
        _Reader(view, models, platform, analysis, callees, forwarding).run()
    analysis.calls = placed(analysis.calls, unrecorded(models))
    return analysis


def placed(calls: Sequence[CallSite], models: Mapping[str, WrapperModel]) -> list[CallSite]:
    """The calls as these wrappers make them: a call that passes on its function's event
    parameter is that wrapper's body (``inside_wrapper``) once the function is a wrapper.

    A reading does not depend on which functions are wrappers, so the calls read in an
    early round of wrapper inference, or cached, hold for the final wrappers too.
    """
    found = []
    for call in calls:
        inside = call.forwards_for if call.forwards_for in models else None
        same = inside == call.inside_wrapper
        found.append(call if same else replace(call, inside_wrapper=inside))
    return found


def _terminal(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Call) and len(func.args) == 2 and \
            isinstance(func.func, cst.Name) and func.func.value == "getattr":
        name = func.args[1].value  # ``getattr(obj, "track")(...)``: the typer checks the rest
        if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str):
            return name.evaluated_value
    return None


@dataclass(slots=True)
class _Reading:
    """The arguments of one tracking call, with the defaults its callee implies."""

    roles: Roles[CallArg]
    sdk: str | None
    identity_default: Any
    anonymous_default: Any
    fixed: tuple[FixedProperty, ...] = ()
    complete: bool = True
    # The event a helper names itself, or the default of the callee's event parameter.
    fixed_event: FixedEvent | None = None
    event_default: FixedEvent | None = None
    # The event argument is an object whose name is this attribute (its ``str()``).
    event_attribute: str | None = None
    event_text: bool = False
    # The callee builds the name from its parameters, and what the call passes for them.
    event_template: tuple[tuple[str, bool], ...] | None = None
    template_args: Mapping[str, Arg[CallArg]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _ClosureCall:
    """A call of a function nested in a decorator, made by one of its wrappers."""

    call: cst.Call
    frames: tuple[Frame, ...]
    args: list[Arg[CallArg]]


class _Reader:
    def __init__(self, view: FileView, models: Mapping[str, WrapperModel], platform: str,
                 analysis: Analysis, callees: frozenset[str] | None, forwarding: bool) -> None:
        self.view = view
        self.models = models
        self.platform = platform
        self.analysis = analysis
        self.callees = callees
        self.forwarding = forwarding
        self.typer = Typer(view, models)
        self.resolver = Resolver(view, self.typer)
        self.arguments = ArgumentReader(view, self.resolver)
        # (function, name) of every ``return name`` of the file, once needed.
        self._returned: set[tuple[tuple[Frame, ...], str]] | None = None
        # The calls of each function nested in a decorator, by its frames, once needed.
        self._closures: dict[tuple[Frame, ...], list[_ClosureCall]] = {}

    def run(self) -> None:
        for call, frames in self.view.facts.calls:
            # ``task.delay(...)``, ``executor.submit(fn, ...)``: read as the call made later.
            later = deferred(call, self.arguments) if _terminal(call) in DEFERRING else \
                self._partial(call) or applied(call, self.arguments)
            if later is not None and _terminal(call) in DEFERRING and \
                    isinstance(later.callee, cst.Name) and not self.typer.keys(later.callee) \
                    and match_target(self.typer.callee_keys(call), self.models,
                                     self.view.symbols) is not None:
                later = None  # a wrapper of the project named ``enqueue``: called now
            wanted = self.callees is None or self._wanted(call, later)
            # Any call in a function's body may make it a wrapper (passing a parameter
            # on) or a fixed-event helper (sending an event it names), now or once the
            # callee is known to be one.
            record = self.forwarding and _wrapper_candidate(frames)
            inner = self.forwarding and _decorator_inner(frames)
            # In a decorator factory's wrapper, the factory's parameters are forwarded.
            owner = frames if record else self._factory(frames) if self.forwarding else None
            if not (wanted or owner or inner):
                continue
            typed_before = self.view.symbols.caller_typed
            keys = self.typer.keys(later.callee) if later else self.typer.callee_keys(call)
            if later is None and _terminal(call) in PUTS:
                keys = keys + [(k, False) for k in put_keys(call, self.typer)]
            # A receiver typed by what callers pass sends only for those callers: the
            # call is a site, but it makes its function neither a wrapper nor a helper.
            by_callers = self.view.symbols.caller_typed != typed_before
            args = later.args if later else self.arguments.args(call)
            if wanted:
                self.analysis.depends_on.update(k for k, _ in keys)
                self.analysis.depends_on.update(self.typer.looked_up)
                target = match_target(keys, self.models, self.view.symbols)
                if target is not None and is_decorator(target):
                    target = None  # a decorator called, not applied: nothing is sent yet
                if target is not None:
                    self.analysis.calls.append(self._site(call, frames, target, args))
                elif later is None:
                    self._loose(call, keys, args)
            spread = self._result_spread(args, frames) if inner and not by_callers else None
            if spread is not None:
                may = tuple(k for k in keys if self._may_wrap(k))
                if may:
                    self.analysis.decorators.append(ResultForwarding(
                        self._function_info(frames[:-1]), may, self.view.origin(call), spread))
            keys = [k for k in keys if self._may_wrap(k)] if owner and not by_callers else []
            if keys:
                found = self._forwarding(call, frames, tuple(keys), args, owner)
                if found is not None:
                    self.analysis.forwarding.append(found)
                self._consumed(call, tuple(keys), args)
        self._decorated()

    # queues drained by a worker

    def _consumed(self, call: cst.Call, keys: tuple[tuple[str, bool], ...],
                  args: list[Arg[CallArg]]) -> None:
        """A call passing on an item taken off a queue: a forwarding call of its ``put``."""
        for arg in args:
            node = arg.value.value
            base = node.value if isinstance(node, cst.Attribute) else node
            if not (isinstance(base, cst.Name) and self.view.is_local(base)):
                continue
            assignment = self.view.single_assignment(base)
            value = None if assignment is None else self.view.assigned_value(assignment)
            queue = taken_from(value, self.typer)
            if queue is None or value is None:
                continue
            shapes = tuple(Arg(self._item_shape(a.value.value, base.value), a.keyword, a.star)
                           for a in args)
            for put in PUTS:
                info = FunctionInfo(f"{queue}.{put}", (Param(ITEM),), "function", None,
                                    self.view.origin(value))
                self.analysis.forwarding.append(ForwardingCall(
                    info, keys, shapes, self.view.origin(call)))
            return

    def _drained(self, node: cst.BaseExpression) -> str | None:
        """The queue's ``put`` whose items a worker's call passes on (``event.name`` too)."""
        base = node.value if isinstance(node, cst.Attribute) else node
        if not (isinstance(base, cst.Name) and self.view.is_local(base)):
            return None
        assignment = self.view.single_assignment(base)
        value = None if assignment is None else self.view.assigned_value(assignment)
        queue = taken_from(value, self.typer)
        if queue is None:
            return None
        return next((name for name in (f"{queue}.{put}" for put in PUTS)
                     if name in self.models), None)

    def _item_shape(self, node: cst.BaseExpression, item: str) -> Shape:
        """An argument of a consumer's call: the item taken off the queue, or something else."""
        if isinstance(node, cst.Name) and node.value == item:
            return ParamRef(ITEM)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and \
                node.value.value == item:
            return ParamAttr(ITEM, node.attr.value)
        return ValueShape(self.resolver.value(node), self.view.origin(node))

    # decorators that send what the function returns

    def _result_spread(self, args: list[Arg[CallArg]], frames: tuple[Frame, ...]
                       ) -> int | None:
        """``track(*out)`` with ``out = func(...)``, ``func`` the decorator's parameter.

        The position the result is spread at (``track("u", *out)``: 1), or None.
        """
        positional = [a for a in args if a.keyword is None]
        if not positional or positional[-1].star != "*" or any(
                a.star for a in positional[:-1]):
            return None
        return len(positional) - 1 if self._calls_decorated(positional[-1], frames) else None

    def _calls_decorated(self, arg: Arg[CallArg], frames: tuple[Frame, ...]) -> bool:
        value: cst.BaseExpression | None = arg.value.value
        if isinstance(value, cst.Name) and self.view.is_local(value):
            assignment = self.view.single_assignment(value)
            value = None if assignment is None else self.view.assigned_value(assignment)
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Name):
            return False
        return self._own_param(value.func, frames[:-1]) is not None

    def _factory(self, frames: tuple[Frame, ...]) -> tuple[Frame, ...] | None:
        """The decorator factory a call is in: ``def track(event): def decorator(func):
        def wrapper(...)``, each returning the function nested in it; None if not in one.

        A function nested in the decorator beside the wrapper, which the wrapper calls
        (``executor.submit(send, "feature", user)``), is part of the wrapper too.
        """
        if len(frames) < 3 or frames[-1].kind != "function" or frames[-2].kind != "function" \
                or not _wrapper_candidate(frames[:-2]):
            return None
        returned = self._returned_set()
        if (frames[:-2], frames[-2].name) not in returned:
            return None
        if (frames[:-1], frames[-1].name) in returned or self._closure_calls(frames):
            return frames[:-2]
        return None

    def _returned_set(self) -> set[tuple[tuple[Frame, ...], str]]:
        if self._returned is None:
            self._returned = {(owner, name) for node, owner in self.view.facts.returns
                              for name in _returned_names(node)}
        return self._returned

    def _closure_calls(self, frames: tuple[Frame, ...]) -> list[_ClosureCall]:
        """The calls a decorator's wrappers make of a function nested beside them, now
        or deferred (``executor.submit(send, "feature", user)``), with their arguments."""
        found = self._closures.get(frames)
        if found is not None:
            return found
        found = []
        decorator, name = frames[:-1], frames[-1].name
        returned = self._returned_set()
        for call, where in self.view.facts.calls:
            if where[:-1] != decorator or (decorator, where[-1].name) not in returned:
                continue
            later = deferred(call, self.arguments) if _terminal(call) in DEFERRING else None
            callee = later.callee if later is not None else call.func
            if isinstance(callee, cst.Name) and callee.value == name:
                args = later.args if later is not None else self.arguments.args(call)
                found.append(_ClosureCall(call, where, args))
        self._closures[frames] = found
        return found

    def _on_success_path(self, call: cst.Call, frames: tuple[Frame, ...]) -> bool:
        """Whether a call in a decorator factory's wrapper (or a function nested beside
        it) runs when the decorated function returns normally.

        A decorator that sends an event sends it on some calls only (behind its guards,
        after the function returned); what it sends from an ``except`` block is its error
        path.  In a nested function, a branch testing a parameter against a literal
        (``if kind == "feature":``) is taken when a call on the success path passes it.
        """
        if self.view.in_handler(call, frames):
            return False
        function = frames[-1].node
        if (frames[:-1], frames[-1].name) in self._returned_set() or \
                not isinstance(function, cst.FunctionDef):
            return True
        tests = self.view.literal_tests(call, frames)
        for closure_call in self._closure_calls(frames):
            if self.view.in_handler(closure_call.call, closure_call.frames):
                continue
            given = _literal_arguments(closure_call.args, function.params)
            if all(given.get(param) == value for param, value in tests):
                return True
        return False

    def _decorated(self) -> None:
        """Functions whose decorator sends what they return: sites and forwarding records.

        The decorator's line is the site (read from the value returned); for inference,
        each value returned is a forwarding call of the decorator, so a function that
        returns one event it names is a fixed-event helper, one that returns its
        parameter a wrapper.
        """
        returned: dict[cst.FunctionDef, list[cst.Return]] = {}
        frames_of: dict[cst.FunctionDef, tuple[Frame, ...]] = {}
        for node, frames in self.view.facts.returns:
            function = frames[-1].node if frames else None
            if isinstance(node, cst.Return) and isinstance(function, cst.FunctionDef) and \
                    function.decorators and _wrapper_candidate(frames) and \
                    node.value is not None and not _is_empty(node.value):
                returned.setdefault(function, []).append(node)
                frames_of[function] = frames
        for function, returns in returned.items():
            for decorator in function.decorators:
                self._decorator(decorator, returns, frames_of[function])

    def _decorator(self, decorator: cst.Decorator, returns: list[cst.Return],
                   frames: tuple[Frame, ...]) -> None:
        expression = decorator.decorator
        if not isinstance(expression, cst.Name | cst.Attribute):
            return
        name = expression.value if isinstance(expression, cst.Name) else expression.attr.value
        wanted = self.callees is None or name in self.callees
        if self.callees is not None:
            self.analysis.tested.add(name)
        record = self.forwarding
        if not (wanted or record):
            return
        keys = self.typer.keys(expression)
        if wanted:
            self.analysis.depends_on.update(k for k, _ in keys)
            self.analysis.depends_on.add(self.view.frames_name(frames))
            target = match_target(keys, self.models, self.view.symbols)
            if target is not None and is_decorator(target):
                self.analysis.calls.append(self._decorator_site(decorator, returns, frames,
                                                                target))
        may = tuple(k for k in keys if self._may_wrap(k)) if record else ()
        if not may:
            return
        body = frames[-1].node
        assert isinstance(body, cst.FunctionDef)
        for node in returns:
            args = [Arg(self._shape(a.value.value, frames), a.keyword, a.star)
                    for a in _returned_args(node)]
            self.analysis.forwarding.append(ForwardingCall(
                self._function_info(frames), may, tuple(args), self.view.origin(decorator),
                unconditional=_ends(body, node), decorated=True))

    def _decorator_site(self, decorator: cst.Decorator, returns: list[cst.Return],
                        frames: tuple[Frame, ...], target: Target) -> CallSite:
        """One site at the decorator's line, read from the value returned.

        A function returning several values sends what each names: their event when
        they agree, else an event not known here.
        """
        sites = [self._site(node, frames, target, _returned_args(node), at=decorator)
                 for node in returns]
        names = {site.observation.name for site in sites}
        site = sites[0]
        if len(names) == 1:
            return site
        unknown = replace(site.observation, name=None, name_origin=None, name_definition=None,
                          name_source="the values the function returns")
        return replace(site, observation=unknown)

    def _partial(self, call: cst.Call) -> Deferred | None:
        """``send = functools.partial(track, user)`` then ``send("Signed Up")``: the call
        of ``track`` with the partial's arguments first (a name assigned once)."""
        if not isinstance(call.func, cst.Name):
            return None
        # Cheap first (no positions): is the name ever assigned a ``partial(...)``?
        values = (self.view.assigned_value(a) for a in self.view.referents(call.func) or ()
                  if isinstance(a, Assignment))
        if not any(isinstance(v, cst.Call) and terminal(v.func) == "partial" for v in values):
            return None
        assignment = self.view.single_assignment(call.func)
        made = None if assignment is None else self.view.assigned_value(assignment)
        if not isinstance(made, cst.Call) or not made.args or made.args[0].keyword or \
                made.args[0].star or "functools.partial" not in self.view.qualified_names(
                    made.func):
            return None
        given = self.arguments.args(made)[1:]
        passed = self.arguments.args(call)
        args = [a for a in given if a.keyword is None] + [a for a in passed if a.keyword is None]
        args += [a for a in given if a.keyword is not None]
        args += [a for a in passed if a.keyword is not None]
        return Deferred(made.args[0].value, args)

    def _wanted(self, call: cst.Call, later: Deferred | None) -> bool:
        names = [_terminal(call)]
        if later is not None:
            names.append(terminal(later.callee))
        found = False
        for name in names:
            if name is not None:
                self.analysis.tested.add(name)
                found = found or (self.callees is not None and name in self.callees)
        return found

    def _may_wrap(self, key: tuple[str, bool]) -> bool:
        """Whether a callee could ever make its caller a wrapper: project code or an SDK."""
        symbols = self.view.symbols
        return is_project_name(symbols, key[0]) or match_target([key], {}, symbols) is not None

    # call sites

    def _loose(self, call: cst.Call, keys: list[tuple[str, bool]],
               args: list[Arg[CallArg]]) -> None:
        """Record a call of a tracking-like name that nothing resolved.

        Either nothing is known of what it calls (an untyped receiver or name), or only
        names outside the project that are no SDK's tracking call: a library's
        function that may send events.  A project function that is no wrapper is
        known not to track, and is not recorded.
        """
        symbols = self.view.symbols
        if keys and any(is_project_name(symbols, k) for k, _ in keys):
            return
        func = call.func
        if not keys and self.typer.types(func.value if isinstance(func, cst.Attribute)
                                         else func):
            return  # typed, as something that has no such tracking method
        where = self.view.range(call)
        method = _terminal(call) or ""
        self.analysis.loose.append(LooseCall(
            self.view.path, where.start.line, where.start.column + 1, self.view.code(func),
            method, tuple(dict.fromkeys(k for k, _ in keys)), _event_at(args)))

    def _site(self, call: cst.CSTNode, frames: tuple[Frame, ...], target: Target,
              args: list[Arg[CallArg]], at: cst.CSTNode | None = None) -> CallSite:
        """The site of a call (or of a decorator ``at`` its line, sending a return value)."""
        if isinstance(target, SdkTarget):
            reading, method = self._sdk_reading(call, target, args), target.name
            wrapper, inferred, site_sdk = None, False, reading.sdk or WRAPPER
        else:
            reading = self._wrapper_reading(call, target, args)
            method = target.model.qualified_name
            wrapper, inferred, site_sdk = method, target.model.inferred is not None, WRAPPER
        helper = method if reading.fixed_event is not None else None
        observation, props = self._observation(call, reading, at)
        where = self.view.range(at or call)
        return CallSite(
            path=self.view.path, line=where.start.line, column=where.start.column + 1,
            end_line=where.end.line, end_column=where.end.column + 1, sdk=site_sdk,
            method=method, observation=observation, wrapper=wrapper, wrapper_inferred=inferred,
            properties_known=props.known, value_types=dict(props.types), helper=helper,
            forwards_for=self._forwards_for(reading, frames, call, args),
        )

    def _sdk_reading(self, call: cst.CSTNode, target: SdkTarget,
                     args: list[Arg[CallArg]]) -> _Reading:
        signature = choose_signature(target.signatures, args)
        if signature.event_object:
            event = assign_roles(args, signature.params, signature_roles(signature)).event
            return self._object_reading(event, call, signature.sdk)
        return self._signature_reading(args, signature, True)

    def _object_reading(self, event: Arg[CallArg] | None, call: cst.CSTNode,
                        sdk: str) -> _Reading:
        """An SDK event object (Amplitude's ``BaseEvent(...)``) read from its constructor."""
        found = None if event is None else self._event_object(event.value.value, call)
        if found is None:
            roles: Roles[CallArg] = Roles(unknown={"event", "properties", "identity",
                                                   "anonymous"})
            return _Reading(roles, sdk, UNKNOWN, UNKNOWN, complete=False)
        args, signature, complete = found
        return self._signature_reading(args, signature, complete)

    def _signature_reading(self, args: list[Arg[CallArg]], signature: Signature,
                           complete: bool) -> _Reading:
        roles = assign_roles(args, signature.params, signature_roles(signature))
        anonymous_default = None if signature.anonymous else UNKNOWN
        identity_default = signature.identity_default if complete else UNKNOWN
        if not complete:
            anonymous_default = UNKNOWN
        return _Reading(roles, signature.sdk, identity_default, anonymous_default,
                        complete=complete)

    def _event_object(self, node: cst.BaseExpression, call: cst.CSTNode
                      ) -> tuple[list[Arg[CallArg]], Signature, bool] | None:
        """An event object built inline, or assigned to a local just before (Amplitude).

        A variable used in between (``event.user_id = ...``) may have been changed, so
        the event is then only partly known.
        """
        intact = True
        if isinstance(node, cst.Name) and self.view.is_local(node):
            assignment = self.view.single_assignment(node)
            value = None if assignment is None else self.view.assigned_value(assignment)
            if assignment is None or value is None:
                return None
            start, end = self.view.start(value), self.view.start(call)
            intact = not any(start < self.view.start(a.node) < end
                             for a in assignment.references)
            node = value
        if not isinstance(node, cst.Call):
            return None
        signature = self._event_class(node)
        return None if signature is None else (self.arguments.args(node), signature, intact)

    def _event_class(self, node: cst.Call) -> Signature | None:
        """The SDK event class a constructor call builds, when its arguments are the SDK's.

        A project subclass with an ``__init__`` of its own takes other arguments
        (``SignUp(user)`` calling ``super().__init__(event_type="Sign Up", ...)``), so
        they are not read as the SDK class's.
        """
        symbols = self.view.symbols
        for ty in self.typer.types(node.func):
            if isinstance(ty, ClassTy | ExternalTy):
                for name in self.typer.class_names(ty.name):
                    if name in EVENT_CLASSES:
                        return EVENT_CLASSES[name]
                    info = symbols.class_info(name)
                    if info is not None and "__init__" in info.members:
                        break
        return None

    def _wrapper_reading(self, call: cst.CSTNode, target: WrapperTarget,
                         args: list[Arg[CallArg]]) -> _Reading:
        model = target.model
        roles = assign_roles(args, model.call_params(target.bound),
                             model.roles(target.bound))
        if model.event_object:
            reading = self._object_reading(roles.event, call, model.sdk or WRAPPER)
            reading.sdk = model.sdk
            return reading
        if model.event_mapping is not None and model.event_mapping in EVENT_CLASSES:
            # The dict given is spread into the SDK's event object by the wrapper.
            given = [] if roles.event is None else self.arguments.spelled(
                Arg(roles.event.value, None, "**"), call)
            reading = self._signature_reading(given, EVENT_CLASSES[model.event_mapping], False)
            reading.sdk = model.sdk
            return reading
        anonymous_default = None if model.anonymous is not None else UNKNOWN
        identity_default = None if model.identity is not None else UNKNOWN
        # A helper that takes no properties from its callers has its own checked in its
        # body; its call sites are not where a missing one would be added.
        complete = model.properties_complete and (model.fixed_event is None
                                                  or model.properties is not None)
        template_args: dict[str, Arg[CallArg]] = {}
        if model.event_template is not None:
            bound = bind(args, model.call_params(target.bound) or (), strict=False)
            template_args = dict(bound.arguments) if bound is not None else {}
        return _Reading(roles, model.sdk, identity_default, anonymous_default,
                        model.fixed_properties, complete, model.fixed_event,
                        model.event_default, model.event_attribute, model.event_text,
                        model.event_template, template_args)

    def _observation(self, call: cst.CSTNode, reading: _Reading,
                     at: cst.CSTNode | None = None) -> tuple[EventObservation, Properties]:
        roles = reading.roles
        name, name_origin, name_definition, name_source = None, None, None, None
        name_pattern: str | None = None
        name_choices: tuple[tuple[str, Origin], ...] = ()
        if roles.event is not None and reading.event_attribute is not None:
            expression = roles.event.value.value
            name, name_definition = self.resolver.attribute(
                expression, reading.event_attribute, text=reading.event_text)
            name_origin = self.view.origin(expression) if name is not None else None
            name_source = f"{self.view.code(expression)}.{reading.event_attribute}"
        elif reading.event_template is not None:
            name, name_pattern, name_source = self._filled_name(
                reading.event_template, reading.template_args)
        elif roles.event is not None:
            expression = roles.event.value.value
            name, name_origin, name_definition = self._name(expression)
            name_source = self.view.code(expression)
            if name is None and isinstance(expression, cst.Call):
                name, name_pattern = self._called_name(expression)
            elif name is None:
                name_pattern = self.resolver.pattern(expression)
                name_choices = self._literal_choices(expression)
        elif "event" not in roles.unknown:
            own = reading.fixed_event or reading.event_default
            if own is not None:
                name, name_definition = own.value, own.origin
        props = self._properties(call, roles)
        for fixed in reading.fixed:
            if fixed.key not in props.values:
                props.add(fixed.key, fixed.value, fixed.origin, None)
        user_id, identity_origin = self._identity(roles.identity, "identity" in roles.unknown,
                                                  reading.identity_default)
        anonymous_id, _ = self._identity(roles.anonymous, "anonymous" in roles.unknown,
                                         reading.anonymous_default)
        observation = EventObservation(
            name=name, properties=props.values, platform=self.platform,
            keys_complete=props.complete and reading.complete, user_id=user_id,
            anonymous_id=anonymous_id, sdk=reading.sdk, name_source=name_source,
            name_pattern=name_pattern, name_choices=name_choices,
            origin=self.view.origin(at or call), property_origins=props.origins,
            value_origins=props.value_origins,
            name_origin=name_origin, name_definition=name_definition,
            identity_origin=identity_origin,
        )
        return observation, props

    def _literal_choices(self, expression: cst.BaseExpression
                         ) -> tuple[tuple[str, Origin], ...]:
        """A parameter annotated ``Literal["A", "B"]`` (or with a module alias of one):
        the names it may be, each with its literal."""
        if not isinstance(expression, cst.Name) or not self.view.is_local(expression):
            return ()
        assignment = self.view.single_assignment(expression)
        param = None if assignment is None else self.view.param_of(assignment)
        annotation = None if param is None or param[0].annotation is None \
            else param[0].annotation.annotation
        for _ in range(2):  # the annotation, or the alias it names
            if isinstance(annotation, cst.Name) and not self.view.is_local(annotation):
                alias = self.view.single_assignment(annotation)
                annotation = None if alias is None else self.view.assigned_value(alias)
            if isinstance(annotation, cst.Subscript) and _LITERAL & set(
                    self.view.qualified_names(annotation.value)):
                return tuple(
                    (element.slice.value.evaluated_value, self.view.origin(element.slice.value))
                    for element in annotation.slice
                    if isinstance(element.slice, cst.Index)
                    and isinstance(element.slice.value, cst.SimpleString)
                    and isinstance(element.slice.value.evaluated_value, str))
        return ()

    def _filled_name(self, template: tuple[tuple[str, bool], ...],
                     args: Mapping[str, Arg[CallArg]]) -> tuple[str | None, str | None, str]:
        """The name a callee builds from its parameters, with what the call passes: the
        name when every part is known, else its pattern; and the template as written."""
        parts = [value if not is_param else
                 (self.resolver.string(args[value].value.value)[0] if value in args
                  and not args[value].star else None)
                 for value, is_param in template]
        source = template_text(template)
        if all(p is not None for p in parts):
            return "".join(p for p in parts if p is not None), None, source
        return None, pattern_text(parts), source

    def _called_name(self, call: cst.Call) -> tuple[str | None, str | None]:
        """``_event_key("user", verb)``, a function returning text built from its
        parameters: the name when the call passes text for all, else the pattern."""
        found = self._templated(call)
        if found is None:
            return None, None
        name, pattern, _ = self._filled_name(found[0], found[1].arguments)
        return name, pattern

    def _templated(self, call: cst.Call
                   ) -> tuple[tuple[tuple[str, bool], ...], Bound[CallArg]] | None:
        """A call of a module function that returns text built from its parameters: that
        template, and the call's arguments bound to the parameters."""
        symbols = self.view.symbols
        infos = {symbol.info.qualified_name: symbol.info
                 for name in self.view.qualified_names(call.func)
                 if isinstance(symbol := symbols.resolve(name), FunctionSym)}
        info = next(iter(infos.values())) if len(infos) == 1 else None
        if info is None or info.template is None or info.kind != "function":
            return None
        bound = bind(self.arguments.args(call), info.params, strict=False)
        return None if bound is None else (info.template, bound)

    def _name(self, expression: cst.BaseExpression
              ) -> tuple[str | None, Origin | None, Origin | None]:
        """The event name, where it is at the call, and where its constant is defined.

        A literal written in the call is both; a name read from a constant is located
        at the call's expression, and its literal (in this file or another) is the
        definition, which notes point to and fixes edit.
        """
        name, literal = self.resolver.string(expression)
        if name is None:
            return None, None, None
        at_call = self.view.origin(expression)
        if literal is not None and _within(literal, at_call):
            return name, literal, None
        return name, at_call, literal

    def _properties(self, call: cst.CSTNode, roles: Roles[CallArg]) -> Properties:
        if roles.keywords is not None:
            props = Properties()
            for key, arg in roles.keywords.items():
                keyword = arg.value.keyword
                props.add(key, self.resolver.value(arg.value.value),
                          self.view.origin(keyword) if keyword else None,
                          self.resolver.value_type(arg.value.value),
                          self.view.origin(arg.value.value))
            for spread in roles.spreads:
                props.merge(self.resolver.properties(spread.value.value, call))
            return props
        if roles.properties is not None:
            return self.resolver.properties(roles.properties.value.value, call)
        return unknown_properties() if "properties" in roles.unknown else Properties()

    def _identity(self, arg: Arg[CallArg] | None, unknown: bool, default: Any
                  ) -> tuple[Any, Any]:
        if arg is not None:
            return self.resolver.value(arg.value.value), self.view.origin(arg.value.value)
        return (UNKNOWN if unknown else default), None

    def _forwards_for(self, reading: _Reading, frames: tuple[Frame, ...],
                      call: cst.CSTNode | None = None,
                      args: Sequence[Arg[CallArg]] = ()) -> str | None:
        """The function whose event parameter this call passes on (its body, if a wrapper):
        the function it is in, the decorator factory whose wrapper it is in, the
        decorator whose wrapper spreads its function's result into it, or the ``put`` of
        the queue a worker took the event from."""
        if isinstance(call, cst.Call) and _decorator_inner(frames) and \
                self._result_spread(list(args), frames) is not None:
            return self.view.frames_name(frames[:-1])
        if reading.roles.event is None:
            return None
        drained = self._drained(reading.roles.event.value.value)
        if drained is not None:
            return drained
        owner = frames if _wrapper_candidate(frames) else self._factory(frames)
        if owner is not None:
            shape = self._shape(reading.roles.event.value.value, owner)
            if isinstance(shape, BuiltShape) and reading.event_attribute is not None:
                found = dict(shape.fields).get(reading.event_attribute)
                shape = found if found is not None else shape
            if isinstance(shape, ParamRef | ParamAttr):
                return self.view.frames_name(owner)
        return None

    # forwarding calls, for wrapper inference

    def _forwarding(self, call: cst.Call, frames: tuple[Frame, ...],
                    keys: tuple[tuple[str, bool], ...], call_args: list[Arg[CallArg]],
                    owner: tuple[Frame, ...] | None = None) -> ForwardingCall | None:
        """The call as a forwarding call of ``owner`` (the function it is in, or the
        decorator factory whose wrapper it is in)."""
        whole = frames
        frames = owner or frames
        args = tuple(Arg(self._shape(a.value.value, frames), a.keyword, a.star)
                     for a in call_args)
        event_args: tuple[Arg[Shape], ...] | None = None
        event_class: str | None = None
        for arg in call_args:
            found = self._event_object(arg.value.value, call)
            if found is not None:
                event_args = tuple(Arg(self._shape(a.value.value, frames), a.keyword, a.star)
                                   for a in found[0])
                event_class = next(k for k, v in EVENT_CLASSES.items() if v is found[1])
                break
        if frames != whole:  # in a decorator factory's wrapper
            if not self._on_success_path(call, whole):
                return None
            unconditional = True
        else:
            unconditional = not self.view.conditional(call, whole)
        return ForwardingCall(self._function_info(frames), keys, args, self.view.origin(call),
                              event_args, event_class, unconditional)

    def _shape(self, node: cst.BaseExpression, frames: tuple[Frame, ...]) -> Shape:
        if isinstance(node, cst.Call) and len(node.args) == 1 and not node.args[0].keyword \
                and not node.args[0].star and \
                "builtins.str" in self.view.qualified_names(node.func):
            inner = self._shape(node.args[0].value, frames)  # ``str(event.action)``
            if isinstance(inner, ParamAttr):
                return ParamAttr(inner.name, inner.attribute, text=True)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and \
                not self._is_receiver(node.value):
            owner = self._own_param(node.value, frames)
            if owner is not None:
                return ParamAttr(owner, node.attr.value)
        if isinstance(node, cst.Name):
            param = self._own_param(node, frames)
            if param is not None:
                return ParamRef(param)
            # A dict built in a local first: ``props = {**properties, "k": 1}``.
            assignment = self.view.single_assignment(node) if self.view.is_local(node) else None
            value = None if assignment is None else self.view.assigned_value(assignment)
            if isinstance(value, cst.Dict) and not self._changed_before(
                    assignment, value, node):
                return self._dict_shape(value, frames)
            if isinstance(value, cst.Call) and not self._changed_before(
                    assignment, value, node):
                built = self._built_shape(value, frames)
                if built is not None:
                    return built
        if isinstance(node, cst.Call):
            built = self._built_shape(node, frames)
            if built is not None:
                return built
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            return self._shape(node.left, frames)
        if isinstance(node, cst.Dict):
            return self._dict_shape(node, frames)
        template = self._template(node, frames)
        if template is not None:
            return template
        return ValueShape(self.resolver.value(node), self.view.origin(node))

    def _template(self, node: cst.BaseExpression, frames: tuple[Frame, ...]
                  ) -> Shape | None:
        """Text built from the function's own parameters: ``f"backend:{noun}:{verb}"``,
        ``"a:" + noun``, or a call of a function returning such text with them (or with
        literals: then it is a known value)."""
        if not isinstance(node, cst.FormattedString | cst.BinaryOperation | cst.Call):
            return None  # a literal or a name: the caller reads its value once
        parts = self._template_parts(node, frames, 0)
        if parts is None or not any(is_param for _, is_param in parts):
            if parts is not None and isinstance(node, cst.Call):
                return ValueShape("".join(v for v, _ in parts), self.view.origin(node))
            return None
        return TemplateShape(tuple(parts))

    def _template_parts(self, node: cst.BaseExpression, frames: tuple[Frame, ...],
                        depth: int) -> list[tuple[str, bool]] | None:
        if depth > 16:
            return None
        if isinstance(node, cst.Name):
            param = self._own_param(node, frames) if self.view.is_local(node) else None
            if param is not None:
                return [(param, True)]
        if isinstance(node, cst.FormattedString):
            parts: list[tuple[str, bool]] = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    text = fstring_text(node, part.value)
                    found = None if text is None else [(text, False)]
                elif isinstance(part, cst.FormattedStringExpression) and \
                        part.format_spec is None and part.conversion is None:
                    found = self._template_parts(part.expression, frames, depth + 1)
                else:
                    found = None
                if found is None:
                    return None
                parts += found
            return parts
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._template_parts(node.left, frames, depth + 1)
            right = self._template_parts(node.right, frames, depth + 1)
            return None if left is None or right is None else left + right
        if isinstance(node, cst.Call):
            return self._called_template(node, frames, depth)
        text, _ = self.resolver.string(node)
        return None if text is None else [(text, False)]

    def _called_template(self, call: cst.Call, frames: tuple[Frame, ...], depth: int
                         ) -> list[tuple[str, bool]] | None:
        """``_event_key(category, verb)`` of a function that returns text it builds from
        its parameters: that text, with what this call passes for them."""
        found = self._templated(call)
        if found is None:
            return None
        template, bound = found
        parts: list[tuple[str, bool]] = []
        for value, is_param in template:
            if not is_param:
                parts.append((value, False))
                continue
            arg = bound.arguments.get(value)
            given = None if arg is None or arg.star else self._template_parts(
                arg.value.value, frames, depth + 1)
            if given is None:
                return None
            parts += given
        return parts

    def _built_shape(self, node: cst.Call, frames: tuple[Frame, ...]) -> BuiltShape | None:
        """A project class's object built for the call (``Event(name=name)``)."""
        classes = [t.name for t in self.typer.types(node.func) if isinstance(t, ClassTy)]
        if not classes:
            return None
        fields = tuple((a.keyword.value, self._shape(a.value, frames)) for a in node.args
                       if a.keyword is not None and not a.star)
        cls = classes[0] if len(classes) == 1 else None
        return BuiltShape(fields, cls) if fields or cls else None

    def _is_receiver(self, name: cst.Name) -> bool:
        """Whether a name is ``self`` or ``cls`` of the method it is read in."""
        assignment = self.view.single_assignment(name)
        param = None if assignment is None else self.view.param_of(assignment)
        return param is not None and self.typer.receiver_of_method(param[1], param[2]) \
            is not None

    def _changed_before(self, assignment: Assignment | None, value: cst.CSTNode,
                        read: cst.CSTNode) -> bool:
        """Whether a local is used between its assignment and a read (it may have changed)."""
        if assignment is None:
            return True
        start, end = self.view.start(value), self.view.start(read)
        return any(start < self.view.start(a.node) < end for a in assignment.references)

    def _own_param(self, node: cst.Name, frames: tuple[Frame, ...]) -> str | None:
        """The name, when it is an unchanged parameter of the innermost function.

        ``if props is None: props = {}`` leaves it the parameter: an empty default
        filled in on the way adds nothing.
        """
        params = []
        for assignment in self.view.reaching(node):
            param = self.view.param_of(assignment)
            if param is not None:
                params.append(param)
            elif not (isinstance(assignment, Assignment) and _is_empty(
                    self.view.assigned_value(assignment))):
                return None
        if len(params) != 1 or params[0][1] != frames:
            return None
        return params[0][0].name.value

    def _dict_shape(self, node: cst.Dict, frames: tuple[Frame, ...]) -> DictShape:
        spreads: list[str] = []
        fixed: list[FixedProperty] = []
        complete = True
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                assert isinstance(element, cst.StarredDictElement)
                shape = self._shape(element.value, frames)
                if isinstance(shape, ParamRef):
                    spreads.append(shape.name)
                else:
                    props = self.resolver.properties(element.value, None)
                    complete = complete and props.complete and props.known
                    fixed.extend(FixedProperty(k, v, props.origins.get(k))
                                 for k, v in props.values.items())
                continue
            key, _ = self.resolver.string(element.key)
            if key is None:
                complete = False
            else:
                fixed.append(FixedProperty(key, self.resolver.value(element.value),
                                           self.view.origin(element.key)))
        return DictShape(tuple(spreads), tuple(fixed), complete)

    def _function_info(self, frames: tuple[Frame, ...]) -> FunctionInfo:
        function = frames[-1].node
        assert isinstance(function, cst.FunctionDef)
        kind = "function"
        if len(frames) > 1:
            kind = self.typer.method_kind(function)
        return FunctionInfo(self.view.frames_name(frames), _params(function.params), kind, None,
                            self.view.origin(function.name), self._defaults(function.params))

    def _defaults(self, params: cst.Parameters) -> dict[str, Literal]:
        """Parameters whose default is a literal string (an event name a helper defaults to)."""
        found: dict[str, Literal] = {}
        for param in _all_params(params):
            if param.default is not None:
                value, origin = self.resolver.string(param.default)
                if value is not None:
                    found[param.name.value] = Literal(value, origin)
        return found


_EVENT_KEYWORDS = ("event", "event_name", "name")


def _event_at(args: list[Arg[CallArg]]) -> int | str | None:
    """Where a call seems to pass its event: its first string literal, or an event keyword."""
    position = 0
    for arg in args:
        if arg.star:
            return None
        value = arg.value.value
        if arg.keyword is None:
            if isinstance(value, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
                return position
            position += 1
        elif arg.keyword in _EVENT_KEYWORDS:
            return arg.keyword
    return None


def _is_empty(node: cst.BaseExpression | None) -> bool:
    """``None``, ``{}``, ``[]``, ``()`` or ``dict()``: a default that adds nothing."""
    if isinstance(node, cst.Name):
        return node.value == "None"
    if isinstance(node, cst.Dict | cst.List | cst.Tuple):
        return not node.elements
    return (isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Name)
            and node.func.value == "dict")


def _within(inner: Origin, outer: Origin) -> bool:
    """Whether one span of a file lies inside another (same file)."""
    if inner.path != outer.path or None in (inner.line, outer.line, inner.end_line,
                                            outer.end_line):
        return False
    start = (inner.line or 0, inner.column or 0) >= (outer.line or 0, outer.column or 0)
    end = (inner.end_line or 0, inner.end_column or 0) <= (outer.end_line or 0,
                                                             outer.end_column or 0)
    return start and end


def _decorator_inner(frames: tuple[Frame, ...]) -> bool:
    """A function nested in a module function or method: a decorator's wrapper."""
    return len(frames) >= 2 and frames[-1].kind == "function" and \
        _wrapper_candidate(frames[:-1])


def _returned_names(node: cst.Return | cst.Raise) -> list[str]:
    """The names a ``return`` gives back: ``return wrapper``, ``return a if c else b``."""
    value = node.value if isinstance(node, cst.Return) else None
    values = [value.body, value.orelse] if isinstance(value, cst.IfExp) else [value]
    return [v.value for v in values if isinstance(v, cst.Name)]


def _returned_args(node: cst.Return) -> list[Arg[CallArg]]:
    """What a returned value spreads into its decorator's call: a tuple's items, or ``*it``."""
    value = node.value
    if isinstance(value, cst.Tuple) and all(isinstance(e, cst.Element) for e in value.elements):
        return [Arg(CallArg(e.value)) for e in value.elements]
    assert value is not None
    return [Arg(CallArg(value), star="*")]


def _literal_arguments(args: Sequence[Arg[CallArg]], params: cst.Parameters) -> dict[str, str]:
    """The string literals a call passes for a function's parameters (their defaults
    where the call leaves them out), bound as Python binds them."""
    given: dict[str, str] = {}
    for param in _all_params(params):
        default = param.default
        if isinstance(default, cst.SimpleString) and isinstance(default.evaluated_value, str):
            given[param.name.value] = default.evaluated_value
    bound = bind(args, _params(params), strict=False)
    assert bound is not None  # binding that is not strict never fails
    for name in [*bound.maybe, *bound.arguments]:
        given.pop(name, None)  # passed, or perhaps filled by a ``*`` argument
    for name, arg in bound.arguments.items():
        value = arg.value.value
        if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
            given[name] = value.evaluated_value
    return given


def _ends(function: cst.FunctionDef, node: cst.Return) -> bool:
    """Whether a ``return`` is the last statement of a function's body (its main path)."""
    body = function.body
    if not isinstance(body, cst.IndentedBlock) or not body.body:
        return False
    last = body.body[-1]
    return isinstance(last, cst.SimpleStatementLine) and last.body[-1] is node


def _wrapper_candidate(frames: tuple[Frame, ...]) -> bool:
    """A function callable from elsewhere: a module function or a method of a module class."""
    return bool(frames) and frames[-1].kind == "function" and all(
        f.kind == "class" for f in frames[:-1])


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    found.extend(params.kwonly_params)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return found


def _params(params: cst.Parameters) -> tuple[Param, ...]:
    found = [Param(p.name.value, ParamKind.POSITIONAL_ONLY) for p in params.posonly_params]
    found += [Param(p.name.value) for p in params.params]
    if isinstance(params.star_arg, cst.Param):
        found.append(Param(params.star_arg.name.value, ParamKind.VAR_POSITIONAL))
    found += [Param(p.name.value, ParamKind.KEYWORD) for p in params.kwonly_params]
    if params.star_kwarg is not None:
        found.append(Param(params.star_kwarg.name.value, ParamKind.VAR_KEYWORD))
    return tuple(found)
