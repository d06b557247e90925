"""Configured wrappers: their models, and the mistakes a configuration can make.

A wrapper is configured by qualified name and by the parameters that carry each
role.  When the function is in the project its real signature is known, so a
configuration that names a function that does not exist, or a parameter the
function does not have, is a mistake to report (with a did-you-mean), never a
wrapper that silently matches nothing.  A function outside the project (an
installed library) cannot be checked and is taken as configured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linter.static.arguments import Param, ParamKind, positional_params
from linter.static.model import KWARGS, WrapperSpec
from linter.static.summary import ClassBinding, FunctionBinding, FunctionInfo
from linter.static.symbols import ClassSym, FunctionSym, ModuleSym, Symbols
from linter.static.targets import WrapperModel, is_project_name
from linter.text.naming import Suggester

ROLES = ("event", "properties", "identity", "anonymous")
_PARAM_CUTOFF = 0.6


@dataclass(frozen=True, slots=True)
class WrapperProblem:
    """A configured wrapper that cannot be what it says; ``setting`` names the wrong key."""

    spec: WrapperSpec
    setting: str
    message: str
    hint: str | None = None


def configured_models(specs: Sequence[WrapperSpec], symbols: Symbols) -> dict[str, WrapperModel]:
    """Models of configured wrappers, keyed by the name their function is defined under."""
    models: dict[str, WrapperModel] = {}
    for spec in specs:
        name = symbols.canonical(spec.qualified_name)
        symbol = symbols.resolve(name)
        info = symbol.info if isinstance(symbol, FunctionSym) else None
        params = info.params if info else None
        models[name] = WrapperModel(
            qualified_name=name, event=spec.event,
            properties=_properties_role(spec.properties, params),
            identity=spec.identity, anonymous=spec.anonymous,
            params=params, kind=info.kind if info else "unknown", sdk=None,
        )
    return models


def _properties_role(where: int | str | None, params: Sequence[Param] | None
                     ) -> int | str | None:
    """``"**props"``, or the name of a ``**props`` parameter, means the extra keywords."""
    if isinstance(where, str) and where.startswith("**"):
        return KWARGS
    if isinstance(where, str) and params is not None and any(
            p.name == where and p.kind is ParamKind.VAR_KEYWORD for p in params):
        return KWARGS
    return where


def wrapper_problems(specs: Sequence[WrapperSpec], symbols: Symbols) -> list[WrapperProblem]:
    """What is wrong with each configured wrapper whose function is in the project."""
    problems: list[WrapperProblem] = []
    for spec in specs:
        if not is_project_name(symbols, spec.qualified_name):
            continue  # an installed library: its signature is not known here
        symbol = symbols.resolve(symbols.canonical(spec.qualified_name))
        if not isinstance(symbol, FunctionSym):
            problems.append(_missing_function(spec, symbols))
            continue
        problems.extend(_role_problems(spec, symbol.info))
    return problems


def _missing_function(spec: WrapperSpec, symbols: Symbols) -> WrapperProblem:
    owner, _, last = spec.qualified_name.rpartition(".")
    candidates = _members(owner, symbols)
    hint = Suggester(candidates, cutoff=_PARAM_CUTOFF).hint(last) if candidates else None
    if hint is not None:
        hint = hint.replace("'", f"'{owner}.", 1)
    elif candidates:
        hint = f"functions in {owner}: {', '.join(sorted(candidates)[:8])}"
    else:
        hint = "give the qualified name the function is defined or imported under"
    return WrapperProblem(spec, "function",
                          f"wrapper function '{spec.qualified_name}' is not defined in the "
                          "project", hint)


def _members(owner: str, symbols: Symbols) -> list[str]:
    """The functions and classes a module or class defines (did-you-mean candidates)."""
    symbol = symbols.resolve(owner) if owner else None
    if isinstance(symbol, ModuleSym):
        summary = symbols.summary(symbol.name)
        bindings = summary.bindings if summary is not None else {}
    elif isinstance(symbol, ClassSym):
        bindings = symbol.info.members
    else:
        return []
    return [name for name, binding in bindings.items()
            if isinstance(binding, FunctionBinding | ClassBinding)]


def _role_problems(spec: WrapperSpec, info: FunctionInfo) -> list[WrapperProblem]:
    params = info.params
    explicit = params[1:] if info.kind in ("method", "classmethod") and params else params
    names = [p.name for p in explicit if p.kind not in (ParamKind.VAR_POSITIONAL,
                                                         ParamKind.VAR_KEYWORD)]
    slots = positional_params(explicit)
    signature = _signature(explicit)
    problems: list[WrapperProblem] = []
    for role in ROLES:
        where = getattr(spec, role)
        if where is None:
            continue
        if role == "properties" and _properties_role(where, params) == KWARGS:
            if not any(p.kind is ParamKind.VAR_KEYWORD for p in explicit):
                problems.append(WrapperProblem(
                    spec, role, f"wrapper {spec.qualified_name}: 'properties = \"{where}\"' "
                    f"needs a **keywords parameter, and {signature} has none",
                    _role_hint(names, None)))
            continue
        if isinstance(where, int):
            if not 0 <= where < len(slots):
                problems.append(WrapperProblem(
                    spec, role, f"wrapper {spec.qualified_name}: '{role} = {where}' is not a "
                    f"position of {signature} ({len(slots)} positional parameter"
                    f"{'' if len(slots) == 1 else 's'}, counted from 0"
                    f"{' after self' if explicit is not params else ''})",
                    _role_hint(names, None)))
        elif where not in names:
            keywords = [p.name for p in explicit if p.kind is ParamKind.VAR_KEYWORD]
            candidates = names + keywords if role == "properties" else names
            problems.append(WrapperProblem(
                spec, role, f"wrapper {spec.qualified_name}: '{role} = \"{where}\"' is not a "
                f"parameter of {signature}", _role_hint(candidates, where)))
    return problems


def _role_hint(names: Sequence[str], wrong: str | None) -> str:
    if wrong is not None:
        found = Suggester(names, cutoff=_PARAM_CUTOFF).hint(wrong)
        if found is not None:
            return found
    return f"its parameters are {', '.join(names)}" if names else "it takes no parameters"


def _signature(params: Sequence[Param]) -> str:
    shown = []
    for param in params:
        prefix = {ParamKind.VAR_POSITIONAL: "*", ParamKind.VAR_KEYWORD: "**"}.get(param.kind, "")
        shown.append(prefix + param.name)
    return f"({', '.join(shown)})"
