"""Plan regexes: invalid and backtracking-prone patterns, and the guarded matcher."""

from __future__ import annotations

import dataclasses
import re
import sys
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from linter.text.regex_safety import (
    GuardedPattern,
    PatternProblem,
    check_pattern,
    compile_guarded,
)

needs_311 = pytest.mark.skipif(sys.version_info < (3, 11),
                               reason="possessive quantifiers and atomic groups need 3.11")

# -- invalid -------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["^[a-z+$", "(abc", "*a", "a{3,1}", "(?P<x>a)(?P<x>b)",
                                     r"\1(a)"])
def test_patterns_python_cannot_compile_are_invalid(pattern: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None
    assert problem.kind == "invalid"
    assert problem.message.startswith("invalid regular expression: ")
    assert problem.position is not None and 0 <= problem.position <= len(pattern)
    assert problem.fragment == pattern[problem.position:problem.position + 20]
    assert problem.rule is None


def test_invalid_pattern_position_points_at_the_error() -> None:
    problem = check_pattern("^[a-z+$")
    assert problem is not None
    assert (problem.position, problem.fragment) == (1, "[a-z+$")
    assert "unterminated character set" in problem.message


def test_an_absurd_repeat_count_is_invalid_not_a_crash() -> None:
    problem = check_pattern("a{99999999999}")
    assert problem is not None and problem.kind == "invalid"


# -- backtracking: the textbook catastrophes -----------------------------------------

TEXTBOOK = [
    # (a) a repetition inside a repetition, splitting the same text many ways
    (r"(a+)+", "nested-quantifier"),
    (r"^(a+)+$", "nested-quantifier"),
    (r"(a*)*", "nested-quantifier"),
    (r"(?:a+)+", "nested-quantifier"),
    (r"([a-zA-Z]+)*", "nested-quantifier"),
    (r"^(\w+\s?)*$", "nested-quantifier"),
    (r"(.*a)+", "nested-quantifier"),
    (r"(a{1,2})+", "nested-quantifier"),
    (r"(a+){1,100}", "nested-quantifier"),   # a large bound is as bad as none
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", "nested-quantifier"),  # OWASP "Java class name"
    (r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}"
     r"(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$", "nested-quantifier"),  # OWASP e-mail
    (r"^(https?://)?([\da-z.-]+)\.([a-z.]{2,6})([/\w .-]*)*/?$", "nested-quantifier"),
    # (b) alternatives of a repeated group that can match the same text
    (r"(a|a)*", "overlapping-alternation"),
    (r"(a|ab)+", "overlapping-alternation"),
    (r"(a|aa)+", "overlapping-alternation"),
    (r"(\d|\w)+", "overlapping-alternation"),
    (r"^(\d|\w)+$", "overlapping-alternation"),
    # (c) neighbouring unbounded repetitions over overlapping characters
    (r"(\d+\d+)+", "adjacent-quantifiers"),
    (r"(x\d+\d+y)+", "adjacent-quantifiers"),
    (r"((\d+)(\d+))+", "adjacent-quantifiers"),
]


