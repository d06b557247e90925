"""Every code rule's own examples, checked through the real call finder and event checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.code_check import CodeSettings, check_inventory, collect_calls
from linter.code_examples import EXAMPLE_PLAN, EXAMPLES
from linter.plan.loader import load_plan
from linter.rules import RULES
from linter.selection import RuleSelection
from linter.validation.event_check import EventChecker

CASES = [
    pytest.param(code, source, kind, id=f"{code}-{kind}-{index}")
    for code, examples in EXAMPLES.items()
    for kind, sources in (("valid", examples.valid), ("invalid", examples.invalid))
    for index, source in enumerate(sources)
]


def check_source(tmp_path: Path, source: str, selection: RuleSelection | None = None):
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(EXAMPLE_PLAN, encoding="utf-8")
    module = tmp_path / "app.py"
    module.write_text(source, encoding="utf-8")
    settings = CodeSettings(targets=(module,), project_files=(module,), roots=(tmp_path,))
    inventory = collect_calls(settings)
    checker = EventChecker(load_plan(plan_file))
    return check_inventory(inventory, checker,
                           selection or RuleSelection(select=frozenset(RULES)))


@pytest.mark.parametrize("code, source, kind", CASES)
def test_rule_examples(tmp_path, code, source, kind):
    found = [d for d in check_source(tmp_path, source) if d.code == code]
    if kind == "valid":
        assert found == [], source
    else:
        assert found, f"{code} not reported for:\n{source}"
        for diagnostic in found:
            assert diagnostic.path and diagnostic.line and diagnostic.column
            assert diagnostic.source_line is not None


def test_every_event_rule_has_examples():
    code_rules = {code for code in RULES if code.startswith(("TL2", "TL9"))}
    assert set(EXAMPLES) == code_rules
    for examples in EXAMPLES.values():
        assert examples.valid and examples.invalid


def test_dynamic_event_name_is_off_by_default(tmp_path):
    source = EXAMPLES["TL211"].invalid[0]
    assert [d for d in check_source(tmp_path, source, RuleSelection()) if d.code == "TL211"] == []


def test_a_misspelled_event_is_still_checked_against_the_event_it_names(tmp_path):
    source = EXAMPLES["TL201"].invalid[1].replace('"price": 12.5', '"price": "12.5"')
    codes = sorted(d.code for d in check_source(tmp_path, source))
    assert codes == ["TL201", "TL207"]
