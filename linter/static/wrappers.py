"""Recognising project functions that wrap an SDK call, without configuration.

``def track(user, event, **props): mp.track(user.id, event, props)`` is a wrapper:
it passes its own parameters straight on to a tracking call.  While a file is read,
every call inside a function that passes one of the function's parameters is
recorded as a :class:`ForwardingCall`, with the *shape* of each argument (which
parameter it is, or which keys a dict display adds).  Inference is then a fixpoint
over those records, independent of libcst: a function whose record reaches an SDK
call or an already known wrapper with its event parameter in the event role becomes
a wrapper, and the next round may find wrappers of that wrapper, across modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from linter.events import UNKNOWN, Origin
from linter.static.arguments import (
    Arg,
    Param,
    ParamKind,
    Roles,
    assign_roles,
    bind,
    named_params,
    positional_params,
)
from linter.static.model import KWARGS, FixedEvent, FixedProperty, InferredWrapper, WrapperSpec
from linter.static.sdk_signatures import (
    EVENT_CLASSES,
    Signature,
    choose_signature,
    signature_roles,
)
from linter.static.summary import FunctionInfo
from linter.static.symbols import Symbols
from linter.static.targets import Key, SdkTarget, WrapperModel, WrapperTarget, match_target

_MAX_ROUNDS = 16
# The kind of a decorator's model: applied to a function, it sends what the function returns.
DECORATOR = "decorator"


@dataclass(frozen=True, slots=True)
class ParamRef:
    """An argument that is a parameter of the enclosing function, passed unchanged."""

    name: str


@dataclass(frozen=True, slots=True)
class ParamAttr:
    """An attribute of a parameter (``event.name``): the parameter is an event object."""

    name: str
    attribute: str
    # Read through ``str()`` (``str(event.action)``): the text of what the attribute holds.
    text: bool = False


@dataclass(frozen=True, slots=True)
class DictShape:
    """A dict display or ``dict(...)``: parameters spread into it and keys it adds."""

    spreads: tuple[str, ...]
    fixed: tuple[FixedProperty, ...]
    complete: bool


@dataclass(frozen=True, slots=True)
class ValueShape:
    """Any other argument, with its literal value when it has one."""

    value: Any
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class BuiltShape:
    """An object of a project class built for the call (``Event(name=name)``, inline or in
    a local just before): its keyword arguments, which name its attributes, and the
    class (which may set the attribute a callee reads the event from itself)."""

    fields: tuple[tuple[str, Shape], ...]
    cls: str | None = None


@dataclass(frozen=True, slots=True)
class TemplateShape:
    """Text built from the function's parameters: ``f"backend:{noun}:{verb}"``, or a call
    of a function that returns such text.  Text parts, and parameter names (``True``)."""

    parts: tuple[tuple[str, bool], ...]


Shape = ParamRef | ParamAttr | DictShape | ValueShape | BuiltShape | TemplateShape


@dataclass(frozen=True, slots=True)
class ForwardingCall:
    """A call inside a function that passes some of the function's parameters on.

    ``event_args`` holds the arguments of the event object passed to it, when the
    callee takes one (``client.track(BaseEvent(event_type=event, ...))``).
    """

    function: FunctionInfo
    keys: tuple[Key, ...]
    args: tuple[Arg[Shape], ...]
    origin: Origin
    event_args: tuple[Arg[Shape], ...] | None = None
    event_class: str | None = None
    # Whether the call runs whenever the function's body runs (not in a branch).
    unconditional: bool = True
    # A value the function returns, sent by its decorator (``keys`` name the decorator).
    decorated: bool = False


@dataclass(frozen=True, slots=True)
class ResultForwarding:
    """A decorator whose wrapper sends what the decorated function returns.

    ``def send(func): def inner(*a, **k): out = func(*a, **k); track(*out)``: the
    tracking call inside the wrapper spreads the decorated function's result as its
    arguments, so a function decorated with ``send`` that returns ``"Signed Up",
    {"plan": p}`` sends that event.  ``decorator`` is the outer function.
    """

    decorator: FunctionInfo
    keys: tuple[Key, ...]
    origin: Origin
    # The position the result is spread at (``track(user_id, *out)``: 1).
    skip: int = 0


# -- configured and inferred wrappers together ------------------------------------


def combine(configured: Mapping[str, WrapperModel], inferred: Mapping[str, WrapperModel]
            ) -> dict[str, WrapperModel]:
    """Configured roles win; what inference learnt about the body (SDK, added keys) is kept."""
    models = dict(inferred)
    for name, model in configured.items():
        seen = inferred.get(name)
        if seen is None:
            models[name] = model
            continue
        models[name] = WrapperModel(
            model.qualified_name, model.event, model.properties, model.identity,
            model.anonymous, model.params, model.kind, seen.sdk, seen.fixed_properties,
            seen.properties_complete, None,
        )
    return models


# -- inference --------------------------------------------------------------------


def infer(records: Sequence[ForwardingCall], configured: Mapping[str, WrapperModel],
          symbols: Symbols, decorators: Sequence[ResultForwarding] = ()
          ) -> dict[str, WrapperModel]:
    """Inferred wrappers and fixed-event helpers, to a fixpoint.

    Configured wrappers keep their configured roles for matching, but are inferred
    too when their body allows it: that is how their SDK and added keys are learnt.
    Each round classifies every function afresh from its records, with the wrappers
    the previous round found: a function that sends one event it names itself may
    turn out, once more of its calls are understood, to send several.  A decorator
    that sends its function's result is a model of kind :data:`DECORATOR`: the
    functions it decorates are then read as calling it with what they return.
    """
    by_function: dict[str, list[ForwardingCall]] = {}
    for record in records:
        by_function.setdefault(record.function.qualified_name, []).append(record)
    inferred: dict[str, WrapperModel] = {}
    for _ in range(_MAX_ROUNDS):
        known = {**inferred, **configured}
        found: dict[str, WrapperModel] = {}
        for name, calls in by_function.items():
            model = _classify(name, calls, known, symbols)
            if model is not None:
                found[name] = model
        for decorator in decorators:
            model = decorator_model(decorator, known, symbols)
            if model is not None:
                found.setdefault(model.qualified_name, model)
        if found == inferred:
            break
        inferred = found
    return inferred


def _classify(name: str, calls: Sequence[ForwardingCall], known: Mapping[str, WrapperModel],
              symbols: Symbols) -> WrapperModel | None:
    """What one function is, from the tracking calls in its body.

    A call passing one of its parameters as the event makes it a wrapper (the first
    such call is its model); failing that, it is a fixed-event helper when every
    tracking call in it sends the same event it names itself, one of them whenever
    the function runs (a function that tracks only in an ``except`` or an ``if``
    does not always send it, so calling it is not a tracking site).
    """
    fixed: list[WrapperModel] = []
    always = False
    for record in calls:
        target = match_target(list(record.keys), known, symbols)
        if target is None or (isinstance(target, WrapperTarget)
                              and target.model.qualified_name == name):
            continue
        if is_decorator(target) != record.decorated:
            continue  # only a decorated function's returns go to its decorator
        model = forward(_named_by_class(record, target, symbols), target)
        if model is None:
            return None  # a tracking call whose event is neither a parameter nor fixed
        if model.fixed_event is None:
            return model
        fixed.append(model)
        always = always or record.unconditional
    if not always or len({m.fixed_event.value for m in fixed if m.fixed_event}) != 1:
        return None
    return fixed[0]


def _named_by_class(record: ForwardingCall, target: SdkTarget | WrapperTarget,
                    symbols: Symbols) -> ForwardingCall:
    """An event object built for a callee that reads its name from an attribute its class
    sets itself, not from a keyword argument (``capture(FeatureUsed(user))`` whose
    ``__init__`` passes "Feature Used" to its base): that value, as if it were given."""
    attribute = target.model.event_attribute if isinstance(target, WrapperTarget) else None
    if attribute is None or not any(isinstance(a.value, BuiltShape) for a in record.args):
        return record
    args = []
    for arg in record.args:
        shape = arg.value
        if isinstance(shape, BuiltShape) and shape.cls is not None and \
                attribute not in dict(shape.fields):
            value, literal = symbols.attribute_value(shape.cls, attribute)
            if isinstance(value, str):
                given = ValueShape(value, literal.origin if literal is not None else None)
                shape = replace(shape, fields=(*shape.fields, (attribute, given)))
        args.append(replace(arg, value=shape))
    return replace(record, args=tuple(args))


def is_decorator(target: SdkTarget | WrapperTarget) -> bool:
    """Whether a target is a decorator that sends its function's result (not a call)."""
    return isinstance(target, WrapperTarget) and target.model.kind == DECORATOR


