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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from linter.diagnostics import Diagnostic
from linter.static.deferred import deferred_names
from linter.static.modules import resolve_relative
from linter.static.summary import ModuleSummary, Ref, getattr_literal, recorded_names


@functools.lru_cache(maxsize=64)
def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def may_contain(text: str, words: frozenset[str]) -> bool:
    """False only when no vocabulary word occurs anywhere in the text.

    Python reads identifiers in NFKC form (a fullwidth ``track`` is ``track``), so a
    text that is not ASCII is searched in that form too: the word test never rejects
    a file whose tree calls a vocabulary word.
    """
    if not words:
        return False
    pattern = _pattern(words)
    if pattern.search(text) is not None:
        return True
    return not text.isascii() and pattern.search(unicodedata.normalize("NFKC", text)) is not None


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
    if isinstance(node, ast.Call) and _last_name(node.func) == "partial" and node.args:
        return _last_name(node.args[0])  # ``functools.partial(track, user)``
    named = getattr_literal(node) if node is not None else None
    return None if named is None else named[1]  # ``getattr(obj, "track")``


def called_names(tree: ast.Module) -> set[str]:
    """The last name of every callee: ``a.b.track(...)`` → ``track``, of every function
    a call defers (``send.delay(...)`` → ``send``, ``submit(track, ...)`` → ``track``),
    and of every decorator (``@send_telemetry``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _last_name(node.func)
            if name is not None:
                names.add(name)
            names.update(deferred_names(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.update(_decorator_names(node))
    return names


def _decorator_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterable[str]:
    """``@send_telemetry``: a decorator is called on the function it decorates."""
    return (name for d in node.decorator_list if (name := _last_name(d)) is not None)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the prefilter needs to know about one file, small enough to keep for every file.

    The index keeps these for every project file (and caches them by content), so
    deciding that a file cannot contain a tracking call needs neither its text nor
    its tree again.  ``called`` is None for a file only libcst could parse (the word
    test then decides); ``alias_pairs`` pairs each local name that may stand for
    something else with the last name of that thing, so :meth:`aliases` gives what
    :func:`aliases` gives, for any vocabulary.  ``imports`` names the modules the
    file imports where it runs (module level, class bodies), ``local_imports`` those
    imported inside functions (``local_names`` the names these bind): what a check
    of some files follows to the modules their names resolve into.  ``diagnostic``
    says why a file cannot be read at all.  ``path`` and ``digest`` are the spelling
    and the bytes the facts hold for; ``fingerprint`` is that of the file's summary.
    """

    path: str
    digest: str
    fingerprint: str
    called: frozenset[str] | None = None
    alias_pairs: tuple[tuple[str, str], ...] = ()
    diagnostic: Diagnostic | None = None
    # What the summary can be looked up by (:func:`~linter.static.summary.recorded_names`).
    recorded_calls: frozenset[str] = frozenset()
    imports: tuple[str, ...] = ()
    local_imports: tuple[str, ...] = ()
    local_names: frozenset[str] = frozenset()

    def calls_local_import(self) -> bool:
        """Whether a function calls what it imports itself (``from app import track``)."""
        return self.called is not None and not self.called.isdisjoint(self.local_names)

    def aliases(self, words: frozenset[str]) -> frozenset[str]:
        return frozenset(local for local, target in self.alias_pairs if target in words)

    def callees(self, words: frozenset[str]) -> frozenset[str]:
        """The names a candidate call's callee may end in, in this file."""
        return words | self.aliases(words)

    def candidate(self, words: frozenset[str], text: str | None = None) -> bool:
        """Whether the file may call a vocabulary word (``text`` decides if ``called`` is None)."""
        if self.diagnostic is not None:
            return False
        if self.called is None:
            return text is not None and may_contain(text, words)
        return not self.called.isdisjoint(self.callees(words))


_FUNCTIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})
# Nodes with nothing the walk looks for inside: names, constants, and the operator and
# context singletons (``Load``, ``Add``...) that every expression holds.
_LEAVES = frozenset({ast.Name, ast.Constant, *ast.expr_context.__subclasses__(),
                     *ast.operator.__subclasses__(), *ast.boolop.__subclasses__(),
                     *ast.unaryop.__subclasses__(), *ast.cmpop.__subclasses__()})


_NOT_NODES = frozenset({"ctx", "op", "ops", "id", "arg", "attr", "name", "asname", "module",
                        "level", "kind", "type_comment", "is_async", "lineno", "names"})
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes the walk looks into: not ``ctx`` or
    ``op``, not identifiers, and not an import's names (an import is not looked into)."""
    found = _CHILD_FIELDS.get(kind)
    if found is None:
        found = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _NOT_NODES)
    return found


def file_facts(path: str, digest: str, fingerprint: str, tree: ast.Module | None,
               summary: ModuleSummary | None, module: str = "", is_package: bool = False
               ) -> FileFacts:
    """The facts of a parsed file, from one walk of its tree (``module`` names it, for
    relative imports)."""
    if tree is None:
        return FileFacts(path, digest, fingerprint)
    called: set[str] = set()
    pairs: list[tuple[str, str]] = []
    imports: dict[str, None] = {}
    local_imports: dict[str, None] = {}
    local_names: set[str] = set()
    # (node, inside a function): a stack of its own, not ast.walk's generators (slower).
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, local = stack.pop()
        if isinstance(node, ast.Call):
            name = _last_name(node.func)
            if name is not None:
                called.add(name)
            called.update(deferred_names(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            called.update(_decorator_names(node))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            pairs.extend((a.asname, a.name.rsplit(".", 1)[-1]) for a in node.names if a.asname)
            (local_imports if local else imports).update(
                dict.fromkeys(imported_modules(node, module, is_package)))
            if local:
                local_names.update(a.asname or a.name.split(".")[0] for a in node.names)
            continue
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
            target = _last_name(node.value)
            if target is not None:
                names = node.targets if isinstance(node, ast.Assign) else [node.target]
                pairs.extend((t.id, target) for t in names if isinstance(t, ast.Name))
        kind = type(node)
        inner = local or kind in _FUNCTIONS or (kind is ast.If and _is_main_block(node))
        for field in _child_fields(kind):
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend((item, inner) for item in value if type(item) not in _LEAVES
                             and isinstance(item, ast.AST))
            elif value is not None and type(value) not in _LEAVES and isinstance(value, ast.AST):
                stack.append((value, inner))
    if summary is not None:
        pairs.extend((name, binding.target.rsplit(".", 1)[-1])
                     for name, binding in summary.bindings.items() if isinstance(binding, Ref))
    recorded = recorded_names(summary) if summary is not None else frozenset()
    return FileFacts(path, digest, fingerprint, frozenset(called), tuple(dict.fromkeys(pairs)),
                     imports=tuple(imports),
                     local_imports=tuple(m for m in local_imports if m not in imports),
                     local_names=frozenset(local_names), recorded_calls=recorded)


def _is_main_block(node: ast.AST) -> bool:
    """``if __name__ == "__main__":``: what it imports runs only when the file is a script."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    return (isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def imported_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool
                     ) -> list[str]:
    """What an import statement may load: ``from a import b`` is ``a``, or the module ``a.b``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        base = resolve_relative("." * node.level + base, module, is_package) or ""
    if not base:
        return []
    return [base, *(f"{base}.{a.name}" for a in node.names if a.name != "*")]
