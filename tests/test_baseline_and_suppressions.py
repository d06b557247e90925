"""Adopting tracklint on legacy code: baselines and inline ignore comments."""

from __future__ import annotations

import pytest

from linter.baseline import new_since_baseline, read_baseline, write_baseline
from linter.diagnostics import Diagnostic, TracklintError
from linter.fixing import apply_fixes, fixes_of
from linter.suppressions import (
    find_suppressions,
    ignore_comments,
    unused_suppressions,
    without_suppressed,
)


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


def test_a_lone_carriage_return_ends_a_line_for_ignore_comments_too():
    source = 'x = 1\rmp.track(uid, "Oops")  # tracklint: ignore[TL201]\n'
    assert ignore_comments(source) == {2: frozenset({"TL201"})}
    assert ignore_comments('def f(:\rmp.track(uid, "Oops")  # tracklint: ignore\n') == {
        2: frozenset({"*"})}


def test_rule_names_in_ignore_comments_stand_for_their_codes():
    assert ignore_comments("x  # tracklint: ignore[unplanned-property]\n") == {
        1: frozenset({"TL206"})}


def unused(source: str, found: list[Diagnostic]) -> list[Diagnostic]:
    return unused_suppressions("app/a.py", find_suppressions(source), found,
                               source.splitlines())


def test_ignore_comments_that_suppress_nothing_are_reported_with_a_fix():
    source = (
        'mp.track(uid, "Oops")  # tracklint: ignore[TL201, TL206]\n'
        'mp.track(uid, "Fine")  # tracklint: ignore\n'
        'mp.track(uid, "Oops")  # tracklint: ignore\n'
        'mp.track(uid, "Oops")  # tracklint: ignore[TL201]\n'
    )
    problems = unused(source, [diag(1), diag(3), diag(4)])
    assert [(d.code, d.line, d.column, d.end_column, d.message) for d in problems] == [
        ("TL901", 1, 51, 56, "unused code in ignore comment: TL206"),
        ("TL901", 2, 24, 43, "unused ignore comment: nothing here is reported"),
    ]
    fixed, count = apply_fixes(source, fixes_of(problems))
    assert count == 2
    assert fixed.splitlines()[:2] == ['mp.track(uid, "Oops")  # tracklint: ignore[TL201]',
                                      'mp.track(uid, "Fine")']


def test_an_unknown_code_gets_a_did_you_mean_and_its_fix_keeps_the_rest():
    source = ('mp.track(uid, "Oops")  # noqa: E501  # tracklint: ignore[TL2O1, TL999, TL201]'
              '  (legacy)\n')
    problems = unused(source, [diag(1)])
    assert [(d.message, d.hint) for d in problems] == [
        ("unknown code in ignore comment: TL2O1", "did you mean 'TL201'?"),
        ("unknown code in ignore comment: TL999", "run 'tracklint rule' to list the codes"),
    ]
    fixed, _ = apply_fixes(source, fixes_of(problems))
    assert fixed == ('mp.track(uid, "Oops")  # noqa: E501  # tracklint: ignore[TL201]'
                     '  (legacy)\n')


def test_a_comment_on_its_own_line_is_removed_with_its_line():
    source = 'if x:\n    # tracklint: ignore[TL201]\n    mp.track(uid, "Fine")\n'
    fixed, count = apply_fixes(source, fixes_of(unused(source, [])))
    assert (fixed, count) == ('if x:\n    mp.track(uid, "Fine")\n', 1)


def test_a_comment_for_a_rule_this_run_does_not_select_is_still_used():
    source = 'mp.track(uid, f"Oops {x}")  # tracklint: ignore[TL211]\n'
    assert unused(source, [diag(1, code="TL211")]) == []


def test_a_reworded_message_does_not_unbaseline_a_violation(tmp_path):
    path = tmp_path / "baseline.json"
    before = Diagnostic(code="TL207", message="'price' must be a number, got a string '9.99'",
                        path="app/a.py", line=3, event="Order Completed", pointer="/price",
                        source_line='mp.track(u, "Order Completed", {"price": "9.99"})',
                        args={"subject": "'price'", "expected": "a number"})
    write_baseline(path, [before])
    reworded = before.at(message="price: expected a number, found text '9.99'", line=9,
                         args={"subject": "the property 'price'", "expected": "number"})
    assert new_since_baseline([reworded], read_baseline(path)) == []
    other_property = reworded.at(pointer="/tax")
    assert new_since_baseline([other_property], read_baseline(path)) == [other_property]


def test_baseline_paths_are_relative_to_the_configuration_folder(tmp_path, monkeypatch):
    backend = tmp_path / "backend"
    (backend / "app").mkdir(parents=True)
    path = backend / "baseline.json"
    monkeypatch.chdir(backend)
    write_baseline(path, [diag(10)], root=backend)
    assert read_baseline(path).version == 2
    monkeypatch.chdir(tmp_path)
    from_git_root = diag(12).at(path="backend/app/a.py")
    assert new_since_baseline([from_git_root], read_baseline(path), backend) == []


def test_a_version_1_baseline_still_matches_until_it_is_rewritten(tmp_path):
    import hashlib
    import json

    old = diag(10)
    parts = ["app/a.py", old.code, old.event or "", old.message, 'mp.track(uid, "Oops")']
    legacy = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"tool": "tracklint", "version": 1,
                                "entries": [{"fingerprint": legacy}]}))
    assert new_since_baseline([diag(20)], read_baseline(path)) == []
