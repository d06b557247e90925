"""What one module defines at its top level, read from CPython's ``ast`` (fast).

The project pre-pass summarises *every* file, so it must be cheap: ``ast.parse``
is about ten times faster than libcst and needs no scope analysis.  A summary
records, per module-level name, what it is bound to: a literal (event-name
constants), a reference to another qualified name (imports, re-exports,
aliases), an instance created by calling a class (``mp = Mixpanel(token)``), a
function or a class (enums, class attributes, ``self.x = Client()`` in methods).
A name bound in conflicting ways is :class:`Opaque`, so nothing is guessed.
"""

from __future__ import annotations

import ast
import builtins
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.events import UNKNOWN, Origin
from linter.static.arguments import Param, ParamKind
from linter.static.modules import resolve_relative
from linter.static.sdk_signatures import PASS_THROUGH
from linter.static.source import Source

_BUILTIN_NAMES = frozenset(dir(builtins))
# Class decorators of attrs that make the declared names the instance's fields.
_RECORD_DECORATORS = frozenset({
    "attr.s", "attr.attrs", "attr.define", "attr.frozen", "attr.mutable",
    "attrs.define", "attrs.frozen", "attrs.mutable",
})
_ATTRS_FIELDS = frozenset({"attr.ib", "attr.attrib", "attr.field", "attrs.field"})
_TRY: tuple[type[ast.stmt], ...] = tuple(
    t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)
# Annotation wrappers that say nothing about the class of the value inside.
_TRANSPARENT = frozenset({"Optional", "Final", "ClassVar", "Annotated"})


@dataclass(frozen=True, slots=True)
class Literal:
    """A name bound to a literal value (``value`` may be a dict with UNKNOWN values).

    ``complete`` is false for a dict that spreads something unknown (``{**x, "k": 1}``);
    ``key_origins`` locates each key of a dict literal.
    """

    value: Any
    origin: Origin | None = None
    key_origins: Mapping[str, Origin] = field(default_factory=dict)
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Ref:
    """A name that stands for another qualified name (an import, an alias)."""

    target: str


