"""One command line: the same flags, inputs, platforms and output options in every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from linter.cli import cli
from linter.code_examples import EXAMPLE_PLAN

from .conftest import EXAMPLE

APP = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def paid(user):
    mp.track(user.id, "order completed", {"order_id": "o-1", "price": 12.5})
    mp.track(user.id, "Signed Up", {})
"""


def invoke(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None,
           input: str | None = None) -> Result:
    if cwd is not None:
        assert monkeypatch is not None
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def project(write) -> Path:
    root = write("tracklint.toml", 'plan = "plan.yaml"\n').parent
    write("plan.yaml", EXAMPLE_PLAN)
    write("app.py", APP)
    return root


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    context = click.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
        else:
            found.append((prefix + name, command))
    return found


@pytest.mark.parametrize("name,command", _commands(cli), ids=lambda value: str(value))
def test_every_option_has_help(name: str, command: click.Command) -> None:
    missing = [param.opts[0] for param in command.params
               if isinstance(param, click.Option) and not param.hidden and not param.help]
    assert not missing, f"tracklint {name}: options without help: {missing}"


@pytest.mark.parametrize("flag", ["--plan", "--config", "--select", "--ignore", "--statistics",
                                  "--exit-zero", "--color", "--payload-platform", "--platform"])
def test_a_shared_flag_says_the_same_in_every_command(flag: str) -> None:
    helps = {name: param.help for name, command in _commands(cli) for param in command.params
             if isinstance(param, click.Option) and flag in param.opts}
    # infer writes a plan instead of reading one: its platforms become the plan's.
    helps = {name: text for name, text in helps.items() if name != "infer"}
    assert len(helps) >= 2, helps
    assert len(set(helps.values())) == 1, helps


