"""``tracklint check`` and ``tracklint calls`` on small projects, through the real command."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import jsonschema

from linter.code_examples import EXAMPLE_PLAN

from .conftest import EXAMPLE

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))

APP = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")


def paid(user, order):
    # Totals are sent in the order's currency.
    mp.track(user.id, "order completed", {
        "order_id": order.id,
        "price": 12.5,
        "plan_type": 'Pro',  # from the pricing page
    })


def signed_up(user):
    mp.track(user.id, "Signed Up", {})
"""


def project(write, files: dict[str, str], config: str = 'plan = "plan.yaml"\n') -> Path:
    root = write("tracklint.toml", config).parent
    write("plan.yaml", EXAMPLE_PLAN)
    for name, text in files.items():
        write(name, text)
    return root


def test_the_example_project_is_clean(tracklint):
    result = tracklint("check", str(EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed (6 files, 8 tracking calls)." in result.stdout


def test_violations_like_a_compiler(tracklint, write):
    root = project(write, {"app.py": APP})
    result = tracklint("check", cwd=root)
    assert result.returncode == 1
    out = result.stdout
    assert "app.py:8:23: TL201 [*] event 'order completed' is not in the tracking plan" in out
    assert "8 |     mp.track(user.id, \"order completed\", {" in out
    assert "  hint: did you mean 'Order Completed'?" in out
    assert "app.py:11:22: TL208 [*]" in out and "did you mean 'pro'?" in out
    assert "app.py:16:23: TL203 [*] warning: event 'Signed Up' is deprecated" in out
    assert "Found 2 errors, 1 warning in 1 file, 2 tracking calls." in out


def test_fix_keeps_formatting_and_comments(tracklint, write):
    root = project(write, {"app.py": APP})
    result = tracklint("check", "--fix", cwd=root)
    fixed = (root / "app.py").read_text()
    assert fixed == (APP.replace('"order completed"', '"Order Completed"')
                     .replace("'Pro'", "'pro'").replace('"Signed Up"', '"Account Created"'))
    assert result.returncode == 0, result.stdout
    assert "Fixed 3 problems." in result.stdout


def test_diff_shows_fixes_without_writing(tracklint, write):
    root = project(write, {"app.py": APP})
    result = tracklint("check", "--diff", cwd=root)
    assert result.returncode == 1
    assert "-    mp.track(user.id, \"order completed\", {" in result.stdout
    assert "+    mp.track(user.id, \"Order Completed\", {" in result.stdout
    assert (root / "app.py").read_text() == APP


def test_ignore_comments_and_per_file_ignores(tracklint, write):
    ignored = APP.replace('"order completed", {',
                          '"order completed", {  # tracklint: ignore[TL201]')
    root = project(write, {"app.py": ignored, "tests/test_app.py": APP.replace(
        "Signed Up", "Made Up")}, config='plan = "plan.yaml"\n[per-file-ignores]\n'
                                         '"tests/*" = ["TL201", "TL208"]\n')
    result = tracklint("check", "--output-format", "json", cwd=root)
    found = {(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("app.py", "TL201") not in found and ("app.py", "TL208") in found
    assert not {c for p, c in found if p.startswith("tests") and c in ("TL201", "TL208")}


def test_baseline_reports_only_new_violations(tracklint, write):
    root = project(write, {"app.py": APP})
    assert tracklint("check", "--write-baseline", "baseline.json", cwd=root).returncode == 0
    shifted = "import os\n\n" + APP
    (root / "app.py").write_text(shifted)
    assert tracklint("check", "--baseline", "baseline.json", cwd=root).returncode == 0
    (root / "app.py").write_text(shifted + '\n\ndef more(u):\n    mp.track(u.id, "Nope", {})\n')
    result = tracklint("check", "--baseline", "baseline.json", cwd=root)
    assert result.returncode == 1 and "'Nope'" in result.stdout
    assert "order completed" not in result.stdout


def test_machine_outputs(tracklint, write):
    root = project(write, {"app.py": APP})
    document = json.loads(tracklint("check", "--output-format", "json", cwd=root).stdout)
    first = document["diagnostics"][0]
    assert {k: first[k] for k in ("path", "line", "column", "code", "event")} == {
        "path": "app.py", "line": 8, "column": 23, "code": "TL201", "event": "order completed"}
    assert first["end_line"] == 8 and first["end_column"] == 40
    sarif = json.loads(tracklint("check", "--output-format", "sarif", cwd=root).stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    assert all("partialFingerprints" in r for r in sarif["runs"][0]["results"])
    github = tracklint("check", "--output-format", "github", cwd=root).stdout
    assert "::error file=app.py,line=8,col=23" in github
    junit = tracklint("check", "--output-format", "junit", cwd=root).stdout
    assert junit.startswith("<?xml") and "TL201" in junit


def test_select_ignore_statistics_exit_zero(tracklint, write):
    root = project(write, {"app.py": APP})
    only = tracklint("check", "--select", "TL208", "--statistics", cwd=root)
    assert "TL201" not in only.stdout and "     1  TL208  [*] not-in-enum" in only.stdout
    assert tracklint("check", "--exit-zero", cwd=root).returncode == 0
    dynamic = 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\n\ndef f(kind):\n' \
              '    mp.track("u", f"Order {kind}", {})\n'
    (root / "dyn.py").write_text(dynamic)
    assert "TL211" not in tracklint("check", cwd=root).stdout
    assert "TL211" in tracklint("check", "--extend-select", "TL211", cwd=root).stdout


def test_a_broken_file_is_one_diagnostic_and_the_run_goes_on(tracklint, write):
    root = project(write, {"app.py": APP, "broken.py": "def f(:\n    pass\n",
                           "latin.py": b"x = '\xe9'\n".decode("latin-1")})
    (root / "latin.py").write_bytes(b"import mixpanel\nx = '\xe9'\n")
    result = tracklint("check", "--output-format", "json", cwd=root)
    codes = [(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert ("broken.py", "TL301") in codes and ("latin.py", "TL301") in codes
    [latin] = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == "latin.py"]
    assert (latin["line"], latin["column"]) == (2, 6) and "0xe9" in latin["message"]
    assert "UTF-8" in latin["hint"]
    assert ("app.py", "TL201") in codes
    assert "Traceback" not in result.stderr


def test_configured_wrapper_with_kwargs(tracklint, write):
    config = textwrap.dedent("""\
        plan = "plan.yaml"
        [[wrappers]]
        function = "app.helpers.emit"
        event = "name"
        properties = "**kwargs"
        identity = 0
        """)
    helpers = "def emit(user, name, **props):\n    queue.put((user, name, props))\n"
    use = "from app.helpers import emit\n\ndef f(u):\n    emit(u.id, 'Order Completed', " \
          "order_id='o', price='12')\n"
    root = project(write, {"app/__init__.py": "", "app/helpers.py": helpers,
                           "app/views.py": use}, config)
    result = tracklint("check", cwd=root)
    assert "app/views.py:4:55: TL207" in result.stdout, result.stdout


def test_calls_inventory_shows_inferred_wrappers(tracklint):
    result = tracklint("calls", "--output-format", "json", cwd=EXAMPLE)
    document = json.loads(result.stdout)
    [wrapper] = [w for w in document["inferred_wrappers"] if w["fixed_event"] is None]
    assert wrapper["function"] == "app.analytics.track_event"
    helpers = {w["function"]: w["fixed_event"] for w in document["inferred_wrappers"]
               if w["fixed_event"] is not None}
    assert helpers["app.accounts.create_account"] == "Account Created"
    events = {c["event"] for c in document["calls"]}
    assert {"Account Created", "Order Completed", "Payment Failed"} <= events
    via = [c for c in document["calls"] if c["wrapper"] == "app.analytics.track_event"]
    assert via and all(c["sdk"] == "wrapper" for c in via)
    body = [c for c in document["calls"] if c["inside_wrapper"]]
    assert body and body[0]["event"] is None and body[0]["event_source"] == "event"


def test_second_run_is_served_from_the_cache(write):
    from linter.code_check import CodeSettings, collect_calls

    root = project(write, {"app.py": APP, "other.py": "x = 1\n"})
    files = (root / "app.py", root / "other.py")
    settings = CodeSettings(targets=files, project_files=files, roots=(root,),
                            cache_dir=root / ".cache")
    first = collect_calls(settings)
    second = collect_calls(settings)
    assert first.cache_hits == 0 and second.cache_hits == 2
    assert (second.summarised, second.analysed) == (0, 0)
    assert [c.observation for c in second.calls] == [c.observation for c in first.calls]
    (root / "other.py").write_text("x = 2\n")
    third = collect_calls(settings)
    assert third.summarised == 1, "only the edited file is parsed again"
    assert third.analysed == 0, "app.py's analysis does not depend on other.py"
    assert [c.observation for c in third.calls] == [c.observation for c in first.calls]


def test_files_git_ignores_and_configured_excludes_are_skipped(tracklint, write):
    import subprocess

    root = project(write, {"app.py": "x = 1\n", "generated/client.py": APP,
                           "migrations/0001.py": APP, ".gitignore": "generated/\n"},
                   config='plan = "plan.yaml"\nexclude = ["migrations/"]\n')
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    result = tracklint("check", cwd=root)
    assert result.returncode == 0, result.stdout
    assert "All checks passed (1 file, 0 tracking calls)." in result.stdout
    explicit = tracklint("check", "generated/client.py", cwd=root)
    assert explicit.returncode == 1, "a file named on the command line is always checked"


def test_cache_settings_from_configuration(write):
    from linter.cli.check import build_code_settings
    from linter.cli.options import CodeOptions
    from linter.config import load_config

    root = project(write, {"app.py": "x = 1\n"},
                   config='plan = "plan.yaml"\ncache-dir = ".cache"\ncache-max-mb = 5\n')
    settings = build_code_settings(CodeOptions(paths=(root,)), load_config(root))
    assert settings.cache_dir == root / ".cache"
    assert settings.cache_max_bytes == 5 * 1024 * 1024
    assert build_code_settings(CodeOptions(paths=(root,), no_cache=True),
                               load_config(root)).cache_dir is None


def test_a_bad_cache_size_is_a_configuration_error(tracklint, write):
    root = project(write, {"app.py": "x = 1\n"},
                   config='plan = "plan.yaml"\ncache-max-mb = "big"\n')
    result = tracklint("check", cwd=root)
    assert result.returncode == 2
    assert "tracklint.toml:2:" in result.stderr and "cache-max-mb" in result.stderr


def test_unused_and_unknown_ignore_comments_are_reported_and_fixed(tracklint, write):
    source = (APP.replace('"order completed", {',
                          '"order completed", {  # tracklint: ignore[TL201, TL206]')
              .replace('mp.track(user.id, "Signed Up", {})',
                       'mp.track(user.id, "Signed Up", {})  # tracklint: ignore[TL2O3]')
              + "x = 1\r" + 'mp.track("u", "Made Up", {})  # tracklint: ignore\n'
              + "# tracklint: ignore[TL201]\n")
    root = project(write, {})
    (root / "app.py").write_bytes(source.encode())
    result = tracklint("check", "--select", "TL201,TL203,TL901", cwd=root)
    out = result.stdout
    assert "app.py:8:72: TL901 [*] warning: unused code in ignore comment: TL206" in out
    assert "app.py:16:61: TL901 [*] warning: unknown code in ignore comment: TL2O3" in out
    assert "hint: did you mean 'TL203'?" in out
    assert "app.py:19:21: TL901 [*] warning: unused code in ignore comment: TL201" in out
    assert "Made Up" not in out  # the comment after a lone CR is on the call's line
    fixed = tracklint("check", "--fix", "--select", "TL901", cwd=root)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    text = (root / "app.py").read_bytes().decode()
    assert '"order completed", {  # tracklint: ignore[TL201]\n' in text
    assert 'mp.track(user.id, "Signed Up", {})\n' in text
    assert text.endswith('"Made Up", {})  # tracklint: ignore\n')


def test_an_ignore_comment_never_hides_that_a_file_was_not_checked(tracklint, write):
    root = project(write, {"broken.py": "def f(:  # tracklint: ignore\n    pass\n"})
    result = tracklint("check", cwd=root)
    assert result.returncode == 1 and "broken.py:1:7: TL301" in result.stdout


def test_unknown_codes_on_the_command_line_and_in_configuration_suggest_one(tracklint, write):
    root = project(write, {"app.py": APP})
    result = tracklint("check", "--ignore", "TL2O6", cwd=root)
    assert result.returncode == 2
    assert "unknown rule selector 'TL2O6' (did you mean 'TL206'?)" in result.stderr
    (root / "tracklint.toml").write_text(
        'plan = "plan.yaml"\n\n[per-file-ignores]\n'
        '"app.py" = ["TL201"]\n"tests/*" = ["unplanned-propety"]\n')
    result = tracklint("check", cwd=root)
    assert result.returncode == 2
    assert ("tracklint.toml:5:1: TL006 per-file-ignores 'tests/*': unknown rule selector "
            "'unplanned-propety' (did you mean 'unplanned-property'?)") in result.stderr
    (root / "tracklint.toml").write_text('plan = "plan.yaml"\n[severity]\nTL1O3 = "error"\n')
    result = tracklint("check", cwd=root)
    assert "tracklint.toml:3:1: TL006 severity: unknown rule selector 'TL1O3'" in result.stderr


NEWER = 'from mixpanel import Mixpanel\nmp = Mixpanel("t")\nd = {"a": 1}\n' \
        'mp.track("u", "Order Completed", {"order_id": f"{d["a"]}", "price": 1})\n'


def test_files_not_checked_are_counted_in_the_summary_with_why(tracklint, write):
    deep = APP + "x = " + " and ".join(["a"] * 30_000) + "\n"
    big = "import mixpanel\n" + "".join(f"X{i} = {i}\n" for i in range(40_000))
    root = project(write, {"app.py": APP, "deep.py": deep, "big.py": big,
                           "broken.py": "def f(:\n"})
    result = tracklint("check", cwd=root)
    assert result.returncode == 1 and "skipped big.py" not in result.stdout
    assert "in 4 files (2 not checked: 1 nested too deeply, 1 syntax error)" in result.stdout
    (root / "tracklint.toml").write_text('plan = "plan.yaml"\nmax-file-kb = 300\n')
    result = tracklint("check", cwd=root)
    out = result.stdout
    assert (f"big.py: TL301 skipped big.py: the file is {len(big) // 1024} KB, over the "
            "300 KB limit for a source file") in out
    assert "hint: raise max-file-kb (now 300) in the tracklint configuration" in out
    assert ("in 4 files (3 not checked: 1 nested too deeply, 1 syntax error, 1 too large), "
            "2 tracking calls.") in out
    document = json.loads(tracklint("check", "--output-format", "json", cwd=root).stdout)
    assert document["summary"]["not_checked"] == {"nested too deeply": 1, "syntax error": 1,
                                                  "too large": 1}
    only_app = tracklint("check", "app.py", cwd=root)
    # A file app.py does not import is not read for it: no name of app.py resolves there.
    assert "could not be read" not in only_app.stdout
    write("app.py", "import big\nimport deep\nfrom broken import f\n" + APP)
    only_app = tracklint("check", "app.py", cwd=root)
    # deep.py is valid Python: its names are read (only libcst could not take its calls).
    assert ("2 other project files could not be read (1 syntax error, 1 too large): names "
            "imported from them are not resolved.") in only_app.stdout


def test_a_file_that_vanished_or_cannot_be_read_is_not_counted_clean(tmp_path):
    from linter.code_check import CodeSettings, check_inventory, collect_calls
    from linter.plan.loader import load_plan
    from linter.selection import RuleSelection
    from linter.validation.event_check import EventChecker

    (tmp_path / "plan.yaml").write_text(EXAMPLE_PLAN)
    gone = tmp_path / "gone.py"
    folder = tmp_path / "folder.py"
    folder.mkdir()
    settings = CodeSettings(targets=(gone, folder), project_files=(), roots=(tmp_path,))
    inventory = collect_calls(settings)
    found = check_inventory(inventory, EventChecker(load_plan(tmp_path / "plan.yaml")),
                            RuleSelection())
    assert [(d.path, d.code, d.message) for d in found] == [
        (str(gone), "TL301", f"could not read {gone}: No such file or directory"),
        (str(folder), "TL301", f"could not read {folder}: Is a directory"),
    ]


def test_a_file_in_syntax_newer_than_this_python_is_checked_or_reported(tracklint, write):
    root = project(write, {"app.py": NEWER})
    result = tracklint("check", cwd=root)
    if sys.version_info >= (3, 12):
        assert result.returncode == 0 and "1 tracking call" in result.stdout
    else:
        assert result.returncode == 1
        running = f"{sys.version_info.major}.{sys.version_info.minor}"
        assert (f"app.py:4:53: TL301 could not parse app.py: Python {running} does not know "
                "this syntax") in result.stdout
        assert "(1 not checked: newer Python syntax)" in result.stdout


def test_a_symbolic_link_loop_on_the_command_line_is_named_as_one(tracklint, write):
    root = project(write, {"app.py": APP})
    (root / "loop").symlink_to(root / "loop")
    for command in (["check", "loop"], ["calls", "loop"], ["validate", "loop"],
                    ["plan", "check", "loop"]):
        result = tracklint(*command, cwd=root)
        assert result.returncode == 2, command
        assert "loop: TL001 a loop of symbolic links" in result.stdout + result.stderr, command
        assert "internal error" not in result.stderr


def test_a_baseline_and_per_file_ignores_mean_the_same_from_the_git_root(tracklint, tmp_path):
    backend = tmp_path / "backend"
    (backend / "tests").mkdir(parents=True)
    (backend / "plan.yaml").write_text(EXAMPLE_PLAN)
    (backend / "app.py").write_text(APP)
    (backend / "tests" / "test_app.py").write_text(APP.replace("Signed Up", "Made Up"))
    (backend / "tracklint.toml").write_text(
        'plan = "plan.yaml"\nbaseline = "tracklint-baseline.json"\n'
        '[per-file-ignores]\n"tests/*" = ["TL201"]\n')
    (backend / "tracklint-baseline.json").write_text('{"entries": []}')
    written = tracklint("check", "--write-baseline", "tracklint-baseline.json", cwd=backend)
    assert written.returncode == 0, written.stdout + written.stderr
    assert tracklint("check", cwd=backend).returncode == 0
    from_root = tracklint("check", "backend", cwd=tmp_path)
    assert from_root.returncode == 0, from_root.stdout + from_root.stderr
    (backend / "tracklint.toml").write_text(
        'plan = "plan.yaml"\n[per-file-ignores]\n"tests/*" = ["TL201"]\n')
    result = tracklint("check", "--output-format", "json", "backend", cwd=tmp_path)
    found = {(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("backend/app.py", "TL201") in found
    assert ("backend/tests/test_app.py", "TL201") not in found
    assert ("backend/tests/test_app.py", "TL208") in found


NAMED_AT_RUN_TIME = """\
from mixpanel import Mixpanel

mp = Mixpanel("token")
STEP = "Checkout"


def viewed(kind, product):
    mp.track("u-1", f"{kind} Viewed", {"product_id": product})


def finished(step):
    mp.track("u-1", STEP + " " + step + " Done", {"order_id": "o-1"})
"""


def test_a_name_built_at_run_time_is_checked_by_the_pattern_it_forms(tracklint, write):
    root = project(write, {"app.py": NAMED_AT_RUN_TIME})
    result = tracklint("check", "app.py", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:12:5: TL213 no event in the tracking plan matches 'Checkout {} Done', " \
        "the name this call forms (STEP + \" \" + step + \" Done\")" in result.stdout
    assert result.stdout.count("TL213") == 1  # '{} Viewed' may be 'Product Viewed'
    # With TL211 selected, the call whose pattern a planned event matches is still one
    # whose name is not known.
    result = tracklint("check", "app.py", "--extend-select", "TL211", cwd=root)
    assert "app.py:8:5: TL211" in result.stdout and "app.py:12:5: TL211" not in result.stdout
    calls = json.loads(tracklint("calls", "app.py", "--output-format", "json",
                                 cwd=root).stdout)["calls"]
    assert [(c["event"], c["event_pattern"]) for c in calls] == [
        (None, "{} Viewed"), (None, "Checkout {} Done")]
    text = tracklint("calls", "app.py", cwd=root).stdout
    assert "<dynamic: f\"{kind} Viewed\" = '{} Viewed'>" in text


LITERAL_EVENTS = """\
from typing import Literal

from mixpanel import Mixpanel

from app_types import Literal as NotTyping

mp = Mixpanel("token")
Change = Literal["Order Completed", "Order Refundd"]


def track_plan(user, kind: Literal["Account Created", "Signed Up", "Plan Changed"]):
    mp.track(user.id, kind, {})


def track_order(user, kind: Change):
    mp.track(user.id, kind, {})


def track_any(user, kind: str):
    mp.track(user.id, kind, {})


def track_other(user, kind: NotTyping["Not An Event"]):
    mp.track(user.id, kind, {})
"""


def test_each_name_a_literal_annotation_allows_is_checked(tracklint, write):
    """``kind: Literal["A", "B"]`` on a wrapper's event parameter (or an alias of one):
    each allowed name is an event the wrapper may send, checked at its literal."""
    root = project(write, {"app.py": LITERAL_EVENTS, "app_types.py": "Literal = dict\n"})
    result = tracklint("check", "app.py", "--output-format", "json", cwd=root)
    found = sorted((d["code"], d["line"], d["column"], d["message"])
                   for d in json.loads(result.stdout)["diagnostics"])
    assert found == [
        ("TL201", 8, 37, "event 'Order Refundd' is not in the tracking plan"),
        ("TL201", 11, 68, "event 'Plan Changed' is not in the tracking plan"),
        ("TL203", 11, 55, "event 'Signed Up' is deprecated"),
    ], result.stdout
