"""Options shared by tracklint's commands, and turning them into the objects that work.

Following check-jsonschema, a click callback only fills a typed options object
(:class:`CommonOptions`, or a command's subclass of it, built once from the
parsed flags); ``build_*`` functions turn options into the objects that do the
work; and ``execute`` runs them.  This keeps the command line a thin layer over
the library, and lets mypy follow every flag from the parser to its use.

Rule selectors (``--select TL2,unplanned-property``) are expanded into codes by
the parser itself, once; the configuration's selectors are expanded once when it
is read.  :func:`build_selection` only merges the two.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from linter.config import NO_PLAN_HELP, Config, find_config_file, find_plan, load_config
from linter.diagnostics import Diagnostic, Severity, TracklintError, sort_key
from linter.files import path_problem
from linter.plan.model import Plan, UnknownPlatformError
from linter.report import REPORTERS, Reporter, RunSummary
from linter.rules import RULES
from linter.selection import RuleSelection, expand_cli_selectors
from linter.text.display import plural

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
#: Output formats that print a statistics table with ``--statistics``.
STATISTICS_FORMATS = ("text", "json")
STDIN = "-"

F = TypeVar("F", bound=Callable[..., Any])
O = TypeVar("O", bound="CommonOptions")  # noqa: E741


@dataclass(kw_only=True)
class CommonOptions:
    """The options every command takes: where the plan and configuration are, which
    rules apply, and how and where the report is written.

    ``select`` is ``None`` when ``--select`` was not given (the configuration's
    selection applies); the selectors are codes already, expanded by the parser.
    Commands extend this class with their own options (``CheckOptions``...).
    """

    plan: Path | None = None
    config: Path | None = None
    output_format: str = "text"
    select: frozenset[str] | None = None
    extend_select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    statistics: bool = False
    exit_zero: bool = False
    quiet: bool = False
    color: bool | None = None
    out: Path | None = None

    def inputs(self) -> tuple[Path, ...]:
        """The files and folders the command reads, from which the configuration is found."""
        return ()

    def input_problems(self) -> list[Diagnostic]:
        """Inputs that cannot be read at all: each is named before anything runs (exit 2).

        A path that does not exist is never "0 files, all checks passed".
        """
        problems = ((path, path_problem(path)) for path in self.inputs())
        return [RULES["TL001"].diagnostic(problem, path=str(path),
                                          hint="check the path; it is relative to the current "
                                               "folder")
                for path, problem in problems if problem is not None]


@dataclass(kw_only=True)
class CodeOptions(CommonOptions):
    """Options of the commands that read Python code (check, calls, coverage, infer)."""

    paths: tuple[Path, ...] = ()
    platform: str | None = None
    no_cache: bool = False
    jobs: int | None = None

    def inputs(self) -> tuple[Path, ...]:
        return self.paths


    def input_problems(self) -> list[Diagnostic]:
        """Also files named explicitly that are not Python source: they cannot be checked."""
        return [*super().input_problems(), *(
            RULES["TL001"].diagnostic(
                "not a Python file, so its tracking calls cannot be checked", path=str(path),
                hint="name Python files (.py) or folders of them")
            for path in self.paths if path.is_file() and not is_python_file(path))]


def is_python_file(path: Path) -> bool:
    """A ``.py`` file, or a script without a suffix whose first line runs Python."""
    if path.suffix == ".py":
        return True
    if path.suffix:
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


@dataclass(kw_only=True)
class PayloadOptions(CommonOptions):
    """Options of the commands that read captured payloads (validate, drift, coverage, infer)."""

    payloads: tuple[Path, ...] = ()
    payload_format: str | None = None
    payload_platform: str | None = None
    sdk_events: bool = False

    def inputs(self) -> tuple[Path, ...]:
        return tuple(p for p in self.payloads if str(p) != STDIN)


# -- the flags ---------------------------------------------------------------------

#: The two platform flags, documented once: every command that takes one means the same.
#: Checked against the plan where there is one; ``infer``, which writes the plan, names it.
PLATFORM_HELP = ("The platform the Python code sends events as (default: 'platform' in the "
                 "configuration, or server).")
PAYLOAD_PLATFORM_HELP = ("Treat every captured payload as sent from this platform (default: "
                         "read from each payload: $os, mp_lib, context.library...).")
IN_PLAN_HELP = " Must be one of the plan's platforms."
INFERRED_PLATFORM_HELP = " It becomes a platform of the inferred plan."
PAYLOAD_FORMAT_HELP = "Read every record as this wire format (default: detected per record)."
SDK_EVENTS_HELP = ("Also count the SDKs' own events ($pageview, [Amplitude] Page Viewed...), "
                   "which are otherwise not product events.")


def _apply(function: F, decorators: Sequence[Callable[[F], F]]) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _selectors(ctx: click.Context, param: click.Parameter,
               values: tuple[str, ...]) -> frozenset[str] | None:
    """Expand ``--select``-style values into codes, once, as the command line is parsed."""
    if not values:
        return None if param.name == "select" else frozenset()
    try:
        return frozenset(expand_cli_selectors(values))
    except ValueError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None


def plan_option(function: F) -> F:
    return click.option("--plan", type=click.Path(path_type=Path),
                        help="The tracking plan: a file, or a directory of files. "
                             "Default: 'plan' in the configuration.")(function)


def config_option(function: F) -> F:
    return click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                        help="A tracklint.toml or pyproject.toml to use instead of the one "
                             "found from the inputs (or the current folder) upward.")(function)


def out_option(function: F) -> F:
    return click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
                        help="Write the report to this file instead of standard output "
                             "(never coloured).")(function)


def quiet_option(function: F) -> F:
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print the diagnostics only: no summary, tables or notes.")(function)


def output_format_option(formats: Sequence[str]) -> Callable[[F], F]:
    return click.option("--output-format", type=click.Choice(list(formats)), default="text",
                        show_default=True, help="How to print the report.")


def common_options(formats: Sequence[str] = tuple(REPORTERS),
                   statistics: bool = True) -> Callable[[F], F]:
    """The options every reporting command takes: plan, config, format, rule selection.

    ``statistics`` is false for reports that have no per-rule counts to show.
    """
    def decorate(function: F) -> F:
        return _apply(function, [
            plan_option,
            config_option,
            output_format_option(formats),
            out_option,
            click.option("--select", multiple=True, metavar="CODES", callback=_selectors,
                         help="Only these rules (codes, prefixes such as TL2, or names; "
                              "comma-separated or repeated)."),
            click.option("--extend-select", multiple=True, metavar="CODES",
                         callback=_selectors,
                         help="Enable these rules in addition to the selected ones."),
            click.option("--ignore", multiple=True, metavar="CODES", callback=_selectors,
                         help="Skip these rules."),
            *([click.option("--statistics", is_flag=True,
                            help="Print only how many times each rule fired (text or json).")]
              if statistics else []),
            click.option("--exit-zero", is_flag=True,
                         help="Exit 0 even when violations are found."),
            quiet_option,
            click.option("--color/--no-color", default=None,
                         help="Colour the output (default: only on a terminal)."),
        ])
    return decorate


def code_options(function: F) -> F:
    """PATHS and the options of the commands that read Python code.

    ``--platform`` is apart (:func:`platform_option`): ``calls`` lists calls without a
    plan, and a flag it accepted would change nothing.
    """
    return _apply(function, [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: one per core)."),
    ])


def platform_option(function: F) -> F:
    """``--platform``: the code's platform, checked against the plan (check, coverage)."""
    return click.option("--platform", help=PLATFORM_HELP + IN_PLAN_HELP)(function)


