"""The file-facts walk skips what cannot hold a call, and misses no call for it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from linter.static.prefilter import called_names, file_facts
from linter.static.source import load
from linter.static.summary import summarize

CORPUS = Path(__file__).parent / "corpus"

# Calls in every place an expression can be: the walk's skipped fields must hide none.
EVERYWHERE = '''\
@deco_a(b())
class K(base_c(), metaclass=meta_d()):
    field: ann_e() = default_f()

    def m(self, x=default_g(), *a: ann_h(), k: ann_i() = default_j(), **kw) -> ret_k():
        lambda y=default_l(): body_m(y)
        [comp_n(i) for i in iter_o() if cond_p(i)]
        {key_q(): value_r() for _ in ()}
        x[index_s()][lower_t():upper_u()]
        f"{fmt_v()!r:{spec_w()}}"
        (*star_x(), *[])
        not_y() or and_z() and -neg_a() + bin_b() < cmp_c() in cmp_d()
        value_e() if test_f() else else_g()
        assert assert_h(), message_i()
        del del_j()[0]
        global G
        with ctx_k() as (t, u):
            raise raise_l() from cause_m()
        try:
            pass
        except exc_n() as e:
            await await_o()
        for v in for_p():
            yield yield_q()
        while while_r():
            aug_s().total += aug_t()
        match subject_u():
            case {"k": [1, *rest]} if guard_v():
                (walrus := walrus_w())
        return getattr(obj, "track_x")(1)
'''


def _facts_called(path: str, code: str) -> frozenset[str] | None:
    source = load(path, code.encode())
    assert source.tree is not None
    summary = summarize(source, "app.mod", False)
    return file_facts(path, "digest", "fp", source.tree, summary, "app.mod", False).called


def test_every_call_is_found_wherever_it_is() -> None:
    called = _facts_called("k.py", EVERYWHERE)
    assert called == called_names(ast.parse(EVERYWHERE))
    expected = set(re.findall(r"\b([a-z]+_[a-z])\(", EVERYWHERE)) | {"track_x"}
    assert len(expected) >= 45
    assert expected <= (called or frozenset())


@pytest.mark.parametrize("step", [0, 1, 2, 3])
def test_the_walk_finds_what_a_full_walk_finds_on_the_corpus(step: int) -> None:
    files = sorted(CORPUS.rglob("*.py"))[step::4]
    for path in files:
        code = path.read_text(encoding="utf-8")
        assert _facts_called(str(path), code) == called_names(ast.parse(code)), path
