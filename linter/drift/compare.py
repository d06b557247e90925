"""Comparing what platforms send: value families and spellings.

Small pure functions shared by the analysis (which flags drift) and the
findings (which explain it), so both always agree on what counts as drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from linter.drift.model import PropertyDrift
from linter.plan.model import Property

#: Numeric JSON types compare as one family: a plan's ``number`` accepts both.
_FAMILIES: Final = {"integer": "number"}
_PLAN_FAMILIES: Final = {"string": "string", "datetime": "string", "integer": "number",
                         "number": "number", "boolean": "boolean", "array": "array",
                         "object": "object"}


def families(types: Iterable[tuple[str, int]]) -> frozenset[str]:
    """The value families a platform sends, without nulls: integers count as numbers."""
    return frozenset(_FAMILIES.get(kind, kind) for kind, count in types
                     if count and kind != "null")


def allowed_families(definition: Property | None) -> frozenset[str] | None:
    """The families the plan allows for a property, ``None`` when it allows any."""
    return families_for_type(definition.type if definition is not None else None)


def families_for_type(type_name: str | None) -> frozenset[str] | None:
    """The families a plan type name allows (``datetime`` is a string), ``None`` for any."""
    family = _PLAN_FAMILIES.get(type_name or "any")
    return frozenset({family}) if family else None


def case_variants(drift: PropertyDrift) -> dict[str, dict[str, list[str]]]:
    """String values spelled differently in case (``"Pro"``/``"pro"``), by platform.

    Only the values each platform's sketch kept are compared, which is enough:
    a spelling frequent enough to matter is guaranteed to be kept.
    """
    spellings: dict[str, dict[str, list[str]]] = {}
    for on in drift.platforms:
        for value in on.top_values:
            if isinstance(value.value, str) and not value.truncated:
                by_platform = spellings.setdefault(value.value.casefold(), {})
                by_platform.setdefault(on.platform, []).append(value.value)
    return {key: by_platform for key, by_platform in spellings.items()
            if len({v for values in by_platform.values() for v in values}) > 1}
