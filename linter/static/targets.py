"""What a call calls: an SDK tracking method, a wrapper, or nothing of interest.

A call is recognised by the qualified name of what it calls, never by its text:
``mp.track(...)`` is a Mixpanel call only when ``mp`` is known to be a Mixpanel
instance (created here, in another module, held by ``self``, or annotated so),
and a method named ``track`` of any other class is not.  The receiver's type is
inferred from libcst's scope and qualified-name metadata plus the project index;
the callee is then named by *keys* (qualified names), which are matched against
the SDK tables and the wrappers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment

from linter.static.arguments import Param
from linter.static.model import FixedEvent, FixedProperty, InferredWrapper
from linter.static.sdk_signatures import (
    MODULE_FUNCTIONS,
    PASS_THROUGH,
    Signature,
    method_signatures,
)
from linter.static.symbols import (
    ClassSym,
    ExternalSym,
    FunctionSym,
    InstanceSym,
    ModuleSym,
    Symbol,
    Symbols,
    returned_position,
)
from linter.static.view import FileView, Frame

_MAX_DEPTH = 12
# Modules whose functions track (``posthog.capture``): a value may be one of them.
SDK_MODULES = frozenset(name.rsplit(".", 1)[0] for name in MODULE_FUNCTIONS)
# Annotation wrappers that say nothing about the class of the value inside.
_TRANSPARENT = frozenset({"Optional", "Final", "ClassVar", "Annotated"})


# -- types of expressions -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModuleTy:
    name: str


@dataclass(frozen=True, slots=True)
class ClassTy:
    name: str


@dataclass(frozen=True, slots=True)
class InstanceTy:
    name: str


@dataclass(frozen=True, slots=True)
class ExternalTy:
    """A name outside the project: an SDK module, class or function."""

    name: str


@dataclass(frozen=True, slots=True)
class FunctionTy:
    """A function; ``bound`` for a method reached through an instance (no ``self`` passed)."""

    name: str
    returns: str | None
    bound: bool = False


Ty = ModuleTy | ClassTy | InstanceTy | ExternalTy | FunctionTy

# A callee key: a qualified name, and whether it is called on an instance (``self`` bound).
Key = tuple[str, bool]


def type_of_symbol(symbol: Symbol | None) -> Ty | None:
    if isinstance(symbol, ModuleSym):
        return ModuleTy(symbol.name)
    if isinstance(symbol, ClassSym):
        return ClassTy(symbol.info.qualified_name)
    if isinstance(symbol, InstanceSym):
        return InstanceTy(symbol.class_name)
    if isinstance(symbol, ExternalSym):
        return ExternalTy(symbol.name)
    if isinstance(symbol, FunctionSym):
        return FunctionTy(symbol.info.qualified_name, symbol.info.returns, symbol.bound)
    return None


class Typer:
    """Infers what an expression is (module, class, instance...) in one file."""

    def __init__(self, view: FileView,
                 wrappers: Mapping[str, WrapperModel] | None = None) -> None:
        self.view = view
        self.symbols = view.symbols
        # The wrappers, to tell which implementation of an interface tracks, and the
        # names looked up among them (what a reading of the calls depends on).
        self.wrappers: Mapping[str, WrapperModel] = wrappers if wrappers is not None else {}
        self.looked_up: set[str] = set()
        # Parameters are typed by their callers only where a callee's receiver is typed:
        # what a function calls, not every value it reads.
        self._receivers = False

    def types(self, node: cst.BaseExpression, depth: int = 0) -> list[Ty]:
        if depth > _MAX_DEPTH:
            return []
        if isinstance(node, cst.Name):
            return self._name(node, depth)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.IfExp):
            return self.types(node.body, depth + 1) + self.types(node.orelse, depth + 1)
        if isinstance(node, cst.BooleanOperation):
            return self.types(node.left, depth + 1) + self.types(node.right, depth + 1)
        return []

    def _by_qualified_name(self, node: cst.Name | cst.Attribute) -> list[Ty]:
        found = (type_of_symbol(self.symbols.resolve(q)) for q in self.view.qualified_names(node))
        return [t for t in found if t is not None]

    def _name(self, node: cst.Name, depth: int) -> list[Ty]:
        if not self.view.is_local(node):
            return self._by_qualified_name(node)
        found: list[Ty] = []
        for assignment in self.view.reaching(node):
            param = self.view.param_of(assignment)
            if param is not None:
                found.extend(self._param(*param, depth=depth))
                continue
            value = self.view.assigned_value(assignment) if isinstance(
                assignment, Assignment) else None
            if value is not None:
                found.extend(self.types(value, depth + 1))
        return list(dict.fromkeys(found))

    def _param(self, param: cst.Param, frames: tuple[Frame, ...], index: int,
               depth: int) -> list[Ty]:
        receiver = self.receiver_of_method(frames, index)
        if receiver is not None:
            return [receiver]
        if param.annotation is None:
            return self._passed(param, frames)
        return [InstanceTy(t.name) for t in self._annotation(param.annotation.annotation, depth)
                if isinstance(t, ClassTy | ExternalTy)]

    def _annotation(self, node: cst.BaseExpression, depth: int) -> list[Ty]:
        node = _unwrap(node)
        if not isinstance(node, cst.SimpleString):
            return self.types(node, depth + 1)
        # A string annotation: its names are module-level names of this file.
        text = node.evaluated_value
        try:
            parsed = _unwrap(cst.parse_expression(text)) if isinstance(text, str) else None
        except (cst.ParserSyntaxError, RecursionError):
            return []
        dotted = _dotted(parsed) if parsed is not None else None
        if dotted is None:
            return []
        found = type_of_symbol(self.symbols.resolve(f"{self.view.name.name}.{dotted}"))
        return [] if found is None else [found]

    def _passed(self, param: cst.Param, frames: tuple[Frame, ...]) -> list[Ty]:
        """A parameter without annotation: instances of what the function's callers pass."""
        if not self._receivers or param.star or frames[-1].kind != "function":
            return []
        function = self.view.frames_name(frames)
        return [InstanceTy(c) for c in self.symbols.param_types(function, param.name.value)]

    def getattr_call(self, node: cst.Call) -> tuple[cst.BaseExpression, str] | None:
        """``getattr(obj, "name")`` with a literal name: the object and the name."""
        if len(node.args) != 2 or any(a.keyword or a.star for a in node.args) or \
                "builtins.getattr" not in self.view.qualified_names(node.func):
            return None
        name = node.args[1].value
        if not isinstance(name, cst.SimpleString) or not isinstance(
                name.evaluated_value, str) or not name.evaluated_value.isidentifier():
            return None
        return node.args[0].value, name.evaluated_value

    def receiver_of_method(self, frames: tuple[Frame, ...], index: int) -> Ty | None:
        """``self`` (or ``cls``) of a method: the first parameter of a def directly in a class."""
        if index != 0 or len(frames) < 2 or frames[-2].kind != "class":
            return None
        function = frames[-1].node
        assert isinstance(function, cst.FunctionDef)
        kind = self.method_kind(function)
        class_name = self.view.frames_name(frames[:-1])
        if kind == "staticmethod":
            return None
        return ClassTy(class_name) if kind == "classmethod" else InstanceTy(class_name)

    def method_kind(self, function: cst.FunctionDef) -> str:
        for decorator in function.decorators:
            names = self.view.qualified_names(decorator.decorator)
            if "builtins.staticmethod" in names:
                return "staticmethod"
            if "builtins.classmethod" in names:
                return "classmethod"
        return "method"

    def _attribute(self, node: cst.Attribute, depth: int) -> list[Ty]:
        if _rooted_at_global_name(node, self.view):
            return self._by_qualified_name(node)
        found: list[Ty] = []
        for owner in self.types(node.value, depth + 1):
            member = self._member(owner, node.attr.value)
            if member is not None:
                found.append(member)
        return found

    def _member(self, owner: Ty, attribute: str) -> Ty | None:
        if isinstance(owner, InstanceTy):
            return type_of_symbol(self.symbols.member(InstanceSym(owner.name), attribute))
        if isinstance(owner, ClassTy):
            info = self.symbols.class_info(owner.name)
            return None if info is None else type_of_symbol(
                self.symbols.member(ClassSym(info), attribute))
        if isinstance(owner, ModuleTy | ExternalTy):
            return type_of_symbol(self.symbols.resolve(f"{owner.name}.{attribute}"))
        return None

    def _call(self, node: cst.Call, depth: int) -> list[Ty]:
        named = self.getattr_call(node)
        if named is not None:  # ``getattr(obj, "track")`` is ``obj.track``
            members = (self._member(o, named[1]) for o in self.types(named[0], depth + 1))
            return [m for m in members if m is not None]
        found: list[Ty] = []
        for callee in self.types(node.func, depth + 1):
            if isinstance(callee, ExternalTy) and callee.name in PASS_THROUGH and node.args:
                found.extend(self.types(node.args[0].value, depth + 1))
            elif isinstance(callee, ClassTy | ExternalTy):
                found.append(InstanceTy(callee.name))
            elif isinstance(callee, FunctionTy) and (
                    module := self._returned_module(callee)) is not None:
                found.append(module)  # a lazy getter of a module: ``posthog = load()``
            elif isinstance(callee, FunctionTy):
                given = self._given(node, callee, depth)
                made = self.symbols.class_of_factory(callee.name) if given is None else None
                found.extend(given or ([InstanceTy(made)] if made else []))
        return found

    def _returned_module(self, callee: FunctionTy) -> Ty | None:
        """A function that returns a module (a project module, or an SDK module imported
        on first use): its annotation or what every ``return`` gives."""
        symbol = self.symbols.resolve(callee.name)
        if not isinstance(symbol, FunctionSym):
            return None
        info = symbol.info
        found = self.symbols.from_binding(info.result) if info.result is not None else (
            self.symbols.resolve(info.returns) if info.returns else None)
        if isinstance(found, ModuleSym):
            return ModuleTy(found.name)
        if isinstance(found, ExternalSym) and found.name in SDK_MODULES:
            return ExternalTy(found.name)
        return None

    def _given(self, node: cst.Call, callee: FunctionTy, depth: int) -> list[Ty] | None:
        """A generic factory's result (``get(self, kind: type[T]) -> T``): an instance of
        the class it is handed; None when the callee is no such factory."""
        symbol = self.symbols.resolve(callee.name)
        if not isinstance(symbol, FunctionSym) or symbol.info.returns_argument is None:
            return None
        position = returned_position(FunctionSym(symbol.info, callee.bound))
        positional = [a for a in node.args if a.keyword is None and not a.star]
        keyword = next((a for a in node.args if a.keyword is not None
                        and a.keyword.value == symbol.info.returns_argument), None)
        given = keyword or (positional[position] if position is not None and
                            position < len(positional) else None)
        if given is None:
            return []
        return [InstanceTy(t.name) for t in self.types(given.value, depth + 1)
                if isinstance(t, ClassTy | ExternalTy)]

    # callees

    def callee_keys(self, call: cst.Call) -> list[Key]:
        """Qualified names the call may be calling, most specific first."""
        return self.keys(call.func)

    def keys(self, func: cst.BaseExpression) -> list[Key]:
        """Qualified names an expression that is called may stand for."""
        if isinstance(func, cst.Name):
            return [k for t in self.types(func) if (k := _function_key(t)) is not None]
        named = self.getattr_call(func) if isinstance(func, cst.Call) else None
        if named is None:
            if not isinstance(func, cst.Attribute):
                return []
            named = func.value, func.attr.value
        owner_node, method = named
        keys: list[Key] = []
        self._receivers = True
        try:
            owners = self.types(owner_node)
        finally:
            self._receivers = False
        for owner in owners:
            keys.extend(self._method_keys(owner, method))
        return keys

    def _method_keys(self, owner: Ty, method: str) -> list[Key]:
        if isinstance(owner, InstanceTy):
            keys = [(f"{c}.{method}", True) for c in self.class_names(owner.name)]
            # An attribute holding a method of another object (``self.event =
            # self.analytics.event``): a call of that method, bound to that object.
            member = self._member(owner, method)
            if isinstance(member, FunctionTy) and (member.name, member.bound) not in keys:
                keys.append((member.name, member.bound))
            keys.extend(self._implementation(owner, method))
            return keys
        if isinstance(owner, ClassTy):
            return [(f"{c}.{method}", False) for c in self.class_names(owner.name)]
        if isinstance(owner, ModuleTy):
            return [(self.symbols.canonical(f"{owner.name}.{method}"), False)]
        if isinstance(owner, ExternalTy):
            return [(f"{owner.name}.{method}", False)]
        return []

    def _implementation(self, owner: InstanceTy, method: str) -> list[Key]:
        """An abstract method: the one implementation below the class that is a wrapper
        (an interface with a tracking implementation and, say, a no-op one)."""
        symbol = self.symbols.member(InstanceSym(owner.name), method)
        info = self.symbols.class_info(owner.name)
        if not isinstance(symbol, FunctionSym) or not symbol.info.abstract or info is None:
            return []
        names = [f.qualified_name for f in self.symbols.implementations(info, method)]
        self.looked_up.update(names)
        tracking = [name for name in names if name in self.wrappers]
        return [(tracking[0], True)] if len(tracking) == 1 else []

    def class_names(self, class_name: str) -> list[str]:
        """A class and its bases (project classes, then the SDK classes they extend)."""
        info = self.symbols.class_info(class_name)
        if info is None:
            return [class_name]
        project = [c.qualified_name for c in self.symbols.project_mro(info)]
        return project + self.symbols.external_bases(info)


