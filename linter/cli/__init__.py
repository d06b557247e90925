"""The ``tracklint`` command line: a thin layer over the library.

Each command's module is imported only when that command runs (or when help
lists them all): ``tracklint validate`` must not pay for libcst, which only the
code commands use, nor ``check`` for the payload readers.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from linter import __version__
from linter.text.display import printable

# Command name -> "module:attribute" of its click command, in the order help lists them.
COMMANDS: dict[str, str] = {
    "check": "linter.cli.check:check_command",
    "calls": "linter.cli.calls:calls_command",
    "plan": "linter.cli.plan:plan_group",
    "rule": "linter.cli.rule:rule_command",
    "validate": "linter.cli.validate:validate_command",
    "drift": "linter.cli.drift:drift_command",
    "coverage": "linter.cli.coverage:coverage_command",
    "infer": "linter.cli.infer:infer_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, from :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx)
                             if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracklint")
def cli() -> None:
    """tracklint: one tracking plan for every platform.

    Lint the plan, check Python tracking calls against it, and validate captured
    payloads from web, iOS, Android and servers. Exit codes: 0 clean,
    1 violations found, 2 usage, configuration or plan error.
    """


def main() -> None:
    """Entry point: never show a traceback, unless TRACKLINT_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except OSError as error:  # a file that cannot be read or written: the user can act on it
        if os.environ.get("TRACKLINT_DEBUG"):
            raise
        where = f" {error.filename}" if error.filename else ""
        click.echo(printable(f"tracklint: cannot access{where}: {error.strerror or error}"),
                   err=True)
        sys.exit(2)
    except Exception as error:  # the last line of defence: report, do not crash
        if os.environ.get("TRACKLINT_DEBUG"):
            raise
        click.echo(f"tracklint: internal error: {type(error).__name__}: {error}\n"
                   "Please report this with the input that caused it "
                   "(set TRACKLINT_DEBUG=1 to see the traceback).", err=True)
        sys.exit(2)
