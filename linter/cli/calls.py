"""``tracklint calls``: the tracking calls and wrappers the static checker finds.

What ``tracklint check`` checks, listed without the plan: a way to see that a
project's own wrappers and SDK clients are recognised.  The count is the one
``check`` prints: the forwarding call inside a wrapper's body is listed, marked,
and counted at the wrapper's callers instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

from linter.cli.check import build_code_settings
from linter.cli.options import (
    EXIT_CLEAN,
    EXIT_VIOLATIONS,
    CodeOptions,
    build_config,
    code_options,
    config_option,
    out_option,
    output_format_option,
    output_stream,
    quiet_option,
    run,
)
from linter.code_check import CallInventory, collect_calls
from linter.jsontypes import json_text
from linter.static import CallSite
from linter.static.model import template_text
from linter.static.unresolved import UnresolvedCall
from linter.text.display import plural, printable

UNRESOLVED_HELP = ("List instead the calls that look like tracking (a tracking-like method "
                   "of an unknown receiver, or a library's function, in a module that imports "
                   "an SDK or the project's tracking code) but could not be resolved, so are "
                   "not checked: each with why, and what would resolve it.")


@dataclass(kw_only=True)
class CallsOptions(CodeOptions):
    """``calls`` lists the calls found, or with ``unresolved`` those it could not resolve."""

    unresolved: bool = False


@click.command("calls")
@code_options
@click.option("--unresolved", is_flag=True, help=UNRESOLVED_HELP)
@output_format_option(["text", "json"])
@config_option
@out_option
@quiet_option
def calls_command(**values: Any) -> None:
    """List every tracking call found, and the wrappers found without configuration."""
    run(CallsOptions(**values), execute_calls)


def execute_calls(options: CallsOptions) -> int:
    inventory = collect_calls(build_code_settings(options, build_config(options)))
    if options.unresolved:
        return _list_unresolved(options, inventory)
    calls = sorted(inventory.calls, key=lambda c: (c.path, c.line, c.column))
    wrappers = [_wrapper_dict(w) for w in inventory.index.inferred_wrappers]
    problems = [d for r in inventory.results.values() for d in r.diagnostics]
    counted = len(inventory.tracking_calls)
    with output_stream(options) as stream:
        if options.output_format == "json":
            document = {"calls": [_call_dict(c) for c in calls], "inferred_wrappers": wrappers,
                        "problems": [d.to_dict() for d in problems],
                        "summary": {"tracking_calls": counted,
                                    "calls_in_wrapper_bodies": len(calls) - counted,
                                    "inferred_wrappers": _count(wrappers, helpers=False),
                                    "fixed_event_helpers": _count(wrappers, helpers=True)}}
            stream.write(json_text(document, indent=2, default=str) + "\n")
        else:
            _print_calls(stream, calls, wrappers, counted, quiet=options.quiet)
    for problem in problems:
        click.echo(printable(f"{problem.location}: {problem.code} {problem.message}"),
                   err=True)
    return EXIT_VIOLATIONS if problems else EXIT_CLEAN


def _list_unresolved(options: CallsOptions, inventory: CallInventory) -> int:
    unresolved = inventory.unresolved
    problems = [d for r in inventory.results.values() for d in r.diagnostics]
    with output_stream(options) as stream:
        if options.output_format == "json":
            document = {"unresolved": [u.to_dict() for u in unresolved],
                        "problems": [d.to_dict() for d in problems],
                        "summary": {"unresolved_calls": len(unresolved)}}
            stream.write(json_text(document, indent=2) + "\n")
        else:
            _print_unresolved(stream, unresolved, quiet=options.quiet)
    for problem in problems:
        click.echo(printable(f"{problem.location}: {problem.code} {problem.message}"),
                   err=True)
    return EXIT_VIOLATIONS if problems else EXIT_CLEAN


def _print_unresolved(stream: TextIO, unresolved: Sequence[UnresolvedCall], *,
                      quiet: bool) -> None:
    def write(text: str = "") -> None:
        stream.write(printable(text) + "\n")

    for call in unresolved:
        write(f"{call.path}:{call.line}:{call.column}: {call.callee}: {call.reason}")
        write(f"    hint: {call.hint}")
        for line in (call.configuration or "").splitlines():
            write(f"    {line}")
    if quiet:
        return
    if unresolved:
        write()
        write(f"{unresolved_sentence(len(unresolved))}.")
    else:
        write("Every call that looks like tracking was resolved.")


def unresolved_sentence(count: int) -> str:
    """How ``check`` and ``calls`` name the calls they could not resolve."""
    return (f"{plural(count, 'call')} that look{'s' if count == 1 else ''} like tracking "
            f"could not be resolved")


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
        "event_pattern": observation.name_pattern,
        "properties": keys, "keys_complete": call.properties_known and observation.keys_complete,
    }


def _wrapper_dict(wrapper: Any) -> dict[str, Any]:
    spec = wrapper.spec
    return {"function": wrapper.qualified_name, "sdk": wrapper.sdk, "via": wrapper.via,
            "depth": wrapper.depth, "path": wrapper.origin.path, "line": wrapper.origin.line,
            "event": spec.event, "properties": spec.properties, "identity": spec.identity,
            "fixed_event": wrapper.fixed_event.value if wrapper.fixed_event else None,
            "event_object": wrapper.event_object, "event_attribute": wrapper.event_attribute,
            "event_template": template_text(wrapper.event_template)
            if wrapper.event_template else None}


def property_keys(keys: Sequence[str] | None, complete: bool) -> str:
    """``{a, b}``, ``{a, b, ...}`` when more keys may be sent, ``{...}``, or ``?`` unknown."""
    if keys is None:
        return "?"
    shown = [*keys, *([] if complete else ["..."])]
    return "{" + ", ".join(shown) + "}"


def _print_calls(stream: TextIO, calls: Sequence[CallSite], wrappers: Sequence[dict[str, Any]],
                 counted: int, *, quiet: bool) -> None:
    def write(text: str = "") -> None:
        stream.write(printable(text) + "\n")

    for call in calls:
        data = _call_dict(call)
        pattern = f" = {data['event_pattern']!r}" if data["event_pattern"] else ""
        event = repr(data["event"]) if data["event"] is not None else (
            f"<dynamic: {data['event_source']}{pattern}>")
        keys = property_keys(data["properties"], data["keys_complete"])
        via = f" via {call.wrapper}" if call.wrapper else ""
        note = (f"  (in the body of wrapper {call.inside_wrapper}: counted at its callers)"
                if call.inside_wrapper else "")
        write(f"{call.path}:{call.line}:{call.column}: {call.sdk}{via} {event} {keys}{note}")
    if quiet:
        return
    if wrappers:
        write()
        write("Wrappers and fixed-event helpers found without configuration:")
        for w in wrappers:
            event = (f"sends {w['fixed_event']!r} itself" if w["fixed_event"] is not None
                     else f"event={w['event_template']}" if w["event_template"]
                     else f"event={w['event']}.{w['event_attribute']}" if w["event_attribute"]
                     else f"event={w['event']!r} (an event object)" if w["event_object"]
                     else f"event={w['event']!r}")
            write(f"  {w['function']} ({w['path']}:{w['line']}) -> {w['via']}: "
                  f"{event} properties={w['properties']!r} identity={w['identity']!r}")
    helpers = _count(wrappers, helpers=True)
    found = [plural(counted, "tracking call"),
             plural(_count(wrappers, helpers=False), "inferred wrapper")]
    if helpers:
        found.append(plural(helpers, "fixed-event helper"))
    write()
    write(f"{', '.join(found)}.")


def _count(wrappers: Sequence[dict[str, Any]], *, helpers: bool) -> int:
    return sum((w["fixed_event"] is not None) == helpers for w in wrappers)