@dataclass(frozen=True, slots=True)
class Instance:
    """A name bound to ``factory(...)``'s result, or annotated with class ``factory``.

    ``args`` are the call's positional arguments that name something (a class given
    to a generic factory, ``def get(kind: type[T]) -> T``); other arguments are Opaque.
    """

    factory: str
    args: tuple[Binding, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribute:
    """``base.name``: an attribute of what another binding stands for (``self.client.track``)."""

    base: Binding
    name: str


@dataclass(frozen=True, slots=True)
class Called:
    """What calling another binding gives (``self.make_client()``), with the positional
    arguments that name something (see :class:`Instance`)."""

    callee: Binding
    args: tuple[Binding, ...] = ()


@dataclass(frozen=True, slots=True)
class ParamRef:
    """A parameter of a function without an annotation: typed by what its callers pass.

    ``function`` is the function's qualified name (``app.views.Handler.__init__``).
    """

    function: str
    name: str


@dataclass(frozen=True, slots=True)
class Either:
    """``param if param is not None else Default()``: a parameter or a fallback.

    The parameter's side adds what the callers pass, when they pass something known.
    """

    options: tuple[Binding, ...]


@dataclass(frozen=True, slots=True)
class CallFact:
    """A call in a function (or at module level) with the objects it passes.

    Recorded so a parameter without annotation can be typed by its callers.
    ``name`` is the callee's last name as defined (an imported alias is followed);
    ``args`` holds the positional arguments up to the first ``*args`` (None where
    nothing is known), ``keywords`` the named ones that are known.
    """

    name: str
    callee: Binding
    args: tuple[Binding | None, ...]
    keywords: tuple[tuple[str, Binding], ...]


@dataclass(frozen=True, slots=True)
class FunctionInfo:
    """A function or method: enough to bind calls to it and to say where it is."""

    qualified_name: str
    params: tuple[Param, ...]
    kind: str  # "function", "method", "staticmethod" or "classmethod"
    returns: str | None
    origin: Origin
    # Parameters whose default is a literal (a helper's default event name).
    defaults: Mapping[str, Literal] = field(default_factory=dict)
    # What it returns, when every ``return`` agrees (``return cls._instance``...).
    result: Binding | None = None
    # The parameter whose class it returns an instance of (``def get(self, kind:
    # type[T]) -> T``), and whether it is abstract (its implementations do the work).
    returns_argument: str | None = None
    abstract: bool = False
    # A ``@property`` (or ``cached_property``): reading the attribute calls it.
    is_property: bool = False
    # What it returns when that is text built from its parameters (``return
    # f"backend:{category}:{verb}"``): text parts, and parameter names (``True``).
    template: tuple[tuple[str, bool], ...] | None = None


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class: its bases, class-level members and what its methods set on ``self``.

    ``fields`` are a dataclass's fields in order (what its ``__init__`` takes);
    ``passed_up`` the keyword arguments its ``__init__`` gives ``super().__init__``
    (``super().__init__(action=CREATED)``: a base stores them), ``passed_up_args`` the
    positional ones (``super().__init__("FeatureUsed", props)``; Opaque where not known);
    ``stored_params`` the attributes its ``__init__`` sets to a parameter unchanged
    (``self.event_type = event_type``: attribute to parameter), which a subclass's
    ``super().__init__`` call fills.
    """

    qualified_name: str
    bases: tuple[str, ...]
    members: Mapping[str, Binding]
    instance_attributes: Mapping[str, Binding]
    origin: Origin
    fields: tuple[str, ...] = ()
    passed_up: Mapping[str, Binding] = field(default_factory=dict)
    passed_up_args: tuple[Binding, ...] = ()
    stored_params: Mapping[str, str] = field(default_factory=dict)
    # The names declared in the class body as instance fields (annotated, not
    # ``ClassVar``; or ``attr.ib()``/``attrs.field()``), and whether a dataclass or attrs
    # decorator makes them the instance's fields: what ``asdict()`` or a pydantic
    # model's ``model_dump()`` gives.
    declared: tuple[str, ...] = ()
    record: bool = False


@dataclass(frozen=True, slots=True)
class FunctionBinding:
    info: FunctionInfo


@dataclass(frozen=True, slots=True)
class ClassBinding:
    info: ClassInfo


@dataclass(frozen=True, slots=True)
class Opaque:
    """Bound to something that cannot be known statically, or bound inconsistently."""


Binding = (Literal | Ref | Instance | Attribute | Called | FunctionBinding | ClassBinding
           | ParamRef | Either | Opaque)
# A method's receiver: the name of its first parameter and what that stands for.
Receiver = tuple[str, Binding]
OPAQUE = Opaque()


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    """``fingerprint`` identifies what the summary was made from (path, name, bytes, tool).

    Results that looked the module up are reused only while it is the same
    (empty when unknown: such results are never cached).

    ``imported`` is every name an import statement of the module names, in function
    and class bodies too (``import a.b`` names ``a.b``, ``from a import b`` names
    ``a.b``): what the module can depend on beyond its bindings, for the files a
    change can affect (:mod:`linter.affected`).
    """

    name: str
    path: str
    is_package: bool
    bindings: Mapping[str, Binding]
    star_imports: tuple[str, ...] = ()
    fingerprint: str = ""
    # Calls that pass objects, by callee name (see :class:`CallFact`).
    calls: Mapping[str, tuple[CallFact, ...]] = field(default_factory=dict)
    # Last names of the bases of its top-level classes (to find an interface's classes).
    bases: frozenset[str] = frozenset()
    imported: tuple[str, ...] = ()


def recorded_names(summary: ModuleSummary) -> frozenset[str]:
    """What the module can be looked up by, without loading it: the callee names of its
    recorded calls, and ``^Base`` for each base of its classes."""
    return frozenset(summary.calls) | {"^" + b for b in summary.bases}


def summarize(source: Source, module: str, is_package: bool,
              fingerprint: str = "") -> ModuleSummary:
    """Summarise a parsed module (an empty summary when only libcst could parse it)."""
    if source.tree is None:
        return ModuleSummary(module, source.path, is_package, {}, (), fingerprint)
    return _Summarizer(source, module, is_package, fingerprint).run(source.tree)


# -- literals ---------------------------------------------------------------


def literal(node: ast.expr, name_value: Callable[[str], Any] = lambda _: UNKNOWN) -> Any:
    """The value of a literal expression, or UNKNOWN.

    Literals are str/int/float/bool/None, negative numbers, f-strings without
    placeholders, ``"a" + "b"``, and lists, tuples (as lists, as JSON sends them) and
    dicts of literals; ``name_value`` supplies values of names (earlier constants).
    """
    if isinstance(node, ast.Constant):
        value = node.value
        ok = value is None or isinstance(value, str | int | float | bool)
        return value if ok and not isinstance(value, complex) else UNKNOWN
    if isinstance(node, ast.Name):
        return name_value(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = literal(node.operand, name_value)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
        return UNKNOWN
    if isinstance(node, ast.JoinedStr):
        parts = [literal(v) for v in node.values]
        return "".join(parts) if all(isinstance(p, str) for p in parts) else UNKNOWN
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left, name_value), literal(node.right, name_value)
        return left + right if isinstance(left, str) and isinstance(right, str) else UNKNOWN
    if isinstance(node, ast.List | ast.Tuple):
        items = [literal(e, name_value) for e in node.elts]
        return UNKNOWN if any(not is_known(i) for i in items) else items
    if isinstance(node, ast.Dict):
        entries, _, complete = dict_entries(node, name_value)
        return entries if complete and all(is_known(v) for v in entries.values()) else UNKNOWN
    return UNKNOWN


def dict_entries(node: ast.Dict, name_value: Callable[[str], Any]
                 ) -> tuple[dict[str, Any], dict[str, ast.expr], bool]:
    """Keys and values of a dict display; values may be UNKNOWN, keys never are."""
    entries: dict[str, Any] = {}
    keys: dict[str, ast.expr] = {}
    complete = True
    for key, value in zip(node.keys, node.values, strict=True):
        name = None if key is None else literal(key, name_value)
        if not isinstance(name, str):
            complete = False
            continue
        entries[name] = literal(value, name_value)
        keys[name] = key  # type: ignore[assignment]
    return entries, keys, complete


def is_known(value: Any) -> bool:
    """True when a value holds no UNKNOWN anywhere inside it."""
    if value is UNKNOWN:
        return False
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    return True


# -- the summariser -----------------------------------------------------------


def merge(bindings: list[Binding]) -> Binding:
    """One binding for a name bound several times; Opaque unless they agree.

    ``None`` placeholders are ignored (``mp = None`` then ``mp = Mixpanel(...)`` in an
    init function; ``except ImportError: Client = None``).
    """
    meaningful = [b for b in bindings if not (isinstance(b, Literal) and b.value is None)]
    candidates = meaningful or bindings
    if len(candidates) > 1 and all(isinstance(c, Instance) for c in candidates) and \
            len({c.factory for c in candidates if isinstance(c, Instance)}) == 1:
        # ``Mixpanel(TOKEN_A)`` or ``Mixpanel(TOKEN_B)``: the same class, whatever its arguments.
        first = candidates[0]
        assert isinstance(first, Instance)
        same = all(c == first for c in candidates)
        return first if same else Instance(first.factory)
    first = candidates[0]
    for other in candidates[1:]:
        same = (other.value == first.value if isinstance(first, Literal)
                and isinstance(other, Literal) else other == first)
        if not same:
            return OPAQUE
    return first


class _Summarizer:
    def __init__(self, source: Source, module: str, is_package: bool,
                 fingerprint: str = "") -> None:
        self.fingerprint = fingerprint
        self.source = source
        self.module = module
        self.is_package = is_package
        self.imports: dict[str, str] = {}
        # Names bound by ``import x``: modules, so an annotation naming one is the module.
        self.modules: set[str] = set()
        self.defined: set[str] = set()
        self.star_imports: list[str] = []
        self.bound: dict[str, list[Binding]] = {}
        self.bodies = _function_bodies(source.tree) if source.tree is not None else {}
        self.calls: dict[str, list[CallFact]] = {}

    def run(self, tree: ast.Module) -> ModuleSummary:
        statements = list(_flatten(tree.body))
        for statement in statements:
            self._note_names(statement)
        for statement in statements:
            self._statement(statement, self.bound, self.module)
        for function, body in self.bodies.items():
            self._globals_assigned_in(function, body)
        for statement in statements:
            for call in _top_calls(statement):
                self._call_fact(call, _Context())
        bindings = {name: merge(found) for name, found in self.bound.items()}
        bases = frozenset(base.rsplit(".", 1)[-1] for found in self.bound.values()
                          for b in found if isinstance(b, ClassBinding) for base in b.info.bases)
        return ModuleSummary(self.module, self.source.path, self.is_package, bindings,
                             tuple(self.star_imports), self.fingerprint,
                             {name: tuple(facts) for name, facts in self.calls.items()}, bases,
                             self._imported_names(tree))

    # names and imports

    def _note_names(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            for local, target in self._imported(statement):
                self.imports[local] = target
                if isinstance(statement, ast.Import):
                    self.modules.add(target)
        else:
            for target in _assigned_names(statement):
                self.defined.add(target)

    def _imported(self, statement: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    yield alias.asname, alias.name
                else:
                    head = alias.name.split(".")[0]
                    yield head, head
            return
        base = resolve_relative("." * statement.level + (statement.module or ""),
                                self.module, self.is_package)
        if base is None:
            return
        for alias in statement.names:
            if alias.name == "*":
                self.star_imports.append(base)
            else:
                yield alias.asname or alias.name, f"{base}.{alias.name}"

    def _imported_names(self, tree: ast.Module) -> tuple[str, ...]:
        """Every name the module's import statements name, at any depth, in order."""
        names: dict[str, None] = {}
        stack = list(reversed(tree.body))
        while stack:
            statement = stack.pop()
            if isinstance(statement, ast.Import):
                names.update(dict.fromkeys(alias.name for alias in statement.names))
            elif isinstance(statement, ast.ImportFrom):
                base = resolve_relative("." * statement.level + (statement.module or ""),
                                        self.module, self.is_package)
                if base is not None:
                    names.update(dict.fromkeys(
                        base if alias.name == "*" else f"{base}.{alias.name}"
                        for alias in statement.names))
            else:
                stack.extend(reversed(list(_child_statements(statement))))
        return tuple(names)

    def qualify(self, node: ast.expr, local: Mapping[str, str] | None = None) -> str | None:
        """The qualified name an expression such as ``a.b.C`` refers to, if it is a name."""
        if isinstance(node, ast.Name):
            if local and node.id in local:
                return local[node.id]
            if node.id in self.imports:
                return self.imports[node.id]
            if node.id in self.defined:
                return f"{self.module}.{node.id}"
            return f"builtins.{node.id}" if node.id in _BUILTIN_NAMES else None
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value, local)
            return f"{base}.{node.attr}" if base else None
        return None

    def annotation(self, node: ast.expr | None, local: Mapping[str, str] | None = None
                   ) -> str | None:
        """The class an annotation names, seeing through ``Optional[X]``, ``X | None``, ``"X"``."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return None
            return self.annotation(parsed, local)
        if isinstance(node, ast.Subscript):
            wrapper = (self.qualify(node.value, local) or "").rsplit(".", 1)[-1]
            inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
            return self.annotation(inner, local) if wrapper in _TRANSPARENT else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            sides = [s for s in (node.left, node.right)
                     if not (isinstance(s, ast.Constant) and s.value is None)]
            return self.annotation(sides[0], local) if len(sides) == 1 else None
        name = self.qualify(node, local)
        return None if name is None or name.rsplit(".", 1)[-1] in _TRANSPARENT else name

    # bindings

    def _statement(self, statement: ast.stmt, into: dict[str, list[Binding]], prefix: str,
                   in_class: bool = False) -> None:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            for local, target in self._imported(statement):
                into.setdefault(local, []).append(Ref(target))
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            function = self._function(statement, prefix, in_class)
            into.setdefault(statement.name, []).append(FunctionBinding(function))
        elif isinstance(statement, ast.ClassDef):
            klass = self._class(statement, prefix)
            into.setdefault(statement.name, []).append(ClassBinding(klass))
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            self._assignment(statement, into, prefix)
        else:
            for name in _assigned_names(statement):
                into.setdefault(name, []).append(OPAQUE)

    def _assignment(self, statement: ast.Assign | ast.AnnAssign,
                    into: dict[str, list[Binding]], prefix: str,
                    local: Mapping[str, str] | None = None) -> None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        annotation = (self.annotation(statement.annotation, local)
                      if isinstance(statement, ast.AnnAssign) else None)
        value = statement.value
        for target in targets:
            if not isinstance(target, ast.Name):
                for name in _target_names(target):
                    into.setdefault(name, []).append(OPAQUE)
                continue
            if value is None:
                if annotation:
                    into.setdefault(target.id, []).append(self._annotated(annotation))
                continue
            into.setdefault(target.id, []).append(
                self.binding_of(value, into, prefix, annotation, local))

    def binding_of(self, value: ast.expr, scope: Mapping[str, list[Binding]], prefix: str,
                   annotation: str | None = None, local: Mapping[str, str] | None = None,
                   receiver: Receiver | None = None,
                   params: Mapping[str, Binding] | None = None) -> Binding:
        """What an expression stands for; ``params`` are the enclosing function's parameters."""
        if isinstance(value, ast.Dict):
            return self._dict_binding(value, scope)
        if isinstance(value, ast.IfExp | ast.BoolOp):
            # ``Mixpanel(t) if TOKEN else None``, ``client or Mixpanel(t)``: the non-None sides.
            sides = [value.body, value.orelse] if isinstance(value, ast.IfExp) else value.values
            found = [self.binding_of(s, scope, prefix, annotation, local, receiver, params)
                     for s in sides if not _is_none(s)]
            merged = merge(found) if found else OPAQUE
            if isinstance(merged, Opaque) and any(isinstance(f, ParamRef) for f in found):
                return Either(tuple(found))
            return merged
        if params and isinstance(value, ast.Name) and value.id in params:
            return params[value.id]
        constant = literal(value, lambda name: _earlier_value(scope, name))
        if constant is not UNKNOWN and (constant is not None or not annotation):
            return Literal(constant, self.source.ast_origin(value))
        through = self._through_receiver(value, receiver)
        if through is None and params:
            through = self._through_receiver(value, _param_root(value, params))
        if through is not None:
            return through
        named = getattr_literal(value)
        if named is not None and isinstance(value, ast.Call) and \
                self.qualify(value.func, local) == "builtins.getattr":
            base = self.binding_of(named[0], scope, prefix, None, local, receiver, params)
            return OPAQUE if isinstance(base, Opaque | Literal) else Attribute(base, named[1])
        if isinstance(value, ast.Call):
            factory = self.qualify(value.func, local)
            if factory in PASS_THROUGH and value.args:
                return self.binding_of(value.args[0], scope, prefix, annotation, local,
                                       receiver)
            return Instance(factory, self._named_args(value, local)) if factory else OPAQUE
        if isinstance(value, ast.Name | ast.Attribute):
            if isinstance(value, ast.Name) and value.id in scope and prefix != self.module:
                return Ref(f"{prefix}.{value.id}")
            target = self.qualify(value, local)
            return Ref(target) if target else OPAQUE
        return self._annotated(annotation) if annotation else OPAQUE

    def _annotated(self, annotation: str) -> Binding:
        """What a value annotated with a name is: an instance of a class, or the module
        itself (``_client: Optional["posthog"] = None``, set to the module later)."""
        return Ref(annotation) if annotation in self.modules else Instance(annotation)

    def _through_receiver(self, value: ast.expr, receiver: Receiver | None) -> Binding | None:
        """``self.a.b`` and ``self.make()`` in a method: attributes and calls of the receiver."""
        if receiver is None:
            return None
        if isinstance(value, ast.Name):
            return receiver[1] if value.id == receiver[0] else None
        if isinstance(value, ast.Attribute):
            base = self._through_receiver(value.value, receiver)
            return None if base is None else Attribute(base, value.attr)
        if not isinstance(value, ast.Call):
            return None
        if isinstance(value.func, ast.Attribute) and value.func.attr == "__new__" and \
                value.args and isinstance(value.args[0], ast.Name) and \
                value.args[0].id == receiver[0]:
            return Called(receiver[1])  # ``super().__new__(cls)``: an instance of the class
        callee = self._through_receiver(value.func, receiver)
        return None if callee is None else Called(callee, self._named_args(value, None))

    def _named_args(self, call: ast.Call, local: Mapping[str, str] | None
                    ) -> tuple[Binding, ...]:
        """Positional arguments that are names (a class handed to a generic factory)."""
        found: list[Binding] = []
        for argument in call.args:
            if isinstance(argument, ast.Starred):
                break
            target = self.qualify(argument, local) if isinstance(
                argument, ast.Name | ast.Attribute) else None
            constant = literal(argument) if target is None else UNKNOWN
            found.append(Ref(target) if target else OPAQUE if constant is UNKNOWN
                         else Literal(constant, self.source.ast_origin(argument)))
        while found and isinstance(found[-1], Opaque):
            found.pop()
        return tuple(found)

    def _dict_binding(self, node: ast.Dict, scope: Mapping[str, list[Binding]]) -> Literal:
        entries, keys, complete = dict_entries(node, lambda name: _earlier_value(scope, name))
        origins = {key: self.source.ast_origin(expr) for key, expr in keys.items()}
        return Literal(entries, self.source.ast_origin(node), origins, complete)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, prefix: str,
                  in_class: bool) -> FunctionInfo:
        kind = "function"
        if in_class:
            decorators = {self.qualify(d) for d in node.decorator_list}
            kind = ("staticmethod" if "builtins.staticmethod" in decorators else
                    "classmethod" if "builtins.classmethod" in decorators else "method")
        receiver = _receiver(node, prefix, kind) if in_class else None
        result = self._result(node, receiver)
        returns = self.annotation(node.returns) or (
            result.target if isinstance(result, Ref) else
            result.factory if isinstance(result, Instance) else None)
        qualified = f"{prefix}.{node.name}"
        given = _returns_argument(node)
        if given is not None:
            returns = None  # a type variable, not a class
        body = self.bodies.get(node)
        if body is not None and body.calls:
            local = self._local_imports(body)
            context = _Context(body, local, receiver,
                               self._param_bindings(node, qualified, local, receiver))
            for call in body.calls:
                self._call_fact(call, context)
        decorated = [self.qualify(d) or "" for d in node.decorator_list]
        abstract = in_class and (_does_nothing(node) or any(
            d.endswith("abstractmethod") for d in decorated))
        is_property = in_class and any(
            d == "builtins.property" or d.endswith(".cached_property") for d in decorated)
        return FunctionInfo(
            qualified, self.params(node.args), kind, returns,
            self.source.ast_origin(node), self._defaults(node.args), result, given, abstract,
            is_property, self._template(node),
        )

    def _template(self, node: _Function) -> tuple[tuple[str, bool], ...] | None:
        """``return f"backend:{category}:{verb}"`` (or ``"a:" + noun``), the only return:
        the text it builds from its parameters and literals."""
        body = self.bodies.get(node)
        if body is None or len(body.returns) != 1 or body.returns[0] is None:
            return None
        params = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
        parts = _template_parts(body.returns[0], params - body.assigned)
        if parts is None or not any(is_param for _, is_param in parts):
            return None
        return tuple(parts)

    def _param_bindings(self, node: _Function, qualified: str, local: Mapping[str, str],
                        receiver: Receiver | None) -> dict[str, Binding]:
        """A function's parameters: an annotated one is an instance of its class, another
        a :class:`ParamRef` (typed later by the callers); the receiver is left out."""
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        found: dict[str, Binding] = {}
        for argument in arguments:
            if receiver is not None and argument.arg == receiver[0]:
                continue
            annotation = self.annotation(argument.annotation, local)
            found[argument.arg] = (Instance(annotation) if annotation
                                   else ParamRef(qualified, argument.arg))
        return found

    def _call_fact(self, call: ast.Call, context: _Context) -> None:
        """Record a call that passes at least one object whose type may become known."""
        if not any(isinstance(a, _OBJECT_EXPRESSIONS) for a in call.args) and not any(
                isinstance(k.value, _OBJECT_EXPRESSIONS) for k in call.keywords):
            return  # literals only
        func = call.func
        if isinstance(func, ast.Name):
            target = self.qualify(func, context.local)
            if target is None or target.startswith("builtins."):
                return
            name = target.rsplit(".", 1)[-1]
        elif isinstance(func, ast.Attribute):
            name = func.attr
        else:
            return
        args: list[Binding | None] = []
        for argument in call.args:
            if isinstance(argument, ast.Starred):
                break
            args.append(self._passed(argument, context))
        keywords = tuple((k.arg, found) for k in call.keywords if k.arg is not None
                         and (found := self._passed(k.value, context)) is not None)
        if not keywords and all(a is None for a in args):
            return
        callee = self.binding_of(func, {}, self.module, None, context.local, context.receiver)
        if isinstance(callee, Opaque | Literal):
            return
        self.calls.setdefault(name, []).append(CallFact(name, callee, tuple(args), keywords))

    def _passed(self, value: ast.expr, context: _Context) -> Binding | None:
        """What an argument passes, when it may be an object (literals and unknowns: None)."""
        body = context.body
        if isinstance(value, ast.Name) and body is not None and value.id in body.assigned \
                and value.id not in body.globals and value.id not in context.params:
            # A local: the union of what it is assigned, when every assignment is simple.
            values = body.values.get(value.id, [])
            if not values or any(v is None for v in values):
                return None
            found = merge([self.binding_of(v, {}, self.module, None, context.local,
                                           context.receiver, context.params)
                           for v in values if v is not None])
        else:
            found = self.binding_of(value, {}, self.module, None, context.local,
                                    context.receiver, context.params)
        return None if isinstance(found, Opaque | Literal | Attribute) and not \
            _through_object(found) else found

    def _result(self, node: _Function, receiver: Receiver | None) -> Binding | None:
        """What a function returns, when every ``return`` of a value agrees on it.

        ``return _client`` (a module global), ``return Mixpanel(token)``, ``return
        cls._instance`` and ``return client`` (a local assigned once) are how factories
        and lazy singletons hand out a client; ``return None`` adds nothing.
        """
        body = self.bodies.get(node)
        if body is None:
            return None
        local = self._local_imports(body)
        found: list[Binding] = []
        for value in body.returns:
            if value is None or _is_none(value):
                continue
            if isinstance(value, ast.Name) and value.id not in body.globals and \
                    value.id in body.assigned and (receiver is None or value.id != receiver[0]):
                assigned = body.single_values.get(value.id)
                if assigned is None:
                    return None  # a local variable with several values: unknown here
                value = assigned
            found.append(self.binding_of(value, {}, self.module, None, local, receiver))
        if not found:
            return None
        merged = merge(found)
        return None if isinstance(merged, Opaque) else merged

    def _defaults(self, args: ast.arguments) -> dict[str, Literal]:
        """Parameters whose default is a literal string."""
        positional = args.posonlyargs + args.args
        pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults,
                         strict=True))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                  if d is not None]
        return {a.arg: Literal(value, self.source.ast_origin(d)) for a, d in pairs
                if isinstance(value := literal(d), str)}

    def params(self, args: ast.arguments) -> tuple[Param, ...]:
        params = [Param(a.arg, ParamKind.POSITIONAL_ONLY, self.annotation(a.annotation))
                  for a in args.posonlyargs]
        params += [Param(a.arg, ParamKind.POSITIONAL, self.annotation(a.annotation))
                   for a in args.args]
        if args.vararg:
            params.append(Param(args.vararg.arg, ParamKind.VAR_POSITIONAL))
        params += [Param(a.arg, ParamKind.KEYWORD, self.annotation(a.annotation))
                   for a in args.kwonlyargs]
        if args.kwarg:
            params.append(Param(args.kwarg.arg, ParamKind.VAR_KEYWORD))
        return tuple(params)

    def _class(self, node: ast.ClassDef, prefix: str) -> ClassInfo:
        qualified = f"{prefix}.{node.name}"
        members: dict[str, list[Binding]] = {}
        for statement in _flatten(node.body):
            self._statement(statement, members, qualified, in_class=True)
        attributes: dict[str, list[Binding]] = {}
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                info = members.get(statement.name, [])
                kind = next((b.info.kind for b in info if isinstance(b, FunctionBinding)),
                            "method")
                receiver = _receiver(statement, qualified, kind)
                on_class = isinstance(receiver[1], Ref) if receiver else False
                self._instance_attributes(statement, members if on_class else attributes,
                                          receiver, f"{qualified}.{statement.name}")
        bases = tuple(q for q in (self.qualify(b) for b in node.bases) if q)
        keywords, positional = self._passed_up(node)
        decorators = {(self.qualify(d.func if isinstance(d, ast.Call) else d) or "")
                      for d in node.decorator_list}
        dataclass = any(d.rsplit(".", 1)[-1] == "dataclass" for d in decorators)
        return ClassInfo(
            qualified, bases, {k: merge(v) for k, v in members.items()},
            {k: merge(v) for k, v in attributes.items()}, self.source.ast_origin(node),
            _fields(node) if dataclass else (), keywords, positional, _stored_params(node),
            self._declared(node), dataclass or bool(decorators & _RECORD_DECORATORS),
        )

    def _declared(self, node: ast.ClassDef) -> tuple[str, ...]:
        """Instance fields declared in a class body: ``x: int``, ``x = attr.ib()``."""
        found: list[str] = []
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) \
                    and "ClassVar" not in ast.dump(statement.annotation):
                found.append(statement.target.id)
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
                    isinstance(statement.targets[0], ast.Name) and \
                    isinstance(statement.value, ast.Call) and \
                    self.qualify(statement.value.func) in _ATTRS_FIELDS:
                found.append(statement.targets[0].id)
        return tuple(found)

    def _passed_up(self, node: ast.ClassDef) -> tuple[dict[str, Binding], tuple[Binding, ...]]:
        """The arguments ``__init__`` gives ``super().__init__`` that are constants or
        literals: by keyword, and by position (Opaque where not known, up to a ``*``)."""
        keywords: dict[str, Binding] = {}
        positional: list[Binding] = []
        for statement in node.body:
            if not isinstance(statement, ast.FunctionDef) or statement.name != "__init__":
                continue
            for line in statement.body:
                call = line.value if isinstance(line, ast.Expr) else None
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "__init__" and isinstance(call.func.value, ast.Call)
                        and _last(call.func.value.func) == "super"):
                    continue
                for keyword in call.keywords:
                    value = self.binding_of(keyword.value, {}, self.module) \
                        if keyword.arg else OPAQUE
                    if keyword.arg and isinstance(value, Ref | Literal):
                        keywords[keyword.arg] = value
                for arg in itertools.takewhile(lambda a: not isinstance(a, ast.Starred),
                                               call.args):
                    value = self.binding_of(arg, {}, self.module)
                    positional.append(value if isinstance(value, Ref | Literal) else OPAQUE)
        return keywords, tuple(positional)

    def _instance_attributes(self, method: ast.FunctionDef | ast.AsyncFunctionDef,
                             into: dict[str, list[Binding]],
                             receiver: Receiver | None, qualified: str) -> None:
        """``self.x = ...`` anywhere in a method: the instance's attributes and their kinds.

        In a classmethod or ``__new__``, ``cls.x = ...`` sets a class attribute
        (``into`` is then the class's members).
        """
        arguments = method.args.posonlyargs + method.args.args
        if receiver is None or not arguments:
            return
        body = self.bodies.get(method, _Body())
        local = self._local_imports(body)
        params = self._param_bindings(method, qualified, local, receiver)
        for node in body.assignments:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == receiver[0]):
                    into.setdefault(target.attr, []).append(
                        self._attribute_binding(node, params, local, receiver))

    def _attribute_binding(self, node: ast.Assign | ast.AnnAssign,
                           params: Mapping[str, Binding],
                           local: Mapping[str, str], receiver: Receiver) -> Binding:
        """``self.x = value``: a parameter without annotation is typed by the callers."""
        value = node.value
        assert value is not None
        annotation = (self.annotation(node.annotation, local)
                      if isinstance(node, ast.AnnAssign) else None)
        return self.binding_of(value, {}, self.module, annotation, local, receiver, params)

    def _local_imports(self, body: _Body) -> dict[str, str]:
        local: dict[str, str] = {}
        for node in body.imports:
            local.update(self._imported(node))
        return local

    def _globals_assigned_in(self, function: ast.FunctionDef | ast.AsyncFunctionDef,
                             body: _Body) -> None:
        """``global mp`` then ``mp = Mixpanel(...)`` in an init function binds a module name."""
        if not body.globals:
            return
        local = self._local_imports(body)
        for node in body.assignments:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in body.globals:
                    assert node.value is not None
                    self.bound.setdefault(target.id, []).append(
                        self.binding_of(node.value, {}, self.module, None, local))


