"""Plain data with the position of every value, built from a parser's events under limits.

A plan author needs ``plan.yaml:12:7: ...``, not a traceback, so each value of a
plan file keeps its position: a map from the value's path (``("events", "Order
Completed", "owner")``) to its line and column.  Both syntaxes a plan is written in
feed one :class:`TreeBuilder`: the YAML reader from libyaml's event stream, the
JSON reader from its tokens.  What a plan file may hold is decided here, once and
in the same words for both: at most :data:`MAX_DEPTH` levels of nesting and
:data:`MAX_VALUES` values, no key twice in one mapping, no empty key, text that is
valid Unicode.  Plans come from repositories and pull requests, so the limits are
enforced while the file is read, before anything else walks its data.

The builder keeps no parse tree: each value goes straight into its container, so
reading costs one pass over the events and the memory the data itself takes.
YAML's anchors, aliases and merge keys are expanded here too, under the same
budget of values and depth, so an alias bomb or a recursive alias is refused
after a bounded amount of work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from linter.diagnostics import Diagnostic, TracklintError
from linter.rules import RULES

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 500_000

PathKey = tuple[str | int, ...]

TOO_MANY_HINT: Final = ("tracking plans never need this many values; split the file or "
                        "remove generated data")
_MERGE_HINT: Final = "write '<<: *name' where '&name' marks a mapping"
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Position:
    path: str
    line: int
    column: int


def load_error(path: str, line: int, column: int, code: str, message: str,
               hint: str | None = None) -> Diagnostic:
    return RULES[code].diagnostic(message, path=path, line=line, column=column, hint=hint)


def fail(path: str, line: int, column: int, code: str, message: str,
         hint: str | None = None) -> TracklintError:
    """The error that stops reading a plan file, with its one located diagnostic."""
    diagnostic = load_error(path, line, column, code, message, hint)
    return TracklintError(f"{path}:{line}:{column}: {message}", [diagnostic])


class Subtree:
    """A value marked with a YAML anchor: what an alias to it inserts.

    ``start`` and ``end`` delimit the positions recorded inside it in the
    builder's log, so an alias gets the positions of what it repeats.
    """

    __slots__ = ("column", "count", "end", "height", "line", "path", "start", "text",
                 "value")

    def __init__(self, path: PathKey, start: int, count: int, line: int, column: int) -> None:
        self.path = path
        self.start = start
        self.end = -1  # -1 while the value is still being read
        self.count = count  # while open: the builder's count of values before it
        self.height = 1
        self.line = line
        self.column = column
        self.value: Any = None
        self.text: str | None = None  # a scalar's text as written, for an alias used as a key


# What a frame is: a plain mapping or list, a mapping merged into its parent by a
# YAML merge key (<<: {...}), or the list of such mappings (<<: [*a, *b]).
_PLAIN, _MERGE_SOURCE, _MERGE_LIST = 0, 1, 2
_NO_KEY: Final = object()  # a mapping waiting for its next key
_MERGE: Final = object()  # the pending key of a mapping is the merge key (<<)


class _Frame:
    __slots__ = ("anchor", "height", "is_mapping", "key", "merged", "path", "role", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: PathKey, role: int) -> None:
        self.value: Any = value  # the dict or list being filled
        self.is_mapping = type(value) is dict
        self.path = path
        self.role = role
        self.key: Any = _NO_KEY
        self.height = 1
        self.merged: dict[str, Any] | None = None
        self.anchor: Subtree | None = None


class TreeBuilder:
    """Builds one document's data and positions from events, refusing what a plan must not hold.

    The reader calls :meth:`mapping` / :meth:`sequence` ... :meth:`end` around
    collections, :meth:`key` before each value of a mapping (while
    :attr:`wants_key` is true), :meth:`scalar` for every other value, and at the
    end :meth:`root`.  Lines and columns are 1-based.  Every refusal is a
    :class:`TracklintError` with one located diagnostic.
    """

    def __init__(self, display: str, syntax: str) -> None:
        self.display = display
        self.syntax = syntax
        self.positions: dict[PathKey, Position] = {}
        self.values = 0
        self.wants_key = False
        self._frame: _Frame | None = None
        self._stack: list[_Frame | None] = []
        self._root: Any = _NO_KEY
        self._merging = 0  # inside a merge source, the mapping's own keys take precedence
        self._log: list[tuple[PathKey, Position]] | None = None  # kept once an anchor exists

    # -- what readers call ------------------------------------------------------------

    def key(self, name: str, line: int, column: int) -> None:
        """The next key of the current mapping, as written."""
        frame = self._frame
        assert frame is not None
        self._count(line, column)
        if not name:
            raise self.error(line, column, "TL003", "a mapping key must be a plain name",
                             "give the key a name; an empty key means nothing in a plan")
        path = (*frame.path, name)
        if name in frame.value:
            first = self.positions[path]
            raise self.error(line, column, "TL004",
                             f"'{name}' is defined twice in this mapping (first at "
                             f"{self.display}:{first.line}:{first.column})",
                             "remove one of the two definitions")
        self._record(path, Position(self.display, line, column))
        frame.key = name
        self.wants_key = False

    def merge_key(self, line: int, column: int) -> None:
        """YAML's merge key (``<<``): the next value's keys join the current mapping."""
        frame = self._frame
        assert frame is not None
        self._count(line, column)
        frame.key = _MERGE
        self.wants_key = False

    def scalar(self, value: Any, line: int, column: int, anchor: bool = False
               ) -> Subtree | None:
        """A value that is no collection; with ``anchor``, the :class:`Subtree` to keep."""
        self.values += 1
        if self.values > MAX_VALUES:
            raise self._too_many(line, column)
        frame = self._frame
        if frame is not None and frame.is_mapping and frame.key is not _MERGE:
            frame.value[frame.key] = value
            frame.key = _NO_KEY
            self.wants_key = True
        elif frame is not None and frame.role != _MERGE_LIST and not frame.is_mapping:
            self._record((*frame.path, len(frame.value)), Position(self.display, line, column))
            frame.value.append(value)
        elif frame is not None:  # a merge key given a single value
            raise self.error(line, column, "TL003", "a merge key (<<) must be given a "
                             "mapping or a list of mappings, not a single value", _MERGE_HINT)
        else:
            self._root = value
            self._record((), Position(self.display, line, column))
        if not anchor:
            return None
        subtree = Subtree((), 0, 1, line, column)
        subtree.value, subtree.end = value, 0
        return subtree

    def mapping(self, line: int, column: int, anchor: bool = False) -> Subtree | None:
        return self._open({}, line, column, anchor)

    def sequence(self, line: int, column: int, anchor: bool = False) -> Subtree | None:
        return self._open([], line, column, anchor)

    def end(self) -> None:
        """The end of the innermost open collection."""
        frame = self._frame
        assert frame is not None
        value: Any = frame.value
        if frame.merged:
            own = value
            value = {name: item for name, item in frame.merged.items() if name not in own}
            value.update(own)
        parent = self._frame = self._stack.pop()
        if frame.role != _PLAIN:
            self._merging -= 1
        anchor = frame.anchor
        if anchor is not None:
            anchor.value, anchor.height = value, frame.height
            anchor.count = self.values - anchor.count
            assert self._log is not None
            anchor.end = len(self._log)
        if parent is None:
            self._root = value
            self.wants_key = False
            return
        parent.height = max(parent.height, frame.height + 1)
        if frame.role == _MERGE_SOURCE and parent.role == _MERGE_LIST:
            self._merge_into(self._merge_target(), value)
            self.wants_key = False
        elif frame.role == _MERGE_SOURCE:
            self._merge_into(parent, value)
            parent.key = _NO_KEY
            self.wants_key = True
        elif parent.is_mapping:
            if frame.role == _PLAIN:  # a merge list has merged its mappings already
                parent.value[parent.key] = value
            parent.key = _NO_KEY
            self.wants_key = True
        else:
            parent.value.append(value)
            self.wants_key = False

    def alias(self, subtree: Subtree, line: int, column: int) -> None:
        """A YAML alias: the anchored value again, with the positions inside it."""
        if subtree.end < 0:
            raise self.error(subtree.line, subtree.column, "TL005",
                             "an alias refers to the value that contains it (a recursive "
                             "alias)", "a plan is a tree: copy the values instead")
        self.values += subtree.count
        if self.values > MAX_VALUES:
            raise self.error(line, column, "TL005",
                             f"the plan expands to more than {MAX_VALUES:,} values (an alias "
                             "expansion bomb?)",
                             "tracking plans never need this many values; remove the aliases")
        frame = self._frame
        merging = frame is not None and (frame.role == _MERGE_LIST or (
            frame.is_mapping and frame.key is _MERGE))
        self._check_expanded_depth(subtree, line, column, 1 if merging else 0)
        if merging:
            if type(subtree.value) is not dict:
                kind = "a list" if type(subtree.value) is list else "a single value"
                raise self.error(line, column, "TL003", "a merge key (<<) must be given a "
                                 f"mapping or a list of mappings, not {kind}", _MERGE_HINT)
            target = self._merge_target()
            target.height = max(target.height, subtree.height + 1)
            self._merging += 1  # the mapping's own keys keep their own positions
            self._replay(subtree, target.path)
            self._merging -= 1
            self._merge_into(target, subtree.value)
            if frame is target:
                frame.key = _NO_KEY
                self.wants_key = True
            return
        if frame is None:
            raise self.error(line, column, "TL003", "the plan file holds only an alias")
        if frame.is_mapping:
            path = (*frame.path, frame.key)
            frame.value[frame.key] = subtree.value
            frame.key = _NO_KEY
            self.wants_key = True
        else:
            path = (*frame.path, len(frame.value))
            self._record(path, Position(self.display, line, column))
            frame.value.append(subtree.value)
        frame.height = max(frame.height, subtree.height + 1)
        self._replay(subtree, path)

    def root(self) -> Any:
        """The document's value; the builder's sentinel when the document held none."""
        return self._root

    @property
    def empty(self) -> bool:
        return self._root is _NO_KEY

    def refuse_surrogates(self, text: str, line: int, column: int, hint: str) -> None:
        """Refuse text holding half of a character (an escape of a lone surrogate).

        Text decoded from UTF-8 holds none, so readers call this only for text
        written with escapes.  Such a string cannot be written out again
        (every report of it would fail), so the plan file is refused where it is.
        """
        found = None if text.isascii() else _SURROGATE.search(text)
        if found is not None:
            raise self.error(line, column, "TL002",
                             f"invalid {self.syntax}: the text holds half of a character "
                             f"(a lone surrogate \\u{ord(found.group()):04x}), which is not "
                             "valid Unicode", hint)

    def error(self, line: int, column: int, code: str, message: str,
              hint: str | None = None) -> TracklintError:
        return fail(self.display, line, column, code, message, hint)

    # -- inside -----------------------------------------------------------------------

    def _open(self, value: dict[str, Any] | list[Any], line: int, column: int,
              anchor: bool) -> Subtree | None:
        self._count(line, column)
        if len(self._stack) >= MAX_DEPTH:
            raise self.error(line, column, "TL005",
                             f"the plan file is nested more than {MAX_DEPTH} levels deep",
                             "tracking plans need a few levels; flatten the structure")
        parent = self._frame
        role = _PLAIN
        if parent is None:
            path: PathKey = ()
            self._record(path, Position(self.display, line, column))
        elif parent.is_mapping:
            if parent.key is _NO_KEY:
                raise self.error(line, column, "TL003", "a mapping key must be a plain name",
                                 "keys are names, not lists or mappings")
            if parent.key is _MERGE:
                path = parent.path
                role = _MERGE_SOURCE if type(value) is dict else _MERGE_LIST
            else:
                path = (*parent.path, parent.key)
        elif parent.role == _MERGE_LIST:
            if type(value) is not dict:
                raise self.error(line, column, "TL003", "a merge key (<<) must be given a "
                                 "mapping or a list of mappings, not a list", _MERGE_HINT)
            path, role = parent.path, _MERGE_SOURCE
        else:
            path = (*parent.path, len(parent.value))
            self._record(path, Position(self.display, line, column))
        if role != _PLAIN:
            self._merging += 1
        frame = _Frame(value, path, role)
        self._stack.append(parent)
        self._frame = frame
        self.wants_key = frame.is_mapping
        if not anchor:
            return None
        if self._log is None:
            self._log = []
        frame.anchor = Subtree(path, len(self._log), self.values - 1, line, column)
        return frame.anchor

    def _count(self, line: int, column: int) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self._too_many(line, column)

    def _too_many(self, line: int, column: int) -> TracklintError:
        return self.error(line, column, "TL005",
                          f"the plan file holds more than {MAX_VALUES:,} values", TOO_MANY_HINT)

    def _record(self, path: PathKey, position: Position) -> None:
        if self._merging:
            self.positions.setdefault(path, position)
        else:
            self.positions[path] = position
        if self._log is not None:
            self._log.append((path, position))

    def _replay(self, subtree: Subtree, path: PathKey) -> None:
        """Record, under ``path``, the positions recorded inside an anchored value."""
        if subtree.end <= subtree.start:
            return
        assert self._log is not None
        cut = len(subtree.path)
        for inner, position in self._log[subtree.start:subtree.end]:
            self._record((*path, *inner[cut:]), position)

    def _merge_target(self) -> _Frame:
        """The mapping a merge key belongs to (the parent of a merge list)."""
        frame = self._frame
        assert frame is not None
        if frame.role == _MERGE_LIST:
            frame = self._stack[-1]
            assert frame is not None
        return frame

    def _merge_into(self, target: _Frame, source: dict[str, Any]) -> None:
        """YAML merge precedence: the first merged mapping wins, the target's own keys over all."""
        if target.merged is None:
            target.merged = {}
        for name, item in source.items():
            target.merged.setdefault(name, item)

    def _check_expanded_depth(self, subtree: Subtree, line: int, column: int,
                              extra: int) -> None:
        depth = len(self._stack) + 1 + extra  # where the alias's value starts
        if depth + subtree.height - 1 > MAX_DEPTH:
            raise self.error(line, column, "TL005",
                             f"the plan nests more than {MAX_DEPTH} levels deep once its "
                             "aliases are expanded", "use fewer levels of aliases")