def payload_options(function: F) -> F:
    """How captured payloads are read: the same flags for every command that reads them."""
    return _payload_options(function, PAYLOAD_PLATFORM_HELP + IN_PLAN_HELP)


def inferred_payload_options(function: F) -> F:
    """:func:`payload_options` for ``infer``, whose platforms become the plan's."""
    return _payload_options(function, PAYLOAD_PLATFORM_HELP + INFERRED_PLATFORM_HELP)


def _payload_options(function: F, platform_help: str) -> F:
    from linter.payloads import FORMATS

    return _apply(function, [
        click.option("--payload-format", type=click.Choice(sorted(FORMATS)),
                     help=PAYLOAD_FORMAT_HELP),
        click.option("--payload-platform", help=platform_help),
        click.option("--sdk-events", is_flag=True, help=SDK_EVENTS_HELP),
    ])


# -- building what the options describe -----------------------------------------------


PAYLOAD_SUFFIXES = (".json", ".jsonl", ".ndjson", ".gz", ".txt", ".log")


def build_payload_sources(payloads: Sequence[str | Path], *,
                          quiet: bool = False) -> list[str | Path]:
    """Capture files as given, folders expanded to every capture file in them (sorted,
    nothing ignored; other files named on standard error unless ``quiet``), ``-`` kept."""
    from linter.files import capture_files

    sources: list[str | Path] = []
    for item in payloads:
        path = Path(item)
        if str(item) == STDIN:
            sources.append(STDIN)
        elif path.is_dir():
            captures = capture_files(path, PAYLOAD_SUFFIXES)
            if captures.skipped and not quiet:
                names = ", ".join(str(p) for p in captures.skipped[:10])
                more = len(captures.skipped) - 10
                click.echo(f"tracklint: skipped {plural(len(captures.skipped), 'file')} in "
                           f"{path} that are not captures ({', '.join(PAYLOAD_SUFFIXES)}): {names}"
                           + (f" and {more} more" if more > 0 else ""), err=True)
            if not captures.found:
                raise click.UsageError(f"{path}: the folder holds no capture files "
                                       f"({', '.join(PAYLOAD_SUFFIXES)})")
            sources.extend(captures.found)
        else:
            sources.append(item)
    return sources


