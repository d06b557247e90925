"""Which diagnostics a run reports, and at what severity.

Selection is applied after checking, in one place, so every command (plan
check, check, validate) honours ``--select``/``--ignore``, per-file ignores and
severity overrides the same way.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from linter.diagnostics import Diagnostic, Severity
from linter.files import project_path
from linter.rules import RULES, expand_selectors


@dataclass(frozen=True, slots=True)
class RuleSelection:
    """The enabled codes (``None``: every rule enabled by default) and adjustments.

    ``per_file_ignores`` patterns match paths relative to ``root``, the folder of
    the configuration that holds them (as in ruff), whatever the current folder.
    """

    select: frozenset[str] | None = None
    extend_select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, frozenset[str]] = field(default_factory=dict)
    root: Path | None = None

    def enabled(self, code: str) -> bool:
        if code in self.ignore:
            return False
        if code in self.extend_select:
            return True
        if self.select is not None:
            return code in self.select
        info = RULES.get(code)
        return info.enabled_by_default if info else True

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Keep the selected diagnostics, at the severity the configuration gives their code.

        A diagnostic comes with its rule's severity, or with the one its finding
        calls for (TL212: a value an SDK only converts is a warning); only a
        configured override changes it.  Loading errors (TL0xx) and inputs that
        could not be checked (TL301-303) are never dropped: hiding them would
        hide that nothing was checked.
        """
        kept: list[Diagnostic] = []
        for diagnostic in diagnostics:
            if not _always_reported(diagnostic.code) and (
                    not self.enabled(diagnostic.code) or self._ignored_in_file(diagnostic)):
                continue
            # Rules stamp their own severity (a few depend on the finding); only the
            # configuration's overrides change it here.
            level = self.severity.get(diagnostic.code)
            kept.append(diagnostic if level in (None, diagnostic.severity)
                        else diagnostic.at(severity=level))
        return kept

    def _ignored_in_file(self, diagnostic: Diagnostic) -> bool:
        if not diagnostic.path or not self.per_file_ignores:
            return False
        path = project_path(diagnostic.path, self.root)
        return any(
            diagnostic.code in codes and _glob_match(path, pattern)
            for pattern, codes in self.per_file_ignores.items()
        )


def expand_cli_selectors(values: Iterable[str]) -> set[str]:
    """Codes of ``--select``-style values: comma-separated or repeated codes, prefixes, names.

    An unknown selector raises ``ValueError`` naming it, with the closest code or
    rule name when one is close (:func:`~linter.rules.expand_selectors`).
    """
    return expand_selectors(part.strip() for value in values for part in value.split(","))


def _always_reported(code: str) -> bool:
    return code.startswith("TL0") or code in ("TL301", "TL302", "TL303")


def _glob_match(path: str, pattern: str) -> bool:
    """Match a file glob against a path, relative or absolute, like ruff's per-file-ignores."""
    pattern = pattern.rstrip("/")
    return (fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, f"*/{pattern}")
            or fnmatch.fnmatch(path, f"{pattern}/*") or fnmatch.fnmatch(path, f"*/{pattern}/*"))
