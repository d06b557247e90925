"""Following qualified names through the project's module summaries.

``app.events.Events.ORDER_COMPLETED.value``, ``app.mp`` (re-exported from
``app.analytics``) and ``mixpanel.Mixpanel`` are all answered here: the longest
prefix that is a project module is looked up in its summary, imports and aliases
are followed (with a depth limit, since modules may import each other in a cycle),
and what is left is walked attribute by attribute.  Names outside the project are
*external* and keep their spelling, which is how SDK classes are recognised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linter.events import UNKNOWN
from linter.static.arguments import ParamKind
from linter.static.callers import (
    callers_digest,
    callers_key,
    callers_name,
    calls_named,
    subclass_key,
    summaries_recording,
)
from linter.static.summary import (
    Attribute,
    Binding,
    Called,
    CallFact,
    ClassBinding,
    ClassInfo,
    Either,
    FunctionBinding,
    FunctionInfo,
    Instance,
    Literal,
    ModuleSummary,
    ParamRef,
    Ref,
)

_MAX_DEPTH = 24
# A parameter typed by its callers: beyond this many call sites, it is left untyped.
MAX_CALL_SITES = 48
_ENUM_BASES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag",
                         "enum.IntFlag"})
_PYDANTIC_BASES = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel"})
_STR_BASES = frozenset({"builtins.str", "enum.StrEnum"})
_AUTO = frozenset({"enum.auto"})


@dataclass(frozen=True, slots=True)
class ModuleSym:
    name: str


@dataclass(frozen=True, slots=True)
class ClassSym:
    info: ClassInfo


@dataclass(frozen=True, slots=True)
class FunctionSym:
    """A function; ``bound`` when reached through an instance (``obj.method``, an alias of
    it such as ``self.event = self.analytics.event``): calls then pass no ``self``."""

    info: FunctionInfo
    bound: bool = False


@dataclass(frozen=True, slots=True)
class ValueSym:
    literal: Literal


@dataclass(frozen=True, slots=True)
class MemberSym:
    """An Enum member; ``literal`` is None for ``auto()``."""

    enum: ClassInfo
    name: str
    literal: Literal | None


@dataclass(frozen=True, slots=True)
class InstanceSym:
    """An instance of the class with this (canonical) qualified name."""

    class_name: str


@dataclass(frozen=True, slots=True)
class ExternalSym:
    """A name outside the project (an SDK, the standard library)."""

    name: str


Symbol = ModuleSym | ClassSym | FunctionSym | ValueSym | MemberSym | InstanceSym | ExternalSym


class Symbols:
    """Name resolution over summaries; ``local`` summaries shadow the indexed ones.

    The file being checked is summarised afresh and passed as ``local``, so a file
    edited since the index was built is still read as it is now.  With ``seen``,
    every module name looked up is recorded there with the fingerprint of the
    summary found (None when there was none): a result computed through these
    symbols is valid as long as those names still give the same summaries, which
    is how cached analyses are checked (:mod:`linter.static.reuse`).
    """

    def __init__(self, modules: Mapping[str, ModuleSummary],
                 local: Mapping[str, ModuleSummary] | None = None,
                 seen: dict[str, str | None] | None = None) -> None:
        self._modules = modules
        self._local = dict(local or {})
        self._cache: dict[str, Symbol | None] = {}
        self._seen = seen
        self._param_types: dict[tuple[str, str], tuple[str, ...]] = {}
        # How many answers came from what callers pass (see :meth:`param_types`).
        self.caller_typed = 0

    def summary(self, name: str) -> ModuleSummary | None:
        if self._seen is not None and name not in self._seen:
            self._seen[name] = self.fingerprint(name)
        return self._local.get(name) or self._modules.get(name)

    def fingerprint(self, name: str) -> str | None:
        """The fingerprint of the summary a module name gives, without loading it.

        A :func:`~linter.static.callers.callers_key` gives the digest of the modules
        recording calls of that name: a result typed by those calls holds while it does.
        """
        callee = callers_name(name)
        if callee is not None:
            return callers_digest(self._modules, self._local, callee)
        local = self._local.get(name)
        if local is not None:
            return local.fingerprint
        table = getattr(self._modules, "fingerprint", None)
        if table is not None:
            found: str | None = table(name)
            return found
        summary = self._modules.get(name)
        return None if summary is None else summary.fingerprint

    def is_project_package(self, top_level: str) -> bool:
        """True when a top-level name is a project module (it then shadows an SDK)."""
        if self._seen is not None and top_level not in self._seen:
            self._seen[top_level] = self.fingerprint(top_level)
        return top_level in self._local or top_level in self._modules

    # resolution

    def resolve(self, qualified_name: str, depth: int = 0) -> Symbol | None:
        if qualified_name in self._cache:
            return self._cache[qualified_name]
        self._cache[qualified_name] = None  # a cycle resolves to nothing
        symbol = self._resolve(qualified_name, depth)
        self._cache[qualified_name] = symbol
        return symbol

    def _resolve(self, qualified_name: str, depth: int) -> Symbol | None:
        parts = qualified_name.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if self.summary(module) is not None:
                symbol: Symbol | None = ModuleSym(module)
                for attribute in parts[cut:]:
                    if symbol is None:
                        return None
                    symbol = self.member(symbol, attribute, depth + 1)
                return symbol
        return ExternalSym(qualified_name)

    def member(self, symbol: Symbol, attribute: str, depth: int = 0) -> Symbol | None:
        """``symbol.attribute``."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(symbol, ExternalSym):
            return ExternalSym(f"{symbol.name}.{attribute}")
        if isinstance(symbol, ModuleSym):
            return self._module_member(symbol.name, attribute, depth)
        if isinstance(symbol, ClassSym):
            return self._class_member(symbol.info, attribute, depth, instance=False)
        if isinstance(symbol, InstanceSym):
            info = self.class_info(symbol.class_name)
            return None if info is None else self._class_member(info, attribute, depth, True)
        if isinstance(symbol, MemberSym):
            return self._enum_member_attribute(symbol, attribute)
        return None

    def _module_member(self, module: str, attribute: str, depth: int) -> Symbol | None:
        summary = self.summary(module)
        assert summary is not None
        binding = summary.bindings.get(attribute)
        if binding is not None:
            return self.from_binding(binding, depth)
        submodule = f"{module}.{attribute}"
        if self.summary(submodule) is not None:
            return ModuleSym(submodule)
        for star in summary.star_imports:
            if star != module and self.summary(star) is not None:
                found = self._module_member(star, attribute, depth + 1)
                if found is not None:
                    return found
        return None

    def _class_member(self, info: ClassInfo, attribute: str, depth: int,
                      instance: bool) -> Symbol | None:
        for owner in self.project_mro(info):
            if instance and attribute in owner.instance_attributes:
                return self.from_binding(owner.instance_attributes[attribute], depth)
            binding = owner.members.get(attribute)
            if binding is None:
                continue
            if self.is_enum(owner) and isinstance(binding, Literal):
                return MemberSym(owner, attribute, binding)
            if self.is_enum(owner) and isinstance(binding, Instance) and binding.factory in _AUTO:
                return MemberSym(owner, attribute, None)
            if instance and isinstance(binding, FunctionBinding) and binding.info.is_property:
                return self._property_value(binding.info, depth)
            if instance and isinstance(binding, FunctionBinding) and \
                    binding.info.kind == "method":
                return FunctionSym(binding.info, bound=True)
            return self.from_binding(binding, depth)
        return None

    def _property_value(self, info: FunctionInfo, depth: int) -> Symbol | None:
        """What reading a property gives: an instance of its return annotation, or of
        what it returns (``self._client``), as for any function."""
        if depth >= _MAX_DEPTH:
            return None
        made = self.class_of_factory(info.qualified_name, depth + 1)
        return InstanceSym(made) if made else None

    def _enum_member_attribute(self, member: MemberSym, attribute: str) -> Symbol | None:
        if attribute == "name":
            return ValueSym(Literal(member.name))
        if attribute == "value":
            if member.literal is not None:
                return ValueSym(member.literal)
            if self.is_str_enum(member.enum):
                # StrEnum's auto() is the member name in lower case.
                return ValueSym(Literal(member.name.lower()))
        return None

    def from_binding(self, binding: Binding, depth: int = 0) -> Symbol | None:
        if isinstance(binding, Literal):
            return ValueSym(binding)
        if isinstance(binding, Ref):
            return self.resolve(binding.target, depth + 1) if depth < _MAX_DEPTH else None
        if isinstance(binding, Instance):
            class_name = self.class_of_factory(binding.factory, depth, binding.args)
            return InstanceSym(class_name) if class_name else None
        if isinstance(binding, FunctionBinding):
            return FunctionSym(binding.info)
        if isinstance(binding, ClassBinding):
            return ClassSym(binding.info)
        if depth >= _MAX_DEPTH:
            return None
        if isinstance(binding, Attribute):
            base = self.from_binding(binding.base, depth + 1)
            return None if base is None else self.member(base, binding.name, depth + 1)
        if isinstance(binding, Called):
            return self.called(self.from_binding(binding.callee, depth + 1), depth + 1,
                               binding.args)
        if isinstance(binding, ParamRef | Either):
            classes = self.binding_classes(binding, depth + 1)
            return InstanceSym(classes[0]) if len(classes) == 1 else None
        return None

    # implementations of an interface

    def implementations(self, info: ClassInfo, method: str,
                        depth: int = 0) -> list[FunctionInfo]:
        """The project's classes below ``info`` that implement ``method`` (not abstractly).

        Subclasses are found in the modules that name the class as a base (recorded,
        as one item, like the calls of a name), then their subclasses, to a bound.
        """
        found: dict[str, FunctionInfo] = {}
        pending, seen = [info], {info.qualified_name}
        while pending and len(seen) < _MAX_DEPTH and depth <= _MAX_DEPTH:
            current = pending.pop(0)
            for sub in self._subclasses(current):
                if sub.qualified_name in seen:
                    continue
                seen.add(sub.qualified_name)
                pending.append(sub)
                own = sub.members.get(method)
                if isinstance(own, FunctionBinding) and not own.info.abstract:
                    found.setdefault(own.info.qualified_name, own.info)
        return list(found.values())

    def _subclasses(self, info: ClassInfo) -> list[ClassInfo]:
        key = subclass_key(info.qualified_name.rsplit(".", 1)[-1])
        if self._seen is not None and callers_key(key) not in self._seen:
            self._seen[callers_key(key)] = callers_digest(self._modules, self._local, key)
        found: list[ClassInfo] = []
        for summary in summaries_recording(self._modules, self._local, key):
            for binding in summary.bindings.values():
                if isinstance(binding, ClassBinding) and any(
                        self.canonical(base) == info.qualified_name
                        for base in binding.info.bases):
                    found.append(binding.info)
        return found

    # parameters typed by their callers

    def binding_classes(self, binding: Binding, depth: int = 0) -> tuple[str, ...]:
        """The classes of the instances a binding may stand for (a union, flow-insensitive).

        A parameter without annotation stands for what its callers pass; the sides of
        ``param if param is not None else Default()`` for their union.  What is unknown
        adds nothing, so the union holds only classes some code really gives.
        """
        if depth > _MAX_DEPTH:
            return ()
        if isinstance(binding, ParamRef):
            return self.param_types(binding.function, binding.name, depth + 1)
        if isinstance(binding, Either):
            found: dict[str, None] = {}
            for option in binding.options:
                found.update(dict.fromkeys(self.binding_classes(option, depth + 1)))
            return tuple(found)
        symbol = self.from_binding(binding, depth + 1)
        return (symbol.class_name,) if isinstance(symbol, InstanceSym) else ()

    def param_types(self, function: str, param: str, depth: int = 0) -> tuple[str, ...]:
        """The classes of what the project's calls of a function pass for one parameter.

        Every call whose callee resolves to the function counts (a call of the class
        for ``__init__``), arguments bound as Python binds them; arguments that are
        literals or unknown add nothing.  A function called from more than
        :data:`MAX_CALL_SITES` places is left untyped.  The modules that record calls
        of the function's name are read (and recorded as read, as one item).
        """
        key = (function, param)
        if key in self._param_types:
            self.caller_typed += bool(self._param_types[key])
            return self._param_types[key]
        self._param_types[key] = ()  # a cycle of calls adds nothing
        symbol = self.resolve(function, depth + 1)
        if not isinstance(symbol, FunctionSym) or depth > _MAX_DEPTH:
            return ()
        info = symbol.info
        name = _called_as(info)
        if self._seen is not None and callers_key(name) not in self._seen:
            self._seen[callers_key(name)] = callers_digest(self._modules, self._local, name)
        sites = calls_named(self._modules, self._local, name)
        found: dict[str, None] = {}
        if len(sites) <= MAX_CALL_SITES:
            for fact in sites:
                bound = self._binds(fact, info, depth + 1)
                passed = None if bound is None else _argument(fact, info, param, bound)
                if passed is not None:
                    found.update(dict.fromkeys(self.binding_classes(passed, depth + 1)))
        self._param_types[key] = tuple(found)
        self.caller_typed += bool(found)
        return self._param_types[key]

    def _binds(self, fact: CallFact, info: FunctionInfo, depth: int) -> bool | None:
        """Whether a call calls the function: None if not, else whether ``self`` is bound."""
        callee = self.from_binding(fact.callee, depth)
        if isinstance(callee, ClassSym) and info.qualified_name.endswith(".__init__"):
            init = self._class_member(callee.info, "__init__", depth, instance=False)
            if isinstance(init, FunctionSym) and init.info.qualified_name == info.qualified_name:
                return True
            return None
        if isinstance(callee, FunctionSym) and callee.info.qualified_name == info.qualified_name:
            return callee.bound
        return None

    def called(self, callee: Symbol | None, depth: int = 0,
               args: tuple[Binding, ...] = ()) -> Symbol | None:
        """What calling a symbol gives: an instance of a class, or what a function returns."""
        if isinstance(callee, ClassSym):
            return InstanceSym(callee.info.qualified_name)
        if isinstance(callee, ExternalSym):
            return InstanceSym(callee.name)
        if isinstance(callee, FunctionSym):
            made = self.given_class(callee, args, depth + 1) or self.class_of_factory(
                callee.info.qualified_name, depth + 1)
            return InstanceSym(made) if made else None
        return None

    def given_class(self, function: FunctionSym, args: tuple[Binding, ...],
                    depth: int = 0) -> str | None:
        """The class a generic factory is handed (``get(self, kind: type[T]) -> T``)."""
        position = returned_position(function)
        if position is None or position >= len(args) or depth > _MAX_DEPTH:
            return None
        given = self.from_binding(args[position], depth + 1)
        if isinstance(given, ClassSym):
            return given.info.qualified_name
        return given.name if isinstance(given, ExternalSym) else None

    def class_of_factory(self, factory: str, depth: int = 0,
                         args: tuple[Binding, ...] = ()) -> str | None:
        """The class of ``factory(...)``'s result: the class itself, or a function's return type."""
        symbol = self.resolve(factory, depth + 1)
        if isinstance(symbol, ClassSym):
            return symbol.info.qualified_name
        if isinstance(symbol, ExternalSym):
            return symbol.name
        if isinstance(symbol, FunctionSym) and symbol.info.returns_argument is not None:
            return self.given_class(symbol, args, depth + 1)
        if isinstance(symbol, FunctionSym) and symbol.info.returns:
            return self.class_of_factory(symbol.info.returns, depth + 1)
        if isinstance(symbol, FunctionSym) and symbol.info.result is not None and \
                depth < _MAX_DEPTH:
            made = self.from_binding(symbol.info.result, depth + 1)
            return made.class_name if isinstance(made, InstanceSym) else None
        if isinstance(symbol, InstanceSym):  # a factory returning a module-level instance
            return symbol.class_name
        return None

    # classes

    def class_info(self, qualified_name: str) -> ClassInfo | None:
        symbol = self.resolve(qualified_name)
        return symbol.info if isinstance(symbol, ClassSym) else None

    def project_mro(self, info: ClassInfo) -> list[ClassInfo]:
        """The class and its project base classes, depth first (cycles cut)."""
        order: list[ClassInfo] = []
        pending = [info]
        while pending and len(order) < _MAX_DEPTH:
            current = pending.pop(0)
            if any(c.qualified_name == current.qualified_name for c in order):
                continue
            order.append(current)
            pending.extend(b for b in map(self.class_info, current.bases) if b is not None)
        return order

    def external_bases(self, info: ClassInfo) -> list[str]:
        """Bases outside the project (SDK clients a project class may extend)."""
        found: list[str] = []
        for owner in self.project_mro(info):
            for base in owner.bases:
                symbol = self.resolve(base)
                if isinstance(symbol, ExternalSym) and symbol.name not in found:
                    found.append(symbol.name)
        return found

    def record_keys(self, class_name: str, pydantic_only: bool = False
                    ) -> tuple[tuple[str, ...], bool] | None:
        """The keys ``asdict()`` of a dataclass or attrs instance, or a pydantic model's
        ``model_dump()``, gives: its declared fields, bases first.

        The second item is false when a base outside the project (other than pydantic's
        ``BaseModel``) may declare more.  None for a class that is none of these.
        """
        info = self.class_info(class_name)
        if info is None:
            return None
        order = self.project_mro(info)
        external = self.external_bases(info)
        pydantic = any(base in _PYDANTIC_BASES for base in external)
        if not pydantic and (pydantic_only or not any(owner.record for owner in order)):
            return None
        keys: dict[str, None] = {}
        for owner in reversed(order):
            keys.update((name, None) for name in owner.declared
                        if not (pydantic and name.startswith("_")))
        complete = all(base in _PYDANTIC_BASES for base in external)
        return tuple(keys), complete

    def is_enum(self, info: ClassInfo) -> bool:
        return any(base in _ENUM_BASES for base in self.external_bases(info))

    def is_str_enum(self, info: ClassInfo) -> bool:
        return self.is_enum(info) and any(b in _STR_BASES for b in self.external_bases(info))

    # values

    def value(self, symbol: Symbol | None) -> tuple[Any, Literal | None]:
        """The statically known value a symbol stands for, with its literal (else UNKNOWN).

        A ``str`` Enum member *is* its value (it is sent as that string); a member of
        another Enum is not a JSON value, so it stays UNKNOWN.
        """
        if isinstance(symbol, ValueSym):
            return symbol.literal.value, symbol.literal
        if isinstance(symbol, MemberSym) and self.is_str_enum(symbol.enum):
            if symbol.literal is not None:
                return symbol.literal.value, symbol.literal
            return symbol.name.lower(), None
        return UNKNOWN, None

    def attribute_value(self, class_name: str, attribute: str,
                        depth: int = 0) -> tuple[Any, Literal | None]:
        """The value of an attribute of an instance of a class, as its class defines it.

        A class attribute or dataclass field default (the nearest class in the MRO
        that defines it wins), or a property returning a literal, another attribute
        of the instance, or the class's name (``self.__class__.__name__``): how event
        objects name the event they stand for.
        """
        info = self.class_info(class_name)
        if info is None or depth > _MAX_DEPTH:
            return UNKNOWN, None
        order = self.project_mro(info)
        for index, owner in enumerate(order):
            binding = owner.members.get(attribute) or owner.instance_attributes.get(attribute)
            if binding is None:
                continue
            if isinstance(binding, FunctionBinding):
                result = binding.info.result
                if result is None:
                    return UNKNOWN, None
                binding = result
            param = owner.stored_params.get(attribute)
            if param is not None:
                value, literal = self._passed_down(order[:index], owner, param, depth)
                if value is not UNKNOWN:
                    return value, literal
            return self._on_instance(binding, info, depth + 1)
        return UNKNOWN, None

    def _passed_down(self, below: Sequence[ClassInfo], owner: ClassInfo, param: str,
                     depth: int) -> tuple[Any, Literal | None]:
        """A parameter of ``owner.__init__`` that it stores on ``self``, as the nearest
        subclass with an ``__init__`` fills it through ``super().__init__(...)``.

        ``class FeatureUsed(BaseEvent): def __init__(self, user): super().__init__(
        "Feature Used", {...})`` with ``BaseEvent.__init__(self, event_type, props)``
        storing ``self.event_type = event_type``: a FeatureUsed's ``event_type`` is
        "Feature Used".  Unknown when no subclass fills it with a constant.
        """
        init = owner.members.get("__init__")
        if not isinstance(init, FunctionBinding):
            return UNKNOWN, None
        names = [p.name for p in init.info.params[1:]
                 if p.kind in (ParamKind.POSITIONAL, ParamKind.POSITIONAL_ONLY)]
        for subclass in reversed(below):
            if "__init__" not in subclass.members:
                continue
            given = subclass.passed_up.get(param)
            if given is None and param in names and \
                    names.index(param) < len(subclass.passed_up_args):
                given = subclass.passed_up_args[names.index(param)]
            if isinstance(given, Literal | Ref):
                return self._on_instance(given, subclass, depth + 1)
            return UNKNOWN, None
        return UNKNOWN, None

    def attribute_text(self, class_name: str, attribute: str) -> tuple[Any, Literal | None]:
        """``str(obj.attribute)`` for an instance of a class: the attribute's string, or
        the text of the object it holds (see :meth:`text_of`).

        The attribute may be set by the class's ``__init__`` through ``super().__init__
        (action=CREATED)``, when a base is a dataclass with that field.
        """
        value, found = self.attribute_value(class_name, attribute)
        if isinstance(value, str):
            return value, found
        info = self.class_info(class_name)
        if info is None:
            return UNKNOWN, None
        order = self.project_mro(info)
        for index, owner in enumerate(order):
            passed = owner.passed_up.get(attribute)
            if passed is not None and any(attribute in b.fields for b in order[index + 1:]):
                return self.text_of(passed)
        return UNKNOWN, None

    def text_of(self, binding: Binding, depth: int = 0) -> tuple[Any, Literal | None]:
        """What ``str()`` gives for a value: a string literal, or an instance whose class's
        ``__str__`` (else ``__repr__``) returns a literal or one of its fields, given to
        its constructor (``Action("checkpoint.created")`` with ``return self.name``)."""
        if depth > _MAX_DEPTH:
            return UNKNOWN, None
        if isinstance(binding, Literal):
            return (binding.value, binding) if isinstance(binding.value, str) else (UNKNOWN, None)
        if isinstance(binding, Ref):
            found = self._module_binding(binding.target)
            return (UNKNOWN, None) if found is None else self.text_of(found, depth + 1)
        if not isinstance(binding, Instance):
            return UNKNOWN, None
        info = self.class_info(binding.factory)
        if info is None:
            return UNKNOWN, None
        method = next((m.info for owner in self.project_mro(info)
                       for m in (owner.members.get("__str__"), owner.members.get("__repr__"))
                       if isinstance(m, FunctionBinding)), None)
        result = None if method is None else method.result
        if isinstance(result, Literal):
            return self.text_of(result, depth + 1)
        if not (isinstance(result, Attribute) and isinstance(result.base, Instance)):
            return UNKNOWN, None
        fields = [f for owner in reversed(self.project_mro(info)) for f in owner.fields]
        if result.name not in fields:
            return UNKNOWN, None
        position = fields.index(result.name)
        given = binding.args[position] if position < len(binding.args) else None
        return (UNKNOWN, None) if given is None else self.text_of(given, depth + 1)

    def _module_binding(self, qualified_name: str) -> Binding | None:
        """The binding of a module-level name (``app.actions.CREATED``), as written."""
        module, _, name = qualified_name.rpartition(".")
        summary = self.summary(module) if module else None
        if summary is None:
            return None
        found = summary.bindings.get(name)
        if isinstance(found, Ref) and found.target != qualified_name:
            return self._module_binding(found.target) or found
        return found

    def _on_instance(self, binding: Binding, info: ClassInfo,
                     depth: int) -> tuple[Any, Literal | None]:
        """A binding written in a method, evaluated with ``self`` an instance of ``info``."""
        if isinstance(binding, Literal):
            return binding.value, binding
        if isinstance(binding, Ref):
            return self.value(self.resolve(binding.target))
        if not isinstance(binding, Attribute):
            return UNKNOWN, None
        base = binding.base
        if isinstance(base, Attribute) and base.name == "__class__" and \
                binding.name == "__name__" and isinstance(base.base, Instance):
            return info.qualified_name.rsplit(".", 1)[-1], None
        if isinstance(base, Instance):
            return self.attribute_value(info.qualified_name, binding.name, depth)
        return UNKNOWN, None

    def canonical(self, qualified_name: str) -> str:
        """The defining name of what a qualified name refers to (re-exports followed)."""
        symbol = self.resolve(qualified_name)
        if isinstance(symbol, FunctionSym):
            return symbol.info.qualified_name
        if isinstance(symbol, ClassSym):
            return symbol.info.qualified_name
        if isinstance(symbol, ExternalSym):
            return symbol.name
        if isinstance(symbol, ModuleSym):
            return symbol.name
        return qualified_name


