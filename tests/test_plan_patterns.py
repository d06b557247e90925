"""Plan patterns run in time linear in the value, in the plan's dialect (RE2 syntax).

A pattern runs on every event in production, on values chosen by whoever sends
them.  Patterns that make a backtracking engine take seconds on a few thousand
characters (Python's ``re`` needs about 24 s for ``\\d+\\d+X`` at 2,000) are shown
to run on RE2, whose time is linear in the value, each value matched once, with
the right answer; ``bench/bench_patterns.py`` measures them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from linter.diagnostics import TracklintError
from linter.events import EventObservation
from linter.plan.loader import load_plan
from linter.text import regex_engine
from linter.text.regex_engine import compile_plan_pattern, dialect_problem
from linter.validation.event_check import EventChecker

PLAN = """\
events:
  A Happened:
    properties:
      code: {{type: string, pattern: '{pattern}'}}
"""


def _checker(tmp_path: Path, pattern: str) -> EventChecker:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(pattern=pattern), encoding="utf-8")
    return EventChecker(load_plan(path))


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, int]]]:
    """Every value a plan pattern is matched on, by engine: (engine, pattern, length)."""
    calls: list[tuple[str, str, int]] = []

    def recording(engine: str, make: Callable[..., Callable[[str], bool]]
                  ) -> Callable[..., Callable[[str], bool]]:
        def compile_recorded(pattern: str, *args: Any) -> Callable[[str], bool]:
            search = make(pattern, *args)

            def recorded(value: str) -> bool:
                calls.append((engine, pattern, len(value)))
                return search(value)
            return recorded
        return compile_recorded

    monkeypatch.setattr(regex_engine, "_re2_search",
                        recording("re2", regex_engine._re2_search))
    monkeypatch.setattr(regex_engine, "_re_search", recording("re", regex_engine._re_search))
    compile_plan_pattern.cache_clear()
    yield calls
    compile_plan_pattern.cache_clear()


HOSTILE = [
    (r"\d+\d+X", "1" * 100_000, "1" * 100_000 + "X"),
    (r"^.*a.*a.*a.*b$", "a" * 100_000, "a" * 100_000 + "b"),
    (r"^(a+)+$", "a" * 100_000 + "!", "a" * 100_000),
]


@pytest.mark.parametrize(("pattern", "hostile", "matching"), HOSTILE)
def test_backtracking_patterns_run_on_the_linear_time_engine(
        pattern: str, hostile: str, matching: str) -> None:
    # RE2 never backtracks: its time is linear in the value for every pattern
    # (bench/bench_patterns.py measures these against Python's re).
    compiled = compile_plan_pattern(pattern)
    assert compiled.engine == "re2" and compiled.max_input is None
    assert not compiled.search(hostile) and compiled.search(matching)


@pytest.mark.parametrize("fast_path", [True, False])
@pytest.mark.parametrize(("pattern", "hostile", "matching"), HOSTILE)
def test_a_100k_value_is_matched_once_on_the_linear_time_engine(
        tmp_path: Path, engine_calls: list[tuple[str, str, int]], pattern: str, hostile: str,
        matching: str, fast_path: bool) -> None:
    checker = _checker(tmp_path, pattern)
    if not fast_path:
        checker = EventChecker(checker.plan, fast_path=False)
    engine_calls.clear()
    [diagnostic] = checker.check(EventObservation("A Happened", {"code": hostile}, "server"))
    assert diagnostic.code == "TL209" and "must match the pattern" in diagnostic.message
    assert [call for call in engine_calls if call[2]] == [("re2", pattern, len(hostile))]
    engine_calls.clear()
    assert checker.check(EventObservation("A Happened", {"code": matching}, "server")) == []
    assert [call for call in engine_calls if call[2]] == [("re2", pattern, len(matching))]


@pytest.mark.parametrize(("pattern", "words"), [
    (r"(?<=a)b", "lookahead or lookbehind"),
    (r"(?!a)b", "lookahead or lookbehind"),
    (r"(a)\1", "backreference"),
    (r"a\Z", "write \\z"),
    (r"(a)?(?(1)b|c)", "conditional"),
])
def test_patterns_outside_the_dialect_are_refused_when_the_plan_is_loaded(
        tmp_path: Path, pattern: str, words: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(pattern=pattern), encoding="utf-8")
    with pytest.raises(TracklintError) as raised:
        load_plan(path)
    [problem] = raised.value.diagnostics
    assert problem.code == "TL003" and problem.line == 4 and words in problem.message
    assert problem.path == str(path)


def test_a_pattern_in_a_schema_fragment_is_checked_and_runs_on_the_same_engine(
        tmp_path: Path, engine_calls: list[tuple[str, str, int]]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""\
events:
  A Happened:
    properties:
      tags:
        type: object
        schema:
          patternProperties: {'^(a+)+$': {type: integer}}
          additionalProperties: false
""", encoding="utf-8")
    checker = EventChecker(load_plan(path))
    hostile = "a" * 50_000 + "!"
    found = checker.check(EventObservation("A Happened", {"tags": {hostile: 1, "aaa": "x"}},
                                           "server"))
    assert sorted(d.code for d in found) == ["TL206", "TL207"]
    assert {engine for engine, pattern, length in engine_calls if length == len(hostile)} \
        == {"re2"}
    path.write_text(path.read_text().replace("'^(a+)+$'", "'(?<=a)b'"), encoding="utf-8")
    with pytest.raises(TracklintError) as raised:
        load_plan(path)
    assert "lookahead or lookbehind" in raised.value.diagnostics[0].message


