"""``tracklint plan import`` and ``plan export --format`` through the command line."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from linter.plan.loader import load_plan

from .conftest import EXAMPLE
from .interop_support import DATA, invoke

SAMPLES = [
    (DATA / "segment" / "typewriter-plan.json", "Segment Protocols", 0),
    (DATA / "segment" / "typewriter-plan-v1.json", "Segment Protocols", 0),
    (DATA / "mixpanel" / "item-purchased.json", "Mixpanel Lexicon", 0),
    (DATA / "amplitude" / "corp-site-events-excerpt.csv", "Amplitude Data", 0),
    (DATA / "amplitude" / "taxonomy-events.json", "Amplitude Data", 0),
    # Iglu Central's e-commerce entities name a property 'type' with two meanings: plan
    # check says so (TL103), and the import exits 1.
    (DATA / "iglu", "Snowplow Iglu", 1),
    (DATA / "rudderstack" / "v0.1-typer", "RudderStack", 0),
    (DATA / "spreadsheet" / "countly-schema-export.csv", "a spreadsheet", 0),
]


@pytest.mark.parametrize(("sample", "title", "code"), SAMPLES,
                         ids=lambda v: v.name if isinstance(v, Path) else None)
def test_import_recognises_the_format_and_prints_a_plan(sample, title, code, tmp_path):
    result = invoke("plan", "import", str(sample))
    assert result.exit_code == code, result.stderr
    assert f"({title})" in result.stderr
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(result.stdout, encoding="utf-8")
    data = yaml.safe_load(result.stdout)
    assert data["events"]
    assert result.stdout.startswith(f"# Imported from {sample} ({title})")
    if code == 0:
        assert "plan check passed" in result.stderr
        load_plan(plan_file)
    else:
        assert "TL103" in result.stderr and "plan check: 1 error" in result.stderr


def test_a_folder_matching_two_formats_asks_which(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(DATA / "rudderstack" / "v1-create", folder)
    shutil.copytree(DATA / "iglu" / "schemas", folder / "schemas")
    result = invoke("plan", "import", str(folder))
    assert result.exit_code == 2
    assert "TL602 this could come from Snowplow Iglu or RudderStack" in result.stderr
    assert "pass --from iglu or --from rudderstack" in result.stderr
    chosen = invoke("plan", "import", "--from", "rudder", str(folder))
    assert chosen.exit_code == 0 and "(RudderStack)" in chosen.stderr


def test_an_unknown_format_name_lists_the_formats():
    result = invoke("plan", "import", "--from", "segmnt", str(DATA / "segment"))
    assert result.exit_code == 2
    assert "TL602 unknown format 'segmnt'" in result.stderr
    assert "did you mean 'segment'?" in result.stderr
    assert "the formats are: segment, mixpanel, amplitude, iglu, rudderstack, csv, " \
           "jsonschema" in result.stderr


def test_a_malformed_file_is_reported_where_it_breaks(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{"rules": [\n  {"key": "A", "type": "TRACK"\n]}\n', encoding="utf-8")
    result = invoke("plan", "import", "--from", "segment", str(path))
    assert result.exit_code == 2
    assert f"{path}:3:1: TL601 invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_format_is_reported_with_what_to_do(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    result = invoke("plan", "import", "--from", "segment", str(path))
    assert result.exit_code == 2
    assert f"{path}:1:1: TL603 no Segment tracking-plan rules in the file" in result.stderr


def test_import_into_a_folder_splits_by_category_and_needs_force_to_replace(tmp_path):
    out = tmp_path / "plan"
    source = DATA / "amplitude" / "corp-site-events-excerpt.csv"
    first = invoke("plan", "import", str(source), "--out", str(out))
    assert first.exit_code == 0, first.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "events/uncategorised.yaml", "events/website-navigation.yaml", "plan.yaml"]
    assert "Tab Clicked" in (out / "events" / "website-navigation.yaml").read_text()
    again = invoke("plan", "import", str(source), "--out", str(out))
    assert again.exit_code == 2
    assert "already holds a plan; pass --force" in again.stderr
    stale = out / "events" / "old.yaml"
    stale.write_text("events:\n  Old Event: {}\n", encoding="utf-8")
    forced = invoke("plan", "import", str(source), "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert not stale.exists()
    assert set(load_plan(out).events) == {
        "marketo: fetch known user data", "marketo: form load", "marketo: known user response",
        "marketo: on validate", "Tab Clicked", "TEST", "test ampli new corpsite", "test_event"}


def test_import_reports_in_json_for_machines(tmp_path):
    result = invoke("plan", "import", str(DATA / "rudderstack" / "v1-create"), "--out",
                    str(tmp_path / "plan.yaml"), "--output-format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    codes = {d["code"] for d in report["diagnostics"]}
    assert codes == {"TL605"}


def test_reimporting_an_edited_export_shows_the_changes_as_a_plan_diff(tmp_path):
    """rudder-cli's own test project, as created and as updated."""
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    assert invoke("plan", "import", str(DATA / "rudderstack" / "v1-create"), "--out",
                  str(before)).exit_code == 0
    assert invoke("plan", "import", str(DATA / "rudderstack" / "v1-update"), "--out",
                  str(after)).exit_code == 0
    diff = invoke("plan", "diff", str(before), str(after))
    assert diff.exit_code == 0, diff.output
    text = diff.stdout
    assert "event 'Checkout' was added" in text
    assert "property 'User Email' of event 'Signup' was added" in text
    assert "the min length of property 'Email Address' of event 'Signup' was lowered from 5 " \
           "to 3" in text
    assert "the description of event 'Signup' changed" in text