def decorator_model(record: ResultForwarding, known: Mapping[str, WrapperModel],
                    symbols: Symbols) -> WrapperModel | None:
    """The model of a decorator whose wrapper spreads its function's result into a call.

    Each role is the position, in the returned tuple, of the tracking call's parameter
    that carries it.  Nothing when the call takes no event from its arguments (a
    helper naming its own), or its signature cannot be told from a spread tuple.
    """
    target = match_target(list(record.keys), known, symbols)
    if target is None or is_decorator(target):
        return None
    sdk: str | None
    fixed: tuple[FixedProperty, ...] = ()
    if isinstance(target, SdkTarget):
        if len(target.signatures) != 1 or target.signatures[0].event_object:
            return None
        signature = target.signatures[0]
        slots: Sequence[Param] | None = positional_params(signature.params)
        roles = signature_roles(signature)
        sdk, via, depth, complete = signature.sdk, target.name, 1, True
    else:
        model = target.model
        if model.fixed_event is not None or model.event_object:
            return None
        params = model.call_params(target.bound)
        slots = None if params is None else positional_params(params)
        roles = model.roles(target.bound) if params is None else model.roles()
        sdk, via = model.sdk, model.qualified_name
        depth = model.inferred.depth + 1 if model.inferred else 2
        fixed, complete = model.fixed_properties, model.properties_complete
    where = {role: _position(at, slots, record.skip) for role, at in roles.items()}
    if where["event"] is None or sdk is None:
        return None
    function = record.decorator
    spec = WrapperSpec(function.qualified_name, where["event"], where["properties"],
                       where["identity"], where["anonymous"])
    public = InferredWrapper(function.qualified_name, spec, sdk, via, function.origin,
                             record.origin, depth, fixed, complete and (
                                 roles["properties"] is None or where["properties"] is not None))
    return WrapperModel(function.qualified_name, spec.event, spec.properties, spec.identity,
                        spec.anonymous, None, DECORATOR, sdk, fixed, public.properties_complete,
                        public)


