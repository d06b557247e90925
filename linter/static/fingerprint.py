"""Stable digests: the same value gives the same digest in every process and every run.

Cached results are reused when what they were computed from has the same digest,
so a digest must not depend on anything but the value: not on ``hash()`` (salted
per process by PYTHONHASHSEED), not on the iteration order of sets, not on pickle
bytes (which follow both).  :func:`stable_digest` therefore walks the value and
feeds a canonical encoding to BLAKE2b: sets are sorted by the encoding of their
items, dicts keep their insertion order (deterministic for deterministic code),
dataclasses are encoded field by field with their class name.  A value of any
other type raises :class:`TypeError`, so nothing is ever cached under a digest
that might be wrong.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import sys
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import linter

_Out = Callable[[bytes], None]


def content_digest(data: bytes) -> str:
    """The digest of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def module_fingerprint(path: str, module: str, is_package: bool, content: str) -> str:
    """What a file's summary, facts and analyses are filed under: tool, path, name, bytes.

    The path is the spelling callers use (it appears in every reported position).
    """
    return stable_digest("module", tool_fingerprint(), path, module, is_package, content)


def stable_digest(*values: Any) -> str:
    """A digest of plain values (see the module docstring); TypeError for anything else."""
    state = hashlib.blake2b(digest_size=16)
    for value in values:
        _encode(value, state.update)
    return state.hexdigest()


def _encode(value: Any, out: _Out) -> None:
    if value is None or isinstance(value, bool):
        out(b"N" if value is None else b"T" if value else b"F")
    elif isinstance(value, enum.Enum):
        out(f"e{_type_name(value)}.{value.name};".encode())
    elif type(value) is int:
        out(b"i%d;" % value)
    elif type(value) is float:
        out(f"f{value!r};".encode())
    elif type(value) is str:
        _bytes(b"s", value.encode("utf-8", "surrogatepass"), out)
    elif type(value) is bytes:
        _bytes(b"b", value, out)
    elif type(value) in (list, tuple):
        out(b"l%d:" % len(value) if type(value) is list else b"t%d:" % len(value))
        for item in value:
            _encode(item, out)
    elif isinstance(value, set | frozenset):
        _set(value, out)
    elif isinstance(value, Mapping):
        out(b"d%d:" % len(value))
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _bytes(b"c", _type_name(value).encode(), out)
        for field in dataclasses.fields(value):
            _encode(getattr(value, field.name), out)
    else:
        _singleton(value, out)


def _bytes(tag: bytes, data: bytes, out: _Out) -> None:
    out(tag + b"%d:" % len(data))
    out(data)


def _set(value: set[Any] | frozenset[Any], out: _Out) -> None:
    """Sets are encoded in the order of their items' encodings, never in iteration order."""
    parts = []
    for item in value:
        chunks: list[bytes] = []
        _encode(item, chunks.append)
        parts.append(b"".join(chunks))
    out(b"S%d:" % len(parts))
    for part in sorted(parts):
        _bytes(b"", part, out)


def _singleton(value: Any, out: _Out) -> None:
    """Module-level singletons that pickle by name (such as ``UNKNOWN``)."""
    reduced = getattr(type(value), "__reduce__", None)
    name = reduced(value) if reduced is not None else None
    if not isinstance(name, str):
        raise TypeError(f"no stable digest for {type(value).__qualname__}")
    _bytes(b"g", f"{type(value).__module__}.{name}".encode(), out)


def _type_name(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """What cached results were computed by: tracklint's code, Python's and libcst's versions.

    The package's own source files are part of it, so a development checkout whose
    code changed without a version bump never reuses results of the old code.
    """
    state = hashlib.blake2b(digest_size=16)
    state.update(f"{linter.__version__}\0{sys.implementation.cache_tag}\0"
                 f"{sys.version_info[:3]}\0{_version('libcst')}\0".encode())
    package = Path(linter.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        state.update(str(path.relative_to(package)).encode() + b"\0")
        try:
            state.update(path.read_bytes())
        except OSError:
            state.update(b"unreadable")
    return state.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