def _template_parts(value: ast.expr, params: set[str]) -> list[tuple[str, bool]] | None:
    """Text parts and parameters of an f-string or a ``+`` of strings and parameters."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [(value.value, False)]
    if isinstance(value, ast.Name) and value.id in params:
        return [(value.id, True)]
    if isinstance(value, ast.FormattedValue):
        plain = value.conversion == -1 and value.format_spec is None
        return _template_parts(value.value, params) if plain else None
    if isinstance(value, ast.JoinedStr):
        parts: list[tuple[str, bool]] = []
        for part in value.values:
            found = _template_parts(part, params)
            if found is None:
                return None
            parts += found
        return parts
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left, right = _template_parts(value.left, params), _template_parts(value.right, params)
        return None if left is None or right is None else left + right
    return None


def _fields(node: ast.ClassDef) -> tuple[str, ...]:
    """A dataclass's fields, in order (annotated names that are not ``ClassVar``)."""
    return tuple(s.target.id for s in node.body if isinstance(s, ast.AnnAssign)
                 and isinstance(s.target, ast.Name)
                 and "ClassVar" not in ast.dump(s.annotation))


def _stored_params(node: ast.ClassDef) -> dict[str, str]:
    """``self.x = x`` among the top-level statements of ``__init__``: attribute to parameter."""
    stored: dict[str, str] = {}
    for statement in node.body:
        if not isinstance(statement, ast.FunctionDef) or statement.name != "__init__":
            continue
        arguments = statement.args.posonlyargs + statement.args.args
        names = {a.arg for a in arguments[1:] + statement.args.kwonlyargs}
        receiver = arguments[0].arg if arguments else None
        for line in statement.body:
            target = line.targets[0] if isinstance(line, ast.Assign) and \
                len(line.targets) == 1 else line.target if isinstance(line, ast.AnnAssign) \
                else None
            value = line.value if isinstance(line, ast.Assign | ast.AnnAssign) else None
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                    target.value.id == receiver and isinstance(value, ast.Name) and \
                    value.id in names:
                stored[target.attr] = value.id
    return stored


