"""Cheap tests that keep files without tracking calls away from libcst metadata.

Metadata resolution costs several times the parse (see ``bench/bench_static_finder.py``),
so it is only paid for files that may contain a call.  Every call the finder can
report ends in a known name: an SDK method (``track``, ``capture``, ``import_data``)
or a wrapper's function name.  That name is in the text even when the call uses an
alias (``from app.analytics import track_event as te`` names it in the import).
So: (1) a regular expression over the text finds no such word, or (2) CPython's tree
has no call whose callee ends in such a word (or in an alias of one) → the file
cannot contain a call, and is never resolved.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable

from linter.static.summary import ModuleSummary, Ref


@functools.lru_cache(maxsize=64)
def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def may_contain(text: str, words: frozenset[str]) -> bool:
    """False only when no vocabulary word occurs anywhere in the text."""
    return bool(words) and _pattern(words).search(text) is not None


def last_names(qualified_names: Iterable[str]) -> frozenset[str]:
    return frozenset(name.rsplit(".", 1)[-1] for name in qualified_names)


def aliases(tree: ast.Module, summary: ModuleSummary | None, words: frozenset[str]
            ) -> frozenset[str]:
    """Local names that stand for a vocabulary word (``import ... as``, ``x = track_event``)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(a.asname for a in node.names
                         if a.asname and a.name.rsplit(".", 1)[-1] in words)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and \
                _last_name(node.value) in words:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(t.id for t in targets if isinstance(t, ast.Name))
    if summary is not None:
        found.update(name for name, binding in summary.bindings.items()
                     if isinstance(binding, Ref) and binding.target.rsplit(".", 1)[-1] in words)
    return frozenset(found)


def _last_name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def called_names(tree: ast.Module) -> set[str]:
    """The last name of every callee: ``a.b.track(...)`` → ``track``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names
