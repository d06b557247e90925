"""Finding the JSON Schema documents that define the plan format.

They live in the top-level ``schemas/`` folder of the source tree and are shipped
inside the wheel as ``linter/_schemas``; an installed tracklint, far from the
source tree, must find them all the same.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

PLAN_SCHEMA = "tracking-plan.schema.json"


def schema_directory() -> Path:
    """The folder holding the plan-format schemas, installed or in a checkout."""
    shipped = Path(str(resources.files("linter"))) / "_schemas"
    if (shipped / PLAN_SCHEMA).is_file():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if (checkout / PLAN_SCHEMA).is_file():
        return checkout
    raise FileNotFoundError(
        f"tracklint's {PLAN_SCHEMA} is missing from {shipped} and {checkout}; "
        "reinstall tracklint")


@cache
def plan_schema() -> dict[str, Any]:
    """The meta-schema every plan file is validated against."""
    with (schema_directory() / PLAN_SCHEMA).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