@dataclass(slots=True)
class _Body:
    """Statements of one function that the summary needs (nested blocks included)."""

    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    assignments: list[ast.Assign | ast.AnnAssign] = field(default_factory=list)
    globals: set[str] = field(default_factory=set)
    # Only the function's own statements, not those of functions nested in it:
    returns: list[ast.expr | None] = field(default_factory=list)
    assigned: set[str] = field(default_factory=set)
    # Locals assigned exactly once, with their value (``client = Mixpanel(t)``).
    single_values: dict[str, ast.expr] = field(default_factory=dict)
    # Every value each local is assigned (None: assigned otherwise, by a loop or unpacking).
    values: dict[str, list[ast.expr | None]] = field(default_factory=dict)
    # Calls at the top of the function's own statements (see :func:`_top_calls`).
    calls: list[ast.Call] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a call is: its function's body, local imports, receiver and parameters."""

    body: _Body | None = None
    local: Mapping[str, str] | None = None
    receiver: Receiver | None = None
    params: Mapping[str, Binding] = field(default_factory=dict)


_Function = ast.FunctionDef | ast.AsyncFunctionDef
# Expressions that may stand for an object handed to a callee.
_OBJECT_EXPRESSIONS = (ast.Name, ast.Attribute, ast.Call, ast.IfExp, ast.BoolOp, ast.Await)