def _position(where: int | str | None, slots: Sequence[Param] | None, skip: int
              ) -> int | None:
    """The position in the returned tuple of a role's parameter (None: not filled by it)."""
    if isinstance(where, str):
        names = [p.name for p in slots or ()]
        where = names.index(where) if where in names else None
    return None if where is None or where < skip else where - skip


def forward(record: ForwardingCall, target: SdkTarget | WrapperTarget) -> WrapperModel | None:
    """The wrapper a forwarding call makes of its function, if its event is a parameter.

    Or the fixed-event helper it makes, when the event is a literal (or the callee's
    own fixed event, or the default of the callee's event parameter).
    """
    if isinstance(target, SdkTarget):
        found = _sdk_roles(record, target)
        if found is None:
            return None
        roles, signature, passed, mapping = found
        return _model(record, roles, signature.sdk, target.name, 1, (), True, None, passed,
                      mapping)
    model = target.model
    roles = assign_roles(record.args, model.call_params(target.bound), model.roles(target.bound))
    depth = model.inferred.depth + 1 if model.inferred else 2
    template = None
    if model.event_template is not None:
        template = _filled(model.event_template, record, model.call_params(target.bound))
        if template is None:
            return None
    return _model(record, roles, model.sdk, model.qualified_name, depth,
                  model.fixed_properties, model.properties_complete, model, template=template)


def _filled(template: tuple[tuple[str, bool], ...], record: ForwardingCall,
            params: Sequence[Param] | None) -> TemplateShape | None:
    """A callee's name template with what this call passes for its parameters: text,
    or the caller's own parameters; None when a part is neither."""
    bound = bind(record.args, params or (), strict=False) if params is not None else None
    if bound is None:
        return None
    parts: list[tuple[str, bool]] = []
    for value, is_param in template:
        arg = bound.arguments.get(value) if is_param else None
        if not is_param:
            parts.append((value, False))
        elif arg is not None and isinstance(arg.value, ValueShape) and \
                isinstance(arg.value.value, str):
            parts.append((arg.value.value, False))
        elif arg is not None and isinstance(arg.value, ParamRef):
            parts.append((arg.value.name, True))
        else:
            return None
    return TemplateShape(tuple(parts))