def _function_key(ty: Ty) -> Key | None:
    if isinstance(ty, FunctionTy):
        return ty.name, ty.bound
    if isinstance(ty, ExternalTy):
        return ty.name, False
    return None


def _rooted_at_global_name(node: cst.BaseExpression, view: FileView) -> bool:
    """True for ``a.b.c`` whose ``a`` is an import or module global (not a call, not a local)."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name) and not view.is_local(node)


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _unwrap(annotation: cst.BaseExpression) -> cst.BaseExpression:
    """``Optional[X]``, ``X | None`` and ``"X"`` annotations name the class ``X``."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator,
                                                                  cst.BitOr):
        sides = [s for s in (annotation.left, annotation.right)
                 if not (isinstance(s, cst.Name) and s.value == "None")]
        return _unwrap(sides[0]) if len(sides) == 1 else annotation
    wrapper = _dotted(annotation.value) if isinstance(annotation, cst.Subscript) else None
    if isinstance(annotation, cst.Subscript) and wrapper and \
            wrapper.rsplit(".", 1)[-1] in _TRANSPARENT:
        element = annotation.slice[0].slice
        if isinstance(element, cst.Index):
            return _unwrap(element.value)
    return annotation


# -- targets ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WrapperModel:
    """A wrapper, configured or inferred, as the finder applies it at call sites."""

    qualified_name: str
    event: int | str | None
    properties: int | str | None
    identity: int | str | None
    anonymous: int | str | None
    params: tuple[Param, ...] | None
    kind: str
    sdk: str | None
    fixed_properties: tuple[FixedProperty, ...] = ()
    properties_complete: bool = True
    inferred: InferredWrapper | None = None
    # A helper's own event (no event parameter), or the default of its event parameter.
    fixed_event: FixedEvent | None = None
    event_default: FixedEvent | None = None
    # The event parameter takes an SDK event object (Amplitude's BaseEvent) whose
    # constructor carries every role, or an object whose name is this attribute.
    event_object: bool = False
    event_attribute: str | None = None
    # The event parameter takes a mapping of the keyword arguments of this SDK event
    # class (``track(BaseEvent(user_id=u, **event))``): its callers pass a dict.
    event_mapping: str | None = None
    # The name is ``str()`` of the attribute (an object whose text is the name).
    event_text: bool = False
    # The name is text built from parameters (``f"backend:{noun}:{verb}"``): text
    # parts, and parameter names (``True``).
    event_template: tuple[tuple[str, bool], ...] | None = None

    def call_params(self, bound: bool) -> tuple[Param, ...] | None:
        """Parameters a call fills: ``self``/``cls`` are not passed explicitly."""
        if self.params is None:
            return None
        skip = self.kind == "classmethod" or (self.kind == "method" and bound)
        return self.params[1:] if skip and self.params else self.params

    def roles(self, bound: bool = True) -> dict[str, int | str | None]:
        """Roles for binding; positions skip ``self``, which an unbound call passes itself."""
        shift = 1 if self.kind == "method" and not bound else 0
        return {role: where + shift if isinstance(where, int) else where
                for role, where in (("event", self.event), ("properties", self.properties),
                                    ("identity", self.identity), ("anonymous", self.anonymous))}

