"""Scope analysis with the finder's traversal folded in: the same scopes as ScopeProvider."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, Scope, ScopeProvider

from linter.static import scopes as scopes_module
from linter.static.scopes import resolve_scopes

CORPUS = Path(__file__).parent / "corpus"

SOURCES = {
    "globals, closures and comprehensions": (
        "import os\nfrom app import track as t\nCLIENT = None\n\n"
        "def init():\n    global CLIENT\n    CLIENT = os.environ\n\n"
        "def outer(x):\n    y = [x for x in range(3)]\n"
        "    def inner():\n        nonlocal y\n        return t(y, x)\n    return inner\n"),
    "classes and string annotations": (
        "from typing import Optional\nclass K:\n    client: 'Optional[K]' = None\n"
        "    def m(self, other: 'K') -> 'K':\n        return self.client or other\n"),
    "walrus, lambda and match": (
        "if (n := len(a)) > 1:\n    f = lambda v, w=n: v + w\n"
        "match n:\n    case {'k': v}:\n        print(v)\n"),
}


class _Calls(cst.BatchableCSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _described(scope: Scope | None, node: cst.CSTNode) -> object:
    if scope is None:
        return None
    names = sorted((q.name, q.source.name) for q in scope.get_qualified_names_for(node))
    accesses = sorted(len(a.referents) for a in scope.accesses[node]) \
        if isinstance(node, cst.Name) else []
    return type(scope).__name__, names, accesses


def _assert_same_scopes(code: str) -> int:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
    calls = _Calls()
    scopes = resolve_scopes(module, calls)
    assert len(scopes) == len(expected)
    compared = 0
    for node, scope in expected.items():
        if node in scopes and isinstance(node, cst.Name | cst.Attribute):
            assert _described(scopes[node], node) == _described(scope, node), cst.Module(
                []).code_for_node(node)
            compared += 1
    everything = _Calls()
    cst.visit_batched(module, [everything])
    assert calls.calls == everything.calls  # the visitor saw every node, in order
    return compared


@pytest.mark.parametrize("code", list(SOURCES.values()), ids=list(SOURCES))
def test_scopes_equal_scope_provider(code: str) -> None:
    assert _assert_same_scopes(code) > 5


def test_scopes_equal_scope_provider_on_the_corpus() -> None:
    files = sorted(CORPUS.rglob("*.py"))[::5]  # ScopeProvider, the reference, is slow
    assert len(files) > 30
    assert sum(_assert_same_scopes(f.read_text(encoding="utf-8")) for f in files) > 3_000


def test_a_libcst_without_the_internals_gets_the_same_scopes_its_public_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The folded traversal reads two of libcst's internals; a libcst that changes
    them is detected at import and served by MetadataWrapper, with the same result."""
    assert scopes_module._FOLDS  # this libcst folds
    monkeypatch.setattr(scopes_module, "_FOLDS", False)
    for code in SOURCES.values():
        assert _assert_same_scopes(code) > 5