def _function_bodies(tree: ast.Module) -> dict[_Function, _Body]:
    """One pass over statements (not expressions): what each function's body holds.

    Statements of nested functions count for the enclosing ones too, as a closure
    may assign ``self.x`` or a global.
    """
    bodies: dict[_Function, _Body] = {}
    stack: list[tuple[ast.stmt, tuple[_Function, ...]]] = [(s, ()) for s in tree.body]
    while stack:
        statement, functions = stack.pop()
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            functions = (*functions, statement)
            bodies.setdefault(statement, _Body())
        elif functions:
            own = bodies[functions[-1]]
            if isinstance(statement, ast.Return):
                own.returns.append(statement.value)
            names = list(_assigned_names(statement))
            value = statement.value if len(names) == 1 and isinstance(
                statement, ast.Assign | ast.AnnAssign) else None
            if value is not None and names[0] not in own.assigned:
                own.single_values[names[0]] = value
            else:
                for name in names:
                    own.single_values.pop(name, None)
            for name in names:
                own.values.setdefault(name, []).append(value)
            own.assigned.update(names)
            own.calls.extend(_top_calls(statement))
            for function in functions:
                body = bodies[function]
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    body.imports.append(statement)
                elif isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value:
                    body.assignments.append(statement)
                elif isinstance(statement, ast.Global):
                    body.globals.update(statement.names)
        for child in _child_statements(statement):
            stack.append((child, functions))
    return bodies