@dataclass(frozen=True, slots=True)
class SdkTarget:
    """An SDK tracking call; ``name`` is the key it matched (``mixpanel.Mixpanel.track``)."""

    name: str
    signatures: tuple[Signature, ...]


@dataclass(frozen=True, slots=True)
class WrapperTarget:
    model: WrapperModel
    bound: bool


Target = SdkTarget | WrapperTarget


def match_target(keys: list[Key], wrappers: Mapping[str, WrapperModel],
                 symbols: Symbols) -> Target | None:
    """The first key that names a wrapper or an SDK tracking call.

    A project module named like an SDK (a local ``analytics.py``) shadows the SDK,
    as it would on ``sys.path``: its functions are never taken for SDK calls.
    """
    for name, bound in keys:
        model = wrappers.get(name)
        if model is not None:
            return WrapperTarget(model, bound)
        if is_project_name(symbols, name):
            continue
        if name in MODULE_FUNCTIONS and not bound:
            return SdkTarget(name, MODULE_FUNCTIONS[name])
        class_name, _, method = name.rpartition(".")
        signatures = method_signatures(class_name, method) if bound else ()
        if signatures:
            return SdkTarget(name, signatures)
    return None


def is_project_name(symbols: Symbols, name: str) -> bool:
    return symbols.is_project_package(name.split(".")[0])
