"""One diagnostic for the records a report could not read, so a report never passes silently.

``validate`` reports each unreadable record (TL303) where it is; the reports
built from the same captures (``drift``, ``coverage``) count them and report
them once, with the first one quoted.
"""

from __future__ import annotations

from linter.diagnostics import Diagnostic
from linter.rules import RULES


def unreadable_records(count: int, first: str | None = None) -> Diagnostic | None:
    """TL303 for ``count`` records left out (``None`` when there are none)."""
    if not count:
        return None
    quoted = f"; the first: {first}" if first else ""
    were = "records could not be read and were" if count != 1 else "record could not be " \
        "read and was"
    return RULES["TL303"].diagnostic(
        f"{count:,} captured {were} left out{quoted}",
        hint="run 'tracklint validate' on the captures to see each one")
