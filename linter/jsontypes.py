"""The JSON type of a decoded value, named as JSON Schema names it, and JSON text.

Shared by every part that talks about values (checking, drift, payload reading),
so "integer" versus "number" and "array" versus "list" mean the same everywhere;
and by every part that writes a JSON document (reports, baselines, inventories).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any, Final

#: Deeper than this, a value is not taken for plain JSON: real payloads are shallow, and
#: a structure deeper than this is almost certainly a mistake (or a self-reference).
MAX_DEPTH: Final = 64

_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def json_text(document: Any, **options: Any) -> str:
    """``document`` as JSON text: other characters as they are, lone surrogates escaped.

    A string from a payload or a source literal can hold half of a character (a
    lone surrogate, ``"\\ud83d"``: an emoji cut in two).  Written as it is, it
    cannot be encoded, and a report would stop mid-document; written as its
    ``\\u`` escape, the document is valid JSON that reads back as the same string.
    ``options`` are :func:`json.dumps`'s.
    """
    text = json.dumps(document, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def json_type(value: Any) -> str:
    """``null``, ``boolean``, ``integer``, ``number``, ``string``, ``array`` or ``object``;
    for a value JSON cannot hold, the name of its Python type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (half an emoji), which UTF-8 cannot encode."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def is_plain_json(value: Any, depth: int = 0) -> bool:
    """True when every JSON encoder sends ``value`` unchanged: exact JSON types (no
    subclasses), finite numbers, valid Unicode, string keys, no deeper than
    :data:`MAX_DEPTH` (counting from ``depth``).  Cycles exceed the depth.

    The runtime guard asks it of every event an application sends, so a scalar
    in a container is looked at in the container's loop, with no call of its own.
    """
    kind = type(value)
    if kind is dict:
        if depth >= MAX_DEPTH:
            return False
        for key in value:
            if type(key) is not str or (not key.isascii() and _SURROGATE.search(key)):
                return False
        return _plain_items(value.values(), depth)
    if kind is list:
        return depth < MAX_DEPTH and _plain_items(value, depth)
    if kind is str:
        return value.isascii() or not _SURROGATE.search(value)
    if kind is int or kind is bool or value is None:
        return True
    return kind is float and _finite(value)


def _plain_items(items: Iterable[Any], depth: int) -> bool:
    """The items of a container at ``depth``, each plain JSON: scalars looked at here,
    with no call of their own, containers by :func:`is_plain_json` one level down."""
    for item in items:
        kind = type(item)
        if kind is str:
            if not item.isascii() and _SURROGATE.search(item):
                return False
        elif kind is float:
            if not _finite(item):
                return False
        elif (kind is not int and kind is not bool and item is not None
              and not is_plain_json(item, depth + 1)):
            return False
    return True


_finite: Final = math.isfinite
