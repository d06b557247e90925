"""Options shared by tracklint's commands, and turning them into settings.

Following check-jsonschema, a click callback only fills an options object;
``build_*`` functions turn options into the objects that do the work; and
``execute`` runs them.  This keeps the command line a thin layer over the library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from linter.config import NO_PLAN_HELP, Config, find_plan, load_config
from linter.diagnostics import Diagnostic, Severity, TracklintError, sort_key
from linter.report import REPORTERS, Reporter, RunSummary
from linter.rules import RULES, expand_selectors
from linter.selection import RuleSelection

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CommonOptions:
    plan: Path | None = None
    config: Path | None = None
    output_format: str = "text"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    statistics: bool = False
    exit_zero: bool = False
    color: bool | None = None
    platform: str | None = None
    paths: tuple[Path, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def common_options(formats: Sequence[str] = tuple(REPORTERS),
                   statistics: bool = True) -> Callable[[F], F]:
    """The options every command takes: plan, config, output format, rule selection.

    ``statistics`` is false for reports that have no per-rule counts to show.
    """
    def decorate(function: F) -> F:
        decorators = [
            click.option("--plan", type=click.Path(path_type=Path),
                         help="The tracking plan: a file, or a directory of files. "
                              "Default: 'plan' in the configuration."),
            click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                         help="A tracklint.toml or pyproject.toml to use instead of the one "
                              "found from the current directory upward."),
            click.option("--output-format", type=click.Choice(list(formats)), default="text",
                         show_default=True, help="How to print the diagnostics."),
            click.option("--select", multiple=True, metavar="CODES",
                         help="Only these rules (codes, prefixes such as TL2, or names; "
                              "comma-separated or repeated)."),
            click.option("--extend-select", multiple=True, metavar="CODES",
                         help="Enable these rules in addition to the selected ones."),
            click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules."),
            *([click.option("--statistics", is_flag=True,
                            help="Print how many times each rule fired.")] if statistics else []),
            click.option("--exit-zero", is_flag=True,
                         help="Exit 0 even when violations are found."),
            click.option("--color/--no-color", default=None,
                         help="Colour the output (default: only on a terminal)."),
        ]
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return decorate


def fill_common(**values: Any) -> CommonOptions:
    """The click callback's only job: copy the values into an options object."""
    known = {name: values.pop(name) for name in list(values)
             if name in CommonOptions.__dataclass_fields__}
    return CommonOptions(**known, extra=values)


PAYLOAD_SUFFIXES = (".json", ".jsonl", ".ndjson", ".gz", ".txt", ".log")
STDIN = "-"


def build_payload_sources(payloads: Sequence[str | Path]) -> list[str | Path]:
    """Capture files as given, folders expanded to their capture files (sorted), ``-`` kept."""
    from linter.files import discover

    sources: list[str | Path] = []
    for item in payloads:
        path = Path(item)
        if str(item) == STDIN:
            sources.append(STDIN)
        elif path.is_dir():
            found = discover([path], suffixes=PAYLOAD_SUFFIXES)
            if not found:
                raise click.UsageError(f"{path}: the folder holds no capture files "
                                       f"({', '.join(PAYLOAD_SUFFIXES)})")
            sources.extend(found)
        else:
            sources.append(item)
    return sources


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def build_config(options: CommonOptions) -> Config:
    """The configuration that applies, found from the checked paths (or the cwd) upward."""
    start = _common_parent(options.paths) if options.paths else Path.cwd()
    return load_config(start, options.config)


def _common_parent(paths: Sequence[Path]) -> Path:
    resolved = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    common = resolved[0]
    for path in resolved[1:]:
        while common not in (path, *path.parents):
            common = common.parent
    return common


def build_plan_path(options: CommonOptions, config: Config) -> Path:
    if options.plan is not None:
        return options.plan
    found = find_plan(config)
    if found is not None:
        return display_path(found)
    raise click.UsageError(f"no tracking plan found: pass --plan PATH, or {NO_PLAN_HELP}")


def display_path(path: Path) -> Path:
    """``path`` relative to the current directory when it is below it, else absolute:
    how paths are shown in diagnostics, and how a file is keyed throughout a run."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return resolved


def build_selection(options: CommonOptions, config: Config) -> RuleSelection:
    try:
        select = (frozenset(expand_selectors(_split(options.select))) if options.select
                  else config.select)
        extend = config.extend_select | frozenset(expand_selectors(_split(options.extend_select)))
        ignore = config.ignore | frozenset(expand_selectors(_split(options.ignore)))
    except ValueError as error:
        raise click.UsageError(f"{error}; run 'tracklint rule' to list the codes") from None
    return RuleSelection(select=select, extend_select=extend, ignore=ignore,
                         severity=config.severity, per_file_ignores=config.per_file_ignores)


def build_reporter(options: CommonOptions, stream: Any = None) -> Reporter:
    reporter_class = REPORTERS[options.output_format]
    return reporter_class(stream or sys.stdout, color=options.color,
                          statistics=options.statistics)


def exit_code(diagnostics: Sequence[Diagnostic], options: CommonOptions) -> int:
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def report(options: CommonOptions, diagnostics: Sequence[Diagnostic],
           summary: RunSummary) -> int:
    ordered = sorted(diagnostics, key=sort_key)
    build_reporter(options).report(ordered, summary)
    return exit_code(ordered, options)


def report_fatal(options: CommonOptions, error: TracklintError) -> int:
    """A plan or configuration that cannot be loaded: report it as diagnostics, exit 2."""
    diagnostics = error.diagnostics or (RULES["TL001"].diagnostic(message=error.message),)
    reporter = build_reporter(options, sys.stdout if options.output_format != "text"
                              else sys.stderr)
    count = len(diagnostics)
    headline = (f"Stopped: {count} problem{'s' if count != 1 else ''} to fix before "
                "anything can be checked.")
    reporter.report(sorted(diagnostics, key=sort_key), RunSummary(0, headline=headline))
    return EXIT_ERROR


def run(options: CommonOptions, execute: Callable[[CommonOptions], int]) -> None:
    """Run a command's ``execute`` and exit with its code; loading errors exit 2."""
    try:
        code = execute(options)
    except TracklintError as error:
        code = report_fatal(options, error)
    sys.exit(code)