def returned_position(function: FunctionSym) -> int | None:
    """The position (as called) of the parameter whose class a generic factory returns."""
    info = function.info
    if info.returns_argument is None:
        return None
    params = [p for p in info.params if p.kind in (ParamKind.POSITIONAL_ONLY,
                                                  ParamKind.POSITIONAL)]
    if params and (info.kind == "classmethod" or (info.kind == "method" and function.bound)):
        params = params[1:]
    names = [p.name for p in params]
    return names.index(info.returns_argument) if info.returns_argument in names else None


def _called_as(info: FunctionInfo) -> str:
    """The name calls of a function are recorded under (the class's, for ``__init__``)."""
    parts = info.qualified_name.split(".")
    return parts[-2] if parts[-1] == "__init__" and len(parts) > 1 else parts[-1]


def _argument(fact: CallFact, info: FunctionInfo, param: str, bound: bool) -> Binding | None:
    """What a call passes for a parameter, bound as Python binds arguments."""
    params = list(info.params)
    if params and (info.kind == "classmethod" or (info.kind == "method" and bound)):
        params = params[1:]
    for position, candidate in enumerate(params):
        if candidate.name != param:
            continue
        by_position = candidate.kind in (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL)
        if by_position and position < len(fact.args):
            return fact.args[position]
        return dict(fact.keywords).get(param) if candidate.kind is not \
            ParamKind.POSITIONAL_ONLY else None
    return None
