"""The JSON type of a decoded value, named as JSON Schema names it.

Shared by every part that talks about values (checking, drift, payload reading),
so "integer" versus "number" and "array" versus "list" mean the same everywhere.
"""

from __future__ import annotations

from typing import Any


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