def test_reimporting_a_narrowed_enum_is_a_breaking_change(tmp_path):
    source = DATA / "amplitude" / "corp-site-events-excerpt.csv"
    edited = tmp_path / "edited.csv"
    edited.write_text(source.read_text(encoding="utf-8").replace(
        "no local storage cookie,mismatch,match", "mismatch,match"), encoding="utf-8")
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    invoke("plan", "import", str(source), "--out", str(before))
    invoke("plan", "import", str(edited), "--out", str(after))
    diff = invoke("plan", "diff", str(before), str(after))
    assert diff.exit_code == 1
    assert "property 'cookie sync state' of event 'marketo: form load' no longer accepts " \
           "'no local storage cookie'" in diff.stdout


# -- export ----------------------------------------------------------------------------


def test_export_a_single_file_format_to_standard_output():
    result = invoke("plan", "export", "--plan", str(EXAMPLE / "plan"), "--format", "segment")
    assert result.exit_code == 0, result.stderr
    rules = json.loads(result.stdout)["rules"]
    assert {r["type"] for r in rules} == {"TRACK", "COMMON"}
    assert "Exported 16 events as Segment Protocols." in result.stderr
    assert "TL604" in result.stderr


def test_export_usage_errors_say_what_to_pass(tmp_path):
    plan = str(EXAMPLE / "plan")
    folder = invoke("plan", "export", "--plan", plan, "--format", "iglu")
    assert folder.exit_code == 2 and "is a folder of files: pass --out FOLDER" in folder.stderr
    vendor = invoke("plan", "export", "--plan", plan, "--format", "iglu", "--out",
                    str(tmp_path / "registry"))
    assert vendor.exit_code == 2 and "pass --vendor" in vendor.stderr
    unknown = invoke("plan", "export", "--plan", plan, "--format", "mixpanle")
    assert unknown.exit_code == 2 and "did you mean 'mixpanel'?" in unknown.stderr
    bundle = invoke("plan", "export", "--plan", plan, "--format", "csv", "--bundle", "-")
    assert bundle.exit_code == 2 and "--bundle is for --format jsonschema" in bundle.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_iglu_export_bumps_schemaver_from_the_registry(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(textwrap.dedent("""\
        events:
          Order Completed:
            description: A paid order.
            properties:
              order_id: {type: string, required: true}
              coupon: {type: string}
          Search:
            additional_properties: true
            properties:
              query: {type: string}
        """), encoding="utf-8")
    registry = tmp_path / "registry"
    args = ("plan", "export", "--plan", str(plan), "--format", "iglu", "--vendor", "com.acme",
            "--out", str(registry))

    def versions(name: str) -> list[str]:
        folder = registry / "schemas" / "com.acme" / name / "jsonschema"
        return sorted(p.name for p in folder.iterdir())

    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert versions("order_completed") == ["1-0-0"] and versions("Search") == ["1-0-0"]
    assert "TL606 warning: event 'Order Completed' is the Iglu schema 'order_completed'" \
        in first.stderr
    written = json.loads((registry / "schemas/com.acme/order_completed/jsonschema/1-0-0")
                         .read_text(encoding="utf-8"))
    assert written["self"] == {"vendor": "com.acme", "name": "order_completed",
                               "format": "jsonschema", "version": "1-0-0"}
    assert written["title"] == "Order Completed" and written["additionalProperties"] is False
    unchanged = invoke(*args)
    assert "is up to date: nothing to write" in unchanged.stderr
    # A new optional property: every historical event still validates (ADDITION)...
    _edit(plan, "      coupon: {type: string}", "      coupon: {type: string}\n"
          "      note: {type: string}")
    # ...but where unplanned properties were allowed, old data may hold 'page' typed
    # differently (REVISION).
    _edit(plan, "      query: {type: string}", "      query: {type: string}\n"
          "      page: {type: integer}")
    bumped = invoke(*args)
    assert versions("order_completed") == ["1-0-0", "1-0-1"]
    assert versions("Search") == ["1-0-0", "1-1-0"]
    assert "com.acme/order_completed: 1-0-0 -> 1-0-1: property 'note' of event " \
           "'Order Completed' was added" in bumped.stderr
    # Removing a property breaks historical data: a new MODEL.
    _edit(plan, "      coupon: {type: string}\n", "")
    model = invoke(*args)
    assert versions("order_completed") == ["1-0-0", "1-0-1", "2-0-0"]
    assert "1-0-1 -> 2-0-0: property 'coupon' of event 'Order Completed' was removed" \
           in model.stderr
    assert model.exit_code == 0


def test_importing_a_tracklint_plan_says_so():
    result = invoke("plan", "import", str(EXAMPLE / "plan"))
    assert result.exit_code == 2
    assert "TL602 this is a tracklint plan already" in result.stderr
    assert "check it with 'tracklint plan check'" in result.stderr


def test_column_names_no_template_uses_are_given_with_column(tmp_path):
    path = tmp_path / "piano.csv"
    path.write_text("Nome evento,Proprietà,Tipo,Obbligatoria\n"
                    "Ordine completato,order_id,string,true\n", encoding="utf-8")
    unknown = invoke("plan", "import", str(path))
    assert unknown.exit_code == 2 and "pass --from FORMAT" in unknown.stderr
    result = invoke("plan", "import", str(path),  # --column says it is a spreadsheet
                    "--column", "event=nome evento", "--column", "property=Proprietà",
                    "--column", "type=Tipo", "--column", "required=Obbligatoria")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["events"] == {
        "Ordine completato": {"properties": {"order_id": {"type": "string",
                                                          "required": True}}}}
    typo = invoke("plan", "import", str(path), "--from", "csv", "--column", "evnt=Nome evento")
    assert typo.exit_code == 2 and "unknown field 'evnt'; did you mean 'event'?" in typo.stderr
    missing = invoke("plan", "import", str(path), "--from", "csv", "--column", "event=Evento")
    assert missing.exit_code == 2
    assert f"{path}:1: TL603 no column 'Evento' (given with --column event=Evento)" \
        in missing.stderr
    other = invoke("plan", "import", str(DATA / "mixpanel" / "item-purchased.json"),
                   "--from", "mixpanel", "--column", "event=Name")
    assert other.exit_code == 2 and "--column is for spreadsheets" in other.stderr