def _top_calls(statement: ast.stmt) -> Iterator[ast.Call]:
    """Calls at the top of a statement's expressions (an ``if`` test, an assigned value,
    ``a or B(...)``, ``await f(...)``, an argument that is itself a call): where objects
    are handed over, without walking every expression of the module."""
    pending: list[ast.expr] = []
    if isinstance(statement, ast.Expr | ast.Assign | ast.AnnAssign | ast.AugAssign |
                  ast.Return) and statement.value is not None:
        pending.append(statement.value)
    elif isinstance(statement, ast.If | ast.While):
        pending.append(statement.test)
    elif isinstance(statement, ast.With | ast.AsyncWith):
        pending.extend(item.context_expr for item in statement.items)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Call):
            yield node
            pending.extend(a for a in node.args if isinstance(a, ast.Call))
            pending.extend(k.value for k in node.keywords if isinstance(k.value, ast.Call))
        elif isinstance(node, ast.Await | ast.UnaryOp):
            pending.append(node.value if isinstance(node, ast.Await) else node.operand)
        elif isinstance(node, ast.BoolOp):
            pending.extend(node.values)
        elif isinstance(node, ast.IfExp):
            pending.extend((node.test, node.body, node.orelse))


def _param_root(value: ast.expr, params: Mapping[str, Binding]) -> Receiver | None:
    """``param.client`` or ``param.get(X)``: the parameter the expression starts from."""
    node = value
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    if node is value or not isinstance(node, ast.Name) or node.id not in params:
        return None
    return node.id, params[node.id]


