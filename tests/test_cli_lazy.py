"""Each command's module is imported only when that command runs.

``tracklint validate`` in CI or a cron job reads payloads; importing libcst (the
code commands' parser) would cost it about half a second per process, and each
``--jobs`` worker would pay it again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from linter.cli import COMMANDS, cli

from .conftest import EXAMPLE

_VALIDATE = """
import sys
from linter.cli import cli
try:
    cli(["validate", "--plan", sys.argv[1], sys.argv[2]], standalone_mode=False)
finally:
    print("IMPORTED:" + ",".join(sorted(m for m in ("libcst", "linter.static", "linter.cli.check")
                                         if m in sys.modules)), file=sys.stderr)
"""


def test_validate_does_not_import_the_code_commands(tmp_path: Path) -> None:
    capture = tmp_path / "capture.jsonl"
    capture.write_text(json.dumps({"event": "Product Viewed", "properties": {
        "product_id": "p1", "price": 3.5, "distinct_id": "u-1", "mp_lib": "web"}}) + "\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _VALIDATE, str(EXAMPLE / "plan"),
                             str(capture)], capture_output=True, text=True, timeout=120)
    assert "(1 valid, 0 invalid)" in result.stdout, result.stdout + result.stderr
    assert "IMPORTED:\n" in result.stderr, result.stderr


def test_every_command_is_listed_and_resolves_to_itself() -> None:
    context = click.Context(cli)
    assert cli.list_commands(context)[:len(COMMANDS)] == list(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name
    assert cli.get_command(context, "nope") is None
