"""``tracklint check`` and ``tracklint calls``: tracking calls in Python code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from linter.baseline import new_since_baseline, read_baseline, with_fingerprints, write_baseline
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CommonOptions,
    build_config,
    build_plan_path,
    build_selection,
    common_options,
    display_path,
    fill_common,
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
from linter.diagnostics import Diagnostic
from linter.files import discover
from linter.fix_files import FixResult, chosen_fixes, fix_sources, unified_diff, write_fixes
from linter.plan.loader import load_plan
from linter.report import RunSummary
from linter.static import CallSite, WrapperSpec
from linter.static.store import DEFAULT_MAX_BYTES
from linter.validation.event_check import EventChecker

CACHE_DIR = ".tracklint_cache"


def code_options(function: Any) -> Any:
    """Options of the commands that read code: paths, platform, cache, parallelism."""
    for decorator in reversed([
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--platform", help="The platform server code sends as "
                                        "(default: 'platform' in the configuration, or server)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: one per core)."),
    ]):
        function = decorator(function)
    return function


@click.command("check")
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
@common_options()
def check_command(paths: tuple[Path, ...], platform: str | None, no_cache: bool,
                  jobs: int | None, fix: bool, show_diff: bool, unsafe_fixes: bool,
                  baseline: Path | None, write_baseline: Path | None, **values: Any) -> None:
    """Check the tracking calls in Python files against the plan.

    PATHS are files or folders (default: the project, as configured). Calls of
    Mixpanel, Segment, RudderStack, PostHog and Amplitude, and of the project's
    own wrappers, are found by what names resolve to, not by text.
    """
    options = fill_common(**values)
    options.paths, options.platform = paths, platform
    options.extra.update(no_cache=no_cache, jobs=jobs, fix=fix, show_diff=show_diff,
                         unsafe_fixes=unsafe_fixes, baseline=baseline,
                         write_baseline=write_baseline)
    run(options, execute_check)


def execute_check(options: CommonOptions) -> int:
    config = build_config(options)
    checker = EventChecker(load_plan(build_plan_path(options, config)))
    selection = build_selection(options, config)
    settings = build_code_settings(options, config)
    inventory = collect_calls(settings)
    diagnostics = check_inventory(inventory, checker, selection)
    fixed = 0
    unsafe = options.extra["unsafe_fixes"]
    if options.extra["show_diff"]:
        return _print_diff(inventory, diagnostics, unsafe)
    failures: list[Diagnostic] = []
    if options.extra["fix"]:
        result = _apply(inventory, diagnostics, unsafe)
        fixed, failures = result.count, result.failures
        if fixed:
            inventory = collect_calls(settings)
            diagnostics = check_inventory(inventory, checker, selection)
        diagnostics = [*diagnostics, *failures]
    if options.extra["write_baseline"] is not None:
        write_baseline(options.extra["write_baseline"], diagnostics)
        click.echo(f"Wrote {len(diagnostics)} violation(s) to {options.extra['write_baseline']}",
                   err=True)
        return EXIT_CLEAN
    baseline_path = options.extra["baseline"] or config.baseline
    if baseline_path is not None:
        diagnostics = new_since_baseline(diagnostics, read_baseline(baseline_path))
    summary = RunSummary(checked=len(settings.targets), unit="file", fixed=fixed,
                         details={"tracking calls": len(_checked_calls(inventory))})
    return report(options, with_fingerprints(diagnostics), summary)


def build_code_settings(options: CommonOptions, config: Config) -> CodeSettings:
    root = config.root
    exclude = config.exclude
    targets = discover(list(options.paths) or [display_path(root)], exclude=exclude, root=root)
    project = discover([root], exclude=exclude, root=root)
    cache = None if options.extra.get("no_cache") else (config.cache_dir or root / CACHE_DIR)
    return CodeSettings(
        targets=tuple(display_path(p) for p in targets),
        project_files=tuple(display_path(p) for p in project),
        roots=config.src or (root,),
        platform=options.platform or config.platform,
        wrappers=tuple(_wrapper_spec(w) for w in config.wrappers),
        config_path=display_path(config.source) if config.source else None,
        wrapper_lines=tuple(w.lines for w in config.wrappers),
        cache_dir=cache,
        jobs=options.extra.get("jobs") or os.cpu_count() or 1,
        cache_max_bytes=(config.cache_max_mb * 1024 * 1024 if config.cache_max_mb
                         else DEFAULT_MAX_BYTES),
    )


def _wrapper_spec(wrapper: WrapperConfig) -> WrapperSpec:
    return WrapperSpec(qualified_name=wrapper.function, event=wrapper.event,
                       properties=wrapper.properties, identity=wrapper.identity,
                       anonymous=wrapper.anonymous)


def _checked_calls(inventory: CallInventory) -> list[CallSite]:
    return [call for call in inventory.calls if call.inside_wrapper is None]


def _fixed(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
           unsafe: bool) -> FixResult:
    fixes = chosen_fixes(diagnostics, unsafe=unsafe)
    return fix_sources({path: inventory.source_bytes(path) for path in fixes}, fixes)


def _print_diff(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
                unsafe: bool) -> int:
    result = _fixed(inventory, diagnostics, unsafe)
    for fix in result.changed:
        sys.stdout.write(unified_diff(fix.path, fix.before, fix.after))
    click.echo(f"{result.count} fix(es) would be applied to {len(result.changed)} file(s).",
               err=True)
    _report_failures(result)
    return EXIT_VIOLATIONS if result.changed or result.failures else EXIT_CLEAN


def _apply(inventory: CallInventory, diagnostics: Sequence[Diagnostic],
           unsafe: bool) -> FixResult:
    return write_fixes(_fixed(inventory, diagnostics, unsafe))


def _report_failures(result: FixResult) -> None:
    for failure in result.failures:
        click.echo(f"{failure.location}: {failure.code} {failure.message}", err=True)


# -- calls --------------------------------------------------------------------


@click.command("calls")
@code_options
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False))
def calls_command(paths: tuple[Path, ...], platform: str | None, no_cache: bool,
                  jobs: int | None, output_format: str, config: Path | None) -> None:
    """List every tracking call found, and the wrappers found without configuration."""
    options = CommonOptions(paths=paths, platform=platform, config=config,
                            output_format=output_format,
                            extra={"no_cache": no_cache, "jobs": jobs})
    run(options, execute_calls)


def execute_calls(options: CommonOptions) -> int:
    inventory = collect_calls(build_code_settings(options, build_config(options)))
    calls = sorted(inventory.calls, key=lambda c: (c.path, c.line, c.column))
    wrappers = [_wrapper_dict(w) for w in inventory.index.inferred_wrappers]
    problems = [d for r in inventory.results.values() for d in r.diagnostics]
    if options.output_format == "json":
        document = {"calls": [_call_dict(c) for c in calls], "inferred_wrappers": wrappers,
                    "problems": [d.to_dict() for d in problems]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    else:
        _print_calls(calls, wrappers, problems)
    return EXIT_VIOLATIONS if problems else EXIT_CLEAN


def _call_dict(call: CallSite) -> dict[str, Any]:
    observation = call.observation
    keys = sorted(observation.properties) if call.properties_known else None
    return {
        "path": call.path, "line": call.line, "column": call.column,
        "end_line": call.end_line, "end_column": call.end_column,
        "sdk": call.sdk, "method": call.method, "wrapper": call.wrapper,
        "wrapper_inferred": call.wrapper_inferred, "inside_wrapper": call.inside_wrapper,
        "event": observation.name,
        "event_source": observation.name_source if observation.name is None else None,
        "properties": keys, "keys_complete": call.properties_known and observation.keys_complete,
    }


def _wrapper_dict(wrapper: Any) -> dict[str, Any]:
    spec = wrapper.spec
    return {"function": wrapper.qualified_name, "sdk": wrapper.sdk, "via": wrapper.via,
            "depth": wrapper.depth, "path": wrapper.origin.path, "line": wrapper.origin.line,
            "event": spec.event, "properties": spec.properties, "identity": spec.identity}


def _print_calls(calls: Sequence[CallSite], wrappers: Sequence[dict[str, Any]],
                 problems: Sequence[Diagnostic]) -> None:
    for call in calls:
        data = _call_dict(call)
        event = repr(data["event"]) if data["event"] is not None else (
            f"<dynamic: {data['event_source']}>")
        keys = ("?" if data["properties"] is None else
                "{" + ", ".join(data["properties"]) + ("" if data["keys_complete"] else ", ...")
                + "}")
        via = f" via {call.wrapper}" if call.wrapper else ""
        note = f"  (body of wrapper {call.inside_wrapper})" if call.inside_wrapper else ""
        click.echo(f"{call.path}:{call.line}:{call.column}: {call.sdk}{via} {event} {keys}{note}")
    if wrappers:
        click.echo("\nWrappers found without configuration:")
        for w in wrappers:
            click.echo(f"  {w['function']} ({w['path']}:{w['line']}) -> {w['via']}: "
                       f"event={w['event']!r} properties={w['properties']!r} "
                       f"identity={w['identity']!r}")
    for problem in problems:
        click.echo(f"{problem.location}: {problem.code} {problem.message}", err=True)
    click.echo(f"\n{len(calls)} tracking call(s), {len(wrappers)} inferred wrapper(s).")