def test_unevaluated_properties_with_pattern_properties_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""\
events:
  A Happened:
    properties:
      tags:
        type: object
        schema:
          patternProperties: {'^x': {type: integer}}
          unevaluatedProperties: false
""", encoding="utf-8")
    with pytest.raises(TracklintError) as raised:
        load_plan(path)
    [problem] = raised.value.diagnostics
    assert problem.code == "TL003" and problem.line == 8
    assert "unevaluatedProperties" in problem.message


def test_semantics_are_re2s_on_either_engine() -> None:
    cases: list[tuple[str, str, bool]] = [
        (r"^[A-Z]{3}$", "EUR", True),
        (r"^[A-Z]{3}$", "EUR\n", False),  # Python's $ would also match before the newline
        (r"^\d{3}$", "١٢٣", False),  # \d is ASCII, as in RE2
        (r"^\w+$", "été", False),
        (r"a\z", "xa", True),
        (r"^[a-z]+(_[a-z]+)*$", "snake_case_name", True),
    ]
    for pattern, value, expected in cases:
        assert compile_plan_pattern(pattern).search(value) is expected, (pattern, value)


def test_common_patterns_run_on_re_and_the_others_on_re2() -> None:
    assert compile_plan_pattern(r"^[A-Z]{3}$").engine == "re"
    assert compile_plan_pattern(r"^\d{4}-\d{2}-\d{2}$").engine == "re"
    assert compile_plan_pattern(r"^[a-z]+$").engine == "re2"
    assert compile_plan_pattern(r"[0-9]{3}").engine == "re2"  # not anchored: every start
    assert dialect_problem(r"^[a-z]+(_[a-z]+)*$") is None


def test_without_re2_patterns_still_run_where_they_are_safe(without_re2: Any,
                                                            tmp_path: Path) -> None:
    assert compile_plan_pattern(r"^[A-Z]{3}$").engine == "re"
    fallback = compile_plan_pattern(r"^[a-z]+$")
    assert fallback.engine.startswith("re (google-re2 is not installed")
    assert fallback.search("abc") and fallback.max_input == 10_000
    checker = _checker(tmp_path, r"^[a-z]+$")
    [diagnostic] = checker.check(EventObservation("A Happened", {"code": "a" * 20_000},
                                                  "server"))
    assert diagnostic.code == "TL209" and "without google-re2" in diagnostic.message
