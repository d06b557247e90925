"""Binding a call's arguments to a callee's parameters, the way Python does.

Roles (event name, properties, identity) are defined on *parameters*, while a
call may pass them positionally or by keyword; binding is what turns
``mp.track(uid, "Sign Up")`` and ``mp.track(event_name="Sign Up", distinct_id=uid)``
into the same answer.  The binder is generic over the argument value so the same
rules serve libcst nodes (when checking a file) and the argument shapes recorded
for wrapper inference.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class ParamKind(enum.Enum):
    POSITIONAL_ONLY = "positional_only"
    POSITIONAL = "positional_or_keyword"
    VAR_POSITIONAL = "var_positional"
    KEYWORD = "keyword_only"
    VAR_KEYWORD = "var_keyword"


_NAMED = (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL, ParamKind.KEYWORD)
_BY_POSITION = (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL)
_BY_KEYWORD = (ParamKind.POSITIONAL, ParamKind.KEYWORD)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a callee; ``annotation`` is its qualified type name when known."""

    name: str
    kind: ParamKind = ParamKind.POSITIONAL
    annotation: str | None = None


@dataclass(frozen=True, slots=True)
class Arg(Generic[T]):
    """One argument as written at a call site: ``star`` is ``""``, ``"*"`` or ``"**"``."""

    value: T
    keyword: str | None = None
    star: str = ""


@dataclass(slots=True)
class Bound(Generic[T]):
    """The outcome of binding: which argument fills which parameter.

    ``maybe`` names the parameters that a ``*args``/``**kwargs`` argument of the call
    may fill: their values exist but are unknown.  ``extra_keywords`` are keyword
    arguments caught by the callee's ``**kwargs`` parameter; ``spreads`` are the
    call's own ``**mapping`` arguments, which may add more of them.
    """

    arguments: dict[str, Arg[T]] = field(default_factory=dict)
    extra_keywords: dict[str, Arg[T]] = field(default_factory=dict)
    spreads: list[Arg[T]] = field(default_factory=list)
    maybe: set[str] = field(default_factory=set)

def positional_params(params: Sequence[Param]) -> list[Param]:
    """The parameters a positional argument can fill, in order."""
    return [p for p in params if p.kind in _BY_POSITION]


def bind(args: Sequence[Arg[T]], params: Sequence[Param], strict: bool = True
         ) -> Bound[T] | None:
    """Bind ``args`` to ``params``; ``None`` when the call could not bind at run time.

    A call that does not bind (too many positionals, an unknown keyword, a parameter
    given twice) is how two signatures of one SDK method are told apart, e.g. the old
    ``posthog.capture(distinct_id, event)`` and the current ``capture(event, ...)``.
    With ``strict`` false, binding never fails: what does not fit is left out (a call
    that fails at run time is still worth reading).
    """
    bound: Bound[T] = Bound()
    slots = positional_params(params)
    has_var_positional = any(p.kind is ParamKind.VAR_POSITIONAL for p in params)
    has_var_keyword = any(p.kind is ParamKind.VAR_KEYWORD for p in params)
    position = 0
    positions_known = True
    for arg in args:
        if arg.star == "*":
            positions_known = False
            bound.maybe.update(p.name for p in slots[position:])
        elif arg.star == "**":
            bound.spreads.append(arg)
        elif arg.keyword is None:
            if not positions_known:
                continue
            if position < len(slots):
                bound.arguments[slots[position].name] = arg
                position += 1
            elif not has_var_positional and strict:
                return None
        elif not _bind_keyword(bound, arg, params, has_var_keyword or not strict) and strict:
            return None
    if bound.spreads:
        bound.maybe.update(p.name for p in params if p.kind in _BY_KEYWORD)
    bound.maybe.difference_update(bound.arguments)
    return bound


def _bind_keyword(bound: Bound[T], arg: Arg[T], params: Sequence[Param], var_kw: bool) -> bool:
    name = arg.keyword
    assert name is not None
    param = next((p for p in params if p.name == name and p.kind in _BY_KEYWORD), None)
    if param is None:
        if not var_kw or name in bound.extra_keywords:
            return False
        bound.extra_keywords[name] = arg
        return True
    if name in bound.arguments:
        return False
    bound.arguments[name] = arg
    return True


def named_params(params: Sequence[Param]) -> list[Param]:
    return [p for p in params if p.kind in _NAMED]


@dataclass(slots=True)
class Roles(Generic[T]):
    """The arguments that play each role in one call, found by binding.

    A role is missing (``None``) when no argument fills it, and ``unknown`` when a
    ``*args``/``**kwargs`` argument of the call may fill it.  When properties are the
    callee's ``**kwargs``, ``keywords`` holds them and ``spreads`` the call's own
    ``**mapping`` arguments.
    """

    event: Arg[T] | None = None
    properties: Arg[T] | None = None
    identity: Arg[T] | None = None
    anonymous: Arg[T] | None = None
    keywords: dict[str, Arg[T]] | None = None
    spreads: list[Arg[T]] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)


def assign_roles(args: Sequence[Arg[T]], params: Sequence[Param] | None,
                 roles: dict[str, int | str | None], kwargs_role: str = "**kwargs"
                 ) -> Roles[T]:
    """Which argument fills each role (``event``, ``properties``, ``identity``, ``anonymous``).

    ``roles`` maps a role to a parameter (name or position); the properties role may
    be ``kwargs_role``.  Without ``params`` (a wrapper defined outside the project)
    positions and keywords are read as written, and every keyword argument not
    taken by another role is a property.
    """
    if params is None:
        return _loose_roles(args, roles, kwargs_role)
    bound = bind(args, params, strict=False)
    assert bound is not None
    found: Roles[T] = Roles(spreads=list(bound.spreads))
    slots = positional_params(params)
    for role, where in roles.items():
        if where is None:
            continue
        if where == kwargs_role:
            found.keywords = dict(bound.extra_keywords)
            continue
        name = where if isinstance(where, str) else (
            slots[where].name if 0 <= where < len(slots) else None)
        if name is None:
            continue
        if name in bound.arguments:
            setattr(found, role, bound.arguments[name])
        elif name in bound.maybe:
            found.unknown.add(role)
    return found


def _loose_roles(args: Sequence[Arg[T]], roles: dict[str, int | str | None],
                 kwargs_role: str) -> Roles[T]:
    found: Roles[T] = Roles(spreads=[a for a in args if a.star == "**"])
    positional: list[Arg[T]] = []
    starred_from: int | None = None
    for arg in args:
        if arg.star == "*" and starred_from is None:
            starred_from = len(positional)
        elif not arg.star and arg.keyword is None and starred_from is None:
            positional.append(arg)
    keywords = {a.keyword: a for a in args if a.keyword is not None}
    taken = {w for w in roles.values() if isinstance(w, str) and w != kwargs_role}
    for role, where in roles.items():
        if where is None:
            continue
        if where == kwargs_role:
            found.keywords = {k: a for k, a in keywords.items() if k not in taken}
        elif isinstance(where, int):
            if where < len(positional):
                setattr(found, role, positional[where])
            elif starred_from is not None:
                found.unknown.add(role)
        elif where in keywords:
            setattr(found, role, keywords[where])
        elif found.spreads:
            found.unknown.add(role)
    return found