def _returns_argument(node: _Function) -> str | None:
    """``def get(self, kind: type[T]) -> T``: the parameter whose class is returned."""
    returns = node.returns
    if not isinstance(returns, ast.Name):
        return None
    for argument in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
        annotation = argument.annotation
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                continue
        if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Name) \
                and annotation.slice.id == returns.id and _last(annotation.value) in (
                    "type", "Type"):
            return argument.arg
    return None


def _last(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else \
        node.attr if isinstance(node, ast.Attribute) else None


def _does_nothing(node: _Function) -> bool:
    """A body that only documents, passes or raises NotImplementedError (an interface)."""
    for statement in node.body:
        if isinstance(statement, ast.Pass) or (isinstance(statement, ast.Expr) and isinstance(
                statement.value, ast.Constant)):
            continue
        if isinstance(statement, ast.Raise) and statement.exc is not None and _last(
                statement.exc.func if isinstance(statement.exc, ast.Call)
                else statement.exc) == "NotImplementedError":
            continue
        return False
    return True


def getattr_literal(node: ast.expr) -> tuple[ast.expr, str] | None:
    """``getattr(obj, "name")`` (two arguments, a literal name): the object and the name.

    Whether ``getattr`` is the builtin is for the caller to check.
    """
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "getattr" and len(node.args) == 2 and not node.keywords):
        return None
    name = node.args[1]
    if isinstance(name, ast.Constant) and isinstance(name.value, str) and \
            name.value.isidentifier():
        return node.args[0], name.value
    return None