@pytest.mark.parametrize(("pattern", "rule"), TEXTBOOK)
def test_known_catastrophic_patterns_are_flagged(pattern: str, rule: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None, pattern
    assert problem.kind == "backtracking"
    assert problem.rule == rule


def test_message_names_the_offending_fragment_and_its_position() -> None:
    problem = check_pattern(r"^(a+)+$")
    assert problem == PatternProblem(
        "backtracking", "nested quantifier: (a+)+ can take exponential time on input that "
        "almost matches", "(a+)+", 1, "nested-quantifier")
    assert str(problem) == problem.message


def test_the_innermost_offending_group_is_reported() -> None:
    problem = check_pattern(r"^x((a+)+y)+$")
    assert problem is not None
    assert (problem.fragment, problem.position) == ("(a+)+", 3)


def test_a_loop_too_large_for_the_ambiguity_check_still_gets_the_simpler_rules() -> None:
    problem = check_pattern("(" + "|".join([r"\w"] * 60) + ")+")
    assert problem is not None and problem.rule == "overlapping-alternation"


def test_named_alternatives_appear_in_the_message() -> None:
    problem = check_pattern(r"^(a|ab)+$")
    assert problem is not None
    assert "'a' and 'ab'" in problem.message
    assert problem.fragment == "(a|ab)+"


def test_ambiguity_python_optimises_away_is_still_flagged() -> None:
    # CPython rewrites (\d|\w) into the class [\d\w] and (a|ab) into a(?:|b), so
    # these happen to run fast in Python -- but not in other engines that enforce
    # the same plan.  The analysis must look at the pattern as written.
    for pattern in (r"^(\d|\w)+$", r"^(a|ab)+$", r"^(a|a)+$"):
        assert check_pattern(pattern) is not None, pattern


def test_a_small_bound_is_reported_as_polynomial() -> None:
    problem = check_pattern(r"^(\w+\s?){1,5}$")
    assert problem is not None and problem.rule == "nested-quantifier"
    assert "polynomial time of degree 5" in problem.message


@pytest.mark.parametrize("pattern", [
    r"^(a+){2}$",      # at most two iterations: quadratic, like .*.*
    r"^(a|a){3}$",     # 2^3 ways is harmless
    r"^(a|ab){3}$",
])
def test_small_bounds_that_cannot_blow_up_are_not_flagged(pattern: str) -> None:
    assert check_pattern(pattern) is None


@pytest.mark.parametrize("pattern", [
    r"(?=(a+)+b)",            # inside a lookahead
    r"(?i:(A|a))+",           # alternatives equal once case is ignored
    r"(?i)x(A|a)+",
    r"(?s:(.|\n)+)",          # "." matches newlines under DOTALL
    "(?x) ( a + ) +  # spaces and comments in verbose mode",
    r"\((a|a)+\)",            # escaped parentheses are not groups
    "(中|中)+",               # characters outside the sample alphabet
    r"(?a:(\w+)+)",           # scoped ASCII flag
])
def test_flags_scopes_and_escapes_are_understood(pattern: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None and problem.kind == "backtracking", pattern


def test_flags_change_the_verdict() -> None:
    assert check_pattern(r"(A|a)+") is None
    assert check_pattern(r"(?i)(A|a)+") is not None
    assert check_pattern(r"(.|\n)+") is None
    assert check_pattern(r"(?s)(.|\n)+") is not None


@needs_311
@pytest.mark.parametrize("pattern", [r"(a++)+", r"(?>a+)+", r"(a+)++"])
def test_possessive_and_atomic_repetitions_do_not_backtrack(pattern: str) -> None:
    assert check_pattern(pattern) is None


# -- backtracking: no false alarms on safe patterns ----------------------------------

SAFE = [
    r"^[a-z0-9_]+$",
    r"^\d{4}-\d{2}-\d{2}$",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    r"^(pro|free|enterprise)$",
    r"^[A-Z]{2}$",
    r"^https?://\S+$",
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$",
    r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$",
    # nested repetition made unambiguous by a separator: typical plan patterns
    r"^[a-z]+(_[a-z]+)*$",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    r"^[A-Z][a-z]+( [A-Z][a-z]+)*$",
    r"^([a-z0-9-]+\.)+[a-z]{2,}$",
    r"^(\d+)(,\d+)*$",
    r"^(\w+\s)*\w+$",
    r"^(\d{1,3}\.){3}\d{1,3}$",
    r"^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4})$",
    r"^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$",
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
    r"^#(?:[0-9a-fA-F]{3}){1,2}$",
    r"^\+?[1-9]\d{1,14}$",
    # the official semver regex
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    # alternatives that differ early are not ambiguous
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(,(Mon|Tue|Wed|Thu|Fri|Sat|Sun))*$",
    r"^(ab|cd)+$",
    r"^(a|b|c)+$",
    r"(a?)+",
    r"(.|\n)+",
    r"[(](a|b)+[)]",          # parentheses in a class are not groups
    r"[]|(]+",
    r"^[](a|a)*]$",           # a leading "]" is part of the class, so this is one class
    r"a(?#comment: ( [ |)b",  # nor are they in a comment
    r"^(\d{4})+$",
]


@pytest.mark.parametrize("pattern", SAFE)
def test_common_safe_patterns_are_not_flagged(pattern: str) -> None:
    assert check_pattern(pattern) is None


def test_backreferences_and_conditionals_are_analysed_without_crashing() -> None:
    assert check_pattern(r"(a)(?P<n>b)(\1\2|x)+") is None
    assert check_pattern(r"(?P<q>['\"])[^'\"]*(?P=q)") is None
    problem = check_pattern(r"(a)?(?(1)(a|a)+|b)")
    assert problem is not None and problem.fragment == "(a|a)+"


TOKENS = ["a", "b", "ab", ".", r"\d", r"\w", r"\s", "[ab]", "[^a]", "[]a]", "(", "(", "(?:",
          "(?P<g>", "(?=", "(?<=a)", "(?>", "(?i:", ")", ")", "|", "*", "+", "?", "{2}",
          "{1,3}", "{2,}", "{,}", "{}", "*?", "++", "^", "$", r"\1", "(?P=g)", "(?#c)",
          r"\(", " ", "#", "\n", "(?x)", "(?(1)a|b)"]


# Most random token strings are not valid patterns (unbalanced groups) and are
# filtered out; on a busy machine that trips Hypothesis's filter and speed health
# checks, which say nothing about the analysis under test.
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14))
def test_any_pattern_python_compiles_is_analysed_without_crashing(tokens: list[str]) -> None:
    pattern = "".join(tokens)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 3.10: flags not at the start
            re.compile(pattern)
    except (re.error, OverflowError, RecursionError):
        assume(False)
    problem = check_pattern(pattern)
    assert problem is None or problem.kind == "backtracking"


