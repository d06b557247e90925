"""Reading plan files safely, keeping the position of every value.

A plan author needs ``plan.yaml:12:7: ...``, not a traceback, so the loader keeps
a map from each value's path (``("events", "Order Completed", "owner")``) to its
position in the source.  Plans come from repositories and pull requests, so the
loader treats them as untrusted: safe YAML only (no Python object tags), and
bounded size, nesting depth and alias expansion.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from linter.diagnostics import Diagnostic, TracklintError
from linter.rules import RULES

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 500_000

PathKey = tuple[str | int, ...]

_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@dataclass(frozen=True, slots=True)
class Position:
    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One plan file: its data, as JSON-compatible Python values, and positions."""

    path: str
    data: Any
    positions: dict[PathKey, Position]

    def position(self, key: PathKey) -> Position:
        """The position of the value at ``key``, or of its nearest located parent."""
        for end in range(len(key), -1, -1):
            found = self.positions.get(key[:end])
            if found is not None:
                return found
        return Position(self.path, 1, 1)


def load_error(path: str, line: int, column: int, code: str, message: str,
               hint: str | None = None) -> Diagnostic:
    return RULES[code].diagnostic(message, path=path, line=line, column=column, hint=hint)


def read_source(path: Path, display: str) -> SourceDocument:
    """Read one YAML or JSON plan file; raise :class:`TracklintError` on any problem."""
    text = _read_text(path, display)
    if not text.strip():
        raise _fail(display, 1, 1, "TL001", "the plan file is empty",
                    "a plan file holds a mapping, for example 'events:' with the events")
    if path.suffix.lower() == ".json":
        _check_json_syntax(text, display)
    root = _compose(text, display)
    if root is None:
        raise _fail(display, 1, 1, "TL001", "the plan file is empty",
                    "a plan file holds a mapping, for example 'events:' with the events")
    builder = _Builder(display)
    data = builder.build(root, ())
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _fail(display, root.start_mark.line + 1, root.start_mark.column + 1, "TL003",
                    f"the plan file holds {kind}, not a mapping",
                    "a plan file starts with keys such as 'version:', 'platforms:' and 'events:'")
    return SourceDocument(display, data, builder.positions)


def _fail(path: str, line: int, column: int, code: str, message: str,
          hint: str | None = None) -> TracklintError:
    diagnostic = load_error(path, line, column, code, message, hint)
    return TracklintError(f"{path}:{line}:{column}: {message}", [diagnostic])


