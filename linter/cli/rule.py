"""``tracklint rule [CODE]``: the documentation of each rule, with its examples."""

from __future__ import annotations

import click

from linter.rules import RULES, RULES_BY_NAME, Rule


def _examples(code: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Valid and invalid examples of a rule, from the rule class that implements it."""
    from linter.plan.lint import PLAN_RULES

    for rule_class in PLAN_RULES:
        if rule_class.code == code:
            return rule_class.valid, rule_class.invalid, "yaml"
    from linter.code_examples import examples_for

    found = examples_for(code)
    if found is None:
        return (), (), ""
    return found.valid, found.invalid, "python"


@click.command("rule")
@click.argument("code", required=False)
def rule_command(code: str | None) -> None:
    """Explain a rule (by code or name), or list every rule."""
    if code is None:
        for entry in RULES.values():
            default = "" if entry.enabled_by_default else "  (off by default)"
            click.echo(f"{entry.code}  {entry.name:<24} {entry.summary}{default}")
        return
    info: Rule | None = RULES.get(code.upper()) or RULES_BY_NAME.get(code)
    if info is None:
        raise click.UsageError(f"unknown rule {code!r}; run 'tracklint rule' to list them")
    click.echo(_document(info))


def _document(info: Rule) -> str:
    lines = [f"{info.code} ({info.name})", "", info.summary + ".", "", info.explanation, "",
             f"Default severity: {info.severity.value}"
             + ("" if info.enabled_by_default else "; off by default (enable with "
                f"--extend-select {info.code})")]
    valid, invalid, language = _examples(info.code)
    for title, examples in (("Reported", invalid), ("Not reported", valid)):
        for example in examples[:2]:
            lines += ["", f"{title} ({language}):", *_indented(example)]
    if language == "python":
        from linter.code_examples import EXAMPLE_PLAN

        lines += ["", "The Python examples are checked against this plan:",
                  *_indented(EXAMPLE_PLAN)]
    return "\n".join(lines)


def _indented(text: str) -> list[str]:
    return ["    " + row for row in text.rstrip().splitlines()]
