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


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit.

    PyYAML composes nodes recursively; a 10,000-deep document would otherwise end
    in a RecursionError (or worse, a crash), so depth is counted and refused early.
    """

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose(text: str, display: str) -> Node | None:
    loader = _DepthLimitedLoader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        code = "TL005" if "levels deep" in problem else "TL002"
        raise _fail(display, line, column, code, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise _fail(display, 1, 1, "TL002", f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions.

    Aliases are expanded here, under a budget, so an alias bomb is refused after a
    bounded amount of work instead of exhausting memory.
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[PathKey, Position] = {}
        self.values = 0
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
        if isinstance(node, MappingNode):
            return self._mapping(node, key)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*key, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: MappingNode, key: PathKey) -> dict[str, Any]:
        self._refuse_duplicate_keys(node)
        # Resolve YAML merge keys (<<: *base).  PyYAML puts merged pairs first, so
        # "later wins" below gives explicit keys precedence, as YAML specifies.
        self._constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = self._key(key_node)
            child: PathKey = (*key, name)
            self.positions[child] = self._position(key_node)
            result[name] = self.build(value_node, child)
        return result

    def _refuse_duplicate_keys(self, node: MappingNode) -> None:
        """PyYAML silently keeps the last of two equal keys; a plan must not."""
        seen: dict[str, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
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
    """The plan files of a directory, in a deterministic order (sorted relative paths)."""
    found = [
        path for path in directory.rglob("*")
        if path.is_file()
        and path.suffix.lower() in (".yaml", ".yml", ".json")
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    ]
    yield from sorted(found, key=lambda path: path.relative_to(directory).as_posix())
