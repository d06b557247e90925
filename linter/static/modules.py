"""Mapping file paths to the dotted module names code imports them by.

A call's qualified name says ``app.analytics.mp``; the index must know which file
that is.  Names follow Python's own rule for packages: climb from the file while
directories hold an ``__init__.py``; the first directory without one is on
``sys.path``.  A project root (and its ``src/`` directory) given by the caller is
also a base, and the folders between a root and the first package give names
through namespace packages (no ``__init__.py``).  Names other than the first are
aliases, and an alias never shadows an analytics SDK: a file ``app/mixpanel.py`` in
a folder without ``__init__.py`` is not the ``mixpanel`` package.  Relative imports
are resolved against the importing module's name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from linter.static.sdk_signatures import SDK_PACKAGES

_SUFFIXES = (".pyi", ".py")


@dataclass(frozen=True, slots=True)
class ModuleName:
    """A file's module name; ``aliases`` are other names it is importable as."""

    name: str
    is_package: bool
    aliases: tuple[str, ...] = ()
    # Named only by its own folder, outside every import root: a root's module wins.
    outside: bool = False


def _strip_suffix(filename: str) -> str | None:
    for suffix in _SUFFIXES:
        if filename.endswith(suffix):
            return filename[: -len(suffix)]
    return None


def _dotted(parts: Sequence[str]) -> str | None:
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def module_name(path: str, roots: Sequence[str] = (),
                exists: Callable[[str], bool] = os.path.exists) -> ModuleName | None:
    """The module name of ``path`` (``None`` for a file that is not a Python module)."""
    absolute = os.path.abspath(path)
    directory, filename = os.path.split(absolute)
    stem = _strip_suffix(filename)
    if stem is None:
        return None
    is_package = stem == "__init__"
    tail = [] if is_package else [stem]
    package_dirs: list[str] = []
    while exists(os.path.join(directory, "__init__.py")):
        package_dirs.insert(0, os.path.basename(directory))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    walked = _dotted(package_dirs + tail)
    bases = _bases(roots)
    names: list[str | None] = []
    inside = False
    for base in bases:
        relative = os.path.relpath(os.path.dirname(absolute), base)
        if relative.startswith(os.pardir):
            continue
        parts = [] if relative == os.curdir else relative.split(os.sep)
        names.append(_dotted(parts + tail))
        inside = True
    # Inside a package, Python's rule wins; a loose file is named from the roots
    # first, since it may belong to a namespace package.
    names.insert(0 if package_dirs else len(names), walked)
    names.extend(_namespace_names(directory, package_dirs + tail, bases))
    found = [n for n in dict.fromkeys(names) if n]
    if not found:
        return None
    aliases = tuple(n for n in found[1:] if n.split(".")[0] not in SDK_PACKAGES)
    return ModuleName(found[0], is_package, aliases, not package_dirs and not inside)


def _namespace_names(directory: str, parts: list[str], bases: Sequence[str]) -> list[str]:
    """Names through namespace packages: the folders above the first regular package.

    ``packages/traceloop-sdk/traceloop/sdk/telemetry.py`` (``traceloop/`` without an
    ``__init__.py``) is imported as ``traceloop.sdk.telemetry`` once the distribution is
    installed.  Each folder with an identifier name above the package, up to a project
    root, gives one more name.
    """
    found: list[str] = []
    inside = [b for b in bases if directory == b or directory.startswith(b + os.sep)]
    while inside and directory not in inside:
        head = os.path.basename(directory)
        if not head.isidentifier():
            break
        parts = [head, *parts]
        dotted = _dotted(parts)
        if dotted is None:
            break
        found.append(dotted)
        directory = os.path.dirname(directory)
    return found


def _bases(roots: Iterable[str]) -> list[str]:
    bases: list[str] = []
    for root in roots:
        absolute = os.path.abspath(root)
        bases.extend([os.path.join(absolute, "src"), absolute])
    return bases


def resolve_relative(name: str, module: str, is_package: bool) -> str | None:
    """``..pkg.x`` seen in ``module`` as an absolute name (``None`` if it climbs too high)."""
    level = len(name) - len(name.lstrip("."))
    if level == 0:
        return name
    package = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(package):
        return None
    base = package[: len(package) - (level - 1)]
    rest = name[level:]
    return ".".join([*base, rest] if rest else base) or None
