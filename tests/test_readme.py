"""What the README shows is what tracklint does: the example output, the command reference,
the pre-commit revision and the rules table."""

from __future__ import annotations

import re
import sys

from linter.cli.reference import END, START, command_reference
from linter.rules import RULES

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(command: str) -> str:
    """The output shown under ``$ command`` in a text block of the README."""
    found = re.search(rf"```text\n\$ {re.escape(command)}\n(.*?)```", README, re.DOTALL)
    assert found is not None, f"no example of '{command}' in the README"
    return found.group(1)


def test_the_quickstart_example_is_clean(tracklint) -> None:
    assert "pip install . && tracklint check examples/shop\n" in README
    result = tracklint("check", "examples/shop", "--no-cache", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_second_example_prints_exactly_what_the_readme_shows(tracklint) -> None:
    shown = _block_after("tracklint check examples/mistakes")
    result = tracklint("check", "examples/mistakes", "--no-cache", cwd=ROOT,
                       env={"COLUMNS": "120"})
    assert result.returncode == 1
    assert result.stdout == shown


def test_the_command_reference_is_generated_from_the_help() -> None:
    section = README.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == command_reference().strip(), (
        "the README's command reference is out of date: run "
        "'python -m linter.cli.reference README.md'")


def test_the_pre_commit_snippet_names_this_release() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    assert f"    rev: v{version}\n" in README
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for hook in re.findall(r"- id: ([\w-]+)", README.split("rev: v", 1)[1].split("```")[0]):
        assert f"- id: {hook}\n" in hooks


def test_the_rules_table_lists_every_rule_with_its_name() -> None:
    rows = dict(re.findall(r"^\| `(TL\d{3})` \| ([\w-]+) \|", README, re.MULTILINE))
    assert rows == {code: rule.name for code, rule in RULES.items()}
