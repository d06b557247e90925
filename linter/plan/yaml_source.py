"""Reading a YAML plan file: the parser's events into plain data with positions.

Safe YAML only: a value is text, a number, a boolean, null, a date (kept as its
ISO text), a list or a mapping; any other tag (``!!python/object``...) is refused
where it is written.  Mapping keys are taken as written, since YAML 1.1 would
turn a property called ``on`` or ``yes`` into ``True``, which is never what a
plan author means.

Events come from libyaml's C parser when PyYAML has it, about twenty times faster
than PyYAML's own; no node tree is composed, the events go straight to the
:class:`~linter.plan.tree.TreeBuilder`.  A file libyaml refuses is read again
with PyYAML's parser, whose messages are the more precise ("found character
'\\t' that cannot start any token"), so an author gets the same words whether
or not libyaml is installed.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from linter.diagnostics import TracklintError
from linter.plan.tree import Subtree, TreeBuilder, fail

_STR: Final = "tag:yaml.org,2002:str"
_MAP: Final = "tag:yaml.org,2002:map"
_SEQ: Final = "tag:yaml.org,2002:seq"
_TAG_HINT: Final = ("plans may only use plain YAML values; tags such as !!python/object "
                    "are refused")
_SURROGATE_HINT: Final = "write the character itself, or its \\U escape (\\U0001F600)"
_RESOLVER: Final = yaml.resolver.Resolver()
_CONSTRUCTOR: Final = SafeConstructor()


def parse_yaml(text: str, display: str) -> TreeBuilder:
    """The data and positions of one YAML document; :class:`TracklintError` on any problem."""
    if yaml.__with_libyaml__:
        try:
            return _read(text, display, yaml.CSafeLoader)
        except yaml.YAMLError:
            pass  # described by PyYAML's parser, below
    try:
        return _read(text, display, yaml.SafeLoader)
    except yaml.reader.ReaderError as error:
        raise _unreadable_character(text, display, error) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "not YAML"
        raise fail(display, line, column, "TL002", f"invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise fail(display, 1, 1, "TL002", f"invalid YAML: {error}") from None


def events(text: str, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
           ) -> Iterator[Any]:
    """The parser's events for ``text``: the one place the reader meets the parser."""
    return yaml.parse(text, Loader=loader)


def _read(text: str, display: str,
          loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> TreeBuilder:
    tree = TreeBuilder(display, "YAML")
    anchors: dict[str, Subtree] = {}
    documents = 0
    for event in events(text, loader):
        kind = type(event)
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        if kind is ScalarEvent:
            if tree.wants_key:
                _key(tree, event, line, column, anchors)
            else:
                found = tree.scalar(_value(tree, event, line, column), line, column,
                                    event.anchor is not None)
                if found is not None:
                    found.text = event.value
                    _anchor(tree, anchors, event, found)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            _check_collection_tag(tree, event, line, column)
            open_ = tree.mapping if kind is MappingStartEvent else tree.sequence
            found = open_(line, column, event.anchor is not None)
            if found is not None:
                _anchor(tree, anchors, event, found)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            tree.end()
        elif kind is AliasEvent:
            _alias(tree, anchors, event, line, column)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise tree.error(line, column, "TL002", "invalid YAML: expected a single "
                                 "document in the stream, but found another document",
                                 "a plan file holds one document; remove the '---' line or "
                                 "split the file")
    return tree


def _key(tree: TreeBuilder, event: Any, line: int, column: int,
         anchors: dict[str, Subtree]) -> None:
    text = event.value
    if text == "<<" and event.implicit[0] and event.tag in (None, "!"):
        tree.merge_key(line, column)
        return
    if event.style == '"':
        tree.refuse_surrogates(text, line, column, _SURROGATE_HINT)
    tree.key(text, line, column)
    if event.anchor is not None:
        found = Subtree((), 0, 1, line, column)
        found.value = found.text = text
        found.end = 0
        _anchor(tree, anchors, event, found)


def _value(tree: TreeBuilder, event: Any, line: int, column: int) -> Any:
    """A scalar's value as YAML 1.1 resolves it, by PyYAML's safe constructors."""
    tag = event.tag
    text = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted, untagged: text
            if event.style == '"':
                tree.refuse_surrogates(text, line, column, _SURROGATE_HINT)
            return text
        tag = _RESOLVER.resolve(ScalarNode, text, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _STR:
        if event.style == '"':
            tree.refuse_surrogates(text, line, column, _SURROGATE_HINT)
        return text
    node = ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
    constructors: dict[Any, Any] = SafeConstructor.yaml_constructors
    constructor = constructors.get(tag, constructors[None])  # None: "no constructor" error
    try:
        value = constructor(_CONSTRUCTOR, node)
        if isinstance(value, types.GeneratorType):  # a collection's tag on a scalar
            generator, value = value, next(value)
            for _ in generator:
                pass
    except ConstructorError as error:
        raise tree.error(line, column, "TL002", f"invalid YAML: {error.problem}",
                         _TAG_HINT) from None
    except ValueError as error:  # an integer of more than 4,300 digits, say
        raise tree.error(line, column, "TL002", f"invalid YAML: {text[:40]!r} cannot be "
                         f"read as a number ({error})", "quote it to keep it as text") from None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        raise tree.error(line, column, "TL003", "binary values are not allowed in a plan")
    return value


def _check_collection_tag(tree: TreeBuilder, event: Any, line: int, column: int) -> None:
    tag = event.tag
    if tag is None or tag == "!" or tag == (_MAP if type(event) is MappingStartEvent else _SEQ):
        return
    raise tree.error(line, column, "TL002", f"invalid YAML: the tag {tag} is not allowed",
                     _TAG_HINT)


def _anchor(tree: TreeBuilder, anchors: dict[str, Subtree], event: Any,
            found: Subtree) -> None:
    name = event.anchor
    first = anchors.get(name)
    if first is not None:
        raise tree.error(found.line, found.column, "TL002",
                         f"invalid YAML: found duplicate anchor {name!r} (first at "
                         f"{tree.display}:{first.line}:{first.column})",
                         "give each anchor (&name) its own name")
    anchors[name] = found


def _alias(tree: TreeBuilder, anchors: dict[str, Subtree], event: Any, line: int,
           column: int) -> None:
    found = anchors.get(event.anchor)
    if found is None:
        raise tree.error(line, column, "TL002",
                         f"invalid YAML: found undefined alias {event.anchor!r}",
                         "define the anchor (&name) before the alias (*name) that uses it")
    if not tree.wants_key:
        tree.alias(found, line, column)
    elif found.text is None:
        raise tree.error(line, column, "TL003", "a mapping key must be a plain name",
                         "keys are names, not lists or mappings")
    else:
        tree.key(found.text, line, column)


def _unreadable_character(text: str, display: str,
                          error: yaml.reader.ReaderError) -> TracklintError:
    """A character YAML forbids (NUL, other control characters), at its line and column."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else 0
    return fail(display, line, column, "TL002",
                f"invalid YAML: the control character U+{code:04X} is not allowed in YAML",
                "remove it; inside a double-quoted string it can be written as an escape "
                "such as \\x00")
