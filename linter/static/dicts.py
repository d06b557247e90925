"""Dicts built in code: which keys they hold, where each key is written, what else may be in.

Properties are dicts (``{"plan": p}``, ``dict(plan=p)``, a local built before the
call and grown with ``d["k"] = v``, ``d.update({...})``, ``d.setdefault("k", v)``),
and so are the ``**kwargs`` a call spreads.  A :class:`DictReader` reads such a dict
into its known entries, each with the node of its key and of its value, and the
expressions whose keys cannot be known (``**other``, ``d.update(other)``, a use of
the variable that may change it): those may add keys, so the known entries are not
all of them, but they are kept as what a reader of the code sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Assignment

from linter.static.view import FileView, Position

_MAX_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Entry:
    """One key of a dict: its name, the node naming it, and its value."""

    key: str
    key_node: cst.CSTNode
    value: cst.BaseExpression


@dataclass(slots=True)
class DictContent:
    """The known entries of a dict, in order (a later one wins), and what else may add keys.

    ``unknown`` holds the expressions spread into it or merged into it whose keys are
    not known here (they may be constant dicts of other modules); ``opaque`` is set
    when something else may change it (it is passed to a function, a key is computed).
    """

    entries: list[Entry] = field(default_factory=list)
    unknown: list[cst.BaseExpression] = field(default_factory=list)
    opaque: bool = False

    def add(self, entry: Entry) -> None:
        self.entries = [e for e in self.entries if e.key != entry.key]
        self.entries.append(entry)

    def extend(self, other: DictContent) -> None:
        for entry in other.entries:
            self.add(entry)
        self.unknown.extend(other.unknown)
        self.opaque = self.opaque or other.opaque

    @property
    def complete(self) -> bool:
        return not self.unknown and not self.opaque


class DictReader:
    """Reads dict expressions of one file; ``key_of`` turns a key expression into a string."""

    def __init__(self, view: FileView,
                 key_of: Callable[[cst.BaseExpression], str | None]) -> None:
        self.view = view
        self.key = key_of

    def read(self, node: cst.BaseExpression, until: cst.CSTNode | None,
             depth: int = 0) -> DictContent | None:
        """The content of a dict expression read at ``until`` (None: not a dict built here)."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.Dict):
            return self._display(node, until, depth)
        if isinstance(node, cst.Call) and "builtins.dict" in self.view.qualified_names(
                node.func):
            return self._dict_call(node, until, depth)
        if isinstance(node, cst.Name) and self.view.is_local(node):
            return self._local(node, until, depth)
        return None

    def _part(self, node: cst.BaseExpression, until: cst.CSTNode | None,
              depth: int) -> DictContent:
        """A spread part: read when it is a dict built here, else its keys are unknown."""
        found = self.read(node, until, depth + 1)
        return found if found is not None else DictContent(unknown=[node])

    def _display(self, node: cst.Dict, until: cst.CSTNode | None, depth: int) -> DictContent:
        content = DictContent()
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                content.extend(self._part(element.value, until, depth))
                continue
            key = self.key(element.key)
            if key is None:
                content.opaque = True
            else:
                content.add(Entry(key, element.key, element.value))
        return content

    def _dict_call(self, node: cst.Call, until: cst.CSTNode | None, depth: int) -> DictContent:
        content = DictContent()
        for arg in node.args:
            if arg.keyword is not None:
                content.add(Entry(arg.keyword.value, arg.keyword, arg.value))
            elif arg.star in ("", "**"):
                content.extend(self._part(arg.value, until, depth))
            else:
                content.opaque = True
        return content

    def _local(self, node: cst.Name, until: cst.CSTNode | None,
               depth: int) -> DictContent | None:
        """A local dict: its creation, then what is done to it before it is read.

        ``d["k"] = v``, ``d.update(...)`` and ``d.setdefault("k", v)`` add keys; any
        other use of the variable in between (``helper(d)``) may add any.
        """
        assignment = self.view.single_assignment(node)
        value = None if assignment is None else self.view.assigned_value(assignment)
        if assignment is None or value is None:
            return None
        content = self.read(value, until, depth + 1)
        if content is None:
            return None
        start = self.view.start(value)
        end = self.view.start(until) if until is not None else self.view.start(node)
        used = self._stores(assignment, start, end, content)
        used |= self._method_calls(assignment, start, end, content, until, depth)
        for access in assignment.references:
            if access.node is not node and access.node not in used and \
                    start < self.view.start(access.node) < end:
                content.opaque = True
        return content

    def _stores(self, assignment: Assignment, start: Position, end: Position,
                content: DictContent) -> set[cst.CSTNode]:
        used: set[cst.CSTNode] = set()
        for store in self.view.facts.stores:
            if not start < self.view.start(store.statement) < end:
                continue
            referents = self.view.referents(store.name)
            if not referents or assignment not in referents:
                continue
            used.add(store.name)
            key = self.key(store.key)
            if key is None:
                content.opaque = True
            else:
                content.add(Entry(key, store.key, store.value))
        return used

    def _method_calls(self, assignment: Assignment, start: Position, end: Position,
                      content: DictContent, until: cst.CSTNode | None,
                      depth: int) -> set[cst.CSTNode]:
        """``d.update(...)`` and ``d.setdefault(k, v)`` between creation and reading."""
        used: set[cst.CSTNode] = set()
        targets = {a.node for a in assignment.references}
        for call, _ in self.view.facts.calls:
            func = call.func
            if not (isinstance(func, cst.Attribute) and func.value in targets
                    and func.attr.value in ("update", "setdefault")
                    and start < self.view.start(call) < end):
                continue
            used.add(func.value)
            if func.attr.value == "update":
                content.extend(self._dict_call(call, until, depth + 1))
                continue
            key = self.key(call.args[0].value) if len(call.args) == 2 else None
            if key is None:
                content.opaque = True
            elif all(e.key != key for e in content.entries):
                content.add(Entry(key, call.args[0].value, call.args[1].value))
        return used
