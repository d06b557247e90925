"""The ``tracklint`` command line: a thin layer over the library."""

from __future__ import annotations

import os
import sys

import click

from linter import __version__
from linter.cli.calls import calls_command
from linter.cli.check import check_command
from linter.cli.coverage import coverage_command
from linter.cli.drift import drift_command
from linter.cli.infer import infer_command
from linter.cli.plan import plan_group
from linter.cli.rule import rule_command
from linter.cli.validate import validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracklint")
def cli() -> None:
    """tracklint: one tracking plan for every platform.

    Lint the plan, check Python tracking calls against it, and validate captured
    payloads from web, iOS, Android and servers. Exit codes: 0 clean,
    1 violations found, 2 usage, configuration or plan error.
    """


cli.add_command(check_command)
cli.add_command(calls_command)
cli.add_command(plan_group)
cli.add_command(rule_command)
cli.add_command(validate_command)
cli.add_command(drift_command)
cli.add_command(coverage_command)
cli.add_command(infer_command)


def main() -> None:
    """Entry point: never show a traceback, unless TRACKLINT_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except OSError as error:  # a file that cannot be read or written: the user can act on it
        if os.environ.get("TRACKLINT_DEBUG"):
            raise
        where = f" {error.filename}" if error.filename else ""
        click.echo(f"tracklint: cannot access{where}: {error.strerror or error}", err=True)
        sys.exit(2)
    except Exception as error:  # the last line of defence: report, do not crash
        if os.environ.get("TRACKLINT_DEBUG"):
            raise
        click.echo(f"tracklint: internal error: {type(error).__name__}: {error}\n"
                   "Please report this with the input that caused it "
                   "(set TRACKLINT_DEBUG=1 to see the traceback).", err=True)
        sys.exit(2)