def _through_object(binding: Binding) -> bool:
    """Whether an attribute chain starts at an object (``self.client``, ``make().x``)."""
    while isinstance(binding, Attribute):
        binding = binding.base
    return isinstance(binding, Instance | Called | ParamRef)


def _child_statements(statement: ast.stmt) -> Iterator[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        yield from getattr(statement, name, ())
    for handler in getattr(statement, "handlers", ()):
        yield from handler.body
    for case in getattr(statement, "cases", ()):
        yield from case.body


def _receiver(node: _Function, class_name: str, kind: str) -> Receiver | None:
    """``self`` of a method stands for an instance, ``cls`` (and ``__new__``'s) for the class."""
    arguments = node.args.posonlyargs + node.args.args
    if kind == "staticmethod" or not arguments:
        return None
    on_class = kind == "classmethod" or node.name == "__new__"
    return arguments[0].arg, Ref(class_name) if on_class else Instance(class_name)


def _earlier_value(scope: Mapping[str, list[Binding]], name: str) -> Any:
    found = scope.get(name)
    if found and len(found) == 1 and isinstance(found[0], Literal):
        return found[0].value
    return UNKNOWN


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _flatten(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a block, looking into if/try/with blocks (not into defs)."""
    for statement in body:
        if isinstance(statement, ast.If | ast.With | ast.AsyncWith):
            yield from _flatten(statement.body)
            if isinstance(statement, ast.If):
                yield from _flatten(statement.orelse)
        elif isinstance(statement, _TRY):
            # ast.Try, or ast.TryStar (3.11+), which has the same fields.
            yield from _flatten(getattr(statement, "body", []))
            for handler in getattr(statement, "handlers", []):
                yield from _flatten(handler.body)
            yield from _flatten(getattr(statement, "orelse", []))
            yield from _flatten(getattr(statement, "finalbody", []))
        else:
            yield statement


def _assigned_names(statement: ast.stmt) -> Iterator[str]:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield statement.name
    elif isinstance(statement, ast.Assign):
        for target in statement.targets:
            yield from _target_names(target)
    elif isinstance(statement, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
        yield from _target_names(statement.target)
    elif isinstance(statement, ast.With | ast.AsyncWith):
        for item in statement.items:
            if item.optional_vars is not None:
                yield from _target_names(item.optional_vars)


def _target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)