def test_results_are_frozen_and_cached() -> None:
    problem = check_pattern(r"(a+)+")
    assert problem is check_pattern(r"(a+)+")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.message = "fine"  # type: ignore[misc, union-attr]


# -- the guarded matcher -------------------------------------------------------------


def test_guarded_search_has_json_schema_semantics() -> None:
    # JSON Schema's pattern is an unanchored search, not a full match
    assert compile_guarded("[a-z]").search("123a") is True
    assert compile_guarded("^[a-z]+$").search("abc1") is False
    assert compile_guarded("^[a-z]+$").search("abc") is True
    assert compile_guarded("b").search("abc") is True


def test_values_longer_than_the_bound_are_not_checked() -> None:
    guarded = compile_guarded("^[a-z]+$", max_input=5)
    assert guarded.search("abcde") is True
    assert guarded.search("abcdef") is None
    assert guarded.search("") is False
    assert compile_guarded("x").max_input == 10_000


def test_the_bound_keeps_a_catastrophic_pattern_from_running() -> None:
    guarded = compile_guarded(r"^(a+)+$", max_input=20)
    assert guarded.problem is not None and guarded.problem.rule == "nested-quantifier"
    # 2^24 backtracking steps if it ran; the bound answers "not checked" at once
    assert guarded.search("a" * 24 + "!") is None
    assert guarded.search("aaa") is True


def test_compile_guarded_reports_problems_and_rejects_invalid_patterns() -> None:
    assert compile_guarded("^[a-z]+$").problem is None
    with pytest.raises(re.error):
        compile_guarded("^[a-z+$")
    with pytest.raises(ValueError):
        compile_guarded("a", max_input=-1)


def test_compile_guarded_is_cached_for_per_value_calls() -> None:
    first = compile_guarded(r"^\d+$")
    assert isinstance(first, GuardedPattern)
    assert compile_guarded(r"^\d+$") is first
    assert compile_guarded(r"^\d+$", max_input=3) is not first
