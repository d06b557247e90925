"""Guarding the regular expressions of a tracking plan.

A ``pattern`` in a tracking plan runs in production on every event that carries
the property, so a pattern that backtracks catastrophically is a denial of
service waiting for one unlucky value.  This module

* checks a pattern once, at plan-lint time (:func:`check_pattern`): does it
  compile with Python's ``re``, and is it prone to exponential backtracking?
* wraps it for production use (:func:`compile_guarded`), refusing to run it on
  values longer than a bound so that a hostile value cannot stall the process.

JSON Schema ``pattern`` semantics are *search*, not *match*: ``"^[a-z]+$"``
must carry its own anchors, and ``"[a-z]"`` accepts any value containing a
lower-case letter.  :meth:`GuardedPattern.search` follows JSON Schema.

How the backtracking analysis works
-----------------------------------
Blow-ups need a repetition whose iterations can divide the same text in more
than one way; every iteration multiplies the ways, so a failing match tries
exponentially many.  Only a *quantified group* can repeat something that is
itself ambiguous, so each group that can repeat three times or more is analysed
on its own, innermost first.  A bounded group such as ``{1,5}`` is reported
with a polynomial cost, and never for overlapping alternatives, which then
cost at most 2^5 retries.  The rules:

1. *adjacent quantifiers* -- two unbounded quantifiers over overlapping
   characters, next to each other inside the loop: ``(\\d+\\d+)+``;
2. *exponential ambiguity* -- the loop can match some text along two different
   paths that start and end at the same point (a Glushkov automaton of the loop,
   with how many ways each transition can be taken, checked pairwise for a cycle
   through two distinct paths).  This is reported as a *nested quantifier* when
   the loop contains another repetition -- ``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``,
   ``(.*a)+`` -- and as *overlapping alternatives* otherwise: ``(a|a)*``,
   ``(\\d|\\w)+``;
3. *overlapping alternatives* written as plain text or character classes where
   one alternative matches a prefix of another: ``(a|ab)+``.  Python happens to
   cope with some of these, but the same plan is enforced by other engines, so
   the rule is deliberately conservative (``(\\.(com|co))+`` is flagged too).

The check on ambiguity, rather than on mere nesting, is what keeps common safe
patterns quiet: ``^[a-z]+(_[a-z]+)*$`` nests a quantifier, but the ``_`` makes
every split unique.  Python's own parser cannot be used on its own here because
it rewrites alternations (``(a|ab)`` becomes ``a(?:|b)`` and ``(\\d|\\w)``
becomes ``[\\d\\w]``), erasing the very ambiguity being looked for; groups and
alternatives are therefore split from the source text, and only the plain text
between them is handed to the parser (``re._parser`` on 3.11+, ``sre_parse`` on
3.10).  Characters are compared on a sample alphabet (Latin-1, Latin
Extended-A, a few other scripts, digits and spaces, plus every character in
the pattern), which is exact for the classes plan patterns use.
"""

from __future__ import annotations

from linter.text.regex_safety.checking import check_pattern
from linter.text.regex_safety.matcher import GuardedPattern, compile_guarded
from linter.text.regex_safety.problem import PatternProblem
from linter.text.regex_safety.problem import ProblemKind as ProblemKind

__all__ = ["GuardedPattern", "PatternProblem", "check_pattern", "compile_guarded"]