def _sdk_roles(record: ForwardingCall, target: SdkTarget
               ) -> tuple[Roles[Shape], Signature, bool, str | None] | None:
    """The roles of an SDK call's arguments; True when the event object is a parameter,
    and the event class when a parameter is a mapping spread into the object.

    An SDK taking an event object (Amplitude's ``track(BaseEvent(...))``) is read
    from the object built in the call; when the object is a parameter passed on, the
    wrapper takes the whole event object from its callers; when a parameter is
    spread into it (``BaseEvent(user_id=u, **event)``) and nothing else names the
    event, the wrapper takes the object's keyword arguments as a dict.
    """
    signature = choose_signature(target.signatures, record.args)
    args = record.args
    if signature.event_object:
        event_class = record.event_class
        if record.event_args is None or event_class is None or event_class not in EVENT_CLASSES:
            roles = assign_roles(args, signature.params, signature_roles(signature))
            passed = roles.event is not None and isinstance(roles.event.value, ParamRef)
            return (Roles(event=roles.event), signature, True, None) if passed else None
        signature, args = EVENT_CLASSES[event_class], record.event_args
        roles = assign_roles(args, signature.params, signature_roles(signature))
        spread = [a for a in args if a.star == "**" and isinstance(a.value, ParamRef)]
        if roles.event is None and len(spread) == 1:
            return Roles(event=Arg(spread[0].value)), signature, False, event_class
        return roles, signature, False, None
    return assign_roles(args, signature.params, signature_roles(signature)), signature, False, None


def _model(record: ForwardingCall, roles: Roles[Shape], sdk: str | None, via: str,
           depth: int, fixed: tuple[FixedProperty, ...], complete: bool,
           callee: WrapperModel | None, passes_object: bool = False,
           mapping: str | None = None, template: TemplateShape | None = None
           ) -> WrapperModel | None:
    function = record.function
    params = {p.name: p for p in function.params}
    if template is None and roles.event is not None and \
            isinstance(roles.event.value, TemplateShape):
        template = roles.event.value
    event_template: tuple[tuple[str, bool], ...] | None = None
    found: tuple[str | None, FixedEvent | None, str | None] | None
    if template is not None:
        filled = _template_role(template, params)
        found = None if filled is None else (None, filled[0], None)
        event_template = None if filled is None else filled[1]
    else:
        found = _event_role(roles, params, callee)
    if found is None or sdk is None:
        return None
    event, fixed_event, attribute = found
    event_object = passes_object or (callee is not None and callee.event_object
                                     and event is not None and attribute is None)
    built = roles.event is not None and isinstance(roles.event.value, BuiltShape)
    if callee is not None and callee.event_attribute is not None and event is not None \
            and attribute is None and not built:
        attribute = callee.event_attribute  # the object is passed on whole
    if callee is not None and callee.event_mapping is not None and event is not None \
            and attribute is None:
        mapping = callee.event_mapping  # the mapping is passed on whole
    text = (roles.event is not None and isinstance(roles.event.value, ParamAttr)
            and roles.event.value.text) or (callee is not None and callee.event_text
                                            and attribute == callee.event_attribute)
    properties, added, props_complete = _properties_role(roles, params)
    identity = _param(roles.identity, params)
    anonymous = _param(roles.anonymous, params)
    all_fixed = tuple({f.key: f for f in (*added, *fixed)}.values())
    properties_complete = complete and props_complete and attribute is None
    spec = WrapperSpec(function.qualified_name, event, properties, identity, anonymous)
    public = InferredWrapper(function.qualified_name, spec, sdk, via, function.origin,
                             record.origin, depth, all_fixed, properties_complete, fixed_event,
                             event_object, attribute, event_template)
    default = function.defaults.get(event) if event is not None else None
    return WrapperModel(
        function.qualified_name, event, properties, identity, anonymous, function.params,
        function.kind, sdk, all_fixed, properties_complete, public, fixed_event,
        _fixed(default.value, default.origin) if default is not None else None,
        event_object, attribute, mapping, text, event_template,
    )


def _template_role(template: TemplateShape, params: Mapping[str, Param]
                   ) -> tuple[FixedEvent | None, tuple[tuple[str, bool], ...] | None] | None:
    """A name built from text alone is the function's own event; one built from its
    named parameters too is a template its callers fill."""
    if all(not is_param for _, is_param in template.parts):
        fixed = _fixed("".join(value for value, _ in template.parts), None)
        return None if fixed is None else (fixed, None)
    named = {p.name for p in named_params(list(params.values()))}
    if any(is_param and value not in named for value, is_param in template.parts):
        return None
    return None, template.parts