def _read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(display, 1, 1, "TL005",
                        f"the plan file is {size / 1_048_576:.1f} MB; the limit is "
                        f"{MAX_FILE_BYTES // 1_048_576} MB",
                        "split the plan into a directory of smaller files")
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(display, 1, 1, "TL001", f"cannot read the plan file: {error.strerror}",
                    "check the path given with --plan or in the configuration") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _fail(display, line, column, "TL001",
                    f"the plan file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                    "save the file as UTF-8") from None


def _check_json_syntax(text: str, display: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(display, error.lineno, error.colno, "TL002",
                    f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise _fail(display, 1, 1, "TL005",
                    f"the plan file is nested too deeply (more than {MAX_DEPTH} levels)") from None


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits on nesting and on the number of values.

    PyYAML composes nodes recursively; a 10,000-deep document would otherwise end
    in a RecursionError (or worse, a crash), so depth is counted and refused early.
    Values are counted as they are composed, so a file of millions of small values
    is refused before its nodes fill memory, not after.
    """

    depth = 0
    values = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        self.values += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=mark)
        if self.values > MAX_VALUES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _TooManyValues(problem=_too_many_values(), problem_mark=mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooManyValues(yaml.MarkedYAMLError):
    """The composer passed :data:`MAX_VALUES`."""


def _too_many_values() -> str:
    return f"the plan file holds more than {MAX_VALUES:,} values"


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                 yaml.AliasEvent)


def _count_values(text: str, display: str) -> None:
    """Refuse a file of too many values after a quick pass of libyaml's C parser.

    The pure-Python composer takes about 30 microseconds a value, so counting only
    there would still spend many seconds on a 10 MB file of tiny values; libyaml's
    parser counts them twenty times faster.  Its own syntax errors are left to the
    composer, which reports them in the same words as everywhere else.
    """
    if not yaml.__with_libyaml__:
        return
    count = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > MAX_VALUES:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise _fail(display, line, column, "TL005", _too_many_values(),
                                _TOO_MANY_HINT)
    except yaml.YAMLError:
        return


_TOO_MANY_HINT = "tracking plans never need this many values; split the file or remove " \
                 "generated data"


def _compose(text: str, display: str) -> Node | None:
    _count_values(text, display)
    try:
        loader = _LimitedLoader(text)
    except yaml.reader.ReaderError as error:
        raise _unreadable_character(text, display, error) from None
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        if isinstance(error, _TooManyValues):
            raise _fail(display, line, column, "TL005", problem, _TOO_MANY_HINT) from None
        code = "TL005" if "levels deep" in problem else "TL002"
        raise _fail(display, line, column, code, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise _fail(display, 1, 1, "TL002", f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def _unreadable_character(text: str, display: str,
                          error: yaml.reader.ReaderError) -> TracklintError:
    """A character YAML forbids (NUL, other control characters), at its line and column."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else 0
    return _fail(display, line, column, "TL002",
                 f"invalid YAML: the control character U+{code:04X} is not allowed in YAML",
                 "remove it; inside a double-quoted string it can be written as an escape "
                 "such as \\x00")


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions.

    Aliases and merge keys (``<<: *base``) are expanded here, under a budget of
    values and of depth, so an alias bomb, an alias that contains itself or a
    chain of thousands of aliases is refused after a bounded amount of work
    instead of exhausting memory or the stack.
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[PathKey, Position] = {}
        self.values = 0
        self.depth = 0
        self._open: set[int] = set()  # collections being built: an alias to one is a loop
        self._constructor = yaml.SafeLoader("")

    def build(self, node: Node, key: PathKey) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise self._error(node, "TL005",
                              f"the plan expands to more than {MAX_VALUES:,} values "
                              "(an alias expansion bomb?)",
                              "tracking plans never need this many values; remove the aliases")
        self.positions.setdefault(key, self._position(node))
        if not isinstance(node, ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise self._error(node, "TL002", f"invalid YAML: the tag {node.tag} is not allowed",
                              "plans may only use plain YAML values; tags such as "
                              "!!python/object are refused")
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self._open:
            raise self._error(node, "TL005", "an alias refers to the value that contains it "
                              "(a recursive alias)", "a plan is a tree: copy the values instead")
        if self.depth >= MAX_DEPTH:
            raise self._error(node, "TL005", f"the plan nests more than {MAX_DEPTH} levels "
                              "deep once its aliases are expanded",
                              "use fewer levels of aliases")
        self.depth += 1
        self._open.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, key)
            return [self.build(item, (*key, index)) for index, item in enumerate(node.value)]
        finally:
            self._open.discard(id(node))
            self.depth -= 1

    def _mapping(self, node: MappingNode, key: PathKey) -> dict[str, Any]:
        self._refuse_duplicate_keys(node)
        # YAML merge keys (<<: *base) first: the mapping's own keys take precedence,
        # and among merged mappings the first listed wins, as YAML specifies.
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                for source in self._merge_sources(value_node):
                    for name, value in self.build(source, key).items():
                        result.setdefault(name, value)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            name = self._key(key_node)
            child: PathKey = (*key, name)
            self.positions[child] = self._position(key_node)
            result.pop(name, None)
            result[name] = self.build(value_node, child)
        return result

    def _merge_sources(self, node: Node) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                kind = "a list" if isinstance(source, SequenceNode) else "a single value"
                raise self._error(source, "TL003",
                                  f"a merge key (<<) must be given a mapping or a list of "
                                  f"mappings, not {kind}",
                                  "write '<<: *name' where '&name' marks a mapping")
        return list(sources)

    def _refuse_duplicate_keys(self, node: MappingNode) -> None:
        """PyYAML silently keeps the last of two equal keys; a plan must not."""
        seen: dict[str, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            name = self._key(key_node)
            if name in seen:
                first = seen[name].start_mark
                raise self._error(
                    key_node, "TL004",
                    f"'{name}' is defined twice in this mapping "
                    f"(first at {self.display}:{first.line + 1}:{first.column + 1})",
                    "remove one of the two definitions")
            seen[name] = key_node

    def _key(self, node: Node) -> str:
        # The key's text as written: YAML 1.1 would turn a property called "on" or
        # "yes" into True, which is never what a plan author means.
        if not isinstance(node, ScalarNode) or node.value == "":
            raise self._error(node, "TL003", "a mapping key must be a plain name")
        return str(node.value)

    def _scalar(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise self._error(node, "TL003", "a mapping key must be a plain name")
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            raise self._error(node, "TL002", f"invalid YAML: {error.problem}",
                              "plans may only use plain YAML values; tags such as "
                              "!!python/object are refused") from None
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if isinstance(value, bytes):
            raise self._error(node, "TL003", "binary values are not allowed in a plan")
        return value

    def _position(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def _error(self, node: Node, code: str, message: str,
               hint: str | None = None) -> TracklintError:
        position = self._position(node)
        return _fail(position.path, position.line, position.column, code, message, hint)


def plan_files(directory: Path) -> Iterator[Path]:
    """The plan files of a directory, in a deterministic order (sorted relative paths).

    Hidden files and folders are left out.  A folder that cannot be listed is an
    error (TL001) naming it, never a silent gap in the plan, and a link to a
    missing file is kept so that reading it says so; links to folders are
    followed once.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    visited: set[str] = set()
    stack = [directory]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(RULES["TL001"].diagnostic(
                f"cannot read the plan folder: {error.strerror or error}", path=str(folder),
                hint="make the folder readable; the events defined in it are part of the "
                     "plan"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                stack.append(Path(entry.path))
            elif entry.name.lower().endswith((".yaml", ".yml", ".json")):
                found.append(Path(entry.path))
    if problems:
        raise TracklintError(f"{problems[0].path}: {problems[0].message}", problems)
    yield from sorted(found, key=lambda path: path.relative_to(directory).as_posix())


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
