"""Adopting tracklint on legacy code: baselines and inline ignore comments."""

from __future__ import annotations

import pytest

from linter.baseline import new_since_baseline, read_baseline, write_baseline
from linter.diagnostics import Diagnostic, TracklintError
from linter.suppressions import ignore_comments, without_suppressed


def diag(line: int, code: str = "TL201", source: str = 'mp.track(uid, "Oops")',
         call_line: int | None = None) -> Diagnostic:
    return Diagnostic(code=code, message="event 'Oops' is not in the tracking plan",
                      path="app/a.py", line=line, column=5, event="Oops", source_line=source,
                      call_line=call_line)


def test_baseline_survives_unrelated_line_shifts(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, [diag(10)])
    shifted = diag(14)
    assert new_since_baseline([shifted], read_baseline(path)) == []


def test_a_second_copy_of_a_baselined_mistake_is_new(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, [diag(10)])
    assert new_since_baseline([diag(10), diag(30)], read_baseline(path)) == [diag(30)]


def test_a_different_mistake_on_the_same_line_is_new(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, [diag(10)])
    other = diag(10, code="TL206")
    assert new_since_baseline([other], read_baseline(path)) == [other]


@pytest.mark.parametrize("content", ["", "[]", "{\"entries\": 3}", "not json"])
def test_broken_baseline_is_a_configuration_error(tmp_path, content):
    path = tmp_path / "baseline.json"
    path.write_text(content)
    with pytest.raises(TracklintError) as caught:
        read_baseline(path)
    assert caught.value.diagnostics[0].code == "TL006"


def test_missing_baseline_says_how_to_create_it(tmp_path):
    with pytest.raises(TracklintError) as caught:
        read_baseline(tmp_path / "nope.json")
    assert "--write-baseline" in (caught.value.diagnostics[0].hint or "")


def test_ignore_comments_by_code_and_bare():
    source = (
        'mp.track(uid, "Oops")  # tracklint: ignore[TL201]\n'
        'mp.track(uid, "Oops")  # tracklint: ignore[TL206, tl205]\n'
        'mp.track(uid, "Oops")  # tracklint: ignore\n'
        'x = "# tracklint: ignore"\n'
        'mp.track(uid, "Oops")\n'
    )
    comments = ignore_comments(source)
    assert comments == {1: frozenset({"TL201"}), 2: frozenset({"TL206", "TL205"}),
                        3: frozenset({"*"})}
    kept = without_suppressed([diag(n) for n in range(1, 6)], comments)
    assert [d.line for d in kept] == [2, 4, 5]


def test_ignore_comment_on_the_first_line_of_a_multi_line_call():
    source = 'mp.track(  # tracklint: ignore[TL206]\n    uid,\n    "E",\n    {"x": 1},\n)\n'
    kept = without_suppressed([diag(4, code="TL206", call_line=1)], ignore_comments(source))
    assert kept == []


def test_ignore_comments_in_a_file_tokenize_rejects():
    source = 'def f(:\n    mp.track(uid, "Oops")  # tracklint: ignore\n'
    assert ignore_comments(source) == {2: frozenset({"*"})}
