"""``tracklint plan ...``: commands about the tracking plan itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from linter.cli.diff import plan_diff
from linter.cli.options import (
    CommonOptions,
    build_config,
    build_plan_path,
    build_selection,
    common_options,
    fill_common,
    report,
    run,
)
from linter.plan.compile import CompiledPlan
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan
from linter.report import RunSummary


@click.group("plan")
def plan_group() -> None:
    """Check, export and compare the tracking plan."""


plan_group.add_command(plan_diff)


@plan_group.command("check")
@click.argument("plan_path", required=False, type=click.Path(path_type=Path))
@common_options()
def plan_check(plan_path: Path | None, **values: object) -> None:
    """Lint the tracking plan: format, naming, consistency, safe patterns.

    PLAN_PATH (or --plan) is a plan file or a directory of plan files.
    """
    options = fill_common(**values)
    options.plan = plan_path or options.plan
    run(options, execute_plan_check)


def execute_plan_check(options: CommonOptions) -> int:
    config = build_config(options)
    plan_path = build_plan_path(options, config)
    plan = load_plan(plan_path)
    diagnostics = build_selection(options, config).apply(lint_plan(plan))
    summary = RunSummary(checked=len(plan.sources), unit="plan file",
                         details={"events": len(plan.events)})
    return report(options, diagnostics, summary)


@plan_group.command("export")
@click.option("--format", "export_format", type=click.Choice(["jsonschema"]),
              default="jsonschema", show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write one schema file per event x platform into this directory.")
@click.option("--bundle", "bundle", type=click.Path(path_type=Path, dir_okay=False),
              help="Write one JSON file holding every schema ('-' for standard output).")
@click.option("--plan", type=click.Path(path_type=Path), help="The tracking plan.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False))
def plan_export(export_format: str, out_dir: Path | None, bundle: Path | None,
                plan: Path | None, config: Path | None) -> None:
    """Write the compiled JSON Schema (2020-12) of every event x platform."""
    options = CommonOptions(plan=plan, config=config,
                            extra={"out_dir": out_dir, "bundle": bundle})
    run(options, execute_plan_export)


def execute_plan_export(options: CommonOptions) -> int:
    out_dir, bundle = options.extra["out_dir"], options.extra["bundle"]
    if out_dir is None and bundle is None:
        raise click.UsageError("pass --out DIRECTORY (one file per schema) or --bundle FILE")
    compiled = CompiledPlan(load_plan(build_plan_path(options, build_config(options))))
    schemas = compiled.all_schemas()
    if out_dir is not None:
        for event, platform, schema in schemas:
            target = out_dir / _file_name(event) / f"{platform}.schema.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
        click.echo(f"Wrote {len(schemas)} schemas to {out_dir}", err=True)
    if bundle is not None:
        by_event: dict[str, dict[str, Any]] = {}
        for event, platform, schema in schemas:
            by_event.setdefault(event, {})[platform] = schema
        document = {"plan_version": compiled.plan.version, "schemas": by_event}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if str(bundle) == "-":
            click.echo(text, nl=False)
        else:
            bundle.write_text(text, encoding="utf-8")
            click.echo(f"Wrote {len(schemas)} schemas to {bundle}", err=True)
    return 0


def _file_name(event: str) -> str:
    """A file-system-safe, still readable name: "Order Completed" -> Order_Completed."""
    return "".join(c if c.isalnum() or c in "-." else "_" for c in event).strip("._") or "event"