def _event_role(roles: Roles[Shape], params: Mapping[str, Param], callee: WrapperModel | None
                ) -> tuple[str | None, FixedEvent | None, str | None] | None:
    """The parameter that carries the event, or the event the function fixes itself.

    The third item names the attribute of an event object the name is read from,
    when the parameter is such an object (``event.name``).
    """
    if callee is not None and callee.fixed_event is not None:
        return None, callee.fixed_event, None
    event = _param(roles.event, params)
    if event is not None:
        return event, None, None
    arg = roles.event
    if arg is not None and isinstance(arg.value, ParamAttr):
        named = _param(Arg(ParamRef(arg.value.name)), params)
        return None if named is None else (named, None, arg.value.attribute)
    if arg is not None and isinstance(arg.value, BuiltShape):
        return _built_event(arg.value, params, callee)
    if arg is not None and isinstance(arg.value, ValueShape):
        fixed = _fixed(arg.value.value, arg.value.origin)
        return None if fixed is None else (None, fixed, None)
    if arg is None and "event" not in roles.unknown and callee is not None \
            and callee.event_default is not None:
        return None, callee.event_default, None
    return None


def _built_event(shape: BuiltShape, params: Mapping[str, Param], callee: WrapperModel | None
                 ) -> tuple[str | None, FixedEvent | None, str | None] | None:
    """An event object built for a callee that reads its name from an attribute
    (``enqueue(Event(event_name=name))``): the keyword argument of that name."""
    if callee is None or callee.event_attribute is None:
        return None
    field = dict(shape.fields).get(callee.event_attribute)
    if isinstance(field, ParamRef):
        named = _param(Arg(field), params)
        return None if named is None else (named, None, None)
    if isinstance(field, ValueShape):
        fixed = _fixed(field.value, field.origin)
        return None if fixed is None else (None, fixed, None)
    return None


def _fixed(value: Any, origin: Origin | None) -> FixedEvent | None:
    return FixedEvent(value, origin) if isinstance(value, str) and value else None


def _param(arg: Arg[Shape] | None, params: Mapping[str, Param]) -> str | None:
    """The enclosing function's named parameter an argument passes on unchanged."""
    if arg is None or not isinstance(arg.value, ParamRef):
        return None
    param = params.get(arg.value.name)
    named = param is not None and param in named_params(list(params.values()))
    return arg.value.name if named else None


def _properties_role(roles: Roles[Shape], params: Mapping[str, Param]
                     ) -> tuple[str | None, tuple[FixedProperty, ...], bool]:
    """Which parameter carries the properties, the keys the wrapper adds, and completeness."""
    if roles.keywords is not None:
        return _keywords_role(roles, params)
    arg = roles.properties
    if arg is None:
        return None, (), "properties" not in roles.unknown
    return _shape_role(arg.value, params)


def _shape_role(shape: Shape, params: Mapping[str, Param]
                ) -> tuple[str | None, tuple[FixedProperty, ...], bool]:
    if isinstance(shape, ParamRef):
        return _role_of(shape.name, params), (), shape.name in params
    if isinstance(shape, DictShape):
        roles = [_role_of(p, params) for p in shape.spreads]
        first = roles[0] if roles else None
        return first, shape.fixed, shape.complete and len(roles) <= 1
    if isinstance(shape, ParamAttr | BuiltShape | TemplateShape):
        return None, (), False  # an event object's properties: not known from here
    return None, (), shape.value is None


def _keywords_role(roles: Roles[Shape], params: Mapping[str, Param]
                   ) -> tuple[str | None, tuple[FixedProperty, ...], bool]:
    """The callee takes ``**kwargs`` properties: keywords add keys, ``**p`` forwards ``p``."""
    assert roles.keywords is not None
    fixed = tuple(FixedProperty(key, a.value.value if isinstance(a.value, ValueShape)
                                else UNKNOWN, a.value.origin if isinstance(a.value, ValueShape)
                                else None)
                  for key, a in roles.keywords.items())
    spread = [a.value.name for a in roles.spreads if isinstance(a.value, ParamRef)]
    complete = len(spread) == len(roles.spreads) <= 1
    return (_role_of(spread[0], params) if spread else None), fixed, complete


def _role_of(name: str, params: Mapping[str, Param]) -> str:
    param = params.get(name)
    return KWARGS if param is not None and param.kind is ParamKind.VAR_KEYWORD else name