def build_config(options: CommonOptions) -> Config:
    """The configuration that applies, found the same way by every command.

    ``--config`` if given; else the nearest configuration above the folder that
    holds the command's inputs (code, payloads, a plan); else the nearest above
    the current folder.  Without any, the settings are the defaults, rooted at
    the inputs' folder (or the current one).
    """
    if options.config is not None:
        return load_config(explicit=options.config)
    existing = [p for p in options.inputs() if p.exists()]
    start = _common_parent(existing) if existing else Path.cwd()
    for folder in (start, Path.cwd()):
        found = find_config_file(folder)
        if found is not None:
            return load_config(explicit=found)
    return Config(root=start.resolve())


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


def display_path(path: Path, cwd: Path | None = None) -> Path:
    """``path`` relative to the current directory when it is below it, else absolute:
    how paths are shown in diagnostics, and how a file is keyed throughout a run.

    ``cwd`` is the resolved current directory, when the caller has it already.
    """
    resolved = path.resolve()
    try:
        return resolved.relative_to(cwd or Path.cwd().resolve())
    except ValueError:
        return resolved


def check_platforms(options: CommonOptions, config: Config, plan: Plan) -> None:
    """The code's platform and the payloads' override, where the command has them, must be
    platforms of the plan: a typo would otherwise turn every event into TL202."""
    if isinstance(options, CodeOptions):
        if options.platform is not None:
            plan.require_platform(options.platform, given_as="--platform")
        else:
            try:
                plan.require_platform(config.platform, given_as="platform")
            except UnknownPlatformError as error:
                [diagnostic] = error.diagnostics
                raise config.setting_error(
                    "platform", diagnostic.message, diagnostic.hint if config.source else
                    "code is checked as 'server' unless told otherwise: pass --platform NAME, "
                    "or set platform = \"NAME\" under [tool.tracklint]") from None
    if isinstance(options, PayloadOptions) and options.payload_platform:
        plan.require_platform(options.payload_platform, given_as="--payload-platform")


def build_selection(options: CommonOptions, config: Config) -> RuleSelection:
    """The configuration's selection with the command line's on top (both already codes)."""
    return RuleSelection(
        select=options.select if options.select is not None else config.select,
        extend_select=config.extend_select | options.extend_select,
        ignore=config.ignore | options.ignore,
        severity=config.severity, per_file_ignores=config.per_file_ignores, root=config.root)


def build_reporter(options: CommonOptions, stream: TextIO | None = None) -> Reporter:
    reporter_class = REPORTERS[options.output_format]
    return reporter_class(stream or sys.stdout, color=options.color,
                          statistics=options.statistics, quiet=options.quiet)


def check_report_options(options: CommonOptions) -> None:
    """Refuse combinations of report flags that cannot mean anything."""
    if options.statistics and options.output_format not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics prints a table: use it with --output-format "
                               f"{' or '.join(STATISTICS_FORMATS)}, not "
                               f"{options.output_format}")


@contextmanager
def output_stream(options: CommonOptions) -> Iterator[TextIO]:
    """Standard output, or the ``--out`` file (created with its folder)."""
    if options.out is None:
        yield sys.stdout
        return
    options.out.parent.mkdir(parents=True, exist_ok=True)
    with options.out.open("w", encoding="utf-8") as stream:
        yield stream
    if not options.quiet:
        click.echo(f"Wrote the report to {options.out}.", err=True)


def exit_code(diagnostics: Sequence[Diagnostic], options: CommonOptions) -> int:
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    return EXIT_VIOLATIONS if failed and not options.exit_zero else EXIT_CLEAN


def report(options: CommonOptions, diagnostics: Sequence[Diagnostic],
           summary: RunSummary) -> int:
    """Render the diagnostics (sorted) to standard output or ``--out``; the exit code."""
    ordered = sorted(diagnostics, key=sort_key)
    with output_stream(options) as stream:
        build_reporter(options, stream).report(ordered, summary)
    return exit_code(ordered, options)


def report_fatal(options: CommonOptions, error: TracklintError) -> int:
    """A plan or configuration that cannot be loaded: report it as diagnostics, exit 2."""
    diagnostics = error.diagnostics or (RULES["TL001"].diagnostic(message=error.message),)
    # Never statistics-only or quiet: what stopped the run is always shown.
    reporter = REPORTERS[options.output_format](
        sys.stdout if options.output_format != "text" else sys.stderr, color=options.color)
    count = len(diagnostics)
    headline = (f"Stopped: {count} problem{'s' if count != 1 else ''} to fix before "
                "anything can be checked.")
    reporter.report(sorted(diagnostics, key=sort_key), RunSummary(0, headline=headline))
    return EXIT_ERROR


def check_inputs(options: CommonOptions) -> None:
    """Every input named on the command line can be read, or all that cannot are named."""
    problems = options.input_problems()
    if problems:
        raise TracklintError(f"{problems[0].path}: {problems[0].message}", problems)


def run(options: O, execute: Callable[[O], int]) -> None:
    """Run a command's ``execute`` and exit with its code; loading errors exit 2."""
    check_report_options(options)
    try:
        check_inputs(options)
        code = execute(options)
    except TracklintError as error:
        code = report_fatal(options, error)
    sys.exit(code)
