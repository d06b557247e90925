"""``tracklint plan ...``: commands about the tracking plan itself."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from linter.cli.diff import plan_diff
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CommonOptions,
    build_config,
    build_plan_path,
    build_reporter,
    build_selection,
    common_options,
    config_option,
    plan_option,
    report,
    run,
)
from linter.diagnostics import sort_key
from linter.interop import (
    FORMATS,
    ExportOptions,
    ExportSettingMissing,
    Format,
    ImportSettings,
    export_plan,
    import_plan,
    jsonschema,
)
from linter.interop.output import (
    check_files,
    check_plan,
    existing_plan_files,
    is_folder,
    place,
)
from linter.interop.registry import format_named
from linter.interop.spreadsheet import COLUMNS
from linter.interop.write import plan_files
from linter.plan.lint import lint_plan
from linter.plan.loader import load_plan
from linter.report import REPORTERS, RunSummary
from linter.text.naming import did_you_mean


@click.group("plan")
def plan_group() -> None:
    """Check, compare, import and export the tracking plan."""


plan_group.add_command(plan_diff)


@dataclass(kw_only=True)
class PlanOptions(CommonOptions):
    """The plan commands: the plan is their input, and the configuration is found from it."""

    def inputs(self) -> tuple[Path, ...]:
        return (self.plan,) if self.plan is not None else ()


@plan_group.command("check")
@click.argument("plan_path", required=False, type=click.Path(path_type=Path))
@common_options()
def plan_check(plan_path: Path | None, **values: Any) -> None:
    """Lint the tracking plan: format, naming, consistency, safe patterns.

    PLAN_PATH (or --plan) is a plan file or a directory of plan files.
    """
    values["plan"] = plan_path or values["plan"]
    run(PlanOptions(**values), execute_plan_check)


def execute_plan_check(options: PlanOptions) -> int:
    config = build_config(options)
    plan_path = build_plan_path(options, config)
    plan = load_plan(plan_path)
    diagnostics = build_selection(options, config).apply(lint_plan(plan))
    summary = RunSummary(checked=len(plan.sources), unit="plan file",
                         details={"events": len(plan.events)})
    return report(options, diagnostics, summary)


@dataclass
class PlanExportOptions(CommonOptions):
    """``plan export``: the format, where the files go, and what some formats need."""

    export_format: str = "jsonschema"
    out: Path | None = None
    bundle: Path | None = None
    previous: Path | None = None
    vendor: str | None = None
    name: str | None = None


@plan_group.command("export")
@click.option("--format", "export_format", metavar="FORMAT", default="jsonschema",
              show_default=True,
              help="The format to write: " + ", ".join(
                  f"{f.name} ({f.title})" for f in FORMATS.values() if f.export) + ".")
@click.option("--out", type=click.Path(path_type=Path),
              help="Where to write: a folder for jsonschema, iglu and rudderstack, a file "
                   "for the others (default: standard output).")
@click.option("--bundle", "bundle", type=click.Path(path_type=Path, dir_okay=False),
              help="jsonschema only: write one JSON file holding every schema ('-' for "
                   "standard output).")
@click.option("--previous", type=click.Path(path_type=Path, file_okay=False),
              help="iglu only: the registry of the last export, whose versions are bumped "
                   "(default: --out itself).")
@click.option("--vendor", help="iglu only: the schemas' vendor, such as com.acme (default: "
                               "the vendor the plan was imported with).")
@click.option("--name", help="rudderstack only: the tracking plan's name (default: the "
                             "one it was imported with, else the plan's file or folder "
                             "name).")
@plan_option
@config_option
@click.option("--output-format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="How to print what the format could not hold.")
@click.option("--color/--no-color", default=None,
              help="Colour the output (default: only on a terminal).")
def plan_export(**values: Any) -> None:
    """Write the plan in another tool's format (default: JSON Schema 2020-12).

    jsonschema writes one document per event x platform; the others write what
    the tool imports: Segment Protocols rules, Mixpanel Lexicon schemas, an
    Amplitude Data CSV, an Iglu registry (versions bumped from the last export),
    a RudderStack project, a spreadsheet CSV. What a format cannot hold is listed
    as TL604 warnings.
    """
    run(PlanExportOptions(**values), execute_plan_export)


def execute_plan_export(options: CommonOptions) -> int:
    assert isinstance(options, PlanExportOptions)
    chosen = format_named(options.export_format, for_export=True)
    to_stdout = build_export_target(options, chosen)
    plan_path = build_plan_path(options, build_config(options))
    plan = load_plan(plan_path)
    try:
        _, result = export_plan(plan, chosen.name, build_export_options(options, plan_path))
    except ExportSettingMissing as error:
        raise click.UsageError(str(error)) from None
    if options.bundle is not None:
        text = jsonschema.bundle(plan)
        headline = f"Wrote every schema of {len(plan.events)} events to {options.bundle}."
    else:
        text = "".join(file.text for file in result.files)
        headline = f"Exported {len(plan.events)} events as {chosen.title}."
    if to_stdout:
        click.echo(text, nl=False)
    elif options.bundle is not None:
        options.bundle.write_text(text, encoding="utf-8")
    elif options.out is not None:
        written = place(result.files, options.out, chosen.output == "folder")
        headline = (f"Wrote {written} file{'s' if written != 1 else ''} of {chosen.title} "
                    f"to {options.out}." if written else
                    f"{chosen.title} at {options.out} is up to date: nothing to write.")
    build_reporter(options, sys.stderr).report(sorted(result.diagnostics, key=sort_key),
                                               RunSummary(len(plan.events), "event",
                                                          headline=headline))
    return EXIT_CLEAN


def build_export_options(options: PlanExportOptions, plan_path: Path) -> ExportOptions:
    previous = options.previous
    if previous is None and options.export_format in ("iglu", "snowplow"):
        previous = options.out
    return ExportOptions(previous=previous, vendor=options.vendor, name=options.name,
                         source=plan_path.resolve())


#: Options that one export format alone reads: with another they would change nothing.
FORMAT_OPTIONS = {"previous": "iglu", "vendor": "iglu", "name": "rudderstack"}


def build_export_target(options: PlanExportOptions, chosen: Format) -> bool:
    """Whether the export goes to standard output; usage errors for impossible targets
    and for options the chosen format does not read."""
    for option, only in FORMAT_OPTIONS.items():
        if getattr(options, option) is not None and chosen.name != only:
            raise click.UsageError(f"--{option} is for --format {only}, not {chosen.name}")
    if options.bundle is not None:
        if chosen.name != "jsonschema":
            raise click.UsageError("--bundle is for --format jsonschema; use --out")
        return str(options.bundle) == "-"
    if options.out is None:
        if chosen.output == "folder":
            raise click.UsageError(f"{chosen.title} is a folder of files: pass --out FOLDER"
                                   + (" or --bundle FILE" if chosen.name == "jsonschema"
                                      else ""))
        return True
    if chosen.output == "folder" and options.out.is_file():
        raise click.UsageError(f"{options.out} is a file; {chosen.title} is written to a "
                               "folder")
    return str(options.out) == "-"


@dataclass
class PlanImportOptions(CommonOptions):
    """``plan import``: the source, its format (or detection), and where the plan goes."""

    source: Path = Path()
    from_format: str | None = None
    out: Path | None = None
    force: bool = False
    column: tuple[str, ...] = ()


@plan_group.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--from", "from_format", metavar="FORMAT",
              help="The format of SOURCE (default: recognised from its shape): " + ", ".join(
                  f"{f.name} ({f.title})" for f in FORMATS.values() if f.read) + ".")
@click.option("--out", type=click.Path(path_type=Path),
              help="Write the plan to this .yaml file, or to this folder as plan.yaml and "
                   "events/*.yaml (by category). Default: standard output.")
@click.option("--force", is_flag=True,
              help="Replace the plan files already at --out.")
@click.option("--column", multiple=True, metavar="FIELD=NAME",
              help="csv only: the column that holds a plan field, when the name is not one "
                   "tracklint knows (--column event='Nome evento'); repeatable. Fields: "
                   + ", ".join(COLUMNS) + ".")
@click.option("--output-format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="How to print the warnings and the plan check.")
@click.option("--color/--no-color", default=None,
              help="Colour the output (default: only on a terminal).")
def plan_import(**values: Any) -> None:
    """Read a tracking plan exported from another tool into a tracklint plan.

    SOURCE is the file or folder the tool exported. What the plan cannot hold is
    listed as TL605 warnings (and kept under x- keys where possible); the written
    plan is then checked like 'tracklint plan check'. Exit 0 when it passes, 1
    when the plan check finds errors, 2 when SOURCE cannot be read.
    """
    run(PlanImportOptions(**values), execute_plan_import)


def execute_plan_import(options: CommonOptions) -> int:
    assert isinstance(options, PlanImportOptions)
    settings = build_import_settings(options)
    # Columns are a spreadsheet's: --column alone says the source is one.
    from_format = options.from_format or ("csv" if settings.columns else None)
    chosen, result = import_plan(options.source, from_format, settings=settings)
    if settings.columns and chosen.name != "csv":
        raise click.UsageError(f"--column is for spreadsheets (--from csv); "
                               f"{options.source} was read as {chosen.title}")
    folder = options.out is not None and is_folder(options.out)
    header = (f"Imported from {options.source} ({chosen.title}) by 'tracklint plan import'.")
    files = plan_files(result.data, folder, header)
    replaced = build_import_target(options, folder)
    if options.out is None:
        click.echo(files[0].text, nl=False)
        errors, warnings = check_files(files)
    else:
        for path in replaced:
            path.unlink()
        place(files, options.out, folder)
        errors, warnings = check_plan(options.out)
    diagnostics = sorted([*result.diagnostics, *errors], key=sort_key)
    events = len(result.data.get("events") or {})
    where = f" into {options.out}" if options.out is not None else ""
    verdict = (f"plan check: {len(errors)} error{'s' if len(errors) != 1 else ''}"
               if errors else "plan check passed")
    headline = (f"Imported {events} event{'s' if events != 1 else ''} from {options.source} "
                f"({chosen.title}){where}; {verdict}"
                + (f" ({warnings} warning{'s' if warnings != 1 else ''}: run "
                   "'tracklint plan check' to see them)" if warnings else "") + ".")
    stream = sys.stderr if options.out is None else sys.stdout
    build_reporter(options, stream).report(diagnostics, RunSummary(events, "event",
                                                                   headline=headline))
    return EXIT_VIOLATIONS if errors else EXIT_CLEAN


def build_import_settings(options: PlanImportOptions) -> ImportSettings:
    """``--column FIELD=NAME`` values as a mapping; a usage error names a bad one."""
    columns: dict[str, str] = {}
    for given in options.column:
        field, separator, name = given.partition("=")
        field = field.strip()
        if not separator or not name.strip():
            raise click.UsageError(f"--column {given!r}: write FIELD=NAME, such as "
                                   "--column event='Event Key'")
        if field not in COLUMNS:
            close = did_you_mean(field, COLUMNS)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise click.UsageError(f"--column: unknown field '{field}'; {hint}the fields "
                                   f"are {', '.join(COLUMNS)}")
        columns[field] = name.strip()
    return ImportSettings(columns=columns)


def build_import_target(options: PlanImportOptions, folder: bool) -> list[Path]:
    """The plan files --force replaces; a usage error when --out holds a plan already."""
    out = options.out
    if out is None:
        return []
    existing = existing_plan_files(out) if folder else ([out] if out.exists() else [])
    if folder and out.exists() and not out.is_dir():
        raise click.UsageError(f"{out} is a file; pass a folder, or a .yaml file name")
    if existing and not options.force:
        raise click.UsageError(f"{out} already holds a plan; pass --force to replace it "
                               "(then 'tracklint plan diff' shows what changed)")
    return existing
