"""Wording: plan values and platform lists as they appear in messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linter.plan.model import Scalar


def _show(value: Any) -> str:
    """A plan value as the author wrote it in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _values(values: Sequence[Scalar]) -> str:
    return ", ".join(_show(value) for value in values)


def _platform_list(platforms: Sequence[str]) -> str:
    return ", ".join(f"'{platform}'" for platform in platforms)
