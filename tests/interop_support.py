"""Helpers for the import/export tests: sample paths, and comparing plans by what they mean."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner, Result

from linter.cli import cli
from linter.plan.diff import diff_plans
from linter.plan.model import Plan, frozen_mapping

DATA = Path(__file__).resolve().parent / "data" / "interop"


def invoke(*args: str) -> Result:
    """Run the command line in process (click's runner), output and errors apart."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def inline_globals(plan: Plan) -> Plan:
    """The plan with its global properties written into every event they apply to, as
    exports do."""
    events = {}
    for name, event in plan.events.items():
        own = {p.name for p in event.properties}
        extra = tuple(p for p in plan.global_properties if p.name not in own
                      and (p.platforms is None or p.platforms & set(event.platforms)))
        events[name] = replace(event, properties=(*event.properties, *extra))
    return replace(plan, events=frozen_mapping(events), global_properties=())


def contract_changes(old: Plan, new: Plan) -> list[str]:
    """The changes between two plans that a payload could notice (not documentation)."""
    return [change.message for change in diff_plans(old, new) if change.bump.value != "patch"]
