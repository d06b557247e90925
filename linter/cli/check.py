"""``tracklint check``: the tracking calls in Python code, against the plan."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from linter.affected import is_plan_or_configuration
from linter.baseline import new_since_baseline, read_baseline, with_fingerprints, write_baseline
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    STDIN,
    CodeOptions,
    CommonOptions,
    build_config,
    build_plan_path,
    build_reporter,
    build_selection,
    check_platforms,
    code_options,
    common_options,
    display_path,
    exit_code,
    is_python_file,
    platform_option,
    report,
    run,
)
from linter.code_check import (
    CallInventory,
    CodeSettings,
    check_inventory,
    collect_calls,
)
from linter.config import Config, WrapperConfig
from linter.diagnostics import Diagnostic, sort_key
from linter.files import discover
from linter.fix_files import FixResult, chosen_fixes, fix_sources, unified_diff, write_fixes
from linter.plan.loader import load_plan
from linter.report import RunSummary
from linter.rules import RULES
from linter.selection import RuleSelection
from linter.source_files import DEFAULT_MAX_FILE_KB, not_checked
from linter.static import WrapperSpec
from linter.static.store import DEFAULT_MAX_BYTES
from linter.text.display import plural, printable
from linter.validation.event_check import EventChecker

CACHE_DIR = ".tracklint_cache"


@dataclass(kw_only=True)
class CheckOptions(CodeOptions):
    """``tracklint check``: the code options, and what to do with fixes and baselines."""

    fix: bool = False
    show_diff: bool = False
    unsafe_fixes: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    changed: bool = False
    stdin_filename: Path | None = None

    def inputs(self) -> tuple[Path, ...]:
        if self.stdin_filename is not None:
            return ()  # the source comes from standard input; the file need not exist
        return super().inputs()

    def input_problems(self) -> list[Diagnostic]:
        """With --changed, PATHS are whatever the commit changed: only missing ones matter;
        with --stdin-filename, the only input is standard input, named as a Python file."""
        if self.stdin_filename is not None:
            return _stdin_problems(self)
        return CommonOptions.input_problems(self) if self.changed else super().input_problems()


def _stdin_problems(options: CheckOptions) -> list[Diagnostic]:
    assert options.stdin_filename is not None
    name = options.stdin_filename
    if any(str(path) != STDIN for path in options.paths):
        raise click.UsageError("with --stdin-filename, the source is read from standard "
                               "input: pass no PATHS (or '-')")
    if options.changed or options.write_baseline is not None:
        raise click.UsageError("--stdin-filename checks one buffer: it does not combine with "
                               "--changed or --write-baseline")
    if name.suffix != ".py" and not (name.exists() and is_python_file(name)):
        return [RULES["TL001"].diagnostic(
            "not a Python file, so its tracking calls cannot be checked", path=str(name),
            hint="name the buffer as a Python file (.py)")]
    return []


@click.command("check")
@platform_option
@code_options
@click.option("--fix", is_flag=True, help="Apply safe fixes (replacement event names, "
                                          "case and spacing of names, enum case) in place.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff instead of applying them.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also apply the fixes marked unsafe (a fix that "
                   "leaves the call with a new problem, named in its hint).")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Report only violations that are not in this baseline file.")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Record every current violation in this file and exit 0.")
@click.option("--stdin-filename", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the source from standard input and check it as this file (what "
                   "editors call): it is located, configured and resolved as that path, "
                   "which need not exist. With --fix, the fixed source is printed.")
@click.option("--changed", is_flag=True,
              help="PATHS are the files a commit changed (the pre-commit hook passes them): "
                   "check them and every file whose names resolve through them; when the "
                   "plan or the configuration changed, check the whole project.")
@common_options()
def check_command(**values: Any) -> None:
    """Check the tracking calls in Python files against the plan.

    PATHS are files or folders (default: the project, as configured). Calls of
    Mixpanel, Segment, RudderStack, PostHog and Amplitude, and of the project's
    own wrappers, are found by what names resolve to, not by text.
    """
    run(CheckOptions(**values), execute_check)


def execute_check(options: CheckOptions) -> int:
    config = build_config(options)
    plan_path = build_plan_path(options, config)
    plan = load_plan(plan_path)
    check_platforms(options, config, plan)
    checker = EventChecker(plan)
    selection = build_selection(options, config)
    settings = build_code_settings(options, config)
    if options.changed:
        settings = _changed_settings(options, config, plan_path, settings)
    if options.stdin_filename is not None:
        settings = _stdin_settings(options.stdin_filename, settings)
    inventory = collect_calls(settings)
    diagnostics = check_inventory(inventory, checker, selection)
    if options.stdin_filename is not None and options.fix:
        return _fix_stdin(options, settings, inventory, checker, selection, diagnostics)
    fixed = 0
    if options.show_diff:
        return _print_diff(inventory, diagnostics, options.unsafe_fixes)
    failures: list[Diagnostic] = []
    if options.fix:
        result = _apply(inventory, diagnostics, options.unsafe_fixes)
        fixed, failures = result.count, result.failures
        if fixed:
            inventory = collect_calls(settings)
            diagnostics = check_inventory(inventory, checker, selection)
        diagnostics = [*diagnostics, *failures]
    if options.write_baseline is not None:
        write_baseline(options.write_baseline, diagnostics, config.root)
        click.echo(f"Wrote {plural(len(diagnostics), 'violation')} to {options.write_baseline}",
                   err=True)
        return EXIT_CLEAN
    baseline_path = options.baseline or config.baseline
    if baseline_path is not None:
        diagnostics = new_since_baseline(diagnostics, read_baseline(baseline_path),
                                         config.root)
    summary = RunSummary(checked=len(inventory.results), unit="file", fixed=fixed,
                         details={"tracking calls": len(inventory.tracking_calls)},
                         not_checked=not_checked(inventory.results),
                         unread=Counter(inventory.unread.values()),
                         unresolved=len(inventory.unresolved),
                         headline=_nothing_checked(options, inventory))
    return report(options, with_fingerprints(diagnostics, config.root), summary)


def _nothing_checked(options: CheckOptions, inventory: CallInventory) -> str | None:
    """No Python file under the paths is never "All checks passed" (a commit that changes
    no Python file, under --changed, is the one case where nothing to check is normal)."""
    if inventory.results or options.changed:
        return None
    where = ", ".join(str(p) for p in options.paths) or "the project"
    return f"No Python files found in {where}: nothing was checked."


def _stdin_settings(name: Path, settings: CodeSettings) -> CodeSettings:
    """The one target is the buffer on standard input, checked as if it were ``name``."""
    target = display_path(name)
    data = sys.stdin.buffer.read()
    return replace(settings, targets=(target,), sources={str(target): data})


def _fix_stdin(options: CheckOptions, settings: CodeSettings, inventory: CallInventory,
               checker: EventChecker, selection: RuleSelection,
               diagnostics: list[Diagnostic]) -> int:
    """Print the fixed buffer on standard output (as editors expect) and what is left on
    standard error; nothing on disk is written."""
    [target] = settings.targets
    path = str(target)
    result = _fixed(inventory, diagnostics, options.unsafe_fixes)
    fixed = next((fix.after for fix in result.changed if fix.path == path), None)
    text = fixed if fixed is not None else inventory.source_text(path)
    sys.stdout.write(text)
    sys.stdout.flush()
    if fixed is not None:
        settings = replace(settings, sources={path: text.encode("utf-8")})
        diagnostics = check_inventory(collect_calls(settings), checker, selection)
    remaining = [*diagnostics, *result.failures]
    build_reporter(options, sys.stderr).report(
        sorted(remaining, key=sort_key),
        RunSummary(checked=1, unit="file", fixed=result.count))
    return exit_code(remaining, options)


def _changed_settings(options: CheckOptions, config: Config, plan: Path,
                      settings: CodeSettings) -> CodeSettings:
    """What a commit that changed ``options.paths`` can affect (see :mod:`linter.affected`)."""
    if any(is_plan_or_configuration(path, plan, config.source) for path in options.paths):
        return replace(settings, targets=settings.project_files)
    python = {os.path.abspath(p) for p in options.paths if is_python_file(p)}
    targets = tuple(p for p in settings.targets if os.path.abspath(p) in python)
    return replace(settings, targets=targets, with_importers=True)


def build_code_settings(options: CodeOptions, config: Config) -> CodeSettings:
    root = config.root
    exclude = config.exclude
    project = discover([root], exclude=exclude, root=root)
    targets = discover(list(options.paths), exclude=exclude, root=root) if options.paths \
        else project
    cache = None if options.no_cache else (config.cache_dir or root / CACHE_DIR)
    cwd = Path.cwd().resolve()
    shown = {p: display_path(p, cwd) for p in {*project, *targets}}  # each resolved once
    return CodeSettings(
        targets=tuple(shown[p] for p in targets),
        project_files=tuple(shown[p] for p in project),
        roots=config.src or (root,),
        platform=options.platform or config.platform,
        wrappers=tuple(_wrapper_spec(w) for w in config.wrappers),
        config_path=display_path(config.source) if config.source else None,
        wrapper_lines=tuple(w.lines for w in config.wrappers),
        cache_dir=cache,
        jobs=options.jobs or os.cpu_count() or 1,
        cache_max_bytes=(config.cache_max_mb * 1024 * 1024 if config.cache_max_mb
                         else DEFAULT_MAX_BYTES),
        max_file_bytes=(config.max_file_kb or DEFAULT_MAX_FILE_KB) * 1024,
    )


def _wrapper_spec(wrapper: WrapperConfig) -> WrapperSpec:
    return WrapperSpec(qualified_name=wrapper.function, event=wrapper.event,
                       properties=wrapper.properties, identity=wrapper.identity,
                       anonymous=wrapper.anonymous)


def _fixed(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
           unsafe: bool) -> FixResult:
    fixes = chosen_fixes(diagnostics, unsafe=unsafe)
    return fix_sources({path: inventory.source_bytes(path) for path in fixes}, fixes)


def _print_diff(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
                unsafe: bool) -> int:
    result = _fixed(inventory, diagnostics, unsafe)
    for fix in result.changed:
        sys.stdout.write(unified_diff(fix.path, fix.before, fix.after))
    click.echo(f"{plural(result.count, 'fix', 'fixes')} would be applied to "
               f"{plural(len(result.changed), 'file')}.", err=True)
    _report_failures(result)
    return EXIT_VIOLATIONS if result.changed or result.failures else EXIT_CLEAN


def _apply(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
           unsafe: bool) -> FixResult:
    return write_fixes(_fixed(inventory, diagnostics, unsafe))


def _report_failures(result: FixResult) -> None:
    for failure in result.failures:
        click.echo(printable(f"{failure.location}: {failure.code} {failure.message}"),
                   err=True)
