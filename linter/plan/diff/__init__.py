"""Classifying the changes between two versions of a tracking plan.

A plan is a contract between the code that sends events and everyone who reads
them.  In CI, a reviewer needs to know which edits break that contract (a
payload that was valid under the old plan may be refused under the new one, or
something consumers rely on disappears) and which ones keep it, and whether the
plan's declared semantic ``version`` says so.  This module is pure: it compares
two :class:`~linter.plan.model.Plan` values and never reads files or git.

Conventions, chosen so the result does not depend on how the plan is written:

* Properties are compared after ``ref`` resolution, so editing a shared
  definition shows up on every event that uses it; the ``properties:`` section
  itself is not compared (it is not part of any payload).
* Platforms matter: a property made required on a platform the event is newly
  planned for is not breaking (nothing sends it there yet); made required on a
  platform that already sends the event is.
* A type change is breaking even when it widens (``integer`` to ``number``, or to
  ``any``): consumers read the property's type from the plan (warehouse columns,
  typed SDKs).  When the type changes, the rest of the definition is not
  compared, since every payload has to change anyway.
* A changed ``pattern``, ``format`` or raw ``schema`` counts as tightened: whether
  one regular expression accepts everything another one does cannot be decided
  in general, so tracklint is conservative.
"""

from __future__ import annotations

from linter.plan.diff.model import Bump, Classification, PlanChange
from linter.plan.diff.model import Value as Value
from linter.plan.diff.plan import diff_plans
from linter.plan.diff.versions import Version as Version
from linter.plan.diff.versions import (
    VersionVerdict,
    check_version,
    declared_bump,
    parse_version,
    suggest_bump,
)
from linter.plan.diff.versions import next_version as next_version

__all__ = [
    "Bump",
    "Classification",
    "PlanChange",
    "VersionVerdict",
    "check_version",
    "declared_bump",
    "diff_plans",
    "parse_version",
    "suggest_bump",
]
