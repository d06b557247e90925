"""Calls that look like tracking but could not be resolved: no silent misses.

A call the checker cannot type is not checked, and "All checks passed" would say
nothing about it.  While a file is read, every call of a tracking-like name (the
name of an SDK tracking method or of a known wrapper) that nothing resolved is kept
as a :class:`~linter.static.model.LooseCall`.  Here, with the whole project known,
the ones that look like tracking are kept: a name with a tracking word (``track``,
``event``) or ``capture``, in a module that imports an analytics SDK or a
module of the project's own tracking code.  Each says why it
could not be resolved and what would resolve it: an annotation naming the
receiver's class, or a ``[[tool.tracklint.wrappers]]`` entry for a library's
function.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from linter.static.model import LooseCall
from linter.static.project import ProjectIndex
from linter.static.sdk_signatures import SDK_PACKAGES
from linter.static.summary import Ref
from linter.static.symbols import Symbols
from linter.static.targets import WrapperModel, is_project_name

_STDLIB = frozenset(sys.stdlib_module_names)
_TRACKING_WORDS = frozenset({"track", "tracking", "event", "events"})
# Words of an identifier: snake_case parts, camelCase humps.
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True, slots=True)
class UnresolvedCall:
    """A call that looks like tracking and was not checked: why, and what would resolve it.

    ``configuration`` is the ``[[tool.tracklint.wrappers]]`` entry that would make
    it checked, when configuring can (a function or method outside the project).
    """

    path: str
    line: int
    column: int
    callee: str
    reason: str
    hint: str
    configuration: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "callee": self.callee, "reason": self.reason, "hint": self.hint,
                "configuration": self.configuration}


def unresolved_calls(loose: Iterable[LooseCall], index: ProjectIndex,
                     models: Mapping[str, WrapperModel]) -> list[UnresolvedCall]:
    """The loose calls that look like tracking, each with its reason and remedy."""
    symbols = index.symbols()
    tracking = _tracking_names(models)
    verdicts: dict[str, bool] = {}
    found: list[UnresolvedCall] = []
    for call in loose:
        if not looks_like_tracking(call.method):
            continue
        if call.keys and all(_not_analytics(key) for key in call.keys):
            continue
        if call.path not in verdicts:
            verdicts[call.path] = _imports_tracking(index, call.path, symbols, tracking)
        if verdicts[call.path]:
            found.append(_explained(call, models))
    return sorted(found, key=lambda c: (c.path, c.line, c.column))


def looks_like_tracking(name: str) -> bool:
    """``track``, ``capture``, ``track_event``, ``logEvent``, ``send_events``.

    Not ``get`` or ``update`` (wrappers may have such names, so may dicts), nor
    ``capture_exception`` (error reporting).
    """
    lowered = [w.lower() for w in _WORD.findall(name)]
    return lowered == ["capture"] or any(w in _TRACKING_WORDS for w in lowered)


def _not_analytics(key: str) -> bool:
    """The standard library, or an SDK's other methods (``identify``...): known not to track."""
    head = key.split(".")[0]
    return head in _STDLIB or head in SDK_PACKAGES


def _tracking_names(models: Mapping[str, WrapperModel]) -> frozenset[str]:
    """The project's tracking code: every wrapper, and the classes and modules holding one."""
    names: set[str] = set()
    for name in models:
        parts = name.split(".")
        names.update(".".join(parts[:end]) for end in range(2, len(parts) + 1))
    return frozenset(names)


def _imports_tracking(index: ProjectIndex, path: str, symbols: Symbols,
                      tracking: frozenset[str]) -> bool:
    """Whether a module imports an analytics SDK or the project's tracking code (or is it)."""
    module = index.module_name(path).name
    if module in tracking:
        return True
    summary = index.modules.get(module)
    if summary is None:
        return False
    for binding in summary.bindings.values():
        if not isinstance(binding, Ref):
            continue
        target = binding.target
        head = target.split(".")[0]
        if head in SDK_PACKAGES and not is_project_name(symbols, head):
            return True
        if target in tracking or target.rpartition(".")[0] in tracking:
            return True
    return False


def _explained(call: LooseCall, models: Mapping[str, WrapperModel]) -> UnresolvedCall:
    event = call.event_at if call.event_at is not None else 0
    if call.keys:
        function = call.keys[0]
        return UnresolvedCall(
            call.path, call.line, call.column, call.callee,
            f"{function} is outside the project and is no SDK's tracking call",
            "if it sends an event, declare it as a wrapper (set event to the position or "
            "name of its event argument)", _wrapper_entry(function, event))
    receiver, dot, _ = call.callee.rpartition(".")
    subject = receiver if dot else call.callee
    classes = sorted({name.rpartition(".")[0] for name, model in models.items()
                      if name.rpartition(".")[2] == call.method and model.kind == "method"})
    configuration: str | None = None
    if classes:
        shown = " or ".join(classes)
        hint = (f"if {subject} is a {shown}, say so with an annotation (a parameter's or "
                f"the attribute's: `x: {classes[0].rpartition('.')[2]}`)")
    else:
        hint = ("annotate it with its class; if that class is outside the project, declare "
                "its method as a wrapper")
        configuration = _wrapper_entry(f"package.module.Class.{call.method}", event) \
            if dot else _wrapper_entry(f"package.module.{call.method}", event)
    what = "receiver" if dot else "function"
    return UnresolvedCall(call.path, call.line, call.column, call.callee,
                          f"the type of {subject} (the {what} called) is not known", hint,
                          configuration)


def _wrapper_entry(function: str, event: int | str) -> str:
    event_value = str(event) if isinstance(event, int) else f'"{event}"'
    return f'[[tool.tracklint.wrappers]]\nfunction = "{function}"\nevent = {event_value}'
