"""``tracklint plan check`` and ``plan export`` through the real command line."""

from __future__ import annotations

import json

import jsonschema

from .conftest import EXAMPLE


def test_plan_check_on_the_example_is_clean(tracklint):
    result = tracklint("plan", "check", str(EXAMPLE / "plan"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


def test_plan_check_finds_violations_with_exit_1(tracklint, write, tmp_path):
    write("plan.yaml", """\
        naming: {events: title_case}
        events:
          order_completed: {description: x, owner: y}
        """)
    result = tracklint("plan", "check", "--plan", str(tmp_path / "plan.yaml"))
    assert result.returncode == 1
    assert f"{tmp_path / 'plan.yaml'}:3:3: TL101" in result.stdout
    assert "hint: rename it to 'Order Completed'" in result.stdout


def test_plan_check_select_and_ignore(tracklint, write, tmp_path):
    path = write("plan.yaml", "events:\n  Order Completed: {}\n")
    default = tracklint("plan", "check", str(path))
    assert "TL112" in default.stdout and "TL113" in default.stdout
    assert default.returncode == 0, "missing description/owner are warnings by default"
    ignored = tracklint("plan", "check", str(path), "--ignore", "TL112")
    assert "TL112" not in ignored.stdout and "TL113" in ignored.stdout
    selected = tracklint("plan", "check", str(path), "--select", "missing-description")
    assert "TL112" in selected.stdout and "TL113" not in selected.stdout


def test_severity_is_configurable(tracklint, write, tmp_path):
    write("plan.yaml", "events:\n  Order Completed: {}\n")
    write("tracklint.toml", 'plan = "plan.yaml"\n[severity]\nTL113 = "error"\n')
    result = tracklint("plan", "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "TL113 event 'Order Completed' has no owner" in result.stdout


def test_plan_loading_error_exits_2_with_location(tracklint, write, tmp_path):
    path = write("plan.yaml", "events:\n  A: {ownr: x}\n")
    result = tracklint("plan", "check", str(path))
    assert result.returncode == 2
    assert f"{path}:2:7: TL003 unknown key 'ownr' in event 'A'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Stopped: 1 problem to fix before anything can be checked." in result.stderr


def test_plan_loading_error_in_json_output_is_still_json(tracklint, write):
    path = write("plan.yaml", "events: [")
    result = tracklint("plan", "check", str(path), "--output-format", "json")
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert document["diagnostics"][0]["code"] == "TL002"


def test_unknown_option_and_unknown_rule_are_usage_errors(tracklint):
    assert tracklint("plan", "check", "--bogus").returncode == 2
    result = tracklint("plan", "check", str(EXAMPLE / "plan"), "--select", "TL8")
    assert result.returncode == 2 and "unknown rule selector" in result.stderr


def test_no_plan_found_is_a_usage_error(tracklint, tmp_path):
    result = tracklint("plan", "check", cwd=tmp_path)
    assert result.returncode == 2 and "no tracking plan found" in result.stderr


def test_invalid_configuration_is_reported_with_its_line(tracklint, write, tmp_path):
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.tracklint]\nplna = "plan.yaml"\n')
    result = tracklint("plan", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml:5:" in result.stderr and "unknown setting 'plna'" in result.stderr


def test_export_writes_valid_schemas(tracklint, tmp_path):
    out = tmp_path / "schemas"
    result = tracklint("plan", "export", "--plan", str(EXAMPLE / "plan"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.rglob("*.schema.json"))
    assert files and (out / "Order_Completed" / "server.schema.json") in files
    for file in files:
        jsonschema.Draft202012Validator.check_schema(json.loads(file.read_text()))
    bundle = tracklint("plan", "export", "--plan", str(EXAMPLE / "plan"), "--bundle", "-")
    document = json.loads(bundle.stdout)
    assert set(document["schemas"]["Order Completed"]) == {"web", "ios", "android", "server"}
    assert document["plan_version"] == "2.3.0"


def test_rule_command_prints_documentation_with_examples(tracklint):
    result = tracklint("rule", "TL104")
    assert result.returncode == 0
    assert "similar-event-names" in result.stdout and "order_completed" in result.stdout
    listing = tracklint("rule")
    assert "TL201" in listing.stdout and "TL211" in listing.stdout
    assert tracklint("rule", "TL999").returncode == 2
    code_rule = tracklint("rule", "unplanned-property")
    assert "TL206 (unplanned-property)" in code_rule.stdout
    assert '"planType": "pro"' in code_rule.stdout
    assert "checked against this plan:" in code_rule.stdout


def test_an_unwritable_output_is_a_clear_error(tracklint, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = tracklint("plan", "export", "--plan", str(EXAMPLE / "plan"),
                       "--out", str(blocker / "schemas"))
    assert result.returncode == 2
    assert "tracklint: cannot access" in result.stderr and "Traceback" not in result.stderr