# -- inputs that do not exist -----------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["check", "nonexistent/"],
    ["calls", "nope"],
    ["coverage", "nope"],
    ["coverage", "--payloads", "nope.jsonl"],
    ["validate", "nope.jsonl"],
    ["drift", "nope.jsonl"],
    ["infer", "--code", "nope"],
    ["infer", "--payloads", "nope.jsonl"],
    ["plan", "check", "nope.yaml"],
])
def test_a_missing_path_is_an_error_naming_it(args, project, monkeypatch) -> None:
    result = invoke(*args, cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2, result.output
    missing = args[-1]
    assert missing.rstrip("/") in result.stderr
    assert "no such file or directory" in result.stderr.lower()
    assert "All checks passed" not in result.output


@pytest.mark.parametrize("args,missing,reason", [
    (["plan", "diff", "nope.yaml", "plan.yaml"], "nope.yaml", "neither a plan file or directory"),
    (["plan", "diff", "plan.yaml", "nope.yaml"], "nope.yaml", "neither a plan file or directory"),
    (["plan", "import", "nope.json"], "nope.json", "no such file or directory"),
    (["plan", "export", "--plan", "nope.yaml", "--out", "out"], "nope.yaml",
     "no such plan file or directory"),
    (["plan", "export", "--plan", "nope.yaml", "--format", "csv", "--out", "o.csv"],
     "nope.yaml", "no such plan file or directory"),
])
def test_a_missing_plan_path_is_an_error_naming_it(args, missing, reason, project,
                                                   monkeypatch) -> None:
    result = invoke(*args, cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2, result.output
    assert missing in result.stderr and reason in result.stderr
    assert not (project / "out").exists() and not (project / "o.csv").exists()


def test_every_missing_path_is_named_at_once(project, monkeypatch) -> None:
    result = invoke("check", "app.py", "one.py", "two/", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "one.py: TL001 no such file or directory" in result.stderr
    assert "two: TL001 no such file or directory" in result.stderr


def test_a_missing_path_in_json_output_is_a_diagnostic(project, monkeypatch) -> None:
    result = invoke("check", "--output-format", "json", "gone.py", cwd=project,
                    monkeypatch=monkeypatch)
    assert result.exit_code == 2
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["path"] == "gone.py" and diagnostic["code"] == "TL001"


def test_a_file_that_is_not_python_cannot_be_checked(project, monkeypatch) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    result = invoke("check", "pyproject.toml", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "pyproject.toml: TL001 not a Python file" in result.stderr
    script = project / "manage"
    script.write_text("#!/usr/bin/env python3\nimport app\n", encoding="utf-8")
    assert invoke("check", "manage", cwd=project, monkeypatch=monkeypatch).exit_code == 0


# -- platforms --------------------------------------------------------------------------


def test_a_code_platform_the_plan_does_not_list_is_an_error(project, monkeypatch) -> None:
    result = invoke("check", "--platform", "backend", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "--platform 'backend' is not one of the plan's platforms: web, server" in \
        result.stderr
    typo = invoke("coverage", "--no-cache", "--platform", "sever", cwd=project,
                  monkeypatch=monkeypatch)
    assert typo.exit_code == 2 and "did you mean 'server'?" in typo.stderr


def test_a_configured_platform_the_plan_does_not_list_is_located(project, monkeypatch) -> None:
    (project / "tracklint.toml").write_text('plan = "plan.yaml"\nplatform = "tv"\n',
                                            encoding="utf-8")
    result = invoke("check", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "tracklint.toml:2:1: TL006 platform 'tv' is not one of the plan's platforms" in \
        result.stderr
    (project / "tracklint.toml").unlink()
    (project / "plan.yaml").write_text(EXAMPLE_PLAN.replace("[web, server]", "[web, ios]"),
                                       encoding="utf-8")
    default = invoke("check", "--plan", "plan.yaml", cwd=project, monkeypatch=monkeypatch)
    assert default.exit_code == 2
    assert "code is checked as 'server' unless told otherwise" in default.stderr


def test_a_payload_platform_the_plan_does_not_list_is_an_error(project, monkeypatch) -> None:
    (project / "capture.jsonl").write_text("", encoding="utf-8")
    for command in ("validate", "drift"):
        result = invoke(command, "--payload-platform", "andriod", "capture.jsonl",
                        cwd=project, monkeypatch=monkeypatch)
        assert result.exit_code == 2, command
        assert "--payload-platform 'andriod' is not one of the plan's platforms" in \
            result.stderr


def test_platform_flags_are_taken_only_where_they_mean_something(project, monkeypatch) -> None:
    listed = invoke("calls", "--platform", "server", cwd=project, monkeypatch=monkeypatch)
    assert listed.exit_code == 2 and "No such option '--platform'" in listed.stderr
    checked = " ".join((invoke("check", "--help").stdout + invoke("drift", "--help").stdout)
                       .split())
    assert checked.count("Must be one of the plan's platforms.") == 2
    inferred = " ".join(invoke("infer", "--help").stdout.split())
    assert "Must be one of the plan's" not in inferred
    assert inferred.count("It becomes a platform of the inferred plan.") == 2


def test_the_old_platform_flags_point_to_the_new_ones(project, monkeypatch) -> None:
    result = invoke("validate", "--platform", "web", "-", cwd=project, monkeypatch=monkeypatch,
                    input="")
    assert result.exit_code == 2
    assert "--payload-platform" in result.stderr


# -- rule selectors ------------------------------------------------------------------------


def test_an_unknown_selector_is_refused_with_did_you_mean(project, monkeypatch) -> None:
    result = invoke("check", "--select", "TL2O6", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "unknown rule selector 'TL2O6' (did you mean 'TL206'?)" in result.stderr
    named = invoke("check", "--ignore", "unplaned-property", cwd=project,
                   monkeypatch=monkeypatch)
    assert "(did you mean 'unplanned-property'?)" in named.stderr


def test_selectors_are_codes_by_the_time_the_command_runs() -> None:
    from linter.cli.check import CheckOptions, check_command

    context = check_command.make_context("check", ["--select", "TL2,unknown-event",
                                                   "--ignore", "TL203"])
    options = CheckOptions(**context.params)
    assert options.select is not None and "TL206" in options.select
    assert options.ignore == frozenset({"TL203"})


# -- where the configuration is found ------------------------------------------------------


def test_every_command_finds_the_configuration_the_same_way(tmp_path, monkeypatch) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    captures = str(EXAMPLE / "payloads" / "web-analytics-js.jsonl")
    for command in ("validate", "drift"):
        result = invoke(command, captures, cwd=outside, monkeypatch=monkeypatch)
        assert result.exit_code == 1, (command, result.output)
        assert "no tracking plan found" not in result.output


def test_payloads_outside_the_project_use_the_current_project(project, tmp_path,
                                                              monkeypatch) -> None:
    capture = tmp_path.parent / f"{tmp_path.name}-capture.jsonl"
    capture.write_text(json.dumps({"event": "Product Viewed", "properties": {
        "mp_lib": "web", "product_id": "p-1"}}) + "\n", encoding="utf-8")
    result = invoke("validate", str(capture), cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "All payloads conform" in result.stdout


# -- output ------------------------------------------------------------------------------


def test_out_writes_the_report_to_a_file(project, monkeypatch) -> None:
    result = invoke("check", "--out", "reports/check.txt", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == ""
    written = (project / "reports" / "check.txt").read_text(encoding="utf-8")
    assert "TL201" in written and "Found 1 error, 1 warning" in written


def test_quiet_prints_only_the_diagnostics(project, monkeypatch) -> None:
    result = invoke("check", "-q", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "TL201" in result.stdout and "Found" not in result.stdout


def test_statistics_print_only_the_table(project, monkeypatch) -> None:
    result = invoke("check", "--statistics", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "     1  TL201  [*] unknown-event"
    assert not any("app.py:" in line for line in lines)
    document = json.loads(invoke("check", "--statistics", "--output-format", "json",
                                 cwd=project, monkeypatch=monkeypatch).stdout)
    assert "diagnostics" not in document
    assert {row["code"] for row in document["statistics"]} == {"TL201", "TL203"}
    sarif = invoke("check", "--statistics", "--output-format", "sarif", cwd=project,
                   monkeypatch=monkeypatch)
    assert sarif.exit_code == 2 and "--statistics prints a table" in sarif.stderr


# -- the report flags mean the same in every reporting command ------------------------------

NEW_PLAN = EXAMPLE_PLAN.replace("""  Product Viewed:
    description: A product page was shown.
    owner: discovery
    platforms: [web]
    properties:
      product_id: {type: string, required: true}
""", "")
LINT_PLAN = ("version: 1.0.0\nplatforms: [web]\nevents:\n  Order Completed:\n    owner: a\n"
             "    properties:\n      coupon: {ref: copon}\n")
CAPTURE = "".join(json.dumps({"event": name, "properties": {"mp_lib": "web", "distinct_id": "u"}})
                  + "\n" for name in ("order completed", "Signed Up"))

#: Each reporting command, on inputs that give it an error (first code) and a warning.
REPORTING = {
    "check": (("check", "--no-cache"), "TL201", "TL203"),
    "plan check": (("plan", "check", "lint.yaml"), "TL106", "TL112"),
    "plan diff": (("plan", "diff", "plan.yaml", "new.yaml"), "TL704", "TL701"),
    "validate": (("validate", "capture.jsonl"), "TL201", "TL203"),
    "drift": (("drift", "capture.jsonl"), "TL401", "TL404"),
    "coverage": (("coverage", "--no-cache", "--fail-under", "100"), "TL506", "TL501"),
}


@pytest.fixture
def reporting(project) -> Path:
    (project / "new.yaml").write_text(NEW_PLAN, encoding="utf-8")
    (project / "lint.yaml").write_text(LINT_PLAN, encoding="utf-8")
    (project / "capture.jsonl").write_text(CAPTURE, encoding="utf-8")
    return project


def _codes(result: Result) -> set[str]:
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


@pytest.mark.parametrize("name", REPORTING)
def test_report_flags_mean_the_same_in_every_command(name, reporting, monkeypatch) -> None:
    args, error, warning = REPORTING[name]
    monkeypatch.chdir(reporting)
    full = invoke(*args)
    assert full.exit_code == 1, full.output
    assert error in full.stdout and warning in full.stdout and "Found " in full.stdout

    assert invoke(*args, "--exit-zero").stdout == full.stdout
    assert invoke(*args, "--exit-zero").exit_code == 0

    written = invoke(*args, "--out", "reports/out.txt")
    assert written.exit_code == 1 and written.stdout == ""
    assert (reporting / "reports" / "out.txt").read_text(encoding="utf-8") == full.stdout

    quiet = invoke(*args, "-q")
    assert quiet.exit_code == 1 and error in quiet.stdout and "Found " not in quiet.stdout
    assert quiet.stderr == ""

    table = invoke(*args, "--statistics")
    assert table.exit_code == 1
    rows = [row for row in table.stdout.splitlines() if not row.startswith("[*] ")]  # as ruff
    assert rows and all(re.match(r"^ +\d+  TL\d{3}  ", row) for row in rows), rows
    assert {row.split()[1] for row in rows} >= {error, warning}

    everything = _codes(invoke(*args, "--output-format", "json"))
    assert {error, warning} <= everything
    selected = invoke(*args, "--select", warning, "--output-format", "json")
    assert selected.exit_code == 0 and _codes(selected) == {warning}
    ignored = invoke(*args, "--ignore", ",".join(sorted(everything - {warning})),
                     "--output-format", "json")
    assert ignored.exit_code == 0 and _codes(ignored) == {warning}

    annotations = invoke(*args, "--output-format", "github").stdout.splitlines()
    assert any(line.startswith("::error ") and f"title={error} " in line
               for line in annotations), annotations


def test_quiet_leaves_out_the_note_on_files_that_are_not_captures(reporting,
                                                                  monkeypatch) -> None:
    folder = reporting / "captures"
    folder.mkdir()
    (folder / "web.jsonl").write_text(CAPTURE, encoding="utf-8")
    (folder / "README.md").write_text("how these were captured\n", encoding="utf-8")
    monkeypatch.chdir(reporting)
    for command in ("validate", "drift"):
        noted = invoke(command, "captures")
        assert "skipped 1 file in captures that are not captures" in noted.stderr
        assert invoke(command, "-q", "captures").stderr == "", command


def test_nothing_to_check_is_never_all_checks_passed(project, monkeypatch) -> None:
    (project / "docs").mkdir()
    (project / "empty.jsonl").write_text("", encoding="utf-8")
    monkeypatch.chdir(project)
    checked = invoke("check", "--no-cache", "docs")
    assert checked.exit_code == 0
    assert checked.stdout == "No Python files found in docs: nothing was checked.\n"
    validated = invoke("validate", "empty.jsonl")
    assert "Nothing to check: 0 records read, 0 events" in validated.stdout
    drifted = invoke("drift", "empty.jsonl")
    assert drifted.stdout.endswith("No events were read.\n\nNothing was checked.\n")
    for result in (checked, validated, drifted):
        assert "All checks passed" not in result.stdout
        assert "All payloads conform" not in result.stdout


def test_plan_export_refuses_options_its_format_does_not_read(project, monkeypatch) -> None:
    monkeypatch.chdir(project)
    for args, message in ((("--format", "segment", "--vendor", "com.acme"),
                           "--vendor is for --format iglu, not segment"),
                          (("--format", "mixpanel", "--name", "Shop"),
                           "--name is for --format rudderstack, not mixpanel"),
                          (("--format", "csv", "--previous", "."),
                           "--previous is for --format iglu, not csv")):
        result = invoke("plan", "export", *args, "--out", "out.txt")
        assert result.exit_code == 2 and message in result.stderr, result.output
        assert not (project / "out.txt").exists()


# -- calls and check agree --------------------------------------------------------------


def test_calls_and_check_count_the_same_tracking_calls(monkeypatch) -> None:
    checked = invoke("check", "--no-cache", cwd=EXAMPLE, monkeypatch=monkeypatch)
    listed = invoke("calls", "--no-cache", cwd=EXAMPLE, monkeypatch=monkeypatch)
    assert "8 tracking calls)." in checked.stdout
    assert "\n8 tracking calls, 1 inferred wrapper, 8 fixed-event helpers." in listed.stdout
    assert "(in the body of wrapper app.analytics.track_event: counted at its callers)" in \
        listed.stdout
    document = json.loads(invoke("calls", "--no-cache", "--output-format", "json",
                                 cwd=EXAMPLE, monkeypatch=monkeypatch).stdout)
    assert document["summary"]["tracking_calls"] == 8


def test_calls_shows_open_property_sets_plainly(write, monkeypatch) -> None:
    root = write("app.py", "from mixpanel import Mixpanel\nmp = Mixpanel('t')\n\n"
                           "def send(**extra):\n"
                           "    mp.track('u', 'Order Completed', {**extra})\n"
                           "    mp.track('u', 'Order Completed', {'a': 1, **extra})\n").parent
    result = invoke("calls", "--no-cache", "app.py", cwd=root, monkeypatch=monkeypatch)
    assert "{, ...}" not in result.stdout
    assert "'Order Completed' {...}" in result.stdout
    assert "'Order Completed' {a, ...}" in result.stdout


# -- validate --max-diagnostics --------------------------------------------------------


def _bad_records(count: int) -> str:
    return "".join(json.dumps({"event": "Unplanned Thing", "properties": {"mp_lib": "web"}})
                   + "\n" for _ in range(count))


def test_max_diagnostics_limits_what_is_printed_never_what_is_counted(project,
                                                                       monkeypatch) -> None:
    (project / "capture.jsonl").write_text(_bad_records(5), encoding="utf-8")
    document = json.loads(invoke("validate", "--max-diagnostics", "2", "--output-format",
                                 "json", "capture.jsonl", cwd=project,
                                 monkeypatch=monkeypatch).stdout)
    assert len(document["diagnostics"]) == 2
    assert document["summary"]["errors"] == 5
    assert document["summary"]["diagnostics_omitted"] == 3
    text = invoke("validate", "--max-diagnostics", "2", "capture.jsonl", cwd=project,
                  monkeypatch=monkeypatch).stdout
    assert text.count("TL201") == 2
    assert "... 3 more diagnostics not shown (--max-diagnostics 2)." in text
    assert "5 events (0 valid, 5 invalid)" in text


# -- several values: positional arguments or repeated options ---------------------------


def test_several_payloads_are_a_repeated_option(monkeypatch) -> None:
    result = invoke("coverage", "--no-cache", "--payloads", "payloads/web-analytics-js.jsonl",
                    "--payloads", "payloads/server-mixpanel-import.jsonl", cwd=EXAMPLE,
                    monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "web (captured" in result.stdout and "server (captured" in result.stdout
    two = invoke("infer", "--code", "app/accounts.py", "app/billing.py", cwd=EXAMPLE,
                 monkeypatch=monkeypatch)
    assert two.exit_code == 2 and "unexpected extra argument" in two.stderr.lower()


# -- configuration errors ------------------------------------------------------------------


def test_every_configuration_mistake_is_reported_at_once(project, monkeypatch) -> None:
    (project / "tracklint.toml").write_text(
        'plna = "plan.yaml"\ncache-max-mb = "big"\nexclud = ["migrations/"]\n'
        '[severity]\nTL201 = "loud"\n', encoding="utf-8")
    result = invoke("check", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    err = result.stderr
    assert "tracklint.toml:1:1: TL006 unknown setting 'plna'" in err
    assert "hint: did you mean 'plan'?" in err
    assert "tracklint.toml:3:1: TL006 unknown setting 'exclud'" in err
    assert "did you mean 'exclude'?" in err
    assert "tracklint.toml:2:1: TL006 'cache-max-mb' must be a whole number" in err
    assert "tracklint.toml:5:1: TL006 invalid severity entry TL201 = 'loud'" in err
    assert "Stopped: 4 problems to fix before anything can be checked." in err


def test_a_tracklint_toml_holding_a_copied_pyproject_block_is_understood(project,
                                                                        monkeypatch) -> None:
    (project / "tracklint.toml").write_text(
        '[tool.tracklint]\nplan = "plan.yaml"\nignore = ["TL203"]\n', encoding="utf-8")
    result = invoke("check", "--no-cache", cwd=project, monkeypatch=monkeypatch)
    assert result.exit_code == 1, result.output
    assert "TL201" in result.stdout and "TL203" not in result.stdout
    (project / "tracklint.toml").write_text(
        'plan = "plan.yaml"\n[tool.tracklint]\nignore = ["TL203"]\n', encoding="utf-8")
    mixed = invoke("check", "--no-cache", cwd=project, monkeypatch=monkeypatch)
    assert mixed.exit_code == 2
    assert "unknown setting 'tool'" in mixed.stderr
    assert "[tool.tracklint] belongs in pyproject.toml" in mixed.stderr


# -- editors: the buffer on standard input ------------------------------------------------

BUFFER = ('from mixpanel import Mixpanel\nmp = Mixpanel("t")\n'
          'mp.track("u", "order completed", {"order_id": "o", "price": 1})\n')


def test_check_reads_the_source_from_stdin_as_the_named_file(project, monkeypatch) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--no-cache", "--stdin-filename", "app/new.py", "-"],
                           input=BUFFER, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "app/new.py:3:15: TL201 [*] event 'order completed' is not in the tracking plan" \
        in result.stdout
    assert "Found 1 error in 1 file, 1 tracking call." in result.stdout
    assert not (project / "app").exists()
    per_file = project / "tracklint.toml"
    per_file.write_text('plan = "plan.yaml"\n[per-file-ignores]\n"app/*" = ["TL201"]\n',
                        encoding="utf-8")
    ignored = runner.invoke(cli, ["check", "--no-cache", "--stdin-filename", "app/new.py"],
                            input=BUFFER, catch_exceptions=False)
    assert ignored.exit_code == 0, "the buffer is configured as the path it is named after"


def test_check_fix_on_stdin_prints_the_fixed_source(project, monkeypatch) -> None:
    monkeypatch.chdir(project)
    original = (project / "app.py").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--fix", "--stdin-filename",
                                      "app.py"], input=BUFFER, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == BUFFER.replace("order completed", "Order Completed")
    assert "Fixed 1 problem." in result.stderr
    assert (project / "app.py").read_text(encoding="utf-8") == original, "nothing written"


def test_stdin_filename_refuses_paths_and_non_python_names(project, monkeypatch) -> None:
    both = invoke("check", "--stdin-filename", "x.py", "app.py", cwd=project,
                  monkeypatch=monkeypatch)
    assert both.exit_code == 2 and "pass no PATHS" in both.stderr
    toml = invoke("check", "--stdin-filename", "pyproject.toml", cwd=project,
                  monkeypatch=monkeypatch, input="")
    assert toml.exit_code == 2 and "not a Python file" in toml.stderr
